"""Tool runners: `client.chat.completions.run_tools(...)` and `client.responses.run_tools(...)` call
the model, run the tools it calls, send their outputs back, and go on until it answers.

The loop is written once, without I/O: a `_ToolLoop` (`ChatToolLoop`, `ResponseToolLoop`) builds each
request, reads each answer into the calls to run (deciding the output of those it cannot run: an
unknown tool, arguments that do not fit), and records each round into the conversation. The four
runner classes only make the API calls and run the tools: one after another on `Client`, at the
same time on `AsyncClient`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._exceptions import ToolArgumentsError, tool_rounds_exceeded, tool_runner_input_error
from ._parsing import ChatParsing, ResponseParsing, _Parsing
from ._tools import FunctionTool, _is_async, function_tool
from ._types import NOT_GIVEN
from .types.chat.completion import ChatCompletion
from .types.chat.parsed import ParsedChatCompletion, ParsedFunctionToolCall
from .types.responses.parsed import ParsedResponse, ParsedResponseFunctionToolCall
from .types.responses.response import Response

if TYPE_CHECKING:
    from .types.chat.params import ChatCompletionMessageParam
    from .types.responses.input_params import ResponseInputItemParam

__all__ = [
    "AsyncChatToolRunner",
    "AsyncResponseToolRunner",
    "ChatToolLoop",
    "ChatToolRunner",
    "ResponseToolLoop",
    "ResponseToolRunner",
    "RunnerTools",
    "ToolRound",
]

T = TypeVar("T")
A = TypeVar("A")  # an answer as it came: ChatCompletion or Response
C = TypeVar("C")  # the answer parsed: ParsedChatCompletion[T] or ParsedResponse[T]
K = TypeVar("K")  # a function call of that answer

RunnerTools = Iterable["FunctionTool[Any] | Callable[..., Any]"]
"""The tools of `run_tools`: `openwire.function_tool`s, or plain functions (made into tools)."""


@dataclass(frozen=True)
class ToolRound(Generic[C, K]):
    """One model call of a tool runner, and the tools it ran.

    ```python
    for round in client.chat.completions.run_tools(model=..., messages=..., tools=[get_weather]):
        for call in round.tool_calls:
            print(call.function.name, call.function.arguments, "->", round.outputs[call.id])
    ```

    Attributes:
        index: the round's place, from 0.
        completion: the model's answer: a `ParsedChatCompletion`, or from `responses.run_tools` a
            `ParsedResponse`.
        tool_calls: the function calls it made (chat: `ParsedFunctionToolCall`s; responses:
            `function_call` items), in order; empty in the last round, the answer.
        outputs: the text sent back for each call, by call id (`id` in chat, `call_id` in
            responses), in the calls' order.
    """

    index: int
    completion: C
    tool_calls: tuple[K, ...]
    outputs: Mapping[str, str]


@dataclass(frozen=True)
class _Call:
    """A call to answer: with `tool` to run it, or (`tool` is None) with the `output` to send."""

    id: str
    tool: FunctionTool[Any] | None
    arguments: str
    output: str = ""


class _Lenient(_Parsing[Any]):
    # A runner sends arguments that do not fit back to the model as the call's output, so reading
    # the answer must not fail on them: their `parsed_arguments` stays None.
    __slots__ = ()

    def arguments(self, name: str, arguments: str) -> Any:
        try:
            return super().arguments(name, arguments)
        except ToolArgumentsError:
            return None


class _ChatParsing(_Lenient, ChatParsing[T]):
    __slots__ = ()


class _ResponseParsing(_Lenient, ResponseParsing[T]):
    __slots__ = ()


class _ToolLoop(Generic[A, C, K]):
    """The life of a tool runner, no I/O: `next_request()` (None once answered), then `take(answer)`
    gives the calls to answer (`pending`), then `close(outputs)` records the round."""

    def __init__(self, tools: RunnerTools, max_rounds: int) -> None:
        if max_rounds < 1:
            raise tool_runner_input_error("max_rounds")
        self.tools: dict[str, FunctionTool[Any]] = {}
        """The tools by name."""
        for given in tools:
            tool: FunctionTool[Any] = given if isinstance(given, FunctionTool) else function_tool(given)
            if tool.function is None:
                raise tool_runner_input_error("no_function", tool.name)
            if tool.name in self.tools:
                raise tool_runner_input_error("duplicate", tool.name)
            self.tools[tool.name] = tool
        self.max_rounds = max_rounds
        self.rounds: list[ToolRound[C, K]] = []
        """The rounds so far."""
        self.pending: list[_Call] | None = None
        """The calls of the round under way (taken, not closed): they are run again if running
        them raised."""
        self.done = False
        """Whether the model answered without calling tools."""
        self._answer: C | None = None
        self._calls: tuple[K, ...] = ()

    def next_request(self) -> dict[str, Any] | None:
        """The parameters of the next model call; None once the model has answered. Raises
        `ToolRoundsExceededError` when `max_rounds` calls were made and the last still called tools."""
        if self.done:
            return None
        if len(self.rounds) >= self.max_rounds:
            called = [self._name(call) for call in self.rounds[-1].tool_calls]
            raise tool_rounds_exceeded(self.max_rounds, called, self.rounds, self.history)
        return self._request()

    def take(self, answer: A) -> list[_Call]:
        """Read the model's answer: the calls to answer, in order (none: it is the final answer)."""
        parsed, calls, others = self._read(answer)
        self._answer = parsed
        self._calls = tuple(calls)
        planned = [self._plan(*self._parts(call)) for call in calls]
        # A call of another kind than a function (a client that sent a custom tool's call) cannot be
        # run, but the API wants an answer to every call; it is not among the round's `tool_calls`.
        planned += [_Call(call_id, None, "", self._no_such_tool(name)) for call_id, name in others]
        self.pending = planned
        return planned

    def close(self, outputs: Sequence[str]) -> ToolRound[C, K]:
        """Record the round whose calls were answered with `outputs` (in `pending`'s order)."""
        pending, answer = self.pending, self._answer
        assert pending is not None, "close() comes after take()"
        assert answer is not None
        outputs_by_id = {call.id: output for call, output in zip(pending, outputs, strict=True)}
        done = ToolRound(len(self.rounds), answer, self._calls, outputs_by_id)
        self._record(done)
        self.rounds.append(done)
        self.done = not pending
        self.pending = None
        return done

    def final(self) -> C:
        """The answer (once `done`)."""
        return self.rounds[-1].completion

    def _plan(self, call_id: str, name: str, arguments: str) -> _Call:
        tool = self.tools.get(name)
        if tool is None:
            return _Call(call_id, None, arguments, self._no_such_tool(name))
        try:
            tool.parse_arguments(arguments)
        except ToolArgumentsError as error:  # the message says what was wrong: the model can retry
            return _Call(call_id, None, arguments, str(error))
        return _Call(call_id, tool, arguments)

    def _no_such_tool(self, name: str) -> str:
        names = ", ".join(self.tools) or "none"
        return f"There is no tool named {name!r}. The tools are: {names}."

    def _name(self, call: K) -> str:
        return self._parts(call)[1]

    # What each API does its own way.

    @property
    def history(self) -> list[Any]:
        """The conversation so far, as it would be sent again."""
        raise NotImplementedError

    def _request(self) -> dict[str, Any]:
        raise NotImplementedError

    def _read(self, answer: A) -> tuple[C, list[K], list[tuple[str, str]]]:
        """The answer parsed, its function calls, and (id, name) of calls of any other kind."""
        raise NotImplementedError

    def _parts(self, call: K) -> tuple[str, str, str]:
        """A call's id, tool name and arguments."""
        raise NotImplementedError

    def _record(self, done: ToolRound[C, K]) -> None:
        raise NotImplementedError


class ChatToolLoop(_ToolLoop[ChatCompletion, ParsedChatCompletion[T], ParsedFunctionToolCall]):
    """A chat tool runner's loop: every round sends the whole conversation."""

    def __init__(
        self, tools: RunnerTools, max_rounds: int, response_format: type[T] | None, params: Mapping[str, Any]
    ) -> None:
        super().__init__(tools, max_rounds)
        self._parsing = _ChatParsing[T](response_format, list(self.tools.values()) or NOT_GIVEN)
        self._params = {key: value for key, value in params.items() if key != "messages"}
        self.messages: list[ChatCompletionMessageParam] = list(params.get("messages") or ())
        """The conversation so far."""

    @property
    def history(self) -> list[Any]:
        return list(self.messages)

    def _request(self) -> dict[str, Any]:
        return self._parsing.request({**self._params, "messages": list(self.messages)})

    def _read(
        self, answer: ChatCompletion
    ) -> tuple[ParsedChatCompletion[T], list[ParsedFunctionToolCall], list[tuple[str, str]]]:
        parsed = self._parsing.completion(answer)
        # Only the first choice is followed: with `n` > 1 the others are on each round's completion.
        tool_calls = (parsed.choices[0].message.tool_calls or []) if parsed.choices else []
        calls = [call for call in tool_calls if isinstance(call, ParsedFunctionToolCall)]
        others = [
            (str(getattr(call, "id", "")), str(getattr(getattr(call, "custom", None), "name", "")))
            for call in tool_calls
            if not isinstance(call, ParsedFunctionToolCall)
        ]
        return parsed, calls, others

    def _parts(self, call: ParsedFunctionToolCall) -> tuple[str, str, str]:
        return call.id, call.function.name, call.function.arguments

    def _record(self, done: ToolRound[ParsedChatCompletion[T], ParsedFunctionToolCall]) -> None:
        if not done.completion.choices:
            return
        message = done.completion.choices[0].message
        said: dict[str, Any] = {"role": "assistant", "content": message.content}
        if message.refusal:
            said["refusal"] = message.refusal
        if message.tool_calls:
            said["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.function.name, "arguments": call.function.arguments},
                }
                if isinstance(call, ParsedFunctionToolCall)
                else call.to_dict()
                for call in message.tool_calls
            ]
        self.messages.append(said)  # type: ignore[arg-type]  # an assistant message, built above
        for call_id, output in done.outputs.items():
            self.messages.append({"role": "tool", "tool_call_id": call_id, "content": output})


class ResponseToolLoop(_ToolLoop[Response, ParsedResponse[T], ParsedResponseFunctionToolCall]):
    """A Responses tool runner's loop. A stored response (`store` not False) is continued with
    `previous_response_id` and only the new items (in a `conversation`, the conversation carries
    them); with `store=False` every round sends the whole history."""

    def __init__(
        self, tools: RunnerTools, max_rounds: int, text_format: type[T] | None, params: Mapping[str, Any]
    ) -> None:
        super().__init__(tools, max_rounds)
        if params.get("background"):
            raise tool_runner_input_error("background")
        self._parsing = _ResponseParsing[T](text_format, list(self.tools.values()) or NOT_GIVEN)
        self._params = dict(params)
        given = params.get("input")
        self.input: list[ResponseInputItemParam] = (
            [{"type": "message", "role": "user", "content": given}]
            if isinstance(given, str)
            else list(given or ())
        )
        """Every item so far: the input as items, then each response's output items and the
        function call outputs sent back."""
        self._new: list[ResponseInputItemParam] = []  # the outputs not sent yet
        self._output: list[dict[str, Any]] = []  # the last answer's items, as the API sent them
        self._stateless = params.get("store") is False

    @property
    def history(self) -> list[Any]:
        return list(self.input)

    def _request(self) -> dict[str, Any]:
        if not self.rounds:
            return self._parsing.request(self._params)
        if self._stateless:
            return self._parsing.request({**self._params, "input": list(self.input)})
        request = {**self._params, "input": list(self._new)}
        if self._params.get("conversation") is None:  # a conversation takes no previous_response_id
            request["previous_response_id"] = self.rounds[-1].completion.id
        return self._parsing.request(request)

    def _read(
        self, answer: Response
    ) -> tuple[ParsedResponse[T], list[ParsedResponseFunctionToolCall], list[tuple[str, str]]]:
        parsed = self._parsing.response(answer)
        self._output = [item.to_dict() for item in answer.output]
        calls = [item for item in parsed.output if isinstance(item, ParsedResponseFunctionToolCall)]
        return parsed, calls, []  # other kinds of calls (hosted tools) are the API's to run

    def _parts(self, call: ParsedResponseFunctionToolCall) -> tuple[str, str, str]:
        return call.call_id, call.name, call.arguments

    def _record(self, done: ToolRound[ParsedResponse[T], ParsedResponseFunctionToolCall]) -> None:
        self._new = [
            {"type": "function_call_output", "call_id": call_id, "output": output}
            for call_id, output in done.outputs.items()
        ]
        self.input += self._output  # type: ignore[arg-type]  # output items, as the API sent them
        self.input += self._new


# --- the runners: only the calls -----------------------------------------------------------------


class _Runner(Generic[A, C, K]):
    """What every runner has: the loop it drives, and the rounds it ran."""

    _loop: _ToolLoop[A, C, K]

    @property
    def rounds(self) -> list[ToolRound[C, K]]:
        """The rounds run so far."""
        return list(self._loop.rounds)


class _SyncRunner(_Runner[A, C, K]):
    def __init__(self, create: Callable[[dict[str, Any]], A], loop: _ToolLoop[A, C, K]) -> None:
        for tool in loop.tools.values():
            if tool.function is not None and _is_async(tool.function):
                raise tool_runner_input_error("async", tool.name)
        self._create = create
        self._loop = loop

    def __iter__(self) -> Iterator[ToolRound[C, K]]:
        return self

    def __next__(self) -> ToolRound[C, K]:
        done = self._step()
        if done is None:
            raise StopIteration
        return done

    def _step(self) -> ToolRound[C, K] | None:
        loop = self._loop
        if loop.pending is None:
            request = loop.next_request()
            if request is None:
                return None
            loop.take(self._create(request))
        assert loop.pending is not None
        return loop.close(
            [call.output if call.tool is None else call.tool.call(call.arguments) for call in loop.pending]
        )

    def until_done(self) -> C:
        """Run the rounds left; the model's answer, parsed."""
        while self._step() is not None:
            pass
        return self._loop.final()


class _AsyncRunner(_Runner[A, C, K]):
    def __init__(self, create: Callable[[dict[str, Any]], Awaitable[A]], loop: _ToolLoop[A, C, K]) -> None:
        self._create = create
        self._loop = loop

    def __aiter__(self) -> AsyncIterator[ToolRound[C, K]]:
        return self

    async def __anext__(self) -> ToolRound[C, K]:
        done = await self._step()
        if done is None:
            raise StopAsyncIteration
        return done

    async def _step(self) -> ToolRound[C, K] | None:
        loop = self._loop
        if loop.pending is None:
            request = loop.next_request()
            if request is None:
                return None
            loop.take(await self._create(request))
        assert loop.pending is not None
        return loop.close(await _run_together(loop.pending))

    async def until_done(self) -> C:
        """Run the rounds left; the model's answer, parsed."""
        while await self._step() is not None:
            pass
        return self._loop.final()


async def _run_together(calls: Sequence[_Call]) -> list[str]:
    """Run the calls at the same time; their outputs in the calls' order. The first exception a
    tool raises cancels the others and is raised as it is (not in an exception group)."""
    import anyio

    outputs = [call.output for call in calls]
    failures: list[Exception] = []

    async def run(index: int, tool: FunctionTool[Any], arguments: str) -> None:
        try:
            outputs[index] = await tool.acall(arguments)
        except Exception as error:  # not BaseException: cancellation passes through
            failures.append(error)
            group.cancel_scope.cancel()

    async with anyio.create_task_group() as group:
        for index, call in enumerate(calls):
            if call.tool is not None:
                group.start_soon(run, index, call.tool, call.arguments)
    if failures:
        raise failures[0]
    return outputs


class _Conversation:
    """The chat runners' conversation."""

    _chat: ChatToolLoop[Any]

    @property
    def messages(self) -> list[ChatCompletionMessageParam]:
        """The conversation so far as message params, ready to send again: the messages given, then
        for each round the assistant's message and a `tool` message per call."""
        return list(self._chat.messages)


class _Items:
    """The Responses runners' items."""

    _responses: ResponseToolLoop[Any]

    @property
    def input(self) -> list[ResponseInputItemParam]:
        """Every item so far, ready to send again as `input` (what each round of `store=False`
        sends): the input as items, then each response's output items as the API sent them, and
        the `function_call_output` items."""
        return list(self._responses.input)


class ChatToolRunner(
    _Conversation, _SyncRunner[ChatCompletion, ParsedChatCompletion[T], ParsedFunctionToolCall], Generic[T]
):
    """A chat conversation with tools, run to its answer, on `Client` (from
    `client.chat.completions.run_tools(...)`).

    Each round is one model call; the tools it calls are run one after another and their outputs
    sent back in the next round. Iterate the runner to run it round by round (each `ToolRound`
    as it completes), or call `until_done()` for the answer. Nothing is sent before either.

    ```python
    runner = client.chat.completions.run_tools(model="gpt-5.4-mini", messages=messages, tools=[get_weather])
    for round in runner:
        print(round.index, [call.function.name for call in round.tool_calls])
    completion = runner.until_done()  # the answer (the last round's completion)
    messages = runner.messages  # the whole conversation, to carry on with
    ```
    """

    def __init__(self, create: Callable[[dict[str, Any]], ChatCompletion], loop: ChatToolLoop[T]) -> None:
        super().__init__(create, loop)
        self._chat = loop


class AsyncChatToolRunner(
    _Conversation, _AsyncRunner[ChatCompletion, ParsedChatCompletion[T], ParsedFunctionToolCall], Generic[T]
):
    """A chat conversation with tools, run to its answer, on `AsyncClient` (`async for`, awaited
    `until_done()`); see `ChatToolRunner`. The tool calls of a round run at the same time (each
    with `FunctionTool.acall`); their outputs are sent back in the calls' order.

    ```python
    runner = client.chat.completions.run_tools(model="gpt-5.4-mini", messages=messages, tools=[get_weather])
    async for round in runner:
        print(round.index, round.outputs)
    completion = await runner.until_done()
    ```
    """

    def __init__(
        self, create: Callable[[dict[str, Any]], Awaitable[ChatCompletion]], loop: ChatToolLoop[T]
    ) -> None:
        super().__init__(create, loop)
        self._chat = loop


class ResponseToolRunner(
    _Items, _SyncRunner[Response, ParsedResponse[T], ParsedResponseFunctionToolCall], Generic[T]
):
    """A response with tools, run to its answer, on `Client` (from `client.responses.run_tools(...)`).

    Each round is one model call; the `function_call` items it makes are run one after another
    and their outputs sent back as `function_call_output` items: after a stored response (`store`
    not False) with `previous_response_id` and only the new items; with `store=False` as the
    whole history. Iterate the runner for each `ToolRound`, or call `until_done()`.

    ```python
    runner = client.responses.run_tools(model="gpt-5.4", input="Weather in Paris?", tools=[get_weather])
    response = runner.until_done()
    print(response.output_text)
    ```
    """

    def __init__(self, create: Callable[[dict[str, Any]], Response], loop: ResponseToolLoop[T]) -> None:
        super().__init__(create, loop)
        self._responses = loop


class AsyncResponseToolRunner(
    _Items, _AsyncRunner[Response, ParsedResponse[T], ParsedResponseFunctionToolCall], Generic[T]
):
    """A response with tools, run to its answer, on `AsyncClient` (`async for`, awaited
    `until_done()`); see `ResponseToolRunner`. The calls of a round run at the same time; their
    outputs are sent back in the calls' order.

    ```python
    runner = client.responses.run_tools(model="gpt-5.4", input="Weather in Paris?", tools=[get_weather])
    response = await runner.until_done()
    ```
    """

    def __init__(
        self, create: Callable[[dict[str, Any]], Awaitable[Response]], loop: ResponseToolLoop[T]
    ) -> None:
        super().__init__(create, loop)
        self._responses = loop
