"""The batch job helper: `client.batches.run(requests, endpoint=...)` and what it is made of.

A job is a list of batch ids, in the order they were created, and nothing else: everything else is
on the server. `submit` writes the requests as JSONL, one line a request with a `custom_id` made
of its position and a hash of its body (`"17-3fa2b9c01d"`), splits the lines over files of at most
`max_requests_per_file` lines and `max_bytes_per_file` bytes, uploads each and creates its batch.
`wait` polls the batches with growing pauses until each has ended, then `results` reads their output
and error files and puts every answer back at its request's position. So a job can be taken up
again from its batch ids alone, by another process (`client.batches.resume(ids)`), and
`resubmit_failed` sends only the failed requests again, under the same ids, as new batches added
to the job: a request's latest success wins.

What needs no I/O (the lines, the splitting, reading output lines, merging, the polling schedule)
is written once here; `BatchJob` and `AsyncBatchJob` only make the calls.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from typing_extensions import TypedDict, Unpack

from ._exceptions import InvalidInputError, batch_not_done, batch_submit_error
from ._pydantic import NonFiniteNumberError, dumps

if TYPE_CHECKING:
    from ._client import AsyncClient, Client
    from .types.batches import Batch

__all__ = [
    "AsyncBatchJob",
    "BatchItemError",
    "BatchJob",
    "BatchProgress",
    "BatchResult",
    "BatchResults",
    "BatchSubmitOptions",
    "BatchWaitOptions",
]

T = TypeVar("T")

MAX_REQUESTS_PER_FILE = 50_000
"""The Batch API's limit of requests in one input file."""
MAX_BYTES_PER_FILE = 200 * 1000 * 1000
"""The Batch API's limit on the size of one input file (200 MB)."""
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
"""The statuses a batch does not leave."""


class BatchSubmitOptions(TypedDict, total=False):
    """How `batches.submit` / `batches.run` create batches (every key optional)."""

    completion_window: str
    """How long each batch may take: `24h` (the default and the only value the API offers)."""
    metadata: Mapping[str, str]
    """Metadata stored with every batch of the job."""
    max_requests_per_file: int
    """Requests per input file, at most 50,000 (the API's limit, the default)."""
    max_bytes_per_file: int
    """Bytes per input file, at most 200 MB (the API's limit, the default)."""


class BatchWaitOptions(TypedDict, total=False):
    """How `BatchJob.wait` (and `batches.run`) polls (every key optional)."""

    poll_interval: float
    """Seconds before the second look at the batches (default 5); each pause is 1.5 times the last."""
    max_poll_interval: float
    """The longest pause between looks (default 60 s)."""
    timeout: float | None
    """Give up after this many seconds, raising `BatchNotDoneError` (the batches go on; resume
    them later by id). Default: wait as long as it takes."""
    progress: bool | Callable[[BatchProgress], Any]
    """`True` for a progress bar (with `rich`, if installed; else nothing is shown), or a function
    called with a `BatchProgress` after every look."""
    sleep: Callable[[float], Any]
    """How to pause (`time.sleep`, or `anyio.sleep` on `AsyncClient`): tests pass a fake one."""
    clock: Callable[[], float]
    """What time it is, in seconds (`time.monotonic`), for `timeout`."""


@dataclass(frozen=True)
class BatchItemError:
    """Why one request of a batch job has no answer."""

    code: str | None
    """The API's error code (`rate_limit_exceeded`, `batch_expired`, `invalid_response`, ...)."""
    message: str
    """What went wrong."""
    status_code: int | None = None
    """The HTTP status the request got, if it was sent."""
    type: str | None = None
    """The error's type (`invalid_request_error`, ...), if the API gave one."""
    param: str | None = None
    """The parameter at fault, if any."""


@dataclass(frozen=True)
class BatchResult(Generic[T]):
    """The outcome of one request of a batch job: its `response`, or an `error`."""

    index: int
    """The request's position in the list given to `submit`."""
    custom_id: str
    """The request's id in the batch files."""
    response: T | None = None
    """The answer, parsed as the endpoint's type (`ChatCompletion`, ...), when it succeeded."""
    error: BatchItemError | None = None
    """Why it failed, when it did."""
    batch_id: str | None = None
    """The batch the outcome came from."""
    request_id: str | None = None
    """The request id of the answer, if it was sent."""

    @property
    def ok(self) -> bool:
        """Whether the request succeeded."""
        return self.error is None and self.response is not None


class BatchResults(Sequence[BatchResult[T]]):
    """The outcomes of a batch job, one per request, in the order the requests were given.

    ```python
    results = job.wait()
    for result in results:
        print(result.index, result.response if result.ok else result.error)
    answers = results.responses()        # None where a request failed
    ```
    """

    def __init__(self, items: list[BatchResult[T]], batches: list[Batch]) -> None:
        self._items = items
        self.batches = batches
        """The batches the outcomes came from, as last retrieved."""

    @overload
    def __getitem__(self, index: int) -> BatchResult[T]: ...
    @overload
    def __getitem__(self, index: slice) -> list[BatchResult[T]]: ...
    def __getitem__(self, index: int | slice) -> BatchResult[T] | list[BatchResult[T]]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[BatchResult[T]]:
        return iter(self._items)

    def responses(self) -> list[T | None]:
        """The answers in request order, `None` where a request failed."""
        return [item.response if item.ok else None for item in self._items]

    @property
    def failed(self) -> list[BatchResult[T]]:
        """The outcomes of the requests that failed."""
        return [item for item in self._items if not item.ok]

    @property
    def succeeded(self) -> list[BatchResult[T]]:
        """The outcomes of the requests that succeeded."""
        return [item for item in self._items if item.ok]

    def __repr__(self) -> str:
        return f"<BatchResults {len(self.succeeded)} succeeded, {len(self.failed)} failed>"


@dataclass(frozen=True)
class BatchProgress:
    """How far a batch job has got, given to a `progress=` function after every look."""

    total: int
    """Requests in all the job's batches (as far as the server has counted them)."""
    completed: int
    """Requests that succeeded."""
    failed: int
    """Requests that failed."""
    statuses: dict[str, int] = field(default_factory=dict)
    """How many batches are in each status."""

    @property
    def done(self) -> bool:
        """Whether every batch has ended."""
        return bool(self.statuses) and set(self.statuses) <= TERMINAL


# -- the input files ------------------------------------------------------------------------------


def custom_id(index: int, body_json: bytes) -> str:
    """The `custom_id` of the request at `index`: its position, then a hash of its body, so that an
    answer finds its request again and a resumed job can tell its requests apart."""
    return f"{index}-{hashlib.sha256(body_json).hexdigest()[:10]}"


def index_of(custom_id: str) -> int | None:
    """The position a `custom_id` made by `custom_id()` names, or None for another id."""
    head, dash, _ = custom_id.partition("-")
    return int(head) if dash and head.isdigit() else None


def input_files(
    requests: Iterable[tuple[str, Mapping[str, Any]]],
    endpoint: str,
    max_requests: int,
    max_bytes: int,
) -> Iterator[tuple[bytes, list[str]]]:
    """The JSONL input files for `(custom_id, body)` pairs: each file's bytes and custom ids."""
    lines: list[bytes] = []
    ids: list[str] = []
    size = 0
    for request_id, body in requests:
        line = _line(request_id, endpoint, body)
        if len(line) > max_bytes:
            raise InvalidInputError(
                f"batches: the request {request_id!r} takes {len(line)} bytes as a line of JSONL, more than "
                f"a whole input file may ({max_bytes}); send it on its own, outside the batch."
            )
        if lines and (len(lines) >= max_requests or size + len(line) > max_bytes):
            yield b"".join(lines), ids
            lines, ids, size = [], [], 0
        lines.append(line)
        ids.append(request_id)
        size += len(line)
    if lines:
        yield b"".join(lines), ids


def _line(request_id: str, endpoint: str, body: Mapping[str, Any]) -> bytes:
    try:
        return (
            dumps({"custom_id": request_id, "method": "POST", "url": endpoint, "body": body}, allow_nan=False)
            + b"\n"
        )
    except (NonFiniteNumberError, ValueError) as error:
        raise InvalidInputError(
            f"batches: the request {request_id!r} cannot be written as JSON ({error}); "
            "pass plain JSON values."
        ) from None


def numbered(requests: Iterable[Mapping[str, Any]]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Give each request its `custom_id`, refusing what a batch cannot run (a stream)."""
    for index, body in enumerate(requests):
        if not isinstance(body, Mapping):
            raise InvalidInputError(
                f"batches: request {index} is a {type(body).__name__}; each request is a dict of the "
                "endpoint's parameters, e.g. {'model': ..., 'messages': [...]}."
            )
        if body.get("stream") is True:
            raise InvalidInputError(
                f"batches: request {index} asks for stream=True; a batch's answers are not streamed. "
                "Leave `stream` out."
            )
        try:
            body_json = dumps(body, allow_nan=False)
        except (NonFiniteNumberError, ValueError) as error:
            raise InvalidInputError(
                f"batches: request {index} cannot be written as JSON ({error}); pass plain JSON values."
            ) from None
        yield custom_id(index, body_json), body


def check_limits(max_requests: int, max_bytes: int) -> None:
    """Refuse limits the API would not accept."""
    if not 1 <= max_requests <= MAX_REQUESTS_PER_FILE:
        raise InvalidInputError(
            f"batches: max_requests_per_file={max_requests}; it must be from 1 to {MAX_REQUESTS_PER_FILE}."
        )
    if not 1 <= max_bytes <= MAX_BYTES_PER_FILE:
        raise InvalidInputError(
            f"batches: max_bytes_per_file={max_bytes}; it must be from 1 to {MAX_BYTES_PER_FILE} (200 MB)."
        )


def read_input_line(line: bytes | str) -> tuple[str, Mapping[str, Any]] | None:
    """`(custom_id, body)` of a line of an input file (None for a blank one)."""
    if not line.strip():
        return None
    data = json.loads(line)
    return str(data["custom_id"]), data.get("body") or {}


# -- the output files -----------------------------------------------------------------------------


def result_type(endpoint: str) -> Any:
    """The model an endpoint's answers are parsed as (a lenient `BaseModel` for others)."""
    if endpoint.endswith("/chat/completions"):
        from .types.chat import ChatCompletion

        return ChatCompletion
    if endpoint.endswith("/embeddings"):
        from .types.embeddings import CreateEmbeddingResponse

        return CreateEmbeddingResponse
    if endpoint.endswith("/responses"):
        from .types.responses import Response

        return Response
    if endpoint.endswith("/moderations"):
        from .types.moderation import ModerationCreateResponse

        return ModerationCreateResponse
    from ._models import BaseModel

    return BaseModel


def read_output_line(line: bytes | str, model: Any, batch_id: str) -> BatchResult[Any] | None:
    """The outcome one line of an output or error file tells (None for a blank line); a line that
    cannot be read becomes an error of its own rather than an exception."""
    import pydantic

    from .types.batches import BatchRequestOutput

    if not line.strip():
        return None
    try:
        output = BatchRequestOutput.model_validate_json(line)
    except pydantic.ValidationError as error:
        raise InvalidInputError(
            f"batches: a line of the output of {batch_id} is not a batch result ({error.error_count()} "
            f"problem(s)): {str(line)[:200]!r}"
        ) from None
    index = index_of(output.custom_id)

    def outcome(
        error: BatchItemError | None = None, response: Any = None, request_id: str | None = None
    ) -> BatchResult[Any]:
        position = -1 if index is None else index
        return BatchResult(position, output.custom_id, response, error, batch_id, request_id)

    if output.error is not None and (output.response is None or output.response.status_code == 200):
        return outcome(BatchItemError(output.error.code, output.error.message or "no message"))
    answer = output.response
    if answer is None:
        return outcome(BatchItemError("missing", "the line has no response"))
    if answer.status_code != 200:
        found = answer.body.get("error") if isinstance(answer.body, dict) else None
        detail: dict[str, Any] = found if isinstance(found, dict) else {}
        failure = BatchItemError(
            code=detail.get("code"),
            message=str(detail.get("message") or f"status {answer.status_code}"),
            status_code=answer.status_code,
            type=detail.get("type"),
            param=detail.get("param"),
        )
        return outcome(failure, request_id=answer.answer_request_id)
    try:
        parsed = model.model_validate(answer.body)
    except pydantic.ValidationError as error:
        first = error.errors(include_url=False)[0]["msg"]
        problem = BatchItemError(
            "invalid_response",
            f"the answer is not a {model.__name__} ({error.error_count()} problem(s), first: {first})",
            status_code=200,
        )
        return outcome(problem, request_id=answer.answer_request_id)
    return outcome(response=parsed, request_id=answer.answer_request_id)


def unanswered(batch: Batch, request_id: str) -> BatchResult[Any]:
    """The outcome of a request its batch ended without answering (refused, expired, cancelled)."""
    index = index_of(request_id)
    if batch.status == "failed":
        problems = batch.errors.data if batch.errors else []
        message = "; ".join(p.message or p.code or "" for p in problems) or "the batch was refused"
        error = BatchItemError("batch_failed", f"batch {batch.id} failed: {message}")
    else:
        error = BatchItemError(
            f"batch_{batch.status}", f"batch {batch.id} ended ({batch.status}) before this request ran"
        )
    return BatchResult(-1 if index is None else index, request_id, error=error, batch_id=batch.id)


class Merger:
    """Puts outcomes from any number of batches in request order: a later outcome replaces an
    earlier one for the same request, but never a success with a failure."""

    def __init__(self) -> None:
        self.outcomes: dict[str, BatchResult[Any]] = {}
        self._order: list[str] = []

    def add(self, result: BatchResult[Any]) -> None:
        known = self.outcomes.get(result.custom_id)
        if known is None:
            self._order.append(result.custom_id)
        elif known.ok and not result.ok:
            return
        self.outcomes[result.custom_id] = result

    def results(self, batches: list[Batch]) -> BatchResults[Any]:
        numbered = [r for r in self.outcomes.values() if r.index >= 0]
        others = [self.outcomes[cid] for cid in self._order if self.outcomes[cid].index < 0]
        items = sorted(numbered, key=lambda r: r.index)
        start = len(items)
        # Ids made elsewhere have no position: they follow, in the order they were read.
        items += [
            BatchResult(start + n, r.custom_id, r.response, r.error, r.batch_id, r.request_id)
            for n, r in enumerate(others)
        ]
        return BatchResults(items, batches)


def progress_of(batches: list[Batch]) -> BatchProgress:
    """How far the batches have got together."""
    statuses: dict[str, int] = {}
    total = completed = failed = 0
    for batch in batches:
        statuses[batch.status] = statuses.get(batch.status, 0) + 1
        if batch.request_counts is not None:
            total += batch.request_counts.total
            completed += batch.request_counts.completed
            failed += batch.request_counts.failed
    return BatchProgress(total, completed, failed, statuses)


@dataclass
class Poll:
    """The polling schedule of `wait`, without I/O: when to look next, and when to give up."""

    interval: float = 5.0
    max_interval: float = 60.0
    timeout: float | None = None
    clock: Callable[[], float] = time.monotonic
    started: float = field(init=False)

    def __post_init__(self) -> None:
        if self.interval < 0 or self.max_interval < 0:
            raise InvalidInputError("batches: poll_interval and max_poll_interval must not be negative.")
        self.started = self.clock()

    def pause(self) -> float | None:
        """Seconds to sleep before the next look, or None when `timeout` is up."""
        if self.timeout is not None and self.clock() - self.started >= self.timeout:
            return None
        pause = min(self.interval, self.max_interval)
        self.interval = min(self.interval * 1.5, self.max_interval)
        if self.timeout is not None:
            pause = max(0.0, min(pause, self.timeout - (self.clock() - self.started)))
        return pause


class _Reporter:
    """Shows progress: a rich bar, a function of the caller's, or nothing."""

    def __init__(self, progress: bool | Callable[[BatchProgress], Any]) -> None:
        self._call = progress if callable(progress) else None
        self._bar: Any = None
        self._task: Any = None
        if progress is True:
            try:
                from rich.progress import Progress
            except ImportError:  # rich is optional: no bar without it
                return
            self._bar = Progress(transient=False)
            self._bar.start()
            self._task = self._bar.add_task("batches", total=None)

    def show(self, progress: BatchProgress) -> None:
        if self._call is not None:
            self._call(progress)
        if self._bar is not None:
            statuses = ", ".join(f"{n} {status}" for status, n in sorted(progress.statuses.items()))
            self._bar.update(
                self._task,
                total=progress.total or None,
                completed=progress.completed + progress.failed,
                description=f"batches ({statuses})",
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _wait_settings(options: BatchWaitOptions) -> tuple[Poll, _Reporter]:
    poll = Poll(
        interval=options.get("poll_interval", 5.0),
        max_interval=options.get("max_poll_interval", 60.0),
        timeout=options.get("timeout"),
        clock=options.get("clock", time.monotonic),
    )
    return poll, _Reporter(options.get("progress", False))


# -- the jobs -------------------------------------------------------------------------------------


class _JobBase(Generic[T]):
    """What both jobs know without I/O: their batches and the requests they sent."""

    def __init__(
        self,
        batch_ids: Sequence[str],
        *,
        bodies: dict[str, Mapping[str, Any]] | None = None,
        endpoint: str | None = None,
        options: BatchSubmitOptions | None = None,
    ) -> None:
        self.batch_ids: list[str] = list(batch_ids)
        """The job's batches, oldest first: keep them to resume the job (`batches.resume(ids)`)."""
        self.endpoint = endpoint
        """The endpoint the job's requests go to (known once a batch has been seen)."""
        self.batches: list[Batch] = []
        """The batches as last retrieved."""
        self._bodies = bodies
        self._options: BatchSubmitOptions = options or {}

    def _seen(self, batches: list[Batch]) -> list[Batch]:
        self.batches = batches
        endpoints = {batch.endpoint for batch in batches}
        if len(endpoints) > 1:
            raise InvalidInputError(
                f"batches: a job's batches must share one endpoint; these use {sorted(endpoints)}. "
                "Resume each endpoint's batches as a job of its own."
            )
        if endpoints:
            self.endpoint = endpoints.pop()
        return batches

    def _unfinished(self) -> list[str]:
        return [batch.id for batch in self.batches if batch.status not in TERMINAL]

    def __repr__(self) -> str:
        statuses = progress_of(self.batches).statuses if self.batches else "not retrieved"
        return f"<{type(self).__name__} {self.batch_ids} {statuses}>"


def _failed_ids(results: BatchResults[Any]) -> list[str]:
    return [item.custom_id for item in results.failed]


class BatchJob(_JobBase[T]):
    """Batches made from one list of requests, on `Client`: wait for them, read their results in
    request order, resubmit the failed requests.

    ```python
    job = client.batches.submit(requests, endpoint="/v1/chat/completions")
    save(job.batch_ids)                       # to resume after a restart: client.batches.resume(ids)
    results = job.wait(progress=True)
    if results.failed:
        results = job.resubmit_failed(results).wait()
    ```
    """

    def __init__(self, client: Client, batch_ids: Sequence[str], **kwargs: Any) -> None:
        super().__init__(batch_ids, **kwargs)
        self._client = client

    def refresh(self) -> list[Batch]:
        """Retrieve every batch of the job (their status and counts, in `batches`)."""
        return self._seen([self._client.batches.retrieve(batch_id) for batch_id in self.batch_ids])

    def wait(self, **options: Unpack[BatchWaitOptions]) -> BatchResults[T]:
        """Poll until every batch has ended, then return the results (see `results`).

        Raises `BatchNotDoneError` when `timeout` is up first; the batches go on running.
        """
        poll, reporter = _wait_settings(options)
        sleep = options.get("sleep", time.sleep)
        try:
            while True:
                reporter.show(progress_of(self.refresh()))
                if not self._unfinished():
                    break
                pause = poll.pause()
                if pause is None:
                    raise batch_not_done(self.batch_ids, self._unfinished())
                sleep(pause)
        finally:
            reporter.close()
        return self.results()

    def results(self) -> BatchResults[T]:
        """The outcome of every request, in request order, from the output and error files of
        the job's batches (which must all have ended). Requests a batch ended without answering
        (it was refused, expired or cancelled) get an error saying so."""
        batches = self.batches or self.refresh()
        if self._unfinished():
            raise batch_not_done(self.batch_ids, self._unfinished())
        model = result_type(self.endpoint or "")
        merger = Merger()
        for batch in batches:
            seen: set[str] = set()
            for file_id in (batch.output_file_id, batch.error_file_id):
                for line in self._lines(file_id):
                    result = read_output_line(line, model, batch.id)
                    if result is not None:
                        seen.add(result.custom_id)
                        merger.add(result)
            counts = batch.request_counts
            if batch.status != "completed" or counts is None or len(seen) < counts.total:
                for request_id in self._input_ids(batch):
                    if request_id not in seen:
                        merger.add(unanswered(batch, request_id))
        return merger.results(batches)

    def resubmit_failed(self, results: BatchResults[T] | None = None) -> BatchJob[T]:
        """Send the failed requests again, as new batches added to this job (same custom ids), and
        return the job; `wait()` it for the merged results. `results` defaults to `results()`."""
        failed = _failed_ids(results if results is not None else self.results())
        if not failed:
            return self
        bodies = self._bodies_of(failed)
        created = _submit(self._client, [(i, bodies[i]) for i in failed], self.endpoint or "", self._options)
        self.batch_ids += created
        self.batches = []
        return self

    def cancel(self) -> list[Batch]:
        """Cancel every batch of the job that has not ended; requests already answered keep
        their results."""
        return [self._client.batches.cancel(batch_id) for batch_id in self._unfinished_or_all()]

    def _unfinished_or_all(self) -> list[str]:
        return self._unfinished() if self.batches else self.batch_ids

    def _lines(self, file_id: str | None) -> Iterator[str]:
        if not file_id:
            return
        with self._client.files.with_streaming_response.content(file_id) as response:
            yield from response.iter_lines()

    def _input_ids(self, batch: Batch) -> list[str]:
        pairs = [read_input_line(line) for line in self._lines(batch.input_file_id)]
        return [pair[0] for pair in pairs if pair is not None]

    def _bodies_of(self, ids: list[str]) -> dict[str, Mapping[str, Any]]:
        if self._bodies is None or not set(ids) <= self._bodies.keys():
            bodies: dict[str, Mapping[str, Any]] = {}
            for batch in self.batches or self.refresh():
                for line in self._lines(batch.input_file_id):
                    pair = read_input_line(line)
                    if pair is not None:
                        bodies[pair[0]] = pair[1]
            self._bodies = bodies
        return self._bodies


class AsyncBatchJob(_JobBase[T]):
    """The `AsyncClient` twin of `BatchJob`: the same methods, awaited.

    ```python
    job = await client.batches.submit(requests, endpoint="/v1/embeddings")
    results = await job.wait(progress=True)
    ```
    """

    def __init__(self, client: AsyncClient, batch_ids: Sequence[str], **kwargs: Any) -> None:
        super().__init__(batch_ids, **kwargs)
        self._client = client

    async def refresh(self) -> list[Batch]:
        """Retrieve every batch of the job (their status and counts, in `batches`)."""
        return self._seen([await self._client.batches.retrieve(batch_id) for batch_id in self.batch_ids])

    async def wait(self, **options: Unpack[BatchWaitOptions]) -> BatchResults[T]:
        """Poll until every batch has ended, then return the results (see `results`).

        Raises `BatchNotDoneError` when `timeout` is up first; the batches go on running.
        """
        import inspect

        import anyio

        poll, reporter = _wait_settings(options)
        sleep = options.get("sleep", anyio.sleep)
        try:
            while True:
                reporter.show(progress_of(await self.refresh()))
                if not self._unfinished():
                    break
                pause = poll.pause()
                if pause is None:
                    raise batch_not_done(self.batch_ids, self._unfinished())
                slept = sleep(pause)
                if inspect.isawaitable(slept):
                    await slept
        finally:
            reporter.close()
        return await self.results()

    async def results(self) -> BatchResults[T]:
        """The outcome of every request, in request order, from the output and error files of
        the job's batches (which must all have ended). Requests a batch ended without answering
        (it was refused, expired or cancelled) get an error saying so."""
        batches = self.batches or await self.refresh()
        if self._unfinished():
            raise batch_not_done(self.batch_ids, self._unfinished())
        model = result_type(self.endpoint or "")
        merger = Merger()
        for batch in batches:
            seen: set[str] = set()
            for file_id in (batch.output_file_id, batch.error_file_id):
                async for line in self._lines(file_id):
                    result = read_output_line(line, model, batch.id)
                    if result is not None:
                        seen.add(result.custom_id)
                        merger.add(result)
            counts = batch.request_counts
            if batch.status != "completed" or counts is None or len(seen) < counts.total:
                for request_id in await self._input_ids(batch):
                    if request_id not in seen:
                        merger.add(unanswered(batch, request_id))
        return merger.results(batches)

    async def resubmit_failed(self, results: BatchResults[T] | None = None) -> AsyncBatchJob[T]:
        """Send the failed requests again, as new batches added to this job (same custom ids), and
        return the job; `wait()` it for the merged results. `results` defaults to `results()`."""
        failed = _failed_ids(results if results is not None else await self.results())
        if not failed:
            return self
        bodies = await self._bodies_of(failed)
        created = await _submit_async(
            self._client, [(i, bodies[i]) for i in failed], self.endpoint or "", self._options
        )
        self.batch_ids += created
        self.batches = []
        return self

    async def cancel(self) -> list[Batch]:
        """Cancel every batch of the job that has not ended; requests already answered keep
        their results."""
        ids = self._unfinished() if self.batches else self.batch_ids
        return [await self._client.batches.cancel(batch_id) for batch_id in ids]

    async def _lines(self, file_id: str | None) -> AsyncIterator[str]:
        if not file_id:
            return
        async with self._client.files.with_streaming_response.content(file_id) as response:
            async for line in response.iter_lines():
                yield line

    async def _input_ids(self, batch: Batch) -> list[str]:
        ids = []
        async for line in self._lines(batch.input_file_id):
            pair = read_input_line(line)
            if pair is not None:
                ids.append(pair[0])
        return ids

    async def _bodies_of(self, ids: list[str]) -> dict[str, Mapping[str, Any]]:
        if self._bodies is None or not set(ids) <= self._bodies.keys():
            bodies: dict[str, Mapping[str, Any]] = {}
            for batch in self.batches or await self.refresh():
                async for line in self._lines(batch.input_file_id):
                    pair = read_input_line(line)
                    if pair is not None:
                        bodies[pair[0]] = pair[1]
            self._bodies = bodies
        return self._bodies


# -- submitting -----------------------------------------------------------------------------------


def _settings(options: BatchSubmitOptions) -> tuple[str, dict[str, Any], int, int]:
    max_requests = options.get("max_requests_per_file", MAX_REQUESTS_PER_FILE)
    max_bytes = options.get("max_bytes_per_file", MAX_BYTES_PER_FILE)
    check_limits(max_requests, max_bytes)
    extra: dict[str, Any] = {}
    if "metadata" in options:
        extra["metadata"] = options["metadata"]
    return options.get("completion_window", "24h"), extra, max_requests, max_bytes


def _submit(
    client: Client,
    requests: Iterable[tuple[str, Mapping[str, Any]]],
    endpoint: str,
    options: BatchSubmitOptions,
) -> list[str]:
    window, extra, max_requests, max_bytes = _settings(options)
    created: list[str] = []
    try:
        for n, (data, _) in enumerate(input_files(requests, endpoint, max_requests, max_bytes)):
            file = client.files.create(file=(f"batch-{n}.jsonl", data, "application/jsonl"), purpose="batch")
            batch = client.batches.create(
                input_file_id=file.id, endpoint=endpoint, completion_window=window, **extra
            )
            created.append(batch.id)
    except Exception as error:
        if created:
            raise batch_submit_error(created, error) from error
        raise
    return created


async def _submit_async(
    client: AsyncClient,
    requests: Iterable[tuple[str, Mapping[str, Any]]],
    endpoint: str,
    options: BatchSubmitOptions,
) -> list[str]:
    window, extra, max_requests, max_bytes = _settings(options)
    created: list[str] = []
    try:
        for n, (data, _) in enumerate(input_files(requests, endpoint, max_requests, max_bytes)):
            file = await client.files.create(
                file=(f"batch-{n}.jsonl", data, "application/jsonl"), purpose="batch"
            )
            batch = await client.batches.create(
                input_file_id=file.id, endpoint=endpoint, completion_window=window, **extra
            )
            created.append(batch.id)
    except Exception as error:
        if created:
            raise batch_submit_error(created, error) from error
        raise
    return created


def _split_options(options: Mapping[str, Any]) -> tuple[str, BatchSubmitOptions, BatchWaitOptions]:
    endpoint = options.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint.startswith("/"):
        raise InvalidInputError(
            f"batches: endpoint={endpoint!r}; name the API path every request goes to, e.g. "
            "endpoint='/v1/chat/completions' (or /v1/embeddings, /v1/responses, /v1/moderations)."
        )
    submit_keys = BatchSubmitOptions.__annotations__.keys()
    wait_keys = BatchWaitOptions.__annotations__.keys()
    unknown = options.keys() - submit_keys - wait_keys - {"endpoint"}
    if unknown:
        raise TypeError(f"batches: unexpected keyword argument(s): {', '.join(sorted(unknown))}")
    submit: Any = {k: v for k, v in options.items() if k in submit_keys}
    wait: Any = {k: v for k, v in options.items() if k in wait_keys}
    return endpoint, submit, wait


def submit(
    client: Client, requests: Iterable[Mapping[str, Any]], options: Mapping[str, Any]
) -> BatchJob[Any]:
    """`batches.submit` on `Client`."""
    endpoint, submit_options, wait_options = _split_options(options)
    if wait_options:
        raise TypeError(f"batches.submit() takes no {', '.join(sorted(wait_options))}: pass it to wait()")
    pairs = list(numbered(requests))
    if not pairs:
        raise InvalidInputError("batches: there are no requests to submit.")
    ids = _submit(client, pairs, endpoint, submit_options)
    return BatchJob(client, ids, bodies=dict(pairs), endpoint=endpoint, options=submit_options)


async def submit_async(
    client: AsyncClient, requests: Iterable[Mapping[str, Any]], options: Mapping[str, Any]
) -> AsyncBatchJob[Any]:
    """`batches.submit` on `AsyncClient`."""
    endpoint, submit_options, wait_options = _split_options(options)
    if wait_options:
        raise TypeError(f"batches.submit() takes no {', '.join(sorted(wait_options))}: pass it to wait()")
    pairs = list(numbered(requests))
    if not pairs:
        raise InvalidInputError("batches: there are no requests to submit.")
    ids = await _submit_async(client, pairs, endpoint, submit_options)
    return AsyncBatchJob(client, ids, bodies=dict(pairs), endpoint=endpoint, options=submit_options)


def run(
    client: Client, requests: Iterable[Mapping[str, Any]], options: Mapping[str, Any]
) -> BatchResults[Any]:
    """`batches.run` on `Client`: submit, then wait."""
    endpoint, submit_options, wait_options = _split_options(options)
    job = submit(client, requests, {"endpoint": endpoint, **submit_options})
    return job.wait(**wait_options)


async def run_async(
    client: AsyncClient, requests: Iterable[Mapping[str, Any]], options: Mapping[str, Any]
) -> BatchResults[Any]:
    """`batches.run` on `AsyncClient`: submit, then wait."""
    endpoint, submit_options, wait_options = _split_options(options)
    job = await submit_async(client, requests, {"endpoint": endpoint, **submit_options})
    return await job.wait(**wait_options)


def check_ids(batch_ids: Sequence[str]) -> list[str]:
    """The batch ids of a job to resume, refusing an empty list or a lone string."""
    if isinstance(batch_ids, str):
        raise InvalidInputError(
            f"batches.resume() takes a list of batch ids, not one string: pass [{batch_ids!r}]."
        )
    ids: list[object] = list(batch_ids)  # typed as str, but callers pass what they loaded
    if not ids or not all(isinstance(i, str) and i for i in ids):
        raise InvalidInputError(
            "batches.resume() needs the job's batch ids (job.batch_ids), as a list of str."
        )
    return [str(i) for i in ids]
