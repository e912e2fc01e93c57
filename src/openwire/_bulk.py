"""What a bulk run is and decides, without I/O: its requests and results, its options, and `Run`
(which call an item is, its token estimate, what the journal already holds, what a finished call
leaves behind). `bulk` and `abulk` (`_bulk_runners.py`) run it on threads and on tasks."""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import httpx
from typing_extensions import TypedDict

from ._exceptions import InvalidInputError, OpenwireError
from ._journal import Journal, Place, Replay, request_digest
from ._progress import BulkProgress, progress_display
from ._ratelimit import RateLimiter

if TYPE_CHECKING:
    from ._client import AsyncClient, Client

__all__ = ["BulkOptions", "BulkRequest", "BulkResult", "BulkResults", "Call", "Run", "estimate_tokens"]

T = TypeVar("T")

# -- what goes in and what comes out ---------------------------------------------------------------


@dataclass(frozen=True)
class BulkRequest:
    """One call of a bulk run, when the calls are not all the same method.

    ```python
    openwire.BulkRequest("moderations.create", {"input": text}, key="post-8812")
    ```

    Attributes:
        method: the method as written after `client.`: `"chat.completions.create"`,
            `"embeddings.create"`, `"responses.create"`, `"moderations.create"`, ...
        params: its keyword arguments (per-call options such as `timeout` included).
        key: a name for the call in the journal, so that a resumed run finds its result even if
            the input is given in another order (by default the call's position names it).
    """

    method: str
    params: Mapping[str, Any]
    key: str | None = None


@dataclass
class BulkResult(Generic[T]):
    """The outcome of one call: its value or its error, never both.

    Attributes:
        index: the call's position in the input.
        key: its `BulkRequest.key`, if it had one.
        value: what the method returned (None if the call failed).
        error: the exception the call raised (None if it succeeded).
        restored: whether the value was read back from the journal instead of requested again.
    """

    index: int
    key: str | None = None
    value: T | None = None
    error: Exception | None = None
    restored: bool = False

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.error is None

    def unwrap(self) -> T:
        """The value, or raise the call's error."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


class BulkResults(Sequence[BulkResult[T]]):
    """The outcomes of a bulk run, in input order (`results[i]` is the i-th call's `BulkResult`).

    ```python
    results = openwire.bulk(client, requests, method="embeddings.create")
    for failed in results.failed:
        print(failed.index, failed.error)
    vectors = [r.value.data[0].embedding for r in results if r.ok]
    ```
    """

    def __init__(self, results: list[BulkResult[T]]) -> None:
        self._results = results

    @overload
    def __getitem__(self, index: int) -> BulkResult[T]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[BulkResult[T]]: ...
    def __getitem__(self, index: int | slice) -> BulkResult[T] | Sequence[BulkResult[T]]:
        return self._results[index]

    def __len__(self) -> int:
        return len(self._results)

    def __iter__(self) -> Iterator[BulkResult[T]]:
        return iter(self._results)

    @property
    def succeeded(self) -> list[BulkResult[T]]:
        """The calls that succeeded, in input order."""
        return [r for r in self._results if r.error is None]

    @property
    def failed(self) -> list[BulkResult[T]]:
        """The calls that failed, in input order."""
        return [r for r in self._results if r.error is not None]

    @property
    def restored(self) -> int:
        """How many values were read back from the journal."""
        return sum(r.restored for r in self._results)

    def values(self) -> list[T]:
        """Every call's value, in input order. Raises `OpenwireError` (caused by the first failure)
        if any call failed: look at `failed` to handle them one by one."""
        failed = self.failed
        if failed:
            first = failed[0]
            raise OpenwireError(
                f"{len(failed)} of {len(self)} calls failed (the first, item {first.index}: "
                f"{type(first.error).__name__}: {first.error}). Read `results.failed` for each error, "
                "or run again with the same journal to retry only those."
            ) from first.error
        return [r.value for r in self._results]  # type: ignore[misc]

    def __repr__(self) -> str:
        failed = len(self.failed)
        return (
            f"<openwire.BulkResults {len(self)} calls: {len(self) - failed} succeeded, {failed} failed, "
            f"{self.restored} restored from the journal>"
        )


class BulkOptions(TypedDict, total=False):
    """How `bulk` and `abulk` run (every option may be left out)."""

    concurrency: int
    """The most calls in flight at once (default 16): threads for `bulk`, tasks for `abulk`."""
    rate_limit: RateLimiter | None
    """The request and token budget. Default: a `RateLimiter()` that learns the limits from the
    `x-ratelimit-*` headers; pass your own to set limits or to share one between runs, or None for
    no limiter at all."""
    journal: str | os.PathLike[str] | None
    """A JSONL file: one line per finished call. If it exists, calls it holds a result for (the
    same request at the same position or key) are not sent again; their values are read back."""
    progress: bool | Callable[[BulkProgress], None]
    """True for a progress bar on stderr (rich's if installed, else a line of text), or a function
    called with a `BulkProgress` after each call (from the worker threads, one at a time)."""
    estimate_tokens: Callable[[str, Mapping[str, Any]], int]
    """How many tokens a call will use, from its method and parameters (default `estimate_tokens`):
    what the token budget is charged before the call; the usage the answer reports settles it."""


def estimate_tokens(method: str, params: Mapping[str, Any]) -> int:
    """A quick guess of a call's tokens, counted against a tokens-per-minute limit: about one token
    per four characters of the text it sends (one per token id), plus the most it may write
    (`max_tokens`, `max_completion_tokens` or `max_output_tokens`, times `n`)."""
    characters = 0
    token_ids = 0
    stack: list[Any] = [value for name, value in params.items() if name not in _NOT_TEXT]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            characters += len(value)
        elif isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            token_ids += 1
    output = 0
    for name in ("max_completion_tokens", "max_tokens", "max_output_tokens"):
        limit = params.get(name)
        if isinstance(limit, int):
            output = limit * (params.get("n") or 1)
            break
    return math.ceil(characters / 4) + token_ids + output


_NOT_TEXT = frozenset(
    {"model", "extra_headers", "extra_query", "timeout", "deadline", "max_tokens", "max_completion_tokens",
     "max_output_tokens", "n", "temperature", "top_p", "seed", "dimensions", "encoding_format", "user"}
)  # fmt: skip


# -- the run, without I/O ----------------------------------------------------------------------------


@dataclass
class Call:
    """One item, understood: which method to call with what, and where the journal has its result
    if a run before this one finished it."""

    index: int
    key: str | None
    method: str
    params: Mapping[str, Any]
    digest: str
    tokens: int = 0
    saved: Place | None = None


class Run:
    """Everything a run decides, shared by the blocking and the async runner: what each item is,
    what it costs, what the journal holds, and what a finished call leaves behind."""

    def __init__(
        self, client: Client | AsyncClient, method: str | None, options: BulkOptions, total: int | None
    ) -> None:
        unknown = set(options) - set(BulkOptions.__annotations__)
        if unknown:
            raise TypeError(
                f"unexpected option(s) {', '.join(sorted(unknown))}; the options are "
                + ", ".join(sorted(BulkOptions.__annotations__))
            )
        concurrency: object = options.get("concurrency", 16)
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise InvalidInputError(f"concurrency must be a whole number of at least 1, not {concurrency!r}.")
        self.client = client
        self.method = method
        self.total = total
        # As many workers as calls can be in flight, but no more than there are calls.
        self.width = concurrency if total is None else max(1, min(concurrency, total))
        self.limiter = options.get("rate_limit", RateLimiter())
        self.estimate = options.get("estimate_tokens", estimate_tokens)
        self.lock = threading.Lock()
        self._results: dict[int, BulkResult[Any]] = {}
        self._methods: dict[str, Callable[..., Any]] = {}
        self._failed = 0
        self._restored = 0
        if method is not None:
            self.raw_method(method)  # a misspelt method fails now, before anything is sent
        path = options.get("journal")
        self.journal = Journal(path) if path is not None else None
        self._replay: Replay | None = None
        self._replayed: dict[str, Callable[..., Any]] = {}
        self._progress = progress_display(options.get("progress", False), total)

    def raw_method(self, method: str) -> Callable[..., Any]:
        """The method's raw-response view on the client (`client.embeddings.with_raw_response.create`),
        which gives the headers the limiter learns from."""
        found = self._methods.get(method)
        if found is None:
            resource, name = _resolve(self.client, method)
            found = self._methods[method] = getattr(resource.with_raw_response, name)
        return found

    def prepare(self, index: int, item: object) -> Call | BulkResult[Any]:
        """What to do for this item, or its failure if it cannot be a call."""
        try:
            if isinstance(item, BulkRequest):
                method, params, key = item.method, item.params, item.key
            elif isinstance(item, Mapping):
                if self.method is None:
                    raise InvalidInputError(
                        f"item {index} is a mapping of parameters, but no method= was given to say which "
                        "call it is. Pass method='embeddings.create' (say), or give BulkRequest items."
                    )
                method, params, key = self.method, item, None
            else:
                raise InvalidInputError(
                    f"item {index} is of type {type(item).__name__}; each item must be a mapping of the "
                    "method's parameters or an openwire.BulkRequest."
                )
            if params.get("stream") is True:
                raise InvalidInputError(
                    f"item {index} asks for a stream (stream=True); a bulk run keeps each call's whole "
                    "answer. Leave stream out."
                )
            self.raw_method(method)
            call = Call(index, key, method, params, request_digest(method, params))
            if self.journal is not None:
                call.saved = self.journal.find(index, key, call.digest)
            if call.saved is None and self.limiter is not None:
                call.tokens = self.estimate(method, params)
            return call
        except Exception as exc:
            return BulkResult(index, getattr(item, "key", None), error=exc)

    def reserve(self, call: Call) -> float:
        """Take the call's share of the budget; the seconds to wait before sending it."""
        return 0.0 if self.limiter is None else self.limiter.reserve(call.tokens)

    def restoring(self, call: Call) -> tuple[Callable[..., Any], dict[str, Any]]:
        """The plain method and the arguments that give the value the journal kept for this call."""
        assert self.journal is not None
        assert call.saved is not None
        with self.lock:
            if self._replay is None:
                from ._client import AsyncClient

                self._replay = Replay(asynchronous=isinstance(self.client, AsyncClient))
            method = self._replayed.get(call.method)
            if method is None:
                resource, name = _resolve(self._replay.client, call.method)
                method = self._replayed[call.method] = getattr(resource, name)
        return method, self._replay.arguments(call.params, self.journal.response(call.saved))

    def succeeded(self, call: Call, raw: Any, value: Any) -> BulkResult[Any]:
        """Learn from a successful call's headers (or usage), and journal it."""
        if self.limiter is not None and not self.limiter.observe(raw.headers):
            used = getattr(getattr(value, "usage", None), "total_tokens", None)
            if isinstance(used, int):
                self.limiter.settle(call.tokens, used)
        if self.journal is not None:
            self.journal.succeeded(call.index, call.key, call.digest, raw.http_response)
        return BulkResult(call.index, call.key, value=value)

    def failed(self, call: Call, error: Exception) -> BulkResult[Any]:
        """Learn from a failed call (a 429 that says when to come back holds every call back), and
        journal it."""
        response = getattr(error, "response", None)
        if self.limiter is not None and isinstance(response, httpx.Response):
            self.limiter.observe(response.headers)
            retry_after = getattr(error, "retry_after", None)
            if response.status_code == 429 and isinstance(retry_after, (int, float)):
                self.limiter.pause(retry_after)
        if self.journal is not None:
            self.journal.failed(call.index, call.key, call.digest, error)
        return BulkResult(call.index, call.key, error=error)

    def record(self, result: BulkResult[Any]) -> None:
        """Keep an item's outcome and report the progress."""
        with self.lock:
            self._results[result.index] = result
            self._failed += result.error is not None
            self._restored += result.restored
            self._progress.update(BulkProgress(len(self._results), self._failed, self._restored, self.total))

    def close(self) -> None:
        """Stop showing progress and close the journal (also when the run is interrupted)."""
        self._progress.close()
        if self.journal is not None:
            self.journal.close()

    def results(self) -> BulkResults[Any]:
        """Every item's outcome, in input order."""
        return BulkResults([self._results[i] for i in range(len(self._results))])

    @property
    def replay_client(self) -> Client | AsyncClient | None:
        """The client that typed journaled values again, if one was needed (to close)."""
        return None if self._replay is None else self._replay.client


def _resolve(client: Client | AsyncClient, method: str) -> tuple[Any, str]:
    """The resource and the name of a method written as after `client.` (`"chat.completions.create"`)."""
    from ._resource import AsyncAPIResource, SyncAPIResource

    resource: Any = client
    parts = method.split(".")
    for depth, part in enumerate(parts[:-1]):
        found = getattr(resource, part, None) if part and not part.startswith("_") else None
        if not isinstance(found, (SyncAPIResource, AsyncAPIResource)):
            where = ".".join(parts[:depth]) or "the client"
            raise InvalidInputError(
                f"{method!r} is not a method of the client: {where} has no resource {part!r}. "
                "Write the method as after `client.`, e.g. 'embeddings.create' or 'chat.completions.create'."
            )
        resource = found
    name = parts[-1]
    function = getattr(type(resource), name, None) if len(parts) > 1 and not name.startswith("_") else None
    if not callable(function) or isinstance(function, property):
        raise InvalidInputError(
            f"{method!r} is not a method of the client. Write the method as after `client.`, "
            "e.g. 'embeddings.create' or 'chat.completions.create'."
        )
    if getattr(function, "__openwire_helper__", False):
        raise InvalidInputError(
            f"{method} is a helper made of several calls; a bulk run makes single API calls "
            f"(use {'.'.join(parts[:-1])}.create, say)."
        )
    return resource, name
