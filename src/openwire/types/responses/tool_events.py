"""Stream events about tool calls: file search, web search, code interpreter, image generation, MCP,
custom tools and the shell. Part of the `ResponseStreamEvent` union (in `events.py`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from openwire._models import BaseModel
from openwire.types.responses.tool_items import ShellCallOutputContent

__all__ = [
    "ResponseCodeInterpreterCallCodeDeltaEvent",
    "ResponseCodeInterpreterCallCodeDoneEvent",
    "ResponseCodeInterpreterCallCompletedEvent",
    "ResponseCodeInterpreterCallInProgressEvent",
    "ResponseCodeInterpreterCallInterpretingEvent",
    "ResponseCustomToolCallInputDeltaEvent",
    "ResponseCustomToolCallInputDoneEvent",
    "ResponseFileSearchCallCompletedEvent",
    "ResponseFileSearchCallInProgressEvent",
    "ResponseFileSearchCallSearchingEvent",
    "ResponseImageGenCallCompletedEvent",
    "ResponseImageGenCallGeneratingEvent",
    "ResponseImageGenCallInProgressEvent",
    "ResponseImageGenCallPartialImageEvent",
    "ResponseMCPCallArgumentsDeltaEvent",
    "ResponseMCPCallArgumentsDoneEvent",
    "ResponseMCPCallCompletedEvent",
    "ResponseMCPCallFailedEvent",
    "ResponseMCPCallInProgressEvent",
    "ResponseMCPListToolsCompletedEvent",
    "ResponseMCPListToolsFailedEvent",
    "ResponseMCPListToolsInProgressEvent",
    "ResponseShellCallCommandAddedEvent",
    "ResponseShellCallCommandDeltaEvent",
    "ResponseShellCallCommandDoneEvent",
    "ResponseShellCallOutputContentDeltaEvent",
    "ResponseShellCallOutputContentDoneEvent",
    "ResponseWebSearchCallCompletedEvent",
    "ResponseWebSearchCallInProgressEvent",
    "ResponseWebSearchCallSearchingEvent",
    "ShellCallOutputDelta",
]


class _ItemEvent(BaseModel):
    """An event about one output item of a streamed response."""

    sequence_number: int | None = None
    """The event's position in the stream."""
    output_index: int = 0
    """The position of the item in the response's `output`."""
    item_id: str | None = None
    """The id of the item."""


# -- file search ---------------------------------------------------------------------------------------


class ResponseFileSearchCallInProgressEvent(_ItemEvent):
    """A file search call started."""

    type: Literal["response.file_search_call.in_progress"] = "response.file_search_call.in_progress"
    """Always `response.file_search_call.in_progress`."""


class ResponseFileSearchCallSearchingEvent(_ItemEvent):
    """A file search call is searching."""

    type: Literal["response.file_search_call.searching"] = "response.file_search_call.searching"
    """Always `response.file_search_call.searching`."""


class ResponseFileSearchCallCompletedEvent(_ItemEvent):
    """A file search call finished."""

    type: Literal["response.file_search_call.completed"] = "response.file_search_call.completed"
    """Always `response.file_search_call.completed`."""


# -- web search ----------------------------------------------------------------------------------------


class ResponseWebSearchCallInProgressEvent(_ItemEvent):
    """A web search call started."""

    type: Literal["response.web_search_call.in_progress"] = "response.web_search_call.in_progress"
    """Always `response.web_search_call.in_progress`."""


class ResponseWebSearchCallSearchingEvent(_ItemEvent):
    """A web search call is searching."""

    type: Literal["response.web_search_call.searching"] = "response.web_search_call.searching"
    """Always `response.web_search_call.searching`."""


class ResponseWebSearchCallCompletedEvent(_ItemEvent):
    """A web search call finished."""

    type: Literal["response.web_search_call.completed"] = "response.web_search_call.completed"
    """Always `response.web_search_call.completed`."""


# -- code interpreter ----------------------------------------------------------------------------------


class ResponseCodeInterpreterCallInProgressEvent(_ItemEvent):
    """A code interpreter call started."""

    type: Literal["response.code_interpreter_call.in_progress"] = "response.code_interpreter_call.in_progress"
    """Always `response.code_interpreter_call.in_progress`."""


class ResponseCodeInterpreterCallInterpretingEvent(_ItemEvent):
    """A code interpreter call is running its code."""

    type: Literal["response.code_interpreter_call.interpreting"] = (
        "response.code_interpreter_call.interpreting"
    )
    """Always `response.code_interpreter_call.interpreting`."""


class ResponseCodeInterpreterCallCompletedEvent(_ItemEvent):
    """A code interpreter call finished."""

    type: Literal["response.code_interpreter_call.completed"] = "response.code_interpreter_call.completed"
    """Always `response.code_interpreter_call.completed`."""


class ResponseCodeInterpreterCallCodeDeltaEvent(_ItemEvent):
    """More of the code a code interpreter call will run."""

    type: Literal["response.code_interpreter_call_code.delta"] = "response.code_interpreter_call_code.delta"
    """Always `response.code_interpreter_call_code.delta`."""
    delta: str
    """The new piece of code."""


class ResponseCodeInterpreterCallCodeDoneEvent(_ItemEvent):
    """The code of a code interpreter call is complete."""

    type: Literal["response.code_interpreter_call_code.done"] = "response.code_interpreter_call_code.done"
    """Always `response.code_interpreter_call_code.done`."""
    code: str
    """The whole code."""


# -- image generation ----------------------------------------------------------------------------------


class ResponseImageGenCallInProgressEvent(_ItemEvent):
    """An image generation call started."""

    type: Literal["response.image_generation_call.in_progress"] = "response.image_generation_call.in_progress"
    """Always `response.image_generation_call.in_progress`."""


class ResponseImageGenCallGeneratingEvent(_ItemEvent):
    """An image generation call is generating."""

    type: Literal["response.image_generation_call.generating"] = "response.image_generation_call.generating"
    """Always `response.image_generation_call.generating`."""


class ResponseImageGenCallPartialImageEvent(_ItemEvent):
    """A partial image, while an image is being generated."""

    type: Literal["response.image_generation_call.partial_image"] = (
        "response.image_generation_call.partial_image"
    )
    """Always `response.image_generation_call.partial_image`."""
    partial_image_index: int = 0
    """Which partial image this is, from 0."""
    partial_image_b64: str
    """The partial image, base64-encoded."""
    size: str | None = None
    """The image size."""
    quality: str | None = None
    """The image quality."""
    background: str | None = None
    """The image background."""
    output_format: str | None = None
    """The image file format."""


class ResponseImageGenCallCompletedEvent(_ItemEvent):
    """An image generation call finished."""

    type: Literal["response.image_generation_call.completed"] = "response.image_generation_call.completed"
    """Always `response.image_generation_call.completed`."""


# -- MCP -----------------------------------------------------------------------------------------------


class ResponseMCPCallInProgressEvent(_ItemEvent):
    """An MCP tool call started."""

    type: Literal["response.mcp_call.in_progress"] = "response.mcp_call.in_progress"
    """Always `response.mcp_call.in_progress`."""


class ResponseMCPCallArgumentsDeltaEvent(_ItemEvent):
    """More of the arguments of an MCP tool call."""

    type: Literal["response.mcp_call_arguments.delta"] = "response.mcp_call_arguments.delta"
    """Always `response.mcp_call_arguments.delta`."""
    delta: str
    """The new piece of the JSON arguments."""


class ResponseMCPCallArgumentsDoneEvent(_ItemEvent):
    """The arguments of an MCP tool call are complete."""

    type: Literal["response.mcp_call_arguments.done"] = "response.mcp_call_arguments.done"
    """Always `response.mcp_call_arguments.done`."""
    arguments: str
    """The whole JSON arguments."""


class ResponseMCPCallCompletedEvent(_ItemEvent):
    """An MCP tool call finished."""

    type: Literal["response.mcp_call.completed"] = "response.mcp_call.completed"
    """Always `response.mcp_call.completed`."""


class ResponseMCPCallFailedEvent(_ItemEvent):
    """An MCP tool call failed."""

    type: Literal["response.mcp_call.failed"] = "response.mcp_call.failed"
    """Always `response.mcp_call.failed`."""


class ResponseMCPListToolsInProgressEvent(_ItemEvent):
    """Listing the tools of an MCP server started."""

    type: Literal["response.mcp_list_tools.in_progress"] = "response.mcp_list_tools.in_progress"
    """Always `response.mcp_list_tools.in_progress`."""


class ResponseMCPListToolsCompletedEvent(_ItemEvent):
    """The tools of an MCP server are listed."""

    type: Literal["response.mcp_list_tools.completed"] = "response.mcp_list_tools.completed"
    """Always `response.mcp_list_tools.completed`."""


class ResponseMCPListToolsFailedEvent(_ItemEvent):
    """Listing the tools of an MCP server failed."""

    type: Literal["response.mcp_list_tools.failed"] = "response.mcp_list_tools.failed"
    """Always `response.mcp_list_tools.failed`."""


# -- custom tools --------------------------------------------------------------------------------------


class ResponseCustomToolCallInputDeltaEvent(_ItemEvent):
    """More of the input of a custom tool call."""

    type: Literal["response.custom_tool_call_input.delta"] = "response.custom_tool_call_input.delta"
    """Always `response.custom_tool_call_input.delta`."""
    delta: str
    """The new piece of the input."""


class ResponseCustomToolCallInputDoneEvent(_ItemEvent):
    """The input of a custom tool call is complete."""

    type: Literal["response.custom_tool_call_input.done"] = "response.custom_tool_call_input.done"
    """Always `response.custom_tool_call_input.done`."""
    input: str
    """The whole input."""


# -- shell ---------------------------------------------------------------------------------------------


class ResponseShellCallCommandAddedEvent(_ItemEvent):
    """A shell call gained a command (its text follows in delta events)."""

    type: Literal["response.shell_call_command.added"] = "response.shell_call_command.added"
    """Always `response.shell_call_command.added`."""
    command_index: int = 0
    """The position of the command in the call's `action.commands`."""
    command: str = ""
    """The command's text so far."""


class ResponseShellCallCommandDeltaEvent(_ItemEvent):
    """More of the text of a shell call's command."""

    type: Literal["response.shell_call_command.delta"] = "response.shell_call_command.delta"
    """Always `response.shell_call_command.delta`."""
    command_index: int = 0
    """The position of the command in the call's `action.commands`."""
    delta: str
    """The new piece of the command."""
    obfuscation: str | None = None
    """Random padding that hides the size of each event; ignore it."""


class ResponseShellCallCommandDoneEvent(_ItemEvent):
    """A shell call's command is complete."""

    type: Literal["response.shell_call_command.done"] = "response.shell_call_command.done"
    """Always `response.shell_call_command.done`."""
    command_index: int = 0
    """The position of the command in the call's `action.commands`."""
    command: str
    """The whole command."""


class ResponseShellCallOutputContentDeltaEvent(_ItemEvent):
    """More of what a shell command printed."""

    type: Literal["response.shell_call_output_content.delta"] = "response.shell_call_output_content.delta"
    """Always `response.shell_call_output_content.delta`."""
    command_index: int = 0
    """The position of the command in the call."""
    delta: ShellCallOutputDelta
    """The new output."""


class ShellCallOutputDelta(BaseModel):
    """New output of a shell command."""

    stdout: str | None = None
    """More of what it printed on standard output."""
    stderr: str | None = None
    """More of what it printed on standard error."""


class ResponseShellCallOutputContentDoneEvent(_ItemEvent):
    """The output of a shell call is complete."""

    type: Literal["response.shell_call_output_content.done"] = "response.shell_call_output_content.done"
    """Always `response.shell_call_output_content.done`."""
    command_index: int = 0
    """The position of the command in the call."""
    output: list[ShellCallOutputContent] = Field(default_factory=list)
    """What each command printed, and how it ended."""
