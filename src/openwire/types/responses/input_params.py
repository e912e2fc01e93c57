"""The items of a Responses `input` (and of a conversation): messages, the model's earlier output
sent back, the outputs of the tools your code ran, and references to stored items.

Items are told apart by their `type` tag, which stays exact; other values the API takes from a fixed
set are typed `Literal[...] | str`. An output item of an earlier response (an `openwire.BaseModel`) can
be sent back as it is: only the fields the server sent go out.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required. Names defined further down the
# module are written as strings instead.

from collections.abc import Iterable, Mapping
from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

from openwire._models import BaseModel

from .content_params import (
    ResponseInputContentParam,
    ResponseOutputMessageContentParam,
)
from .tool_call_params import (
    ResponseApplyPatchCallOutputParam,
    ResponseApplyPatchCallParam,
    ResponseCodeInterpreterToolCallParam,
    ResponseComputerCallOutputParam,
    ResponseComputerToolCallParam,
    ResponseFileSearchToolCallParam,
    ResponseImageGenerationCallParam,
    ResponseLocalShellCallOutputParam,
    ResponseLocalShellCallParam,
    ResponseMcpApprovalRequestParam,
    ResponseMcpApprovalResponseParam,
    ResponseMcpCallParam,
    ResponseMcpListToolsParam,
    ResponseShellCallOutputParam,
    ResponseShellCallParam,
    ResponseWebSearchCallParam,
    ToolCallCallerParam,
)
from .tool_params import ToolParam

__all__ = [
    "EasyInputMessageParam",
    "ItemReferenceParam",
    "ReasoningSummaryTextParam",
    "ReasoningTextParam",
    "ResponseAdditionalToolsParam",
    "ResponseCompactionItemParam",
    "ResponseCompactionTriggerParam",
    "ResponseCustomToolCallOutputParam",
    "ResponseCustomToolCallParam",
    "ResponseFunctionCallOutputParam",
    "ResponseFunctionToolCallParam",
    "ResponseInputItemParam",
    "ResponseInputMessageParam",
    "ResponseInputParam",
    "ResponseItemParam",
    "ResponseOutputMessageParam",
    "ResponseProgramOutputParam",
    "ResponseProgramParam",
    "ResponseReasoningItemParam",
    "ResponseToolSearchCallParam",
    "ResponseToolSearchOutputParam",
]

_ItemStatus: TypeAlias = Literal["in_progress", "completed", "incomplete"] | str
"""Where an item is in its life; the API fills it in on the items it returns."""

_MessageRole: TypeAlias = Literal["user", "assistant", "system", "developer"]


# Messages


class EasyInputMessageParam(TypedDict, total=False):
    """A message, the simple way: a role and a string (or content parts).

    `developer` and `system` instructions take precedence over `user` ones; `assistant` messages are
    taken as earlier replies of the model.
    """

    role: Required[_MessageRole]
    """Who the message is from: `user`, `assistant`, `system` or `developer`."""
    content: Required[str | Iterable[ResponseInputContentParam]]
    """A string, or parts: text, images, files."""
    phase: Literal["commentary", "final_answer"] | str | None
    """For `assistant` messages: whether it was commentary or the final answer (send back what came)."""
    type: Literal["message"]
    """Always `message`."""


class ResponseInputMessageParam(TypedDict, total=False):
    """A message from the user or with instructions, as content parts."""

    type: Literal["message"]
    """Always `message`."""
    role: Required[Literal["user", "system", "developer"]]
    """Who the message is from: `user`, `system` or `developer`."""
    status: _ItemStatus
    """The item's status (the API fills it in on the items it returns)."""
    content: Required[Iterable[ResponseInputContentParam]]
    """The parts: text, images, files."""


class ResponseOutputMessageParam(TypedDict, total=False):
    """A message the model wrote, sent back."""

    id: Required[str]
    """The message's id."""
    type: Required[Literal["message"]]
    """Always `message`."""
    role: Required[Literal["assistant"]]
    """Always `assistant`."""
    content: Required[Iterable[ResponseOutputMessageContentParam]]
    """The parts: text and refusals."""
    phase: Literal["commentary", "final_answer"] | str | None
    """Whether the message was commentary or the final answer (send back what came)."""
    status: Required[_ItemStatus]
    """The message's status."""


# Function and custom tool calls


class ResponseFunctionToolCallParam(TypedDict, total=False):
    """A function call the model made."""

    id: str
    """The item's id."""
    type: Required[Literal["function_call"]]
    """Always `function_call`."""
    call_id: Required[str]
    """The id to answer the call with, in a `function_call_output`."""
    caller: ToolCallCallerParam | None
    """What made the call: the model, or a program it wrote."""
    namespace: str
    """The namespace of the function, for functions of a namespace tool."""
    name: Required[str]
    """The function's name."""
    arguments: Required[str]
    """The arguments, as the JSON string the model wrote."""
    status: _ItemStatus
    """The call's status."""


class ResponseFunctionCallOutputParam(TypedDict, total=False):
    """The result of a function call, from your code."""

    id: str | None
    """The output's id (the API fills it in on the items it returns)."""
    call_id: str | None
    """The `call_id` of the function call this answers."""
    type: Required[Literal["function_call_output"]]
    """Always `function_call_output`."""
    output: Required[str | Iterable[ResponseInputContentParam]]
    """The result: a string (often JSON), or text, image and file parts."""
    name: str | None
    """The function's name."""
    namespace: str | None
    """The namespace of the function, for functions of a namespace tool."""
    caller: ToolCallCallerParam | None
    """What made the call: the model, or a program it wrote."""
    status: _ItemStatus | None
    """The output's status."""


class ResponseCustomToolCallParam(TypedDict, total=False):
    """A custom tool call the model made."""

    type: Required[Literal["custom_tool_call"]]
    """Always `custom_tool_call`."""
    id: str
    """The item's id."""
    call_id: Required[str]
    """The id to answer the call with, in a `custom_tool_call_output`."""
    caller: ToolCallCallerParam | None
    """What made the call: the model, or a program it wrote."""
    namespace: str
    """The namespace of the tool, for tools of a namespace tool."""
    name: Required[str]
    """The custom tool's name."""
    input: Required[str]
    """The input the model wrote."""


class ResponseCustomToolCallOutputParam(TypedDict, total=False):
    """The result of a custom tool call, from your code."""

    type: Required[Literal["custom_tool_call_output"]]
    """Always `custom_tool_call_output`."""
    id: str
    """The output's id."""
    call_id: Required[str]
    """The `call_id` of the custom tool call this answers."""
    caller: ToolCallCallerParam | None
    """What made the call: the model, or a program it wrote."""
    output: Required[str | Iterable[ResponseInputContentParam]]
    """The result: a string, or text, image and file parts."""


# Tool search and programs


class ResponseToolSearchCallParam(TypedDict, total=False):
    """A search of the deferred tools, by the model."""

    id: str | None
    """The item's id."""
    call_id: str | None
    """The id to answer a client-run search with, in a `tool_search_output`."""
    type: Required[Literal["tool_search_call"]]
    """Always `tool_search_call`."""
    execution: Literal["server", "client"] | str
    """Who ran the search: the API (`server`) or your code (`client`)."""
    arguments: Required[Mapping[str, object]]
    """The search's arguments."""
    status: _ItemStatus | None
    """The search's status."""


class ResponseToolSearchOutputParam(TypedDict, total=False):
    """The tools a tool search loaded."""

    id: str | None
    """The item's id."""
    call_id: str | None
    """The `call_id` of the tool search this answers."""
    type: Required[Literal["tool_search_output"]]
    """Always `tool_search_output`."""
    execution: Literal["server", "client"] | str
    """Who ran the search: the API (`server`) or your code (`client`)."""
    tools: Required[Iterable[ToolParam]]
    """The tools found, now available to the model."""
    status: _ItemStatus | None
    """The output's status."""


class ResponseAdditionalToolsParam(TypedDict, total=False):
    """More tools made available from this point of the input on."""

    id: str | None
    """The item's id."""
    type: Required[Literal["additional_tools"]]
    """Always `additional_tools`."""
    role: Required[Literal["developer"]]
    """Always `developer`."""
    tools: Required[Iterable[ToolParam]]
    """The tools."""


class ResponseProgramParam(TypedDict, total=False):
    """A program the model wrote to call tools (programmatic tool calling), sent back."""

    id: Required[str]
    """The item's id."""
    type: Required[Literal["program"]]
    """Always `program`."""
    call_id: Required[str]
    """The program's call id, which the tool calls it makes name as their caller."""
    code: Required[str]
    """The program's JavaScript source."""
    fingerprint: Required[str]
    """An opaque value to send back unchanged."""


class ResponseProgramOutputParam(TypedDict, total=False):
    """What a program of the model returned, sent back."""

    id: Required[str]
    """The item's id."""
    type: Required[Literal["program_output"]]
    """Always `program_output`."""
    call_id: Required[str]
    """The `call_id` of the program."""
    result: Required[str]
    """What the program returned."""
    status: Required[Literal["completed", "incomplete"] | str]
    """How the program ended."""


# Reasoning and compaction


class ResponseReasoningItemParam(TypedDict, total=False):
    """The reasoning of a reasoning model, sent back so that it can go on from it in the next turn
    (with `encrypted_content` when responses are not stored)."""

    type: Required[Literal["reasoning"]]
    """Always `reasoning`."""
    id: Required[str]
    """The item's id."""
    encrypted_content: str | None
    """The reasoning, encrypted (when `include` asked for `reasoning.encrypted_content`)."""
    summary: Required[Iterable["ReasoningSummaryTextParam"]]
    """A summary of the reasoning (may be empty)."""
    content: Iterable["ReasoningTextParam"]
    """The reasoning text."""
    status: _ItemStatus
    """The item's status."""


class ReasoningSummaryTextParam(TypedDict, total=False):
    """A part of a reasoning summary."""

    type: Required[Literal["summary_text"]]
    """Always `summary_text`."""
    text: Required[str]
    """The summary text."""


class ReasoningTextParam(TypedDict, total=False):
    """A part of the reasoning text."""

    type: Required[Literal["reasoning_text"]]
    """Always `reasoning_text`."""
    text: Required[str]
    """The reasoning text."""


class ResponseCompactionItemParam(TypedDict, total=False):
    """A compacted summary of earlier context (made by `responses.compact` or by compaction)."""

    id: str | None
    """The item's id."""
    type: Required[Literal["compaction"]]
    """Always `compaction`."""
    encrypted_content: Required[str]
    """The summary, encrypted."""


class ResponseCompactionTriggerParam(TypedDict, total=False):
    """Compact the context now: only as the last input item."""

    type: Required[Literal["compaction_trigger"]]
    """Always `compaction_trigger`."""


# References


class ItemReferenceParam(TypedDict, total=False):
    """An item of an earlier response or of the conversation, by id."""

    type: Literal["item_reference"] | None
    """Always `item_reference`."""
    id: Required[str]
    """The item's id."""


# The unions

ResponseItemParam: TypeAlias = (
    ResponseInputMessageParam
    | ResponseOutputMessageParam
    | ResponseFileSearchToolCallParam
    | ResponseComputerToolCallParam
    | ResponseComputerCallOutputParam
    | ResponseWebSearchCallParam
    | ResponseFunctionToolCallParam
    | ResponseFunctionCallOutputParam
    | ResponseToolSearchCallParam
    | ResponseToolSearchOutputParam
    | ResponseAdditionalToolsParam
    | ResponseReasoningItemParam
    | ResponseCompactionItemParam
    | ResponseImageGenerationCallParam
    | ResponseCodeInterpreterToolCallParam
    | ResponseLocalShellCallParam
    | ResponseLocalShellCallOutputParam
    | ResponseShellCallParam
    | ResponseShellCallOutputParam
    | ResponseApplyPatchCallParam
    | ResponseApplyPatchCallOutputParam
    | ResponseMcpListToolsParam
    | ResponseMcpApprovalRequestParam
    | ResponseMcpApprovalResponseParam
    | ResponseMcpCallParam
    | ResponseCustomToolCallOutputParam
    | ResponseCustomToolCallParam
)
"""An item of context: a message, a tool call, a tool's output, reasoning, ..., told apart by `type`."""

ResponseInputItemParam: TypeAlias = (
    EasyInputMessageParam
    | ResponseItemParam
    | ResponseCompactionTriggerParam
    | ItemReferenceParam
    | ResponseProgramParam
    | ResponseProgramOutputParam
    | BaseModel
)
"""An item of a Responses `input` or of a conversation. An output item of an earlier response (an
`openwire.BaseModel`) can be sent back as it is: only the fields the server sent go out."""

ResponseInputParam: TypeAlias = list[ResponseInputItemParam]
"""A Responses `input` given as items, oldest first."""
