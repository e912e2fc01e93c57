"""A response with its output parsed: what `responses.parse(...)` returns.

`ParsedResponse` is a `Response` with `output_parsed` (the output text as the `text_format` model,
typed by it); its function calls are `ParsedResponseFunctionToolCall`s, with `parsed_arguments`
(the arguments as the model of the tool they named, when that tool was given as an
`openwire.function_tool` or `pydantic_function_tool`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar, Union, get_args

from pydantic import Field, Tag

from openwire._models import by_type
from openwire.types.responses.output import ResponseFunctionToolCall, ResponseOutputItem, _OutputItem
from openwire.types.responses.response import Response

__all__ = ["ParsedResponse", "ParsedResponseFunctionToolCall", "ParsedResponseOutputItem"]

T = TypeVar("T")

# Response is built lazily and names types its module defines after it; built now, its fields are
# complete and the subclasses below inherit them instead of looking those names up here.
Response.model_rebuild()


class ParsedResponseFunctionToolCall(ResponseFunctionToolCall):
    """A function call with its arguments parsed."""

    parsed_arguments: Any = None
    """The arguments as the named tool's model (`None` for a tool given as a plain dict)."""


def _with_parsed_calls(union: Any) -> Any:
    members = tuple(
        Annotated[ParsedResponseFunctionToolCall, Tag("function_call")]
        if get_args(member)[0] is ResponseFunctionToolCall
        else member
        for member in get_args(union)
    )
    return Annotated[Union[members], by_type()]  # noqa: UP007 - a union built at run time


if TYPE_CHECKING:
    ParsedResponseOutputItem = ResponseOutputItem | ParsedResponseFunctionToolCall
else:
    ParsedResponseOutputItem = _with_parsed_calls(_OutputItem)
"""An output item, as `ResponseOutputItem` but with `ParsedResponseFunctionToolCall` for function
calls."""


class ParsedResponse(Response, Generic[T]):
    """A response whose output text is parsed (`output_parsed`)."""

    output: list[ParsedResponseOutputItem] = Field(default_factory=list)
    """The output items; function calls with `parsed_arguments`."""
    output_parsed: T | None = None
    """The output text (`output_text`) as the `text_format` model; `None` when the model refused
    or only called tools."""
