"""Structured outputs and tool arguments: what the `parse` and `stream` helpers add to a request,
and how they read the answer. No I/O here.

A helper call is described by a `ChatParsing` or `ResponseParsing`: the type the answer's text must
be (`response_format` / `text_format`, sent as a strict `json_schema`) and the tools given as
`openwire.function_tool`s (sent in the API's form, their arguments parsed into their models). The
same object reads a non-streamed answer and the one a stream amounts to, so both parse alike.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ._exceptions import (
    InvalidInputError,
    ToolArgumentsError,
    content_filter_error,
    length_error,
    output_validation_error,
)
from ._pydantic import request_id_of_model, set_request_id
from ._tools import FunctionTool
from ._types import NOT_GIVEN, NotGiven

if TYPE_CHECKING:
    import pydantic

    from .types.chat.completion import ChatCompletion
    from .types.chat.parsed import ParsedChatCompletion
    from .types.responses.parsed import ParsedResponse
    from .types.responses.response import Response

__all__ = ["ChatParsing", "ResponseParsing"]

T = TypeVar("T")


@functools.lru_cache(maxsize=256)
def _adapter(target: Any) -> pydantic.TypeAdapter[Any]:
    import pydantic

    return pydantic.TypeAdapter(target)


def _json_schema_format(target: type[Any]) -> dict[str, Any]:
    """The name, schema and description of a type, as both APIs' `json_schema` formats take them."""
    from ._strict_schema import schema_name, strict_json_schema

    if not isinstance(target, type):
        raise InvalidInputError(
            f"The output format must be a class (a pydantic model, a TypedDict or a dataclass), not "
            f"{target!r}. For a JSON schema you wrote yourself, call create() with "
            'response_format={"type": "json_schema", ...} (text={"format": ...} on responses).'
        )
    described: dict[str, Any] = {
        "name": schema_name(target),
        "schema": strict_json_schema(target),
        "strict": True,
    }
    doc = target.__dict__.get("__doc__")  # its own, not one inherited from BaseModel
    if doc and doc.strip():
        described["description"] = " ".join(doc.strip().split("\n\n")[0].split())
    return described


class _Parsing(Generic[T]):
    """What both APIs' helpers share: the output type, and the tools by name."""

    __slots__ = ("_given_tools", "format", "tools")

    def __init__(self, output_type: type[T] | None, tools: Iterable[Any] | NotGiven) -> None:
        self.format = output_type
        """The type the answer's text must be, or None."""
        self._given_tools = tools
        self.tools: dict[str, FunctionTool[Any]] = (
            {} if isinstance(tools, NotGiven) else {t.name: t for t in tools if isinstance(t, FunctionTool)}
        )
        """The tools given as `FunctionTool`s, by name: their calls' arguments are parsed."""

    @property
    def parses(self) -> bool:
        """Whether there is anything to parse (an output type, or `FunctionTool`s): then an answer
        cut short or filtered is an error, not an answer."""
        return self.format is not None or bool(self.tools)

    def _tools_param(self, api: str) -> list[Any] | NotGiven:
        tools = self._given_tools
        if isinstance(tools, NotGiven):
            return NOT_GIVEN
        if api == "chat":
            return [t.for_chat() if isinstance(t, FunctionTool) else t for t in tools]
        return [t.for_responses() if isinstance(t, FunctionTool) else t for t in tools]

    def content(self, text: str) -> T:
        """The answer's text as the output type; raises `pydantic.ValidationError`."""
        return cast("T", _adapter(cast(Any, self.format)).validate_json(text))

    def content_or_none(self, text: str) -> T | None:
        """The text as the output type, or None (no output type, or a text that does not fit)."""
        if self.format is None:
            return None
        try:
            return self.content(text)
        except ValueError:  # pydantic's ValidationError is one
            return None

    def arguments(self, name: str, arguments: str) -> Any:
        """A call's arguments as its tool's model (None for a tool not given as a `FunctionTool`);
        raises `ToolArgumentsError`."""
        tool = self.tools.get(name)
        return tool.parse_arguments(arguments) if tool is not None else None

    def arguments_or_none(self, name: str, arguments: str) -> Any:
        """As `arguments`, None where they do not fit (while a stream is still being read)."""
        try:
            return self.arguments(name, arguments)
        except (ValueError, ToolArgumentsError):  # the final completion reports it
            return None


class ChatParsing(_Parsing[T]):
    """A `chat.completions.parse` / `.stream` call: its request, and how its answer is read."""

    __slots__ = ()

    def request(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of `create` for this call."""
        request = _without_stream(params)
        if self.format is not None:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": _json_schema_format(self.format),
            }
        tools = self._tools_param("chat")
        if not isinstance(tools, NotGiven):
            request["tools"] = tools
        return request

    def completion(self, completion: ChatCompletion) -> ParsedChatCompletion[T]:
        """The completion with each message parsed: `parsed` from its content, `parsed_arguments`
        on each function tool call. Raises `LengthFinishReasonError` or
        `ContentFilterFinishReasonError` when a choice was cut short, `OutputValidationError`
        when the content does not fit the output type, `ToolArgumentsError` for arguments."""
        from .types.chat.parsed import ParsedChatCompletion

        choices = []
        for choice in completion.choices:
            if self.parses and choice.finish_reason == "length":
                raise length_error(completion)
            if self.parses and choice.finish_reason == "content_filter":
                raise content_filter_error(completion)
            message = choice.message
            body = message.model_dump(exclude_unset=True)
            if self.format is not None and message.content is not None and not message.refusal:
                try:
                    body["parsed"] = self.content(message.content)
                except ValueError as error:
                    raise output_validation_error(completion, message.content, error) from None
            if message.tool_calls:
                body["tool_calls"] = [self._call_body(call) for call in message.tool_calls]
            choices.append({**choice.model_dump(exclude_unset=True), "message": body})
        kind = ParsedChatCompletion[self.format] if self.format is not None else ParsedChatCompletion  # type: ignore[name-defined]
        parsed: ParsedChatCompletion[T] = kind.model_validate(
            {**completion.model_dump(exclude_unset=True), "choices": choices}
        )
        _keep_request_id(completion, parsed)
        return parsed

    def _call_body(self, call: Any) -> Any:
        body = call.model_dump(exclude_unset=True)
        function = getattr(call, "function", None)
        if getattr(call, "type", None) == "function" and function is not None:
            body["function"]["parsed_arguments"] = self.arguments(function.name, function.arguments)
        return body


class ResponseParsing(_Parsing[T]):
    """A `responses.parse` / `.stream` call: its request, and how its answer is read."""

    __slots__ = ()

    def request(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of `create` for this call."""
        request = _without_stream(params)
        if self.format is not None:
            text = dict(request.get("text") or {})
            if "format" in text:
                raise InvalidInputError(
                    "Give the output format once: text_format=SomeModel, or text={'format': ...} "
                    "with create(); not both."
                )
            text["format"] = {"type": "json_schema", **_json_schema_format(self.format)}
            request["text"] = text
        tools = self._tools_param("responses")
        if not isinstance(tools, NotGiven):
            request["tools"] = tools
        return request

    def response(self, response: Response) -> ParsedResponse[T]:
        """The response with `output_parsed` from its output text, and `parsed_arguments` on each
        function call. Raises as `ChatParsing.completion` does; an `incomplete` response counts as
        cut short (`max_output_tokens`: length; `content_filter`)."""
        from .types.responses.parsed import ParsedResponse

        if self.parses and response.status == "incomplete":
            reason = getattr(response.incomplete_details, "reason", None)
            if reason == "content_filter":
                raise content_filter_error(response)
            raise length_error(response)
        body = response.model_dump(exclude_unset=True)
        text = response.output_text
        if self.format is not None and text:
            try:
                body["output_parsed"] = self.content(text)
            except ValueError as error:
                raise output_validation_error(response, text, error) from None
        body["output"] = [self._item_body(item) for item in response.output]
        kind = ParsedResponse[self.format] if self.format is not None else ParsedResponse  # type: ignore[name-defined]
        parsed: ParsedResponse[T] = kind.model_validate(body)
        _keep_request_id(response, parsed)
        return parsed

    def _item_body(self, item: Any) -> Any:
        body = item.model_dump(exclude_unset=True)
        if getattr(item, "type", None) == "function_call":
            body["parsed_arguments"] = self.arguments(item.name, item.arguments)
        return body


def _without_stream(params: Mapping[str, Any]) -> dict[str, Any]:
    # The helpers decide whether to stream: `parse` and `run_tools` never do, `stream` always does.
    if params.get("stream") is not None:
        raise InvalidInputError(
            "The helpers choose whether to stream: parse() and run_tools() never do, stream() always "
            "does. Leave out stream=, or call create(stream=True) for the raw chunks."
        )
    return dict(params)


def _keep_request_id(source: pydantic.BaseModel, parsed: pydantic.BaseModel) -> None:
    request_id = request_id_of_model(source)
    if request_id is not None:
        set_request_id(parsed, request_id)
