"""Chat streams put back together: `ChatCompletionAccumulator` (no I/O), the stream helper
`client.chat.completions.stream(...)` built on it, and `openwire.accumulate` for any stream from
`create(stream=True)`. One accumulator serves all three.

What servers differ in, and how it is taken:
- chunks with no choices (usage, moderation, keep-alive-like chunks) are fine anywhere;
- a tool-call piece is matched to its call by `id` first, then by `index`, then (with neither) to
  the call that came last: some servers repeat `index` 0 for every call, some leave it out, some
  repeat the `id` on every piece;
- a stream may end without `[DONE]` or without a `finish_reason`: what arrived is the completion;
- fields openwire does not know on a delta are kept on the message: text is joined, lists are
  extended, anything else keeps its last value. The reasoning some servers stream
  (`reasoning_content`, `reasoning`) is joined the same way and also given as `reasoning.delta`
  events; OpenRouter's `reasoning_details` pieces are joined block by block (by `index`);
- of the fields other services add to a choice (`content_filter_results`, `stop_reason`,
  `native_finish_reason`, ...) and to a chunk (`provider`, `x_groq`, `prompt_filter_results`) the
  completion keeps the last value sent (`x_groq` merged, so that the id of the first chunk and the
  usage of the last are both kept); other unknown fields of choices and chunks are not kept.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable, Generator, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._event_stream import AsyncEventStream, EventStream
from .types.chat.stream_events import (
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
    LogprobsContentDeltaEvent,
    LogprobsContentDoneEvent,
    LogprobsRefusalDeltaEvent,
    LogprobsRefusalDoneEvent,
    ModerationEvent,
    ReasoningDeltaEvent,
    ReasoningDoneEvent,
    RefusalDeltaEvent,
    RefusalDoneEvent,
    UsageEvent,
    _Pieces,
)

if TYPE_CHECKING:
    from ._parsing import ChatParsing
    from ._streaming import AsyncStream, Stream
    from .types.chat.chunk import ChatCompletionChunk, ChoiceDeltaToolCall, ChunkChoice
    from .types.chat.completion import ChatCompletion, ChatCompletionTokenLogprob
    from .types.chat.parsed import ParsedChatCompletion
    from .types.chat.stream_events import ChatCompletionStreamEvent

__all__ = [
    "AsyncChatCompletionStream",
    "ChatCompletionAccumulator",
    "ChatCompletionStream",
    "aaccumulate",
    "accumulate",
]

T = TypeVar("T")

# Fields of a delta's extras that name a thing rather than add to it: the last value is kept.
_NAMES = frozenset({"id", "type", "index", "name", "expires_at", "format", "signature"})

# The fields other services add to a choice and to a chunk that the completion keeps (last value).
_CHOICE_FIELDS = ("content_filter_results", "content_filter_offsets", "stop_reason", "native_finish_reason")
_CHUNK_FIELDS = ("provider", "prompt_filter_results", "x_groq")


class _ToolCall:
    __slots__ = ("arguments", "id", "index", "name", "number", "type")

    def __init__(self, number: int, index: int | None, call_id: str | None) -> None:
        self.number = number  # its place in the message, in order of arrival
        self.index = index
        self.id = call_id
        self.type: str | None = None
        self.name = ""
        self.arguments = _Pieces()


class _Choice:
    __slots__ = (
        "content",
        "content_logprobs",
        "extra",
        "fields",
        "finish_reason",
        "finished",
        "function_call",
        "index",
        "reasoning",
        "refusal",
        "refusal_logprobs",
        "role",
        "tool_calls",
    )

    def __init__(self, index: int) -> None:
        self.index = index
        self.role: str | None = None
        self.content = _Pieces()
        self.refusal = _Pieces()
        self.tool_calls: list[_ToolCall] = []
        self.function_call: dict[str, str] | None = None
        self.content_logprobs: list[ChatCompletionTokenLogprob] | None = None
        self.refusal_logprobs: list[ChatCompletionTokenLogprob] | None = None
        self.finish_reason: str | None = None
        self.extra: dict[str, Any] = {}  # the message's fields openwire does not declare
        self.reasoning = _Pieces()
        self.fields: dict[str, Any] = {}  # the choice's fields other services add (_CHOICE_FIELDS)
        self.finished = False  # its done events were given


class ChatCompletionAccumulator(Generic[T]):
    """Builds the `ChatCompletion` a chat stream amounts to, chunk by chunk; no I/O.

    `add(chunk)` takes in a chunk and returns the events it makes (for the stream helper; none
    with `events=False`, for `accumulate`, which wants only the completion);
    `finish()` the done events of choices the stream left open; `completion()` the completion as
    it stands: equal to what the call without `stream` returns for the same content. Given a
    `ChatParsing` (from `parse`-style helpers), done events carry parsed content and arguments
    and `parsed_completion()` gives the `ParsedChatCompletion`.
    """

    __slots__ = ("_choices", "_head", "_moderation", "_parsing", "_usage", "_with_events")

    def __init__(self, parsing: ChatParsing[T] | None = None, *, events: bool = True) -> None:
        self._parsing = parsing
        self._with_events = events  # `accumulate` wants only the completion: no events are made
        self._head: dict[str, Any] = {}
        self._choices: dict[int, _Choice] = {}
        self._usage: Any = None
        self._moderation: Any = None

    def add(self, chunk: ChatCompletionChunk) -> list[ChatCompletionStreamEvent[T]]:
        """Take in the next chunk; the events it makes, its `ChunkEvent` first."""
        events: list[ChatCompletionStreamEvent[T]] = [ChunkEvent(chunk)] if self._with_events else []
        head = self._head
        if not head or (not head["id"] and chunk.id):
            # Azure's first chunk (the prompt's filter results) has an empty id and model.
            head.update(id=chunk.id, created=chunk.created, model=chunk.model)
        if chunk.service_tier is not None:
            head["service_tier"] = chunk.service_tier
        if chunk.system_fingerprint is not None:
            head["system_fingerprint"] = chunk.system_fingerprint
        extra = chunk.__pydantic_extra__
        if extra:
            _keep_fields(head, extra, _CHUNK_FIELDS)
        for choice in chunk.choices:
            self._add_choice(choice, events)
        if chunk.moderation is not None:
            self._moderation = chunk.moderation
            if self._with_events:
                events.append(ModerationEvent(chunk.moderation))
        if chunk.usage is not None:
            self._usage = chunk.usage
            if self._with_events:
                events.append(UsageEvent(chunk.usage))
        return events

    def finish(self) -> list[ChatCompletionStreamEvent[T]]:
        """The done events of the choices that never sent a `finish_reason` (a stream cut short,
        or a server that leaves it out)."""
        events: list[ChatCompletionStreamEvent[T]] = []
        if not self._with_events:
            return events
        for state in self._choices.values():
            if not state.finished:
                self._done(state, events)
        return events

    def completion(self) -> ChatCompletion:
        """The completion the chunks so far amount to."""
        from .types.chat.completion import ChatCompletion

        head = self._head
        if not head:
            from ._exceptions import OpenwireError

            raise OpenwireError("The stream ended before its first chunk: there is no completion to build.")
        body: dict[str, Any] = {"object": "chat.completion", **head}
        body["choices"] = [_choice_body(self._choices[index]) for index in sorted(self._choices)]
        if self._usage is not None:
            body["usage"] = self._usage
        if self._moderation is not None:
            body["moderation"] = self._moderation
        return ChatCompletion.model_validate(body)

    def parsed_completion(self) -> ParsedChatCompletion[T]:
        """The completion with its message parsed (see `client.chat.completions.parse`); raises
        as `parse` does for a truncated, filtered or invalid answer."""
        from ._parsing import ChatParsing

        parsing = self._parsing or ChatParsing[Any](None, ())
        return parsing.completion(self.completion())

    # -- one choice's delta --------------------------------------------------------------------

    def _add_choice(self, choice: ChunkChoice, events: list[ChatCompletionStreamEvent[T]]) -> None:
        index = choice.index
        state = self._choices.get(index)
        if state is None:
            state = self._choices[index] = _Choice(index)
        delta = choice.delta
        if delta.role is not None:
            state.role = delta.role
        extra = delta.__pydantic_extra__
        if extra:
            self._add_extra(state, extra, events)
        if delta.content:
            parts = state.content
            parts.parts.append(delta.content)
            if self._with_events:
                events.append(ContentDeltaEvent(index, delta.content, parts, len(parts.parts)))
        if delta.refusal:
            parts = state.refusal
            parts.parts.append(delta.refusal)
            if self._with_events:
                events.append(RefusalDeltaEvent(index, delta.refusal, parts, len(parts.parts)))
        if delta.tool_calls:
            for piece in delta.tool_calls:
                self._add_tool_piece(state, piece, events)
        if delta.function_call is not None:
            call = state.function_call = state.function_call or {"name": "", "arguments": ""}
            call["name"] = delta.function_call.name or call["name"]
            call["arguments"] += delta.function_call.arguments or ""
        fields = choice.__pydantic_extra__
        if fields:
            _keep_fields(state.fields, fields, _CHOICE_FIELDS)
        logprobs = choice.logprobs
        if logprobs is not None:
            if logprobs.content:
                kept = state.content_logprobs = state.content_logprobs or []
                kept.extend(logprobs.content)
                if self._with_events:
                    events.append(LogprobsContentDeltaEvent(index, logprobs.content, kept, len(kept)))
            if logprobs.refusal:
                kept = state.refusal_logprobs = state.refusal_logprobs or []
                kept.extend(logprobs.refusal)
                if self._with_events:
                    events.append(LogprobsRefusalDeltaEvent(index, logprobs.refusal, kept, len(kept)))
        if choice.finish_reason is not None:
            state.finish_reason = choice.finish_reason
            if not state.finished and self._with_events:
                self._done(state, events)

    def _add_extra(
        self, state: _Choice, extra: dict[str, Any], events: list[ChatCompletionStreamEvent[T]]
    ) -> None:
        """A delta's fields openwire does not declare: the reasoning some servers stream (under
        either name: one event a delta, even from a server that sends both), and the rest kept."""
        reasoning = extra.get("reasoning_content") or extra.get("reasoning")
        if reasoning and isinstance(reasoning, str):
            parts = state.reasoning
            parts.parts.append(reasoning)
            if self._with_events:
                events.append(ReasoningDeltaEvent(state.index, reasoning, parts, len(parts.parts)))
        _merge(state.extra, extra)

    def _add_tool_piece(
        self, state: _Choice, piece: ChoiceDeltaToolCall, events: list[ChatCompletionStreamEvent[T]]
    ) -> None:
        calls = state.tool_calls
        call = _call_for(calls, piece)
        if call is None:
            call = _ToolCall(len(calls), piece.index if "index" in piece.model_fields_set else None, piece.id)
            calls.append(call)
        if piece.type is not None:
            call.type = piece.type
        function = piece.function
        if function is None:
            return
        if function.name and not call.name:  # some servers repeat the name on every piece
            call.name = function.name
        if function.arguments:
            parts = call.arguments
            parts.parts.append(function.arguments)
            if self._with_events:
                events.append(
                    FunctionToolCallArgumentsDeltaEvent(
                        state.index, call.number, call.name, function.arguments, parts, len(parts.parts)
                    )
                )

    # -- done events ---------------------------------------------------------------------------

    def _done(self, state: _Choice, events: list[ChatCompletionStreamEvent[T]]) -> None:
        state.finished = True
        index = state.index
        if state.reasoning.parts:
            events.append(ReasoningDoneEvent(index, "".join(state.reasoning.parts)))
        if state.content_logprobs:
            events.append(LogprobsContentDoneEvent(index, state.content_logprobs))
        if state.refusal_logprobs:
            events.append(LogprobsRefusalDoneEvent(index, state.refusal_logprobs))
        if state.content.parts:
            content = "".join(state.content.parts)
            parsed = self._parsing.content_or_none(content) if self._parsing is not None else None
            events.append(ContentDoneEvent(index, content, parsed))
        if state.refusal.parts:
            events.append(RefusalDoneEvent(index, "".join(state.refusal.parts)))
        # Servers may interleave the pieces of parallel calls, so a call is known to be complete
        # only when its choice is.
        parsing = self._parsing
        for call in state.tool_calls:
            arguments = "".join(call.arguments.parts)
            parsed = parsing.arguments_or_none(call.name, arguments) if parsing is not None else None
            events.append(
                FunctionToolCallArgumentsDoneEvent(index, call.number, call.name, arguments, parsed)
            )


def _call_for(calls: list[_ToolCall], piece: ChoiceDeltaToolCall) -> _ToolCall | None:
    """The call a piece continues, or None when it begins a new one."""
    if piece.id:
        for call in calls:
            if call.id == piece.id:
                return call
        # A new id begins a new call, even at an index already used (servers that send every
        # call at index 0), unless the call at that index has no id yet.
        if "index" in piece.model_fields_set:
            for call in calls:
                if call.index == piece.index and call.id is None:
                    call.id = piece.id
                    return call
        return None
    if "index" in piece.model_fields_set:
        for call in reversed(calls):
            if call.index == piece.index:
                return call
        return None
    return calls[-1] if calls else None


def _merge(kept: dict[str, Any], extra: dict[str, Any]) -> None:
    """Add a delta's unknown fields to what earlier deltas gave: text joined, lists extended,
    objects merged the same way; names and anything else take the last value."""
    for key, value in extra.items():
        if value is None:
            continue
        before = kept.get(key)
        if key == "reasoning_details" and isinstance(value, list) and isinstance(before, list):
            kept[key] = _join_blocks(before, value)
            continue
        joins = isinstance(value, str) and isinstance(before, str) and key not in _NAMES
        if joins or (isinstance(value, list) and isinstance(before, list)):
            kept[key] = before + value
        elif isinstance(value, dict) and isinstance(before, dict):
            merged = dict(before)
            _merge(merged, value)
            kept[key] = merged
        else:
            kept[key] = value


def _join_blocks(kept: list[Any], pieces: list[Any]) -> list[Any]:
    """OpenRouter's streamed `reasoning_details`: a piece with the `index` and `type` of a block
    already begun continues it (its text joined, its signature and the like kept), any other
    piece begins a block."""
    blocks = list(kept)
    for piece in pieces:
        if isinstance(piece, dict) and piece.get("index") is not None:
            for number, block in enumerate(blocks):
                same = isinstance(block, dict) and block.get("index") == piece.get("index")
                if same and block.get("type") == piece.get("type"):
                    merged = dict(block)
                    _merge(merged, piece)
                    blocks[number] = merged
                    break
            else:
                blocks.append(piece)
        else:
            blocks.append(piece)
    return blocks


def _keep_fields(kept: dict[str, Any], extra: dict[str, Any], names: tuple[str, ...]) -> None:
    """Keep the last value sent of each of `names` (an empty object does not replace a full one;
    `x_groq` objects are merged)."""
    for name in names:
        value = extra.get(name)
        if value is None or value in ({}, []):
            continue
        before = kept.get(name)
        if name == "x_groq" and isinstance(before, dict) and isinstance(value, dict):
            value = {**before, **value}
        kept[name] = value


def _choice_body(state: _Choice) -> dict[str, Any]:
    message: dict[str, Any] = {
        **state.extra,
        "role": state.role or "assistant",
        "content": "".join(state.content.parts) if state.content.parts else None,
        "refusal": "".join(state.refusal.parts) if state.refusal.parts else None,
    }
    # A whole message always lists its annotations (none, but for web search); deltas carry them
    # only when there are some.
    message.setdefault("annotations", [])
    if state.tool_calls:
        message["tool_calls"] = [
            {
                "id": call.id or "",
                "type": call.type or "function",
                "function": {"name": call.name, "arguments": "".join(call.arguments.parts)},
            }
            for call in state.tool_calls
        ]
    if state.function_call is not None:
        message["function_call"] = state.function_call
    body: dict[str, Any] = {
        **state.fields,
        "index": state.index,
        "finish_reason": state.finish_reason,
        "message": message,
    }
    if state.content_logprobs is not None or state.refusal_logprobs is not None:
        body["logprobs"] = {"content": state.content_logprobs, "refusal": state.refusal_logprobs}
    return body


def _content_delta(event: ChatCompletionStreamEvent[Any]) -> str | None:
    return event.delta if type(event) is ContentDeltaEvent else None


def accumulate(stream: Iterable[ChatCompletionChunk]) -> ChatCompletion:
    """Read a chat stream (`create(stream=True)`, or any chunks) to its end and return the
    `ChatCompletion` it amounts to, equal to what the call without `stream` returns.

    ```python
    stream = client.chat.completions.create(model="gpt-5.4-mini", messages=messages, stream=True)
    completion = openwire.accumulate(stream)
    ```
    """
    accumulator: ChatCompletionAccumulator[Any] = ChatCompletionAccumulator(events=False)
    add = accumulator.add
    for chunk in stream:
        add(chunk)
    return accumulator.completion()


async def aaccumulate(stream: AsyncIterable[ChatCompletionChunk]) -> ChatCompletion:
    """`accumulate` for an `AsyncStream` (`await openwire.aaccumulate(stream)`)."""
    accumulator: ChatCompletionAccumulator[Any] = ChatCompletionAccumulator(events=False)
    add = accumulator.add
    async for chunk in stream:
        add(chunk)
    return accumulator.completion()


# -- the stream helper --------------------------------------------------------------------------


class ChatCompletionStream(EventStream["ChatCompletionStreamEvent[T]"], Generic[T]):
    """A chat stream read as typed events, on `Client` (from `client.chat.completions.stream(...)`).

    Iterate it for the events; or read `text_stream` for the text as it is written (each content
    delta, of every choice), call `until_done()`, then `get_final_completion()`. The request is
    sent when the `with` block starts, and the connection is released when it ends.
    """

    def __init__(
        self, open_stream: Callable[[], Stream[ChatCompletionChunk]], parsing: ChatParsing[T]
    ) -> None:
        super().__init__(open_stream)
        self.accumulator: ChatCompletionAccumulator[T] = ChatCompletionAccumulator(parsing)
        """What the chunks so far amount to (`accumulator.completion()` for a snapshot)."""

    def _follow(self) -> Generator[ChatCompletionStreamEvent[T], None, None]:
        assert self._stream is not None
        add = self.accumulator.add
        for chunk in self._stream:
            yield from add(chunk)
        yield from self.accumulator.finish()

    _text = staticmethod(_content_delta)

    def get_final_completion(self) -> ParsedChatCompletion[T]:
        """The whole completion (reading the rest of the stream first), equal to what the call
        without `stream` returns for the same content, its message parsed as `parse` does."""
        self.until_done()
        return self.accumulator.parsed_completion()


class AsyncChatCompletionStream(AsyncEventStream["ChatCompletionStreamEvent[T]"], Generic[T]):
    """A chat stream read as typed events, on `AsyncClient` (`async with`, `async for`, and
    awaited `until_done()` / `get_final_completion()`); see `ChatCompletionStream`."""

    def __init__(
        self, open_stream: Callable[[], Awaitable[AsyncStream[ChatCompletionChunk]]], parsing: ChatParsing[T]
    ) -> None:
        super().__init__(open_stream)
        self.accumulator: ChatCompletionAccumulator[T] = ChatCompletionAccumulator(parsing)
        """What the chunks so far amount to (`accumulator.completion()` for a snapshot)."""

    async def _follow(self) -> AsyncGenerator[ChatCompletionStreamEvent[T], None]:
        assert self._stream is not None
        add = self.accumulator.add
        async for chunk in self._stream:
            for event in add(chunk):
                yield event
        for event in self.accumulator.finish():
            yield event

    _text = staticmethod(_content_delta)

    async def get_final_completion(self) -> ParsedChatCompletion[T]:
        """The whole completion (reading the rest of the stream first), equal to what the call
        without `stream` returns for the same content, its message parsed as `parse` does."""
        await self.until_done()
        return self.accumulator.parsed_completion()
