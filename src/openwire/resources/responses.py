"""`client.responses`: create model responses (whole, streamed, or in the background), and manage
stored ones: retrieve, resume a stream, cancel, delete, list their input, count tokens, compact."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from typing_extensions import Unpack

from openwire._models import cursor_page_parser, parser
from openwire._pydantic import JsonValidator
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource, helper
from openwire._streaming import AsyncStream, Stream
from openwire._types import NOT_GIVEN, NotGiven, RequestOptions
from openwire.types.responses import (
    CompactedResponse,
    InputItemListParams,
    InputTokenCountParams,
    Response,
    ResponseCompactParams,
    ResponseCreateParams,
    ResponseCreateParamsNonStreaming,
    ResponseCreateParamsStreaming,
    ResponseInputTokens,
    ResponseItem,
    ResponseParseParams,
    ResponseRetrieveParams,
    ResponseRetrieveParamsNonStreaming,
    ResponseRetrieveParamsStreaming,
    ResponseStreamEvent,
)

if TYPE_CHECKING:
    from openwire._pagination import AsyncCursorPager, CursorPage, CursorPageData
    from openwire._response_stream import AsyncResponseStream, ResponseStream
    from openwire._tool_runner import AsyncResponseToolRunner, ResponseToolRunner, RunnerTools
    from openwire._tools import FunctionTool
    from openwire.resources._views.responses import (  # noqa: F401 - named in the class bases below
        AsyncInputItemsWithRawResponse,
        AsyncInputItemsWithStreamingResponse,
        AsyncInputTokensWithRawResponse,
        AsyncInputTokensWithStreamingResponse,
        AsyncResponsesWithRawResponse,
        AsyncResponsesWithStreamingResponse,
        InputItemsWithRawResponse,
        InputItemsWithStreamingResponse,
        InputTokensWithRawResponse,
        InputTokensWithStreamingResponse,
        ResponsesWithRawResponse,
        ResponsesWithStreamingResponse,
    )
    from openwire.types.responses import ToolParam
    from openwire.types.responses.parsed import ParsedResponse

__all__ = [
    "AsyncInputItems",
    "AsyncInputTokens",
    "AsyncResponses",
    "InputItems",
    "InputTokens",
    "Responses",
]


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Create(ResponseCreateParams, RequestOptions, total=False): ...


class _CreateNonStreaming(ResponseCreateParamsNonStreaming, RequestOptions, total=False): ...


class _CreateStreaming(ResponseCreateParamsStreaming, RequestOptions, total=False): ...


class _Retrieve(ResponseRetrieveParams, RequestOptions, total=False): ...


class _RetrieveNonStreaming(ResponseRetrieveParamsNonStreaming, RequestOptions, total=False): ...


class _RetrieveStreaming(ResponseRetrieveParamsStreaming, RequestOptions, total=False): ...


class _Parse(ResponseParseParams, RequestOptions, total=False): ...


class _ListInputItems(InputItemListParams, RequestOptions, total=False): ...


class _CountInputTokens(InputTokenCountParams, RequestOptions, total=False): ...


class _Compact(ResponseCompactParams, RequestOptions, total=False): ...


T = TypeVar("T")

Tools = Iterable["ToolParam | FunctionTool[Any]"]
"""The tools of the helpers: the API's tool params, or `openwire.function_tool`s."""

_EVENTS: JsonValidator[ResponseStreamEvent] = JsonValidator(ResponseStreamEvent)


def _nothing(response: Any) -> None:
    """`DELETE /responses/{id}` answers 200 with no body of note."""


_CREATE = Endpoint(
    "POST",
    "/responses",
    parser(Response),
    params=ResponseCreateParams,
    stream_parse=_EVENTS,
    name="responses.create",
)
_RETRIEVE = Endpoint(
    "GET",
    "/responses/{}",
    parser(Response),
    params=ResponseRetrieveParams,
    body="query",
    stream_parse=_EVENTS,
    name="responses.retrieve",
)
_DELETE = Endpoint("DELETE", "/responses/{}", _nothing, name="responses.delete")
_CANCEL = Endpoint("POST", "/responses/{}/cancel", parser(Response), name="responses.cancel")
_COMPACT = Endpoint(
    "POST",
    "/responses/compact",
    parser(CompactedResponse),
    params=ResponseCompactParams,
    name="responses.compact",
)
_LIST_INPUT_ITEMS: Endpoint[CursorPageData[ResponseItem]] = Endpoint(
    "GET",
    "/responses/{}/input_items",
    cursor_page_parser(ResponseItem),
    params=InputItemListParams,
    body="query",
    name="responses.input_items.list",
)
_COUNT_INPUT_TOKENS = Endpoint(
    "POST",
    "/responses/input_tokens",
    parser(ResponseInputTokens),
    params=InputTokenCountParams,
    name="responses.input_tokens.count",
)


class Responses(SyncAPIResource["ResponsesWithRawResponse", "ResponsesWithStreamingResponse"]):
    """The Responses API: a model's response to text, images, files and tool results, with tools,
    stored conversation state, background work and moderation."""

    @overload
    def create(self, **params: Unpack[_CreateNonStreaming]) -> Response: ...
    @overload
    def create(self, **params: Unpack[_CreateStreaming]) -> Stream[ResponseStreamEvent]: ...
    @overload
    def create(self, **params: Unpack[_Create]) -> Response | Stream[ResponseStreamEvent]: ...
    def create(self, **params: Unpack[_Create]) -> Response | Stream[ResponseStreamEvent]:
        """Create a model response (`POST /responses`).

        Takes the API's parameters as keyword arguments (see `ResponseCreateParams`): `model` and
        `input` (a string, or a list of messages and items), `instructions`, `tools`, `text`,
        `reasoning`, `previous_response_id` or `conversation`, `background`, `moderation`, ...
        With `stream=True` returns a stream of typed `ResponseStreamEvent`s, else the `Response`.
        """
        return self._call(_CREATE, params)

    @overload
    def parse(
        self, *, text_format: type[T], tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ParsedResponse[T]: ...
    @overload
    def parse(
        self, *, tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ParsedResponse[None]: ...
    @helper
    def parse(
        self,
        *,
        text_format: type[T] | None = None,
        tools: Tools | NotGiven = NOT_GIVEN,
        **params: Unpack[_Parse],
    ) -> ParsedResponse[Any]:
        """Create a response whose output is parsed (`response.output_parsed`).

        `text_format` is a class (a pydantic model, a TypedDict or a dataclass): it is sent as a
        strict `json_schema` text format (next to any `text` options, such as `verbosity`) and the
        output text is parsed into it. `tools` may include `openwire.function_tool`s and
        `pydantic_function_tool`s, whose calls get `parsed_arguments`. A refusal leaves
        `output_parsed` as `None`. Raises `LengthFinishReasonError` /
        `ContentFilterFinishReasonError` for an `incomplete` response, `OutputValidationError` for
        output that does not fit, each carrying the response and its usage.

        ```python
        class Answer(BaseModel):
            city: str
            population: int

        response = client.responses.parse(model="gpt-5.4-mini", input="...", text_format=Answer)
        answer = response.output_parsed  # Answer | None
        ```
        """
        from openwire._parsing import ResponseParsing

        parsing = ResponseParsing(text_format, tools)
        return parsing.response(self._call(_CREATE, parsing.request(params)))

    @overload
    def stream(
        self, *, text_format: type[T], tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ResponseStream[T]: ...
    @overload
    def stream(
        self, *, tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ResponseStream[None]: ...
    @helper
    def stream(
        self,
        *,
        text_format: type[T] | None = None,
        tools: Tools | NotGiven = NOT_GIVEN,
        **params: Unpack[_Parse],
    ) -> ResponseStream[Any]:
        """Create a streamed response and follow it: a context manager (`with` on `Client`,
        `async with` on `AsyncClient`) whose iteration gives the typed events, with `text_stream`,
        `until_done()` and `get_final_response()`. A background response (`background=True`) whose
        stream breaks off is resumed from the last event received
        (`retrieve(..., stream=True, starting_after=...)`), with no event lost or repeated, up to
        the client's `max_retries` times. Takes what `parse` takes: `parsed_snapshot` is then the
        output parsed so far, and the final response is parsed.

        ```python
        with client.responses.stream(model="gpt-5.4", input="Tell me a story.") as stream:
            for text in stream.text_stream:
                print(text, end="")
        response = stream.get_final_response()
        ```
        """
        from openwire._parsing import ResponseParsing
        from openwire._response_stream import ResponseStream

        parsing = ResponseParsing(text_format, tools)
        request = {**parsing.request(params), "stream": True}
        return ResponseStream(
            lambda: cast("Stream[ResponseStreamEvent]", self._call(_CREATE, request)),
            self._resume,
            self._client.max_retries,
            parsing,
        )

    def _resume(self, response_id: str, after: int) -> Stream[ResponseStreamEvent]:
        return self.retrieve(response_id, stream=True, starting_after=after)

    @overload
    def run_tools(
        self,
        *,
        tools: RunnerTools,
        max_rounds: int = 10,
        text_format: type[T],
        **params: Unpack[_Parse],
    ) -> ResponseToolRunner[T]: ...
    @overload
    def run_tools(
        self, *, tools: RunnerTools, max_rounds: int = 10, **params: Unpack[_Parse]
    ) -> ResponseToolRunner[None]: ...
    @helper
    def run_tools(
        self,
        *,
        tools: RunnerTools,
        max_rounds: int = 10,
        text_format: type[T] | None = None,
        **params: Unpack[_Parse],
    ) -> ResponseToolRunner[Any]:
        """Run a response with tools to its answer: call the model, run the `function_call`s it
        makes, send their outputs back as `function_call_output` items, and go on until it answers
        without calling functions. Returns a runner and sends nothing yet: iterate it (`async for`
        on `AsyncClient`) for each `ToolRound` as it completes, or call `until_done()` (awaited on
        `AsyncClient`) for the answer, a `ParsedResponse` parsed with `text_format` when given.
        Takes what `parse` takes.

        A stored response (`store` not False) is continued with `previous_response_id` and only the
        new items (within a `conversation`, by the conversation); with `store=False` every round
        sends the whole history, which `runner.input` holds. `tools`, the errors and `max_rounds`
        work as in `chat.completions.run_tools`: a call to a tool that does not exist or with
        arguments that do not fit is answered with a message saying so, an exception raised by a
        tool's function propagates, and a model still calling tools in the last allowed round
        raises `ToolRoundsExceededError` (its `.messages` are the input items).

        ```python
        def get_weather(city: str) -> str:
            \"\"\"The weather in a city now.\"\"\"
            return f"{city}: 21C"

        runner = client.responses.run_tools(model="gpt-5.4", input="Weather in Paris?", tools=[get_weather])
        print(runner.until_done().output_text)
        ```
        """
        from openwire._tool_runner import ResponseToolLoop, ResponseToolRunner

        return ResponseToolRunner(
            lambda request: self._call(_CREATE, request),
            ResponseToolLoop(tools, max_rounds, text_format, params),
        )

    @overload
    def retrieve(self, response_id: str, /, **params: Unpack[_RetrieveNonStreaming]) -> Response: ...
    @overload
    def retrieve(
        self, response_id: str, /, **params: Unpack[_RetrieveStreaming]
    ) -> Stream[ResponseStreamEvent]: ...
    @overload
    def retrieve(
        self, response_id: str, /, **params: Unpack[_Retrieve]
    ) -> Response | Stream[ResponseStreamEvent]: ...
    def retrieve(
        self, response_id: str, /, **params: Unpack[_Retrieve]
    ) -> Response | Stream[ResponseStreamEvent]:
        """Get a stored response (`GET /responses/{response_id}`); with `stream=True`, its events
        again, after `starting_after` (a sequence number): how a broken stream is resumed."""
        return self._call(_RETRIEVE, params, response_id)

    def delete(self, response_id: str, /, **options: Unpack[RequestOptions]) -> None:
        """Delete a stored response."""
        return self._call(_DELETE, options, response_id)

    def cancel(self, response_id: str, /, **options: Unpack[RequestOptions]) -> Response:
        """Cancel a response created with `background=True` that has not finished."""
        return self._call(_CANCEL, options, response_id)

    def compact(self, **params: Unpack[_Compact]) -> CompactedResponse:
        """Compact a conversation into fewer items to carry on with (`POST /responses/compact`)."""
        return self._call(_COMPACT, params)

    @cached_property
    def input_items(self) -> InputItems:
        """The input items of stored responses."""
        return self._sub(InputItems)

    @cached_property
    def input_tokens(self) -> InputTokens:
        """Count the input tokens of a request before making it."""
        return self._sub(InputTokens)


class InputItems(SyncAPIResource["InputItemsWithRawResponse", "InputItemsWithStreamingResponse"]):
    """The input items of a stored response."""

    def list(self, response_id: str, /, **params: Unpack[_ListInputItems]) -> CursorPage[ResponseItem]:
        """List the items a stored response was given as input; iterating fetches later pages as
        needed."""
        return self._paged(_LIST_INPUT_ITEMS, params, response_id)


class InputTokens(SyncAPIResource["InputTokensWithRawResponse", "InputTokensWithStreamingResponse"]):
    """Input token counts of a request, before it is made."""

    def count(self, **params: Unpack[_CountInputTokens]) -> ResponseInputTokens:
        """Count the input tokens a `responses.create` with these parameters would use
        (`POST /responses/input_tokens`)."""
        return self._call(_COUNT_INPUT_TOKENS, params)


class AsyncResponses(
    AsyncAPIResource["AsyncResponsesWithRawResponse", "AsyncResponsesWithStreamingResponse"]
):
    """The Responses API: a model's response to text, images, files and tool results, with tools,
    stored conversation state, background work and moderation."""

    @overload
    async def create(self, **params: Unpack[_CreateNonStreaming]) -> Response: ...
    @overload
    async def create(self, **params: Unpack[_CreateStreaming]) -> AsyncStream[ResponseStreamEvent]: ...
    @overload
    async def create(self, **params: Unpack[_Create]) -> Response | AsyncStream[ResponseStreamEvent]: ...
    async def create(self, **params: Unpack[_Create]) -> Response | AsyncStream[ResponseStreamEvent]:
        """Create a model response (`POST /responses`).

        Takes the API's parameters as keyword arguments (see `ResponseCreateParams`): `model` and
        `input` (a string, or a list of messages and items), `instructions`, `tools`, `text`,
        `reasoning`, `previous_response_id` or `conversation`, `background`, `moderation`, ...
        With `stream=True` returns a stream of typed `ResponseStreamEvent`s, else the `Response`.
        """
        return await self._call(_CREATE, params)

    @overload
    async def parse(
        self, *, text_format: type[T], tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ParsedResponse[T]: ...
    @overload
    async def parse(
        self, *, tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ParsedResponse[None]: ...
    @helper
    async def parse(
        self,
        *,
        text_format: type[T] | None = None,
        tools: Tools | NotGiven = NOT_GIVEN,
        **params: Unpack[_Parse],
    ) -> ParsedResponse[Any]:
        """Create a response whose output is parsed (`response.output_parsed`).

        `text_format` is a class (a pydantic model, a TypedDict or a dataclass): it is sent as a
        strict `json_schema` text format (next to any `text` options, such as `verbosity`) and the
        output text is parsed into it. `tools` may include `openwire.function_tool`s and
        `pydantic_function_tool`s, whose calls get `parsed_arguments`. A refusal leaves
        `output_parsed` as `None`. Raises `LengthFinishReasonError` /
        `ContentFilterFinishReasonError` for an `incomplete` response, `OutputValidationError` for
        output that does not fit, each carrying the response and its usage.

        ```python
        class Answer(BaseModel):
            city: str
            population: int

        response = client.responses.parse(model="gpt-5.4-mini", input="...", text_format=Answer)
        answer = response.output_parsed  # Answer | None
        ```
        """
        from openwire._parsing import ResponseParsing

        parsing = ResponseParsing(text_format, tools)
        return parsing.response(await self._call(_CREATE, parsing.request(params)))

    @overload
    def stream(
        self, *, text_format: type[T], tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> AsyncResponseStream[T]: ...
    @overload
    def stream(
        self, *, tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> AsyncResponseStream[None]: ...
    @helper
    def stream(
        self,
        *,
        text_format: type[T] | None = None,
        tools: Tools | NotGiven = NOT_GIVEN,
        **params: Unpack[_Parse],
    ) -> AsyncResponseStream[Any]:
        """Create a streamed response and follow it: a context manager (`with` on `Client`,
        `async with` on `AsyncClient`) whose iteration gives the typed events, with `text_stream`,
        `until_done()` and `get_final_response()`. A background response (`background=True`) whose
        stream breaks off is resumed from the last event received
        (`retrieve(..., stream=True, starting_after=...)`), with no event lost or repeated, up to
        the client's `max_retries` times. Takes what `parse` takes: `parsed_snapshot` is then the
        output parsed so far, and the final response is parsed.

        ```python
        with client.responses.stream(model="gpt-5.4", input="Tell me a story.") as stream:
            for text in stream.text_stream:
                print(text, end="")
        response = stream.get_final_response()
        ```
        """
        from openwire._parsing import ResponseParsing
        from openwire._response_stream import AsyncResponseStream

        parsing = ResponseParsing(text_format, tools)
        request = {**parsing.request(params), "stream": True}
        return AsyncResponseStream(
            lambda: cast("Awaitable[AsyncStream[ResponseStreamEvent]]", self._call(_CREATE, request)),
            self._resume,
            self._client.max_retries,
            parsing,
        )

    async def _resume(self, response_id: str, after: int) -> AsyncStream[ResponseStreamEvent]:
        return await self.retrieve(response_id, stream=True, starting_after=after)

    @overload
    def run_tools(
        self,
        *,
        tools: RunnerTools,
        max_rounds: int = 10,
        text_format: type[T],
        **params: Unpack[_Parse],
    ) -> AsyncResponseToolRunner[T]: ...
    @overload
    def run_tools(
        self, *, tools: RunnerTools, max_rounds: int = 10, **params: Unpack[_Parse]
    ) -> AsyncResponseToolRunner[None]: ...
    @helper
    def run_tools(
        self,
        *,
        tools: RunnerTools,
        max_rounds: int = 10,
        text_format: type[T] | None = None,
        **params: Unpack[_Parse],
    ) -> AsyncResponseToolRunner[Any]:
        """Run a response with tools to its answer: call the model, run the `function_call`s it
        makes, send their outputs back as `function_call_output` items, and go on until it answers
        without calling functions. Returns a runner and sends nothing yet: iterate it (`async for`
        on `AsyncClient`) for each `ToolRound` as it completes, or call `until_done()` (awaited on
        `AsyncClient`) for the answer, a `ParsedResponse` parsed with `text_format` when given.
        Takes what `parse` takes.

        A stored response (`store` not False) is continued with `previous_response_id` and only the
        new items (within a `conversation`, by the conversation); with `store=False` every round
        sends the whole history, which `runner.input` holds. `tools`, the errors and `max_rounds`
        work as in `chat.completions.run_tools`: a call to a tool that does not exist or with
        arguments that do not fit is answered with a message saying so, an exception raised by a
        tool's function propagates, and a model still calling tools in the last allowed round
        raises `ToolRoundsExceededError` (its `.messages` are the input items).

        ```python
        def get_weather(city: str) -> str:
            \"\"\"The weather in a city now.\"\"\"
            return f"{city}: 21C"

        runner = client.responses.run_tools(model="gpt-5.4", input="Weather in Paris?", tools=[get_weather])
        print(runner.until_done().output_text)
        ```
        """
        from openwire._tool_runner import AsyncResponseToolRunner, ResponseToolLoop

        return AsyncResponseToolRunner(
            lambda request: self._call(_CREATE, request),
            ResponseToolLoop(tools, max_rounds, text_format, params),
        )

    @overload
    async def retrieve(self, response_id: str, /, **params: Unpack[_RetrieveNonStreaming]) -> Response: ...
    @overload
    async def retrieve(
        self, response_id: str, /, **params: Unpack[_RetrieveStreaming]
    ) -> AsyncStream[ResponseStreamEvent]: ...
    @overload
    async def retrieve(
        self, response_id: str, /, **params: Unpack[_Retrieve]
    ) -> Response | AsyncStream[ResponseStreamEvent]: ...
    async def retrieve(
        self, response_id: str, /, **params: Unpack[_Retrieve]
    ) -> Response | AsyncStream[ResponseStreamEvent]:
        """Get a stored response (`GET /responses/{response_id}`); with `stream=True`, its events
        again, after `starting_after` (a sequence number): how a broken stream is resumed."""
        return await self._call(_RETRIEVE, params, response_id)

    async def delete(self, response_id: str, /, **options: Unpack[RequestOptions]) -> None:
        """Delete a stored response."""
        return await self._call(_DELETE, options, response_id)

    async def cancel(self, response_id: str, /, **options: Unpack[RequestOptions]) -> Response:
        """Cancel a response created with `background=True` that has not finished."""
        return await self._call(_CANCEL, options, response_id)

    async def compact(self, **params: Unpack[_Compact]) -> CompactedResponse:
        """Compact a conversation into fewer items to carry on with (`POST /responses/compact`)."""
        return await self._call(_COMPACT, params)

    @cached_property
    def input_items(self) -> AsyncInputItems:
        """The input items of stored responses."""
        return self._sub(AsyncInputItems)

    @cached_property
    def input_tokens(self) -> AsyncInputTokens:
        """Count the input tokens of a request before making it."""
        return self._sub(AsyncInputTokens)


class AsyncInputItems(
    AsyncAPIResource["AsyncInputItemsWithRawResponse", "AsyncInputItemsWithStreamingResponse"]
):
    """The input items of a stored response."""

    def list(self, response_id: str, /, **params: Unpack[_ListInputItems]) -> AsyncCursorPager[ResponseItem]:
        """List the items a stored response was given as input; iterating fetches later pages as
        needed."""
        return self._paged(_LIST_INPUT_ITEMS, params, response_id)


class AsyncInputTokens(
    AsyncAPIResource["AsyncInputTokensWithRawResponse", "AsyncInputTokensWithStreamingResponse"]
):
    """Input token counts of a request, before it is made."""

    async def count(self, **params: Unpack[_CountInputTokens]) -> ResponseInputTokens:
        """Count the input tokens a `responses.create` with these parameters would use
        (`POST /responses/input_tokens`)."""
        return await self._call(_COUNT_INPUT_TOKENS, params)
