"""`client.chat.completions`: create chat completions (whole or streamed) and manage stored ones."""

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
from openwire.types.chat.chunk import ChatCompletionChunk
from openwire.types.chat.completion import ChatCompletion
from openwire.types.chat.params import (
    ChatCompletionCreateParams,
    ChatCompletionCreateParamsNonStreaming,
    ChatCompletionCreateParamsStreaming,
    ChatCompletionParseParams,
    ChatCompletionToolUnionParam,
    CompletionListParams,
    CompletionUpdateParams,
    MessageListParams,
)
from openwire.types.chat.stored import ChatCompletionDeleted, ChatCompletionStoreMessage

if TYPE_CHECKING:
    from openwire._chat_stream import AsyncChatCompletionStream, ChatCompletionStream
    from openwire._pagination import AsyncCursorPager, CursorPage
    from openwire._tool_runner import AsyncChatToolRunner, ChatToolRunner, RunnerTools
    from openwire._tools import FunctionTool
    from openwire.resources._views.chat.completions import (  # noqa: F401 - named in the class bases below
        AsyncCompletionsWithRawResponse,
        AsyncCompletionsWithStreamingResponse,
        AsyncMessagesWithRawResponse,
        AsyncMessagesWithStreamingResponse,
        CompletionsWithRawResponse,
        CompletionsWithStreamingResponse,
        MessagesWithRawResponse,
        MessagesWithStreamingResponse,
    )
    from openwire.types.chat.parsed import ParsedChatCompletion

__all__ = ["AsyncCompletions", "AsyncMessages", "Completions", "Messages"]


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Create(ChatCompletionCreateParams, RequestOptions, total=False): ...


class _CreateNonStreaming(ChatCompletionCreateParamsNonStreaming, RequestOptions, total=False): ...


class _CreateStreaming(ChatCompletionCreateParamsStreaming, RequestOptions, total=False): ...


class _Parse(ChatCompletionParseParams, RequestOptions, total=False): ...


class _List(CompletionListParams, RequestOptions, total=False): ...


class _Update(CompletionUpdateParams, RequestOptions, total=False): ...


class _ListMessages(MessageListParams, RequestOptions, total=False): ...


_CREATE = Endpoint(
    "POST",
    "/chat/completions",
    parser(ChatCompletion),
    params=ChatCompletionCreateParams,
    stream_parse=JsonValidator(ChatCompletionChunk),
    name="chat.completions.create",
)
T = TypeVar("T")

Tools = Iterable["ChatCompletionToolUnionParam | FunctionTool[Any]"]
"""The tools of the helpers: the API's tool params, or `openwire.function_tool`s."""

_RETRIEVE = Endpoint("GET", "/chat/completions/{}", parser(ChatCompletion), name="chat.completions.retrieve")
_UPDATE = Endpoint(
    "POST",
    "/chat/completions/{}",
    parser(ChatCompletion),
    params=CompletionUpdateParams,
    name="chat.completions.update",
)
_LIST = Endpoint(
    "GET",
    "/chat/completions",
    cursor_page_parser(ChatCompletion),
    params=CompletionListParams,
    body="query",
    name="chat.completions.list",
)
_DELETE = Endpoint(
    "DELETE", "/chat/completions/{}", parser(ChatCompletionDeleted), name="chat.completions.delete"
)
_LIST_MESSAGES = Endpoint(
    "GET",
    "/chat/completions/{}/messages",
    cursor_page_parser(ChatCompletionStoreMessage),
    params=MessageListParams,
    body="query",
    name="chat.completions.messages.list",
)


class Completions(SyncAPIResource["CompletionsWithRawResponse", "CompletionsWithStreamingResponse"]):
    """Chat completions: a model's reply to a conversation, whole or streamed as it is written."""

    @overload
    def create(self, **params: Unpack[_CreateNonStreaming]) -> ChatCompletion: ...
    @overload
    def create(self, **params: Unpack[_CreateStreaming]) -> Stream[ChatCompletionChunk]: ...
    @overload
    def create(self, **params: Unpack[_Create]) -> ChatCompletion | Stream[ChatCompletionChunk]: ...
    def create(self, **params: Unpack[_Create]) -> ChatCompletion | Stream[ChatCompletionChunk]:
        """Create a model response for a conversation (`POST /chat/completions`).

        Takes the API's parameters as keyword arguments (`model` and `messages` are required; see
        `ChatCompletionCreateParams`). With `stream=True` returns a stream of
        `ChatCompletionChunk`s to iterate as they arrive, else the whole `ChatCompletion`.
        """
        return self._call(_CREATE, params)

    @overload
    def parse(
        self, *, response_format: type[T], tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ParsedChatCompletion[T]: ...
    @overload
    def parse(
        self, *, tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ParsedChatCompletion[None]: ...
    @helper
    def parse(
        self,
        *,
        response_format: type[T] | None = None,
        tools: Tools | NotGiven = NOT_GIVEN,
        **params: Unpack[_Parse],
    ) -> ParsedChatCompletion[Any]:
        """Create a chat completion whose answer is parsed (`choices[0].message.parsed`).

        `response_format` is a class (a pydantic model, a TypedDict or a dataclass): it is sent as a
        strict `json_schema` and the message's content is parsed into it. `tools` may include
        `openwire.function_tool`s and `pydantic_function_tool`s, whose calls get
        `parsed_arguments`. A refusal leaves `parsed` as `None` with the text in `refusal`. Raises
        `LengthFinishReasonError` / `ContentFilterFinishReasonError` for an answer cut short,
        `OutputValidationError` for one that does not fit, each carrying the completion and usage.

        ```python
        class Answer(BaseModel):
            city: str
            population: int

        completion = client.chat.completions.parse(
            model="gpt-5.4-mini", messages=messages, response_format=Answer
        )
        answer = completion.choices[0].message.parsed  # Answer | None
        ```
        """
        from openwire._parsing import ChatParsing

        parsing = ChatParsing(response_format, tools)
        return parsing.completion(self._call(_CREATE, parsing.request(params)))

    @overload
    def stream(
        self, *, response_format: type[T], tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ChatCompletionStream[T]: ...
    @overload
    def stream(
        self, *, tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ChatCompletionStream[None]: ...
    @helper
    def stream(
        self,
        *,
        response_format: type[T] | None = None,
        tools: Tools | NotGiven = NOT_GIVEN,
        **params: Unpack[_Parse],
    ) -> ChatCompletionStream[Any]:
        """Stream a chat completion as typed events: a context manager (`with` on `Client`,
        `async with` on `AsyncClient`) whose iteration gives each chunk's events (content,
        refusal and tool-call argument deltas with the text so far, log probabilities, the
        moderation and the usage, and the done events), with `text_stream`, `until_done()` and
        `get_final_completion()`. Takes what `parse` takes; content deltas then carry the JSON
        parsed so far (`event.parsed`), and the final completion is parsed.

        ```python
        with client.chat.completions.stream(model="gpt-5.4-mini", messages=messages) as stream:
            for text in stream.text_stream:
                print(text, end="")
        completion = stream.get_final_completion()
        ```
        """
        from openwire._chat_stream import ChatCompletionStream
        from openwire._parsing import ChatParsing

        parsing = ChatParsing(response_format, tools)
        request = {**parsing.request(params), "stream": True}
        return ChatCompletionStream(
            lambda: cast("Stream[ChatCompletionChunk]", self._call(_CREATE, request)), parsing
        )

    @overload
    def run_tools(
        self,
        *,
        tools: RunnerTools,
        max_rounds: int = 10,
        response_format: type[T],
        **params: Unpack[_Parse],
    ) -> ChatToolRunner[T]: ...
    @overload
    def run_tools(
        self, *, tools: RunnerTools, max_rounds: int = 10, **params: Unpack[_Parse]
    ) -> ChatToolRunner[None]: ...
    @helper
    def run_tools(
        self,
        *,
        tools: RunnerTools,
        max_rounds: int = 10,
        response_format: type[T] | None = None,
        **params: Unpack[_Parse],
    ) -> ChatToolRunner[Any]:
        """Run a conversation with tools to its answer: call the model, run the tools it calls, send
        their outputs back, and go on until it answers without calling tools. Returns a runner and
        sends nothing yet: iterate it (`async for` on `AsyncClient`) for each `ToolRound` as it
        completes, or call `until_done()` (awaited on `AsyncClient`) for the answer, a
        `ParsedChatCompletion` parsed with `response_format` when given; `runner.messages` is the
        conversation so far. Takes what `parse` takes.

        `tools` are `openwire.function_tool`s or plain functions (made into tools). On `AsyncClient`
        the calls of a round run at the same time, on `Client` one after another (an `async def`
        tool needs `AsyncClient`). A call to a tool that does not exist, or with arguments that do
        not fit, is answered with a message saying so, so that the model can try again; an
        exception raised by a tool's function propagates (iterating on runs that round's calls
        again). `max_rounds` bounds the model calls: when the last one still calls tools, they are
        run and `ToolRoundsExceededError` is raised, with the rounds and the messages.

        ```python
        def get_weather(city: str) -> str:
            \"\"\"The weather in a city now.\"\"\"
            return f"{city}: 21C"

        runner = client.chat.completions.run_tools(
            model="gpt-5.4-mini", messages=messages, tools=[get_weather]
        )
        completion = runner.until_done()
        print(completion.choices[0].message.content)
        ```
        """
        from openwire._tool_runner import ChatToolLoop, ChatToolRunner

        return ChatToolRunner(
            lambda request: self._call(_CREATE, request),
            ChatToolLoop(tools, max_rounds, response_format, params),
        )

    def retrieve(self, completion_id: str, /, **options: Unpack[RequestOptions]) -> ChatCompletion:
        """Get a stored chat completion (one created with `store=True`)."""
        return self._call(_RETRIEVE, options, completion_id)

    def update(self, completion_id: str, /, **params: Unpack[_Update]) -> ChatCompletion:
        """Replace the `metadata` of a stored chat completion."""
        return self._call(_UPDATE, params, completion_id)

    def list(self, **params: Unpack[_List]) -> CursorPage[ChatCompletion]:
        """List stored chat completions; iterating the result fetches later pages as needed."""
        return self._paged(_LIST, params)

    def delete(self, completion_id: str, /, **options: Unpack[RequestOptions]) -> ChatCompletionDeleted:
        """Delete a stored chat completion."""
        return self._call(_DELETE, options, completion_id)

    @cached_property
    def messages(self) -> Messages:
        """The messages of stored chat completions."""
        return self._sub(Messages)


class Messages(SyncAPIResource["MessagesWithRawResponse", "MessagesWithStreamingResponse"]):
    """The messages of a stored chat completion."""

    def list(
        self, completion_id: str, /, **params: Unpack[_ListMessages]
    ) -> CursorPage[ChatCompletionStoreMessage]:
        """List the messages of a stored chat completion; iterating fetches later pages as needed."""
        return self._paged(_LIST_MESSAGES, params, completion_id)


class AsyncCompletions(
    AsyncAPIResource["AsyncCompletionsWithRawResponse", "AsyncCompletionsWithStreamingResponse"]
):
    """Chat completions: a model's reply to a conversation, whole or streamed as it is written."""

    @overload
    async def create(self, **params: Unpack[_CreateNonStreaming]) -> ChatCompletion: ...
    @overload
    async def create(self, **params: Unpack[_CreateStreaming]) -> AsyncStream[ChatCompletionChunk]: ...
    @overload
    async def create(
        self, **params: Unpack[_Create]
    ) -> ChatCompletion | AsyncStream[ChatCompletionChunk]: ...
    async def create(self, **params: Unpack[_Create]) -> ChatCompletion | AsyncStream[ChatCompletionChunk]:
        """Create a model response for a conversation (`POST /chat/completions`).

        Takes the API's parameters as keyword arguments (`model` and `messages` are required; see
        `ChatCompletionCreateParams`). With `stream=True` returns a stream of
        `ChatCompletionChunk`s to iterate as they arrive, else the whole `ChatCompletion`.
        """
        return await self._call(_CREATE, params)

    @overload
    async def parse(
        self, *, response_format: type[T], tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ParsedChatCompletion[T]: ...
    @overload
    async def parse(
        self, *, tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> ParsedChatCompletion[None]: ...
    @helper
    async def parse(
        self,
        *,
        response_format: type[T] | None = None,
        tools: Tools | NotGiven = NOT_GIVEN,
        **params: Unpack[_Parse],
    ) -> ParsedChatCompletion[Any]:
        """Create a chat completion whose answer is parsed (`choices[0].message.parsed`).

        `response_format` is a class (a pydantic model, a TypedDict or a dataclass): it is sent as a
        strict `json_schema` and the message's content is parsed into it. `tools` may include
        `openwire.function_tool`s and `pydantic_function_tool`s, whose calls get
        `parsed_arguments`. A refusal leaves `parsed` as `None` with the text in `refusal`. Raises
        `LengthFinishReasonError` / `ContentFilterFinishReasonError` for an answer cut short,
        `OutputValidationError` for one that does not fit, each carrying the completion and usage.

        ```python
        class Answer(BaseModel):
            city: str
            population: int

        completion = client.chat.completions.parse(
            model="gpt-5.4-mini", messages=messages, response_format=Answer
        )
        answer = completion.choices[0].message.parsed  # Answer | None
        ```
        """
        from openwire._parsing import ChatParsing

        parsing = ChatParsing(response_format, tools)
        return parsing.completion(await self._call(_CREATE, parsing.request(params)))

    @overload
    def stream(
        self, *, response_format: type[T], tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> AsyncChatCompletionStream[T]: ...
    @overload
    def stream(
        self, *, tools: Tools | NotGiven = NOT_GIVEN, **params: Unpack[_Parse]
    ) -> AsyncChatCompletionStream[None]: ...
    @helper
    def stream(
        self,
        *,
        response_format: type[T] | None = None,
        tools: Tools | NotGiven = NOT_GIVEN,
        **params: Unpack[_Parse],
    ) -> AsyncChatCompletionStream[Any]:
        """Stream a chat completion as typed events: a context manager (`with` on `Client`,
        `async with` on `AsyncClient`) whose iteration gives each chunk's events (content,
        refusal and tool-call argument deltas with the text so far, log probabilities, the
        moderation and the usage, and the done events), with `text_stream`, `until_done()` and
        `get_final_completion()`. Takes what `parse` takes; content deltas then carry the JSON
        parsed so far (`event.parsed`), and the final completion is parsed.

        ```python
        with client.chat.completions.stream(model="gpt-5.4-mini", messages=messages) as stream:
            for text in stream.text_stream:
                print(text, end="")
        completion = stream.get_final_completion()
        ```
        """
        from openwire._chat_stream import AsyncChatCompletionStream
        from openwire._parsing import ChatParsing

        parsing = ChatParsing(response_format, tools)
        request = {**parsing.request(params), "stream": True}
        return AsyncChatCompletionStream(
            lambda: cast("Awaitable[AsyncStream[ChatCompletionChunk]]", self._call(_CREATE, request)), parsing
        )

    @overload
    def run_tools(
        self,
        *,
        tools: RunnerTools,
        max_rounds: int = 10,
        response_format: type[T],
        **params: Unpack[_Parse],
    ) -> AsyncChatToolRunner[T]: ...
    @overload
    def run_tools(
        self, *, tools: RunnerTools, max_rounds: int = 10, **params: Unpack[_Parse]
    ) -> AsyncChatToolRunner[None]: ...
    @helper
    def run_tools(
        self,
        *,
        tools: RunnerTools,
        max_rounds: int = 10,
        response_format: type[T] | None = None,
        **params: Unpack[_Parse],
    ) -> AsyncChatToolRunner[Any]:
        """Run a conversation with tools to its answer: call the model, run the tools it calls, send
        their outputs back, and go on until it answers without calling tools. Returns a runner and
        sends nothing yet: iterate it (`async for` on `AsyncClient`) for each `ToolRound` as it
        completes, or call `until_done()` (awaited on `AsyncClient`) for the answer, a
        `ParsedChatCompletion` parsed with `response_format` when given; `runner.messages` is the
        conversation so far. Takes what `parse` takes.

        `tools` are `openwire.function_tool`s or plain functions (made into tools). On `AsyncClient`
        the calls of a round run at the same time, on `Client` one after another (an `async def`
        tool needs `AsyncClient`). A call to a tool that does not exist, or with arguments that do
        not fit, is answered with a message saying so, so that the model can try again; an
        exception raised by a tool's function propagates (iterating on runs that round's calls
        again). `max_rounds` bounds the model calls: when the last one still calls tools, they are
        run and `ToolRoundsExceededError` is raised, with the rounds and the messages.

        ```python
        def get_weather(city: str) -> str:
            \"\"\"The weather in a city now.\"\"\"
            return f"{city}: 21C"

        runner = client.chat.completions.run_tools(
            model="gpt-5.4-mini", messages=messages, tools=[get_weather]
        )
        completion = runner.until_done()
        print(completion.choices[0].message.content)
        ```
        """
        from openwire._tool_runner import AsyncChatToolRunner, ChatToolLoop

        return AsyncChatToolRunner(
            lambda request: self._call(_CREATE, request),
            ChatToolLoop(tools, max_rounds, response_format, params),
        )

    async def retrieve(self, completion_id: str, /, **options: Unpack[RequestOptions]) -> ChatCompletion:
        """Get a stored chat completion (one created with `store=True`)."""
        return await self._call(_RETRIEVE, options, completion_id)

    async def update(self, completion_id: str, /, **params: Unpack[_Update]) -> ChatCompletion:
        """Replace the `metadata` of a stored chat completion."""
        return await self._call(_UPDATE, params, completion_id)

    def list(self, **params: Unpack[_List]) -> AsyncCursorPager[ChatCompletion]:
        """List stored chat completions; iterating the result fetches later pages as needed."""
        return self._paged(_LIST, params)

    async def delete(self, completion_id: str, /, **options: Unpack[RequestOptions]) -> ChatCompletionDeleted:
        """Delete a stored chat completion."""
        return await self._call(_DELETE, options, completion_id)

    @cached_property
    def messages(self) -> AsyncMessages:
        """The messages of stored chat completions."""
        return self._sub(AsyncMessages)


class AsyncMessages(AsyncAPIResource["AsyncMessagesWithRawResponse", "AsyncMessagesWithStreamingResponse"]):
    """The messages of a stored chat completion."""

    def list(
        self, completion_id: str, /, **params: Unpack[_ListMessages]
    ) -> AsyncCursorPager[ChatCompletionStoreMessage]:
        """List the messages of a stored chat completion; iterating fetches later pages as needed."""
        return self._paged(_LIST_MESSAGES, params, completion_id)
