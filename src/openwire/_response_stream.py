"""`client.responses.stream(...)`: a Responses stream followed to its end.

`ResponseStreamState` keeps what the events have said (no I/O): the last sequence number, the
response as the lifecycle events last showed it, the output items as they finished. The two
stream classes only pull events, and when a background response's stream breaks off they open it
again after the last sequence number received, dropping any event they have already handed over.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._event_stream import AsyncEventStream, EventStream
from ._exceptions import APIConnectionError, OpenwireError

if TYPE_CHECKING:
    from ._parsing import ResponseParsing
    from ._streaming import AsyncStream, Stream
    from .types.responses import Response, ResponseStreamEvent
    from .types.responses.parsed import ParsedResponse

T = TypeVar("T")

__all__ = ["AsyncResponseStream", "ResponseStream", "ResponseStreamState"]

# The events that carry the whole response, as it stands.
_LIFECYCLE = frozenset(
    {
        "response.created",
        "response.queued",
        "response.in_progress",
        "response.completed",
        "response.failed",
        "response.incomplete",
    }
)
_FINAL = frozenset({"response.completed", "response.failed", "response.incomplete"})


class ResponseStreamState:
    """What the events of a Responses stream have said so far. No I/O here."""

    __slots__ = ("done", "items", "last_sequence", "response", "text")

    def __init__(self) -> None:
        self.last_sequence = -1
        """The highest `sequence_number` handed over (-1 before the first event)."""
        self.response: Response | None = None
        """The response as the last lifecycle event showed it."""
        self.items: dict[int, Any] = {}
        """The output items that have finished (`response.output_item.done`), by `output_index`."""
        self.done = False
        """Whether a final event (`response.completed`, `.failed` or `.incomplete`) arrived."""
        self.text: list[str] = []
        """The pieces of the output text so far (each `response.output_text.delta`)."""

    def accept(self, event: ResponseStreamEvent) -> bool:
        """Take in an event; `False` for one already handed over (a resumed stream repeats none,
        but a server may)."""
        sequence = getattr(event, "sequence_number", None)
        if isinstance(sequence, int):
            if sequence <= self.last_sequence:
                return False
            self.last_sequence = sequence
        kind = getattr(event, "type", None)
        if kind in _LIFECYCLE:
            response = getattr(event, "response", None)
            if response is not None:
                self.response = response
            self.done = self.done or kind in _FINAL
        elif kind == "response.output_text.delta":
            delta = getattr(event, "delta", None)
            if isinstance(delta, str):
                self.text.append(delta)
        elif kind == "response.output_item.done":
            index = getattr(event, "output_index", None)
            if isinstance(index, int):
                self.items[index] = getattr(event, "item", None)
        return True

    @property
    def resumable(self) -> bool:
        """Whether a broken stream can be picked up again: the response runs in the background (its
        events are kept by the server) and has not ended."""
        response = self.response
        return bool(response is not None and response.background and response.id and not self.done)

    def final_response(self) -> Response:
        """The response as the final event gave it; its output filled in from the finished items
        when a server sent the final event without it."""
        response = self.response
        if response is None or not self.done:
            raise OpenwireError(
                "The stream ended before the response did: no response.completed (or .failed, "
                ".incomplete) event arrived. Iterate the stream to its end first."
            )
        if not response.output and self.items:
            response = response.model_copy(update={"output": [self.items[i] for i in sorted(self.items)]})
        return response


def _text_delta(event: ResponseStreamEvent) -> str | None:
    if getattr(event, "type", None) == "response.output_text.delta":
        delta = getattr(event, "delta", None)
        return delta if isinstance(delta, str) else None
    return None


class _Following(Generic[T]):
    """What both stream classes keep: the state, how the response is parsed, and how many times a
    broken stream may be resumed."""

    def __init__(self, max_resumes: int, parsing: ResponseParsing[T]) -> None:
        self._resumes_left = max_resumes
        self._parsing = parsing
        self.state = ResponseStreamState()
        """What the events have said so far."""

    @property
    def text_snapshot(self) -> str:
        """The output text so far."""
        return "".join(self.state.text)

    @property
    def parsed_snapshot(self) -> Any:
        """The output text so far parsed as JSON as far as it goes (a structured output while it is
        being written): complete values as they are, an unfinished string (with pydantic 2.10 or
        later) or number as far as it arrived. `None` while nothing parses yet."""
        from ._pydantic import partial_json

        return partial_json(self.text_snapshot)

    def _final(self) -> ParsedResponse[T]:
        return self._parsing.response(self.state.final_response())

    def _resume_id(self) -> str | None:
        """The response to resume after a stream broke off or ended early, or None to stop (one
        that is not in the background, or has ended, or was resumed too many times already)."""
        state = self.state
        if not state.resumable or self._resumes_left <= 0 or state.response is None:
            return None
        self._resumes_left -= 1
        return state.response.id


class ResponseStream(_Following[T], EventStream["ResponseStreamEvent"]):
    """A streamed response followed to its end, on `Client` (from `client.responses.stream(...)`).

    Iterate it for the typed events; or read `text_stream` for the text as it is written (each
    `response.output_text.delta`), call `until_done()`, then `get_final_response()`. The request
    is sent when the `with` block starts, and the connection is released when it ends.
    """

    def __init__(
        self,
        open_stream: Callable[[], Stream[ResponseStreamEvent]],
        resume: Callable[[str, int], Stream[ResponseStreamEvent]],
        max_resumes: int,
        parsing: ResponseParsing[T],
    ) -> None:
        _Following.__init__(self, max_resumes, parsing)
        EventStream.__init__(self, open_stream)
        self._resume = resume

    def _follow(self) -> Generator[ResponseStreamEvent, None, None]:
        accept = self.state.accept
        stream = self._stream
        assert stream is not None
        while True:
            try:
                for event in stream:
                    if accept(event):
                        yield event
            except APIConnectionError:
                response_id = self._resume_id()
                if response_id is None:
                    raise
            else:
                response_id = self._resume_id()
                if response_id is None:
                    return
            stream = self._stream = self._resume(response_id, self.state.last_sequence)

    _text = staticmethod(_text_delta)

    def get_final_response(self) -> ParsedResponse[T]:
        """The finished response (reading the rest of the stream first), equal to what the call
        without `stream` would have returned for the same content, parsed as `parse` does."""
        self.until_done()
        return self._final()


class AsyncResponseStream(_Following[T], AsyncEventStream["ResponseStreamEvent"]):
    """A streamed response followed to its end, on `AsyncClient` (`async with`, `async for`, and
    awaited `until_done()` / `get_final_response()`); see `ResponseStream`."""

    def __init__(
        self,
        open_stream: Callable[[], Awaitable[AsyncStream[ResponseStreamEvent]]],
        resume: Callable[[str, int], Awaitable[AsyncStream[ResponseStreamEvent]]],
        max_resumes: int,
        parsing: ResponseParsing[T],
    ) -> None:
        _Following.__init__(self, max_resumes, parsing)
        AsyncEventStream.__init__(self, open_stream)
        self._resume = resume

    async def _follow(self) -> AsyncGenerator[ResponseStreamEvent, None]:
        accept = self.state.accept
        stream = self._stream
        assert stream is not None
        while True:
            try:
                async for event in stream:
                    if accept(event):
                        yield event
            except APIConnectionError:
                response_id = self._resume_id()
                if response_id is None:
                    raise
            else:
                response_id = self._resume_id()
                if response_id is None:
                    return
            stream = self._stream = await self._resume(response_id, self.state.last_sequence)

    _text = staticmethod(_text_delta)

    async def get_final_response(self) -> ParsedResponse[T]:
        """The finished response (reading the rest of the stream first), equal to what the call
        without `stream` would have returned for the same content, parsed as `parse` does."""
        await self.until_done()
        return self._final()
