"""The local server over real HTTP: an ASGI adapter over the app, served by uvicorn.

uvicorn is an optional dependency (`pip install 'openwire[server]'`), imported only when a live
server starts. The ASGI callable itself needs nothing beyond the core, so any ASGI server can run it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import socket
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import anyio.to_thread
from typing_extensions import Self

from ._transport import Handle, pause
from ._wire import Request

if TYPE_CHECKING:
    import openwire

    from ._server import LocalServer

__all__ = ["ASGIApp", "LiveServer", "require_uvicorn", "run_blocking"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

INSTALL_HINT = "pip install 'openwire[server]'"

# Set while a response is deliberately cut (a scripted cut, or an answer ended because the server
# is stopping), so the server's "returned without completing response" error for that request is
# not logged as if something had gone wrong.
_CUTTING: contextvars.ContextVar[bool] = contextvars.ContextVar("openwire_testing_cutting", default=False)


class _DeliberateCutFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            _CUTTING.get()
            and ("without completing response" in message or "without starting response" in message)
        )


_FILTER = _DeliberateCutFilter()


class ASGIApp:
    """An ASGI 3 application serving a local server's app (HTTP only; lifespan is acknowledged)."""

    def __init__(self, handle: Handle) -> None:
        self._handle = handle
        self._answering: set[anyio.CancelScope] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection scope."""
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host") or "{}:{}".format(*(scope.get("server") or ("127.0.0.1", 80)))
        request = Request.from_parts(
            scope["method"],
            scope["path"],
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=b"".join(chunks),
            origin=f"{scope.get('scheme', 'http')}://{host}",
            peer="{}:{}".format(*scope["client"]) if scope.get("client") else None,
        )
        # The answer runs in a scope that ends as soon as the client goes away or the server stops:
        # uvicorn's `send` silently drops what is sent to a closed connection, so without watching
        # for the disconnect a slowed answer nobody reads would go on to its end, and a server
        # stopping meanwhile would wait for it, then cancel it with a traceback.
        with anyio.CancelScope() as answering:
            self._answering.add(answering)
            completed = False
            try:
                async with anyio.create_task_group() as group:
                    group.start_soon(_cancel_on_disconnect, receive, answering)
                    completed = await self._answer(request, send)
                    group.cancel_scope.cancel()
            finally:
                self._answering.discard(answering)
        if not completed:  # cut on purpose, or ended by a disconnect or the server stopping
            _CUTTING.set(True)  # returning mid-body makes the server drop the connection

    async def _answer(self, request: Request, send: Send) -> bool:
        """Send the answer to `request`; False if it was cut on purpose."""
        # Off the event loop: a scripted reply may be a slow function, and images take a few ms.
        response = await anyio.to_thread.run_sync(self._handle, request)
        await pause(response.delay)
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers],
            }
        )
        for index, chunk in enumerate(response.chunks):
            if index:
                await pause(response.chunk_delay)
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        if response.cut:
            return False
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return True

    def cancel_all(self) -> None:
        """End every answer in progress at once (the server is stopping). Call it on the server's
        event loop."""
        for answering in list(self._answering):
            answering.cancel()


async def _cancel_on_disconnect(receive: Receive, scope: anyio.CancelScope) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
    scope.cancel()


def require_uvicorn() -> Any:
    """Import uvicorn, or explain how to install it."""
    try:
        import uvicorn
    except ImportError as exc:
        raise ImportError(
            f"The local server's HTTP mode runs on uvicorn, which is not installed: {INSTALL_HINT}"
        ) from exc
    logging.getLogger("uvicorn.error").addFilter(_FILTER)
    return uvicorn


def _bind(host: str, port: int) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except BaseException:
        sock.close()  # e.g. the port is taken: don't leave the socket to the garbage collector
        raise
    return sock


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class LiveServer:
    """A local server answering real HTTP on a background thread; started on creation.

    Use it as a context manager, or call `stop()`:

    ```python
    with LocalServer().serve() as live:
        print(live.base_url)  # http://127.0.0.1:53817/v1
    ```
    """

    def __init__(self, server: LocalServer, host: str = "127.0.0.1", port: int = 0) -> None:
        uvicorn = require_uvicorn()
        self.server = server
        """The `LocalServer` behind it: script it and inspect its requests as usual."""
        self._socket = _bind(host, port)
        self.host = host
        """The address it listens on."""
        self.port: int = self._socket.getsockname()[1]
        """The port it listens on (the real one when 0 was asked for)."""
        self._app = ASGIApp(server.handle)
        config = uvicorn.Config(
            self._app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
        )
        self._uvicorn = uvicorn.Server(config)
        if hasattr(self._uvicorn, "on_tick"):  # uvicorn's loop as this version has it: else its own
            self._uvicorn.main_loop = self._main_loop
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake = asyncio.Event()
        self._thread = threading.Thread(
            target=self._uvicorn.run,
            kwargs={"sockets": [self._socket]},
            name="openwire-live-server",
            daemon=True,
        )
        self._thread.start()
        ready = threading.Event()
        for _ in range(2000):
            if self._uvicorn.started or not self._thread.is_alive():
                break
            ready.wait(0.005)
        if not self._uvicorn.started:
            self.stop()
            raise RuntimeError(f"The local server did not start on {host}:{self.port}.")

    @property
    def base_url(self) -> str:
        """The API root to give a client, e.g. `http://127.0.0.1:53817/v1`."""
        return f"http://{_url_host(self.host)}:{self.port}/v1"

    def client(self, **kwargs: Any) -> openwire.Client:
        """An `openwire.Client` talking to this server over HTTP (its key filled in if it needs one)."""
        import openwire

        kwargs.setdefault("base_url", self.base_url)
        kwargs.setdefault("api_key", self.server.api_key)
        return openwire.Client(**kwargs)

    def async_client(self, **kwargs: Any) -> openwire.AsyncClient:
        """An `openwire.AsyncClient` talking to this server over HTTP."""
        import openwire

        kwargs.setdefault("base_url", self.base_url)
        kwargs.setdefault("api_key", self.server.api_key)
        return openwire.AsyncClient(**kwargs)

    async def _main_loop(self) -> None:
        """uvicorn's main loop, but woken by `stop()` at once rather than at its next 0.1 s tick."""
        self._loop = asyncio.get_running_loop()
        counter = 0
        while not await self._uvicorn.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), 0.1)

    def _stop_now(self) -> None:
        # On the server's loop: end the answers in progress rather than wait for them (a slowed
        # stream may have minutes to go), then let the main loop see `should_exit`.
        self._app.cancel_all()
        self._wake.set()

    def stop(self) -> None:
        """Stop serving and wait for the server thread to end (idempotent). Answers still in
        progress are cut off."""
        self._uvicorn.should_exit = True
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                self._loop.call_soon_threadsafe(self._stop_now)
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._socket.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<openwire.testing.LiveServer {self.base_url}>"


def run_blocking(
    server: LocalServer,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    log_level: str = "info",
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM), logging like uvicorn, then return normally.
    `on_ready(base_url)` is called once the port is open, with the real port when 0 was asked for."""
    uvicorn = require_uvicorn()
    sock = _bind(host, port)
    base_url = f"http://{_url_host(host)}:{sock.getsockname()[1]}/v1"
    config = uvicorn.Config(
        server.asgi(), host=host, port=port, log_level=log_level, lifespan="off", timeout_graceful_shutdown=2
    )
    runner = uvicorn.Server(config)
    if on_ready is not None:
        original = runner.startup

        async def startup(sockets: list[socket.socket] | None = None) -> None:
            await original(sockets=sockets)
            on_ready(base_url)

        runner.startup = startup
    try:
        runner.run(sockets=[sock])
    except KeyboardInterrupt:
        pass  # uvicorn re-raises the Ctrl+C it shut down on; stopping is what the user asked for
    finally:
        sock.close()
