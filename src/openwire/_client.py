"""`Client` and `AsyncClient`: configuration, the connection pool, and the resources hanging off them."""

from __future__ import annotations

import os
import sys
import weakref
from collections.abc import Callable, Mapping
from functools import cached_property
from types import MappingProxyType, TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import httpx
from typing_extensions import Self, Unpack

from . import _hooks
from ._config import ClientConfig, ClientOptions
from ._exceptions import APIError, OpenwireError
from ._failover import Route
from ._flow import call_flow
from ._middleware import CallInfo, hooks_for
from ._redact import guard_http_loggers, mask, redact_url
from ._request import Endpoint, Plan, build_plan
from ._response import APIResponse, AsyncAPIResponse, Mode
from ._transport import drive, drive_async

if TYPE_CHECKING:
    from ._middleware import Watch
    from ._pydantic import JsonValidator
    from .resources.audio import AsyncAudio, Audio
    from .resources.batches import AsyncBatches, Batches
    from .resources.chat import AsyncChat, Chat
    from .resources.conversations import AsyncConversations, Conversations
    from .resources.embeddings import AsyncEmbeddings, Embeddings
    from .resources.files import AsyncFiles, Files
    from .resources.images import AsyncImages, Images
    from .resources.models import AsyncModels, Models
    from .resources.moderations import AsyncModerations, Moderations
    from .resources.responses import AsyncResponses, Responses
    from .resources.uploads import AsyncUploads, Uploads

__all__ = ["AsyncClient", "Client"]

_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)

# Generous pool: a shared client often serves many concurrent calls, and keeping connections alive
# is what makes the second call cheap. Every connection may stay alive (idle ones still expire after
# httpx's 5 s): with fewer, a burst of more calls than that closes and reopens connections as it
# goes (httpcore counts busy connections against the keep-alive limit too).
_LIMITS = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)


class _BaseClient(Generic[_HttpT]):
    """What `Client` and `AsyncClient` share: everything but I/O."""

    _http_type: ClassVar[type[httpx.Client] | type[httpx.AsyncClient]]
    _config_type: ClassVar[type[ClientConfig]] = ClientConfig
    _plain_type: ClassVar[type[Any]]
    """The plain client of this kind (`Client` for an `AzureClient`), for fallbacks given by URL."""
    _raw_type: ClassVar[type[APIResponse[Any]] | type[AsyncAPIResponse[Any]]]
    _config: ClientConfig
    _http: _HttpT
    _owns_http: bool

    def __init__(self, *, http_client: _HttpT | None = None, **options: Unpack[ClientOptions]) -> None:
        """Create a client. Every argument is optional; see `ClientOptions` for each setting
        (`api_key`, `base_url`, `organization`, `project`, `timeout`, `max_retries`, `retry`,
        `deadline`, `default_headers`, `default_query`).

        Args:
            http_client: your own `httpx.Client` (for `Client`) or `httpx.AsyncClient` (for
                `AsyncClient`), for proxies, custom TLS or transports. You stay its owner: closing
                this client does not close it.
            **options: the client's settings (`ClientOptions`); what is left out comes from the
                environment (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_ORG_ID`,
                `OPENAI_PROJECT_ID`) or the defaults.
        """
        self._config = self._config_type.resolve(options)
        guard_http_loggers()
        if http_client is None:
            self._http = self._new_http()
            self._owns_http = True
        elif isinstance(http_client, self._http_type):
            self._http = http_client
            self._owns_http = False
        else:
            raise TypeError(_wrong_http_client(type(self), self._http_type, http_client))
        self._init_io()
        if self._owns_http:
            _own_pools.add(self)
        for fallback in self._config.fallbacks:
            fallback.check_behind(self)  # type: ignore[arg-type]

    def _new_http(self) -> _HttpT:
        raise NotImplementedError

    def _init_io(self) -> None:
        """Set up per-pool state the I/O side needs (nothing, for the blocking client)."""

    @property
    def config(self) -> ClientConfig:
        """The client's settings (immutable; change them with `with_options`)."""
        return self._config

    @property
    def base_url(self) -> str:
        """The API root every path is appended to, as it can be shown: a password in it, or a
        credential-like query value, is masked (`***`). The client sends the real one."""
        return redact_url(self._config.base_url)

    @property
    def api_key(self) -> str | None:
        """The API key in use (None for a local server without one)."""
        return self._config.api_key

    @property
    def timeout(self) -> httpx.Timeout:
        """The default timeout of each request."""
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed call is retried."""
        return self._config.retry.max_retries

    def with_options(self, **options: Unpack[ClientOptions]) -> Self:
        """A copy of this client with some settings changed, sharing its connection pool.

        Takes the same settings as the constructor (`ClientOptions`); headers and query parameters
        are merged with the current ones. Cheap enough to call per request:

        ```python
        client.with_options(timeout=5, max_retries=0).models.list()
        ```
        """
        clone = type(self)(http_client=self._http, **self._config.merge(options))
        clone._share_io(self)
        return clone

    def _share_io(self, original: Self) -> None:
        """Take over the per-pool state of the client this one was copied from."""

    def __reduce__(self) -> tuple[Any, ...]:
        # A client travels as its settings (to a worker process, into a cache): never its pool,
        # whose sockets belong to this process. The copy opens its own connections on first use.
        # The settings include the API key: see docs/bulk.md for keeping it out of the pickle.
        return (_rebuild, (type(self), dict(self._config.options)))

    def _after_fork(self) -> None:
        """In a child process after `os.fork()`: a new pool, leaving the parent's sockets alone
        (closing them here would shut down TLS sessions the parent is still using)."""
        self._http = self._new_http()
        self._init_io()
        self.__dict__.pop("_services", None)  # fallbacks made on the old pool

    def _serving(self, page: Any) -> Self:
        """The client to ask for the pages after `page`: the service that sent it."""
        url = getattr(page, "served_by", None)
        if url is not None and url != self.base_url and self._config.fallbacks:
            for _, client in self._services:
                if client.base_url == url:
                    return client  # type: ignore[no-any-return]
        return self

    @cached_property
    def _services(self) -> list[tuple[Mapping[str, str], Any]]:
        """This client (without its fallbacks) and then each fallback's: the model names to use
        there, and the client that calls it."""
        services: list[tuple[Mapping[str, str], Any]] = [({}, self.with_options(fallbacks=None))]
        services += [(fallback.models, fallback.client_behind(self)) for fallback in self._config.fallbacks]  # type: ignore[arg-type]
        return services

    def _plan(
        self, endpoint: Endpoint[Any], params: Mapping[str, Any], path_args: tuple[str, ...], mode: Mode
    ) -> Plan:
        config = self._config
        plan = build_plan(config, self._http, endpoint, params, path_args)
        if mode is Mode.STREAMING:
            plan.read_body = False
        hooks = hooks_for(config.hooks)
        if hooks is not None:
            plan.watch = hooks.watch(
                CallInfo(
                    endpoint.name or endpoint.path,
                    endpoint.method,
                    endpoint.path,
                    MappingProxyType(dict(params)),
                    plan.stream,
                    self.base_url,
                )
            )
        return plan

    def _finish(
        self, plan: Plan, response: httpx.Response, mode: Mode, shape: Callable[[Any], Any] | None
    ) -> Any:
        """What a call returns for a successful response: its value, or (through a view) the
        response, whose `parse()` gives the value. The middleware hear of the end of the call here,
        unless it is a stream, which tells them when it ends."""
        watch = plan.watch
        try:
            if mode is Mode.PARSED:
                value = self._value(plan, response, shape, watch)
            else:
                value = self._raw_type(
                    response, lambda r: self._value(plan, r, shape, None), events=plan.stream
                )
        except BaseException as error:
            if watch is not None:
                watch.end(error=error)
            raise
        if watch is not None and not (plan.stream and mode is Mode.PARSED):
            watch.end(value)
        return value

    def _value(
        self, plan: Plan, response: httpx.Response, shape: Callable[[Any], Any] | None, watch: Watch | None
    ) -> Any:
        """A stream, or the endpoint's result; `shape` makes it what the method returns (a pager
        around a page)."""
        if plan.stream:
            value = self._stream(response, plan.endpoint.stream_parser, watch)
        else:
            value = plan.endpoint.parse(response)
        return value if shape is None else shape(value)

    def _stream(self, response: httpx.Response, parse: JsonValidator[Any], watch: Watch | None) -> Any:
        raise NotImplementedError

    @staticmethod
    def _failed(plan: Plan, error: BaseException) -> None:
        """A call ended without a response: the middleware hear of it."""
        if plan.watch is not None:
            plan.watch.end(error=error)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"<openwire.{name} base_url={self.base_url!r} api_key={mask(self.api_key)}>"


class Client(_BaseClient[httpx.Client]):
    """A synchronous client for the OpenAI API and compatible servers.

    Long-lived and thread-safe: create one and share it. Close it (or use it as a context manager)
    to release its connections.

    ```python
    import openwire

    with openwire.Client() as client:  # reads OPENAI_API_KEY
        for model in client.models.list():
            print(model.id)
    ```
    """

    _http_type = httpx.Client
    _raw_type = APIResponse

    def _new_http(self) -> httpx.Client:
        hook = _hooks.transport_hook  # a cassette in use (openwire.testing)
        transport = None if hook is None else hook.transport()
        return httpx.Client(limits=_LIMITS, follow_redirects=True, transport=transport)

    # Resources load on first use: `import openwire` stays cheap, and a program that only chats
    # never imports the audio or image types.

    @cached_property
    def chat(self) -> Chat:
        """Chat: `chat.completions.create(...)`, streams, and stored completions."""
        from .resources.chat import Chat

        return Chat(self)

    @cached_property
    def responses(self) -> Responses:
        """The Responses API: `responses.create(...)`, streams, background responses, stored ones."""
        from .resources.responses import Responses

        return Responses(self)

    @cached_property
    def conversations(self) -> Conversations:
        """Conversations kept by the server, and their items."""
        from .resources.conversations import Conversations

        return Conversations(self)

    @cached_property
    def embeddings(self) -> Embeddings:
        """Vector embeddings of text or tokens."""
        from .resources.embeddings import Embeddings

        return Embeddings(self)

    @cached_property
    def moderations(self) -> Moderations:
        """Classify text and images against the moderation categories."""
        from .resources.moderations import Moderations

        return Moderations(self)

    @cached_property
    def images(self) -> Images:
        """Generate and edit images."""
        from .resources.images import Images

        return Images(self)

    @cached_property
    def audio(self) -> Audio:
        """Speech, transcriptions and translations."""
        from .resources.audio import Audio

        return Audio(self)

    @cached_property
    def models(self) -> Models:
        """The models the server offers: `list`, `retrieve`, `delete`."""
        from .resources.models import Models

        return Models(self)

    @cached_property
    def files(self) -> Files:
        """Files for other endpoints (a batch's requests, training data): upload, list, read, delete."""
        from .resources.files import Files

        return Files(self)

    @cached_property
    def uploads(self) -> Uploads:
        """Large files sent in parts (`uploads.upload_file(path, purpose=...)`)."""
        from .resources.uploads import Uploads

        return Uploads(self)

    @cached_property
    def batches(self) -> Batches:
        """The Batch API, and `batches.run(requests, endpoint=...)` for a whole batch job."""
        from .resources.batches import Batches

        return Batches(self)

    def close(self) -> None:
        """Close the connection pool (unless it was passed in as `http_client`)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _call(
        self,
        endpoint: Endpoint[Any],
        params: Mapping[str, Any],
        path_args: tuple[str, ...],
        mode: Mode,
        shape: Callable[[Any], Any] | None = None,
    ) -> Any:
        if self._config.fallbacks:
            if endpoint.files:
                # An open file is read by the first attempt: read it once, for every service.
                from ._files import read_uploads

                params = read_uploads(params, endpoint.files, endpoint.name or endpoint.path)
            return self._call_with_fallbacks(endpoint, params, path_args, mode, shape)
        plan = self._plan(endpoint, params, path_args, mode)
        try:
            response = self._send(plan)
        except BaseException as error:
            self._failed(plan, error)
            raise
        return self._finish(plan, response, mode, shape)

    def _call_with_fallbacks(
        self,
        endpoint: Endpoint[Any],
        params: Mapping[str, Any],
        path_args: tuple[str, ...],
        mode: Mode,
        shape: Callable[[Any], Any] | None,
    ) -> Any:
        route = Route(self._services, params, shape, self._config.deadline)
        for service, service_params, service_shape in route:
            try:
                value = service._call(endpoint, service_params, path_args, mode, service_shape)
            except APIError as error:
                route.failed(error)
                continue
            return route.answered(value)
        route.give_up()

    def _send(self, plan: Plan) -> httpx.Response:
        if self._http.is_closed:
            raise OpenwireError("This client has been closed; create a new one to make more calls.")
        return drive(call_flow(plan, self._config), self._http)

    def _stream(self, response: httpx.Response, parse: JsonValidator[Any], watch: Watch | None) -> Any:
        from ._streaming import Stream

        return Stream(response, parse, watch)


class AsyncClient(_BaseClient[httpx.AsyncClient]):
    """An asyncio (or trio) client for the OpenAI API and compatible servers.

    Long-lived and safe to share between tasks of one event loop: create it inside the loop that
    uses it, and close it (or use `async with`) to release its connections.

    ```python
    import openwire

    async with openwire.AsyncClient() as client:
        models = await client.models.list()
    ```
    """

    _http_type = httpx.AsyncClient
    _raw_type = AsyncAPIResponse
    _loop: _LoopBinding

    def _new_http(self) -> httpx.AsyncClient:
        hook = _hooks.transport_hook
        transport = None if hook is None else hook.async_transport()
        return httpx.AsyncClient(limits=_LIMITS, follow_redirects=True, transport=transport)

    def _init_io(self) -> None:
        self._loop = _LoopBinding()

    @cached_property
    def chat(self) -> AsyncChat:
        """Chat: `chat.completions.create(...)`, streams, and stored completions."""
        from .resources.chat import AsyncChat

        return AsyncChat(self)

    @cached_property
    def responses(self) -> AsyncResponses:
        """The Responses API: `responses.create(...)`, streams, background responses, stored ones."""
        from .resources.responses import AsyncResponses

        return AsyncResponses(self)

    @cached_property
    def conversations(self) -> AsyncConversations:
        """Conversations kept by the server, and their items."""
        from .resources.conversations import AsyncConversations

        return AsyncConversations(self)

    @cached_property
    def embeddings(self) -> AsyncEmbeddings:
        """Vector embeddings of text or tokens."""
        from .resources.embeddings import AsyncEmbeddings

        return AsyncEmbeddings(self)

    @cached_property
    def moderations(self) -> AsyncModerations:
        """Classify text and images against the moderation categories."""
        from .resources.moderations import AsyncModerations

        return AsyncModerations(self)

    @cached_property
    def images(self) -> AsyncImages:
        """Generate and edit images."""
        from .resources.images import AsyncImages

        return AsyncImages(self)

    @cached_property
    def audio(self) -> AsyncAudio:
        """Speech, transcriptions and translations."""
        from .resources.audio import AsyncAudio

        return AsyncAudio(self)

    @cached_property
    def models(self) -> AsyncModels:
        """The models the server offers: `list`, `retrieve`, `delete`."""
        from .resources.models import AsyncModels

        return AsyncModels(self)

    @cached_property
    def files(self) -> AsyncFiles:
        """Files for other endpoints (a batch's requests, training data): upload, list, read, delete."""
        from .resources.files import AsyncFiles

        return AsyncFiles(self)

    @cached_property
    def uploads(self) -> AsyncUploads:
        """Large files sent in parts (`uploads.upload_file(path, purpose=...)`)."""
        from .resources.uploads import AsyncUploads

        return AsyncUploads(self)

    @cached_property
    def batches(self) -> AsyncBatches:
        """The Batch API, and `batches.run(requests, endpoint=...)` for a whole batch job."""
        from .resources.batches import AsyncBatches

        return AsyncBatches(self)

    async def aclose(self) -> None:
        """Close the connection pool (unless it was passed in as `http_client`)."""
        if self._owns_http:
            await self._http.aclose()

    async def close(self) -> None:
        """The same as `aclose()`."""
        await self.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def _share_io(self, original: AsyncClient) -> None:
        self._loop = original._loop

    async def _call(
        self,
        endpoint: Endpoint[Any],
        params: Mapping[str, Any],
        path_args: tuple[str, ...],
        mode: Mode,
        shape: Callable[[Any], Any] | None = None,
    ) -> Any:
        if endpoint.files:
            # Uploads given as paths or open files are read in a worker thread, not on the loop;
            # `build_plan` then finds them already read.
            from ._files import read_uploads_async

            params = await read_uploads_async(params, endpoint.files, endpoint.name or endpoint.path)
        if self._config.fallbacks:
            return await self._call_with_fallbacks(endpoint, params, path_args, mode, shape)
        plan = self._plan(endpoint, params, path_args, mode)
        try:
            response = await self._send(plan)
        except BaseException as error:
            self._failed(plan, error)
            raise
        return self._finish(plan, response, mode, shape)

    async def _call_with_fallbacks(
        self,
        endpoint: Endpoint[Any],
        params: Mapping[str, Any],
        path_args: tuple[str, ...],
        mode: Mode,
        shape: Callable[[Any], Any] | None,
    ) -> Any:
        route = Route(self._services, params, shape, self._config.deadline)
        for service, service_params, service_shape in route:
            try:
                value = await service._call(endpoint, service_params, path_args, mode, service_shape)
            except APIError as error:
                route.failed(error)
                continue
            return route.answered(value)
        route.give_up()

    async def _send(self, plan: Plan) -> httpx.Response:
        if self._http.is_closed:
            raise OpenwireError("This client has been closed; create a new one to make more calls.")
        self._loop.check()
        return await drive_async(call_flow(plan, self._config), self._http)

    def _stream(self, response: httpx.Response, parse: JsonValidator[Any], watch: Watch | None) -> Any:
        from ._streaming import AsyncStream

        return AsyncStream(response, parse, watch)


Client._plain_type = Client
AsyncClient._plain_type = AsyncClient


def _rebuild(cls: type[_BaseClient[Any]], options: ClientOptions) -> _BaseClient[Any]:
    return cls(**options)


_own_pools: weakref.WeakSet[_BaseClient[Any]] = weakref.WeakSet()
"""Clients with a pool of their own: a forked child gives each a new one (a pool passed in as
`http_client` is its owner's to replace)."""


def _renew_pools_after_fork() -> None:
    for client in list(_own_pools):
        client._after_fork()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_child=_renew_pools_after_fork)


def _wrong_http_client(client: type, expected: type, given: object) -> str:
    message = (
        f"{client.__name__} needs http_client to be an httpx.{expected.__name__}, "
        f"not {type(given).__module__}.{type(given).__name__}"
    )
    if isinstance(given, httpx.AsyncClient):
        return message + ": pass an httpx.AsyncClient to openwire.AsyncClient."
    if isinstance(given, httpx.Client):
        return message + ": pass an httpx.Client to openwire.Client."
    return message + "."


class _LoopBinding:
    """Remembers the asyncio loop a pool was first used in, so that use from another loop fails
    with an explanation instead of httpx's "Event loop is closed" from deep inside a connection."""

    __slots__ = ("_loop",)

    def __init__(self) -> None:
        self._loop: weakref.ref[Any] | None = None

    def check(self) -> None:
        # Only reached inside an event loop; if that loop is asyncio's, asyncio is already imported.
        asyncio = sys.modules.get("asyncio")
        try:
            loop = asyncio.get_running_loop() if asyncio is not None else None
        except RuntimeError:
            loop = None
        if loop is None:  # not asyncio (trio): its own checks apply
            return
        if self._loop is None:
            self._loop = weakref.ref(loop)
            return
        first = self._loop()
        if first is loop:
            return
        state = "has since closed" if first is None or first.is_closed() else "is still running"
        raise OpenwireError(
            f"This AsyncClient was first used in another event loop, which {state}. Its connections "
            "belong to that loop and cannot be used from this one. Create the AsyncClient inside the "
            "loop that uses it (e.g. in your async main(), or one per test), or use one client per loop."
        )
