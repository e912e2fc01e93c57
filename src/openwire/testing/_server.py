"""`LocalServer`: the local OpenAI-compatible server, its script, and the ways to reach it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import httpx

from ._app import App
from ._batches import advance_all, expire_batches, fail_lines
from ._faults import Fault
from ._http import ASGIApp, LiveServer, run_blocking
from ._ratelimit import RateLimit
from ._response_store import finish_background, stored_snapshots
from ._state import ModerationFailure, Reply, Responder, State, check_category
from ._transport import AsyncLocalTransport, LocalTransport, _Counter
from ._wire import RecordedRequest, Request, Response

if TYPE_CHECKING:
    import openwire

__all__ = ["LocalServer"]

IN_PROCESS_URL = "http://localhost/v1"


class LocalServer:
    """A local OpenAI-compatible server: deterministic answers for every endpoint openwire covers
    (and the Responses and Conversations APIs), scriptable replies and faults, and a record of the
    requests it received.

    Reach it in-process (no sockets) or over real HTTP:

    ```python
    from openwire.testing import LocalServer

    server = LocalServer()
    client = server.client()                  # an openwire.Client wired to it in-process
    server.reply("Hi there!")                 # the next chat completion says this
    server.fail(429, retry_after=1)           # ...but the request before it is rate limited
    with server.serve() as live:              # real HTTP on 127.0.0.1 (needs openwire[server])
        print(live.base_url)
    ```

    Args:
        api_key: when set, every request must carry `Authorization: Bearer <api_key>` (else 401).
        models: the model ids `GET /models` lists (default: a realistic set, including one
            fine-tuned model that `DELETE /models/{id}` may remove).
        strict_models: answer 404 `model_not_found` for a model not in that list, as the API does;
            by default any model name is accepted.
        flag_words: words that make moderation flag a text, mapped to the category they flag
            (default: `{"kill": "violence", "idiot": "harassment"}`).
        rate_limits: budgets to enforce, per minute: `{"requests": 60, "tokens": 10_000}` (either
            key may be left out). Every answer carries the `x-ratelimit-*` headers either way;
            see `limit_rate()`.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        models: Sequence[str] | None = None,
        strict_models: bool = False,
        flag_words: Mapping[str, str] | None = None,
        rate_limits: Mapping[str, int] | None = None,
    ) -> None:
        self._state = State(
            api_key=api_key, models=models, strict_models=strict_models, flag_words=flag_words
        )
        if rate_limits is not None:
            self._state.rate_limit = RateLimit.of(rate_limits)
        self._app = App(self._state)
        self._open_bodies = _Counter()

    # -- scripting ----------------------------------------------------------------------------

    def reply(self, *replies: str | Reply | Responder) -> None:
        """Queue replies for the next chat completions and responses (`POST /responses`), one per
        request, in order.

        Each is a string, a `Reply` (tool calls, a refusal, a finish reason), or a function of the
        request's JSON body returning either. Once the queue is empty the default behaviour returns.
        """
        with self._state.lock:
            self._state.replies.extend(replies)

    def respond_with(self, responder: Responder | None) -> None:
        """Answer every chat completion and response (after any queued replies) with
        `responder(body)`; None restores the default (echo the last user message, call an offered
        tool, or answer JSON)."""
        with self._state.lock:
            self._state.responder = responder

    def transcript(self, *texts: str) -> None:
        """Queue the texts of the next transcriptions or translations, one per request."""
        with self._state.lock:
            self._state.transcripts.extend(texts)

    def flag(self, word: str, category: str = "violence") -> None:
        """Make moderation flag texts containing `word` (a whole word, any case) under `category`."""
        check_category(category)
        with self._state.lock:
            self._state.flag_words[word] = category

    def fail_moderation(
        self,
        side: Literal["input", "output", "both"] = "both",
        *,
        code: str = "moderation_unavailable",
        message: str = "Moderation could not be completed (a fault scripted on the local server).",
        times: int | None = 1,
    ) -> None:
        """Make the next `times` moderated chat completions or responses (those sent with a
        `moderation` parameter) carry the `{"type": "error"}` branch for `side` instead of results."""
        if side not in ("input", "output", "both"):
            raise ValueError(f"side must be 'input', 'output' or 'both', not {side!r}")
        with self._state.lock:
            self._state.moderation_failures.append(ModerationFailure(side, code, message, times))

    def background_progress(self, polls: int | None = 1) -> None:
        """Set how background responses created from now on progress: `queued` when created, then
        `in_progress` for the next `polls` retrieves (`GET /responses/{id}`), then completed on the
        retrieve after those. `polls=0` completes on the first retrieve; `polls=None` keeps them in
        progress until `finish_background()` (or a stream of them) ends them. Default: 1."""
        if polls is not None and polls < 0:
            raise ValueError(f"polls must not be negative, not {polls}")
        with self._state.lock:
            self._state.background_polls = polls

    def finish_background(self, response_id: str | None = None) -> list[str]:
        """Bring a running background response (by default every one) to its end now, as if it
        had been polled to completion; returns the ids it finished. Raises `LookupError` for an
        id the server does not store."""
        return finish_background(self._state, response_id)

    def batch_delay(self, seconds: float) -> None:
        """How long batches created from now on take: a look at one `x` seconds after it was
        created finds the share `x / seconds` of its lines done, and it completes once `seconds`
        have passed. Default 0: a batch has completed by the first look after it was created."""
        if seconds < 0:
            raise ValueError(f"seconds must not be negative, not {seconds}")
        with self._state.lock:
            self._state.bulk.batch_delay = seconds

    def fail_batch_lines(
        self,
        match: Callable[[dict[str, Any]], bool] | Iterable[str],
        *,
        status: int = 500,
        message: str = "The request failed (a failure scripted on the local server).",
        code: str | None = "server_error",
        type: str = "server_error",
        times: int | None = None,
    ) -> None:
        """Make batch lines fail with `status` and an error body in the API's shape, written to
        the batch's error file: those whose `custom_id` is in `match` (a collection of ids), or
        for which `match(line)` is true (the input line as a dict: `custom_id`, `url`, `body`).
        `times` limits how many lines fail (None: every matching line, until `reset()`)."""
        if not 400 <= status <= 599:
            raise ValueError(f"status must be an error status (400-599), not {status}")
        if callable(match):
            predicate = match
        else:
            ids = frozenset(match)
            predicate = lambda line: line.get("custom_id") in ids  # noqa: E731
        fail_lines(self._state, predicate, status=status, message=message, code=code, type=type, times=times)

    def finish_batches(self) -> None:
        """Run every batch's remaining lines now, as if its delay had passed."""
        advance_all(self._state, finish=True)

    def expire_batches(self) -> list[str]:
        """End every running batch as `expired` now: the lines it had not run go to its error
        file with the code `batch_expired`. Returns the ids of the batches expired."""
        return expire_batches(self._state)

    def limit_rate(
        self,
        requests: int | None = None,
        tokens: int | None = None,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """Enforce budgets of `requests` and `tokens` per minute from now on (None: not enforced),
        as the API does: a request they cannot cover gets a 429 `rate_limit_exceeded` with
        `Retry-After`, and every answer reports `x-ratelimit-limit-*`, `-remaining-*` and `-reset-*`
        (durations such as `"1s"`, `"6m0s"`, `"20ms"`). The budgets refill evenly and start full.
        Without enforced limits the headers report generous ones (30,000 requests and 150,000,000
        tokens per minute). `clock` (seconds, `time.monotonic` by default) lets a test move time by
        hand. Tokens are counted from the request: its text, plus `max_tokens` (or the like)."""
        limit = RateLimit(requests, tokens) if clock is None else RateLimit(requests, tokens, clock=clock)
        with self._state.lock:
            self._state.rate_limit = limit

    @property
    def rate_limited(self) -> int:
        """How many requests the enforced rate limits refused (with a 429) since they were set."""
        return self._state.rate_limit.refused

    def _add(self, fault: Fault) -> Fault:
        with self._state.lock:
            self._state.faults.append(fault)
        return fault

    def fail(
        self,
        status: int = 500,
        *,
        retry_after: float | None = None,
        message: str | None = None,
        type: str | None = None,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> Fault:
        """Answer the next `times` matching requests with an error status in the API's shape.

        `retry_after` (seconds) sends `Retry-After` and `retry-after-ms`; `headers` adds any other
        (e.g. `{"x-should-retry": "false"}`). `path` is a glob such as `"/chat/completions"` or
        `"/images/*"`; `times=None` fails every matching request until `clear_faults()`.
        """
        if not 400 <= status <= 599:
            raise ValueError(f"status must be an error status (400-599), not {status}")
        return self._add(
            Fault(
                "status",
                times=times,
                path=path,
                method=method,
                status=status,
                retry_after=retry_after,
                message=message,
                type=type,
                code=code,
                headers=dict(headers or {}),
            )
        )

    def delay(
        self,
        seconds: float = 0.0,
        *,
        per_chunk: float = 0.0,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> Fault:
        """Wait `seconds` before answering the next `times` matching requests, and `per_chunk`
        seconds between the pieces of their bodies (stream events). A delay longer than the
        client's read timeout makes the client time out, as with a real server."""
        if seconds < 0 or per_chunk < 0:
            raise ValueError("delays must not be negative")
        return self._add(
            Fault("delay", times=times, path=path, method=method, seconds=seconds, per_chunk=per_chunk)
        )

    def cut_stream(
        self,
        *,
        after_events: int = 1,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> Fault:
        """Drop the connection in the middle of the body of the next `times` matching responses:
        after `after_events` whole events of a stream, half way through the next `data:` line (for
        an ordinary body, half way through it)."""
        if after_events < 0:
            raise ValueError("after_events must not be negative")
        return self._add(Fault("cut", times=times, path=path, method=method, after_events=after_events))

    def fail_stream(
        self,
        *,
        after_events: int = 1,
        message: str | None = None,
        type: str | None = None,
        code: str | None = None,
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> Fault:
        """End the next `times` matching streams after `after_events` events with an error event
        (`data: {"error": {...}}`) and no `[DONE]`, as the API does when it fails mid-answer. A
        request that does not stream gets the error as a 500 instead."""
        if after_events < 0:
            raise ValueError("after_events must not be negative")
        return self._add(
            Fault(
                "stream_error",
                times=times,
                path=path,
                method=method,
                after_events=after_events,
                message=message,
                type=type,
                code=code,
            )
        )

    def malformed(
        self,
        body: str | bytes | None = None,
        *,
        content_type: str = "application/json",
        times: int | None = 1,
        path: str | None = None,
        method: str | None = None,
    ) -> Fault:
        """Answer the next `times` matching requests with status 200 and a body that is not what the
        client expects: by default non-JSON text (labelled `content_type`), or for a stream an
        event whose data is not JSON."""
        data = body.encode() if isinstance(body, str) else body
        return self._add(
            Fault("malformed", times=times, path=path, method=method, body=data, content_type=content_type)
        )

    def clear_faults(self) -> None:
        """Drop every pending fault."""
        with self._state.lock:
            self._state.faults.clear()

    def reset(self) -> None:
        """Back to a fresh server: no script, no faults, no stored objects, no recorded requests."""
        self._state.reset()

    # -- inspection ---------------------------------------------------------------------------

    @property
    def api_key(self) -> str | None:
        """The key requests must carry, or None if any request is accepted."""
        return self._state.api_key

    def accept_tokens(self, *tokens: str) -> None:
        """Accept these bearer tokens besides the key (as Azure accepts Entra ID tokens): a client
        given `azure_ad_token_provider` can be tested against the server. Needs an `api_key`."""
        if self._state.api_key is None:
            raise ValueError(
                "accept_tokens() needs a LocalServer(api_key=...): without one, any request is accepted."
            )
        with self._state.lock:
            self._state.tokens.update(tokens)

    def revoke_tokens(self, *tokens: str) -> None:
        """Stop accepting these bearer tokens: the next request carrying one gets a 401."""
        with self._state.lock:
            self._state.tokens.difference_update(tokens)

    @property
    def requests(self) -> list[RecordedRequest]:
        """The requests received so far, oldest first."""
        with self._state.lock:
            return list(self._state.requests)

    @property
    def last_request(self) -> RecordedRequest:
        """The most recent request (raises `LookupError` if there was none)."""
        with self._state.lock:
            if not self._state.requests:
                raise LookupError("the local server has not received any request yet")
            return self._state.requests[-1]

    @property
    def faults(self) -> list[Fault]:
        """The faults still pending."""
        with self._state.lock:
            return list(self._state.faults)

    @property
    def stored_completions(self) -> dict[str, dict[str, Any]]:
        """The chat completions kept with `store: true`, by id."""
        with self._state.lock:
            return {key: stored.completion for key, stored in self._state.completions.items()}

    @property
    def stored_responses(self) -> dict[str, dict[str, Any]]:
        """The responses kept with `store` (the default), by id, as a retrieve would show them now
        (without moving a background response on)."""
        return stored_snapshots(self._state)

    @property
    def stored_conversations(self) -> dict[str, list[dict[str, Any]]]:
        """The items of each conversation, oldest first, by conversation id."""
        with self._state.lock:
            return {key: list(found.items) for key, found in self._state.conversations.items()}

    @property
    def stored_files(self) -> dict[str, bytes]:
        """The content of every file kept (uploads, and the output of batches), by file id."""
        with self._state.lock:
            return {key: stored.data for key, stored in self._state.bulk.files.items()}

    @property
    def stored_batches(self) -> dict[str, dict[str, Any]]:
        """The batches, by id, as a retrieve would show them now (looking moves them on)."""
        advance_all(self._state)
        with self._state.lock:
            return {key: dict(stored.batch) for key, stored in self._state.bulk.batches.items()}

    @property
    def open_responses(self) -> int:
        """How many in-process response bodies were handed out and not closed yet (a client that
        releases its connections brings this back to 0)."""
        return self._open_bodies.value

    # -- reaching it --------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        """Answer one request without any I/O (what every transport calls)."""
        return self._app.handle(request)

    @property
    def base_url(self) -> str:
        """The base URL the in-process clients use (`http://localhost/v1`; any host works)."""
        return IN_PROCESS_URL

    def transport(self) -> httpx.BaseTransport:
        """An httpx transport to this server for `httpx.Client(transport=...)`."""
        return LocalTransport(self.handle, self._open_bodies)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An httpx transport to this server for `httpx.AsyncClient(transport=...)`."""
        return AsyncLocalTransport(self.handle, self._open_bodies)

    def http_client(self, **kwargs: Any) -> httpx.Client:
        """A plain `httpx.Client` wired to this server, with `base_url` set to its API root."""
        kwargs.setdefault("base_url", IN_PROCESS_URL)
        return httpx.Client(transport=self.transport(), **kwargs)

    def async_http_client(self, **kwargs: Any) -> httpx.AsyncClient:
        """A plain `httpx.AsyncClient` wired to this server, with `base_url` set to its API root."""
        kwargs.setdefault("base_url", IN_PROCESS_URL)
        return httpx.AsyncClient(transport=self.async_transport(), **kwargs)

    def client(self, **kwargs: Any) -> openwire.Client:
        """An `openwire.Client` wired to this server in-process; keyword arguments go to the client
        (its `api_key` is filled in when the server requires one)."""
        import openwire

        kwargs.setdefault("base_url", IN_PROCESS_URL)
        kwargs.setdefault("api_key", self.api_key)
        kwargs.setdefault("http_client", httpx.Client(transport=self.transport()))
        return openwire.Client(**kwargs)

    def async_client(self, **kwargs: Any) -> openwire.AsyncClient:
        """An `openwire.AsyncClient` wired to this server in-process (works under asyncio and trio)."""
        import openwire

        kwargs.setdefault("base_url", IN_PROCESS_URL)
        kwargs.setdefault("api_key", self.api_key)
        kwargs.setdefault("http_client", httpx.AsyncClient(transport=self.async_transport()))
        return openwire.AsyncClient(**kwargs)

    def asgi(self) -> Callable[..., Any]:
        """This server as an ASGI application, for any ASGI server."""
        return ASGIApp(self.handle)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> LiveServer:
        """Start answering real HTTP on a background thread (port 0: any free port) and return the
        running `LiveServer`; stop it with `stop()` or a `with` block. Needs `openwire[server]`."""
        return LiveServer(self, host, port)

    def run(
        self,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        log_level: str = "info",
        on_ready: Callable[[str], None] | None = None,
    ) -> None:
        """Serve real HTTP in the foreground until interrupted (for `openwire serve`). `on_ready`
        receives the base URL once the port is open. Needs `openwire[server]`."""
        run_blocking(self, host, port, log_level=log_level, on_ready=on_ready)

    def __repr__(self) -> str:
        key = "required" if self.api_key else "none"
        return f"<openwire.testing.LocalServer api_key={key} requests={len(self.requests)}>"
