"""The items of the calls to built-in tools (file search, web search, computer use, image generation, code
interpreter, shells, patches, MCP), sent back in a Responses `input`: the calls the model made, and
for the tools your code runs, their outputs.

Items are told apart by their `type` tag, which stays exact; other values the API takes from a fixed
set are typed `Literal[...] | str`.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required. Names defined further down the
# module are written as strings instead.

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

from .tool_params import ContainerReferenceParam, LocalEnvironmentParam

__all__ = [
    "ApplyPatchCreateFileOperationParam",
    "ApplyPatchDeleteFileOperationParam",
    "ApplyPatchOperationParam",
    "ApplyPatchUpdateFileOperationParam",
    "CodeInterpreterOutputImageParam",
    "CodeInterpreterOutputLogsParam",
    "ComputerActionClickParam",
    "ComputerActionDoubleClickParam",
    "ComputerActionDragParam",
    "ComputerActionKeypressParam",
    "ComputerActionMoveParam",
    "ComputerActionParam",
    "ComputerActionScreenshotParam",
    "ComputerActionScrollParam",
    "ComputerActionTypeParam",
    "ComputerActionWaitParam",
    "ComputerCallSafetyCheckParam",
    "ComputerCoordinateParam",
    "ComputerScreenshotParam",
    "FileSearchResultParam",
    "LocalShellExecActionParam",
    "McpCallErrorParam",
    "McpHTTPErrorParam",
    "McpListToolsToolParam",
    "McpProtocolErrorParam",
    "McpToolExecutionErrorParam",
    "ResponseApplyPatchCallOutputParam",
    "ResponseApplyPatchCallParam",
    "ResponseCodeInterpreterToolCallParam",
    "ResponseComputerCallOutputParam",
    "ResponseComputerToolCallParam",
    "ResponseFileSearchToolCallParam",
    "ResponseImageGenerationCallParam",
    "ResponseLocalShellCallOutputParam",
    "ResponseLocalShellCallParam",
    "ResponseMcpApprovalRequestParam",
    "ResponseMcpApprovalResponseParam",
    "ResponseMcpCallParam",
    "ResponseMcpListToolsParam",
    "ResponseShellCallOutputParam",
    "ResponseShellCallParam",
    "ResponseWebSearchCallParam",
    "ShellActionParam",
    "ShellCallExitOutcomeParam",
    "ShellCallOutputContentParam",
    "ShellCallTimeoutOutcomeParam",
    "ToolCallCallerDirectParam",
    "ToolCallCallerParam",
    "ToolCallCallerProgramParam",
    "WebSearchActionFindParam",
    "WebSearchActionOpenPageParam",
    "WebSearchActionSearchParam",
    "WebSearchActionSearchSourceParam",
]

_ItemStatus: TypeAlias = Literal["in_progress", "completed", "incomplete"] | str
"""Where an item is in its life; the API fills it in on the items it returns."""


# What made a tool call


class ToolCallCallerDirectParam(TypedDict, total=False):
    """The model called the tool itself."""

    type: Required[Literal["direct"]]
    """Always `direct`."""


class ToolCallCallerProgramParam(TypedDict, total=False):
    """A program the model wrote called the tool (programmatic tool calling)."""

    type: Required[Literal["program"]]
    """Always `program`."""
    caller_id: Required[str]
    """The `call_id` of the program item."""


ToolCallCallerParam: TypeAlias = ToolCallCallerDirectParam | ToolCallCallerProgramParam
"""What made a tool call: the model, or a program it wrote."""


# File search and web search


class ResponseFileSearchToolCallParam(TypedDict, total=False):
    """A file search the model ran, with its results."""

    id: Required[str]
    """The call's id."""
    type: Required[Literal["file_search_call"]]
    """Always `file_search_call`."""
    status: Required[Literal["in_progress", "searching", "completed", "incomplete", "failed"] | str]
    """The search's status."""
    queries: Required[Sequence[str]]
    """The queries searched for."""
    results: Iterable["FileSearchResultParam"] | None
    """The results."""


class FileSearchResultParam(TypedDict, total=False):
    """A piece of a file that file search found."""

    file_id: str
    """The file's id."""
    text: str
    """The text found."""
    filename: str
    """The file's name."""
    attributes: Mapping[str, str | float | bool] | None
    """The attributes of the file (up to 16 keys)."""
    score: float
    """How relevant the result is, from 0 to 1."""


class ResponseWebSearchCallParam(TypedDict, total=False):
    """A web search the model ran."""

    id: Required[str]
    """The call's id."""
    type: Required[Literal["web_search_call"]]
    """Always `web_search_call`."""
    status: Required[Literal["in_progress", "searching", "completed", "failed"] | str]
    """The search's status."""
    action: Required["WebSearchActionSearchParam | WebSearchActionOpenPageParam | WebSearchActionFindParam"]
    """What the search did: search, open a page, or find text in a page."""


class WebSearchActionSearchParam(TypedDict, total=False):
    """A web search query."""

    type: Required[Literal["search"]]
    """Always `search`."""
    query: str
    """Deprecated (use `queries`): the query."""
    queries: Sequence[str]
    """The queries."""
    sources: Iterable["WebSearchActionSearchSourceParam"]
    """The sources the search used."""


class WebSearchActionSearchSourceParam(TypedDict, total=False):
    """A source a web search used."""

    type: Required[Literal["url"]]
    """Always `url`."""
    url: Required[str]
    """The source's URL."""


class WebSearchActionOpenPageParam(TypedDict, total=False):
    """A web page the search opened."""

    type: Required[Literal["open_page"]]
    """Always `open_page`."""
    url: str | None
    """The page's URL."""


class WebSearchActionFindParam(TypedDict, total=False):
    """A search for text within a web page."""

    type: Required[Literal["find_in_page"]]
    """Always `find_in_page`."""
    url: Required[str]
    """The page's URL."""
    pattern: Required[str]
    """The text searched for."""


# Computer use


class ResponseComputerToolCallParam(TypedDict, total=False):
    """An action on a computer the model asked for."""

    type: Required[Literal["computer_call"]]
    """Always `computer_call`."""
    id: Required[str]
    """The call's id."""
    call_id: Required[str]
    """The id to answer the call with, in a `computer_call_output`."""
    action: "ComputerActionParam"
    """The action (the preview tool: one per call)."""
    actions: Iterable["ComputerActionParam"]
    """The actions, in order (the `computer` tool: several per call)."""
    pending_safety_checks: Required[Iterable["ComputerCallSafetyCheckParam"]]
    """Safety checks to acknowledge before carrying out the action."""
    status: Required[_ItemStatus]
    """The call's status."""


class ComputerCallSafetyCheckParam(TypedDict, total=False):
    """A safety check raised on a computer action."""

    id: Required[str]
    """The check's id."""
    code: str | None
    """The kind of check."""
    message: str | None
    """What the check is about."""


class ResponseComputerCallOutputParam(TypedDict, total=False):
    """The screen after your code carried out a computer call."""

    id: str | None
    """The output's id (the API fills it in on the items it returns)."""
    call_id: Required[str]
    """The `call_id` of the computer call this answers."""
    type: Required[Literal["computer_call_output"]]
    """Always `computer_call_output`."""
    output: Required["ComputerScreenshotParam"]
    """A screenshot."""
    acknowledged_safety_checks: Iterable[ComputerCallSafetyCheckParam] | None
    """The safety checks of the call that you acknowledge."""
    status: _ItemStatus | None
    """The output's status."""


class ComputerScreenshotParam(TypedDict, total=False):
    """A screenshot: give `image_url` or `file_id`."""

    type: Required[Literal["computer_screenshot"]]
    """Always `computer_screenshot`."""
    image_url: str
    """The screenshot's URL, or its data as a base64 `data:` URL."""
    file_id: str
    """The id of an uploaded screenshot."""


class ComputerActionClickParam(TypedDict, total=False):
    """A mouse click."""

    type: Required[Literal["click"]]
    """Always `click`."""
    button: Required[Literal["left", "right", "wheel", "back", "forward"] | str]
    """The mouse button."""
    x: Required[int]
    """The x-coordinate of the click."""
    y: Required[int]
    """The y-coordinate of the click."""
    keys: Sequence[str] | None
    """The keys held down during the click."""


class ComputerActionDoubleClickParam(TypedDict, total=False):
    """A double click."""

    type: Required[Literal["double_click"]]
    """Always `double_click`."""
    x: Required[int]
    """The x-coordinate of the double click."""
    y: Required[int]
    """The y-coordinate of the double click."""
    keys: Required[Sequence[str] | None]
    """The keys held down during the double click."""


class ComputerActionDragParam(TypedDict, total=False):
    """A drag of the mouse along a path."""

    type: Required[Literal["drag"]]
    """Always `drag`."""
    path: Required[Iterable["ComputerCoordinateParam"]]
    """The points of the path, like `[{"x": 100, "y": 200}, {"x": 200, "y": 300}]`."""
    keys: Sequence[str] | None
    """The keys held down during the drag."""


class ComputerCoordinateParam(TypedDict, total=False):
    """A point on the screen."""

    x: Required[int]
    """The x-coordinate."""
    y: Required[int]
    """The y-coordinate."""


class ComputerActionKeypressParam(TypedDict, total=False):
    """Keys pressed together."""

    type: Required[Literal["keypress"]]
    """Always `keypress`."""
    keys: Required[Sequence[str]]
    """The keys, like `["CTRL", "C"]`."""


class ComputerActionMoveParam(TypedDict, total=False):
    """A mouse move."""

    type: Required[Literal["move"]]
    """Always `move`."""
    x: Required[int]
    """The x-coordinate to move to."""
    y: Required[int]
    """The y-coordinate to move to."""
    keys: Sequence[str] | None
    """The keys held down during the move."""


class ComputerActionScreenshotParam(TypedDict, total=False):
    """A screenshot taken."""

    type: Required[Literal["screenshot"]]
    """Always `screenshot`."""


class ComputerActionScrollParam(TypedDict, total=False):
    """A scroll."""

    type: Required[Literal["scroll"]]
    """Always `scroll`."""
    x: Required[int]
    """The x-coordinate of the pointer."""
    y: Required[int]
    """The y-coordinate of the pointer."""
    scroll_x: Required[int]
    """How far to scroll horizontally."""
    scroll_y: Required[int]
    """How far to scroll vertically."""
    keys: Sequence[str] | None
    """The keys held down during the scroll."""


class ComputerActionTypeParam(TypedDict, total=False):
    """Text typed."""

    type: Required[Literal["type"]]
    """Always `type`."""
    text: Required[str]
    """The text."""


class ComputerActionWaitParam(TypedDict, total=False):
    """A pause."""

    type: Required[Literal["wait"]]
    """Always `wait`."""


ComputerActionParam: TypeAlias = (
    ComputerActionClickParam
    | ComputerActionDoubleClickParam
    | ComputerActionDragParam
    | ComputerActionKeypressParam
    | ComputerActionMoveParam
    | ComputerActionScreenshotParam
    | ComputerActionScrollParam
    | ComputerActionTypeParam
    | ComputerActionWaitParam
)
"""An action on a computer, told apart by its `type`."""


# Image generation and code interpreter


class ResponseImageGenerationCallParam(TypedDict, total=False):
    """An image the model generated."""

    type: Required[Literal["image_generation_call"]]
    """Always `image_generation_call`."""
    id: Required[str]
    """The call's id."""
    status: Required[Literal["in_progress", "completed", "generating", "failed"] | str]
    """The generation's status."""
    result: Required[str | None]
    """The image, base64-encoded."""


class ResponseCodeInterpreterToolCallParam(TypedDict, total=False):
    """Code the model ran in the code interpreter."""

    type: Required[Literal["code_interpreter_call"]]
    """Always `code_interpreter_call`."""
    id: Required[str]
    """The call's id."""
    status: Required[Literal["in_progress", "completed", "incomplete", "interpreting", "failed"] | str]
    """The call's status."""
    container_id: Required[str]
    """The id of the container the code ran in."""
    code: Required[str | None]
    """The code."""
    outputs: Required[Iterable["CodeInterpreterOutputLogsParam | CodeInterpreterOutputImageParam"] | None]
    """What the code produced: logs and images."""


class CodeInterpreterOutputLogsParam(TypedDict, total=False):
    """Logs the code printed."""

    type: Required[Literal["logs"]]
    """Always `logs`."""
    logs: Required[str]
    """The logs."""


class CodeInterpreterOutputImageParam(TypedDict, total=False):
    """An image the code made."""

    type: Required[Literal["image"]]
    """Always `image`."""
    url: Required[str]
    """The image's URL."""


# Shell and patches


class ResponseLocalShellCallParam(TypedDict, total=False):
    """A command the model asked your code to run with the local shell tool."""

    type: Required[Literal["local_shell_call"]]
    """Always `local_shell_call`."""
    id: Required[str]
    """The call's id."""
    call_id: Required[str]
    """The id the model gave the call."""
    action: Required["LocalShellExecActionParam"]
    """The command to run."""
    status: Required[_ItemStatus]
    """The call's status."""


class LocalShellExecActionParam(TypedDict, total=False):
    """A command to run."""

    type: Required[Literal["exec"]]
    """Always `exec`."""
    command: Required[Sequence[str]]
    """The command and its arguments."""
    timeout_ms: int | None
    """How long the command may run, in milliseconds."""
    working_directory: str | None
    """The directory to run it in."""
    env: Required[Mapping[str, str]]
    """Environment variables to set."""
    user: str | None
    """The user to run it as."""


class ResponseLocalShellCallOutputParam(TypedDict, total=False):
    """What a local shell command printed, from your code."""

    type: Required[Literal["local_shell_call_output"]]
    """Always `local_shell_call_output`."""
    id: Required[str]
    """The id of the local shell call this answers."""
    output: Required[str]
    """The output, as a JSON string."""
    status: _ItemStatus | None
    """The output's status."""


class ResponseShellCallParam(TypedDict, total=False):
    """Commands the model asked to run with the shell tool."""

    id: str | None
    """The call's id (the API fills it in on the items it returns)."""
    call_id: Required[str]
    """The id to answer the call with, in a `shell_call_output`."""
    caller: ToolCallCallerParam | None
    """What made the call: the model, or a program it wrote."""
    type: Required[Literal["shell_call"]]
    """Always `shell_call`."""
    action: Required["ShellActionParam"]
    """The commands and their limits."""
    status: _ItemStatus | None
    """The call's status."""
    environment: LocalEnvironmentParam | ContainerReferenceParam | None
    """Where the commands run: your machine or a container."""


class ShellActionParam(TypedDict, total=False):
    """Shell commands to run, and their limits."""

    commands: Required[Sequence[str]]
    """The commands, run in order."""
    timeout_ms: int | None
    """How long the commands may run, in milliseconds."""
    max_output_length: int | None
    """The most characters of output (stdout and stderr together) to keep."""


class ResponseShellCallOutputParam(TypedDict, total=False):
    """What shell commands printed, and how they ended, from your code."""

    id: str | None
    """The output's id (the API fills it in on the items it returns)."""
    call_id: Required[str]
    """The `call_id` of the shell call this answers."""
    caller: ToolCallCallerParam | None
    """What made the call: the model, or a program it wrote."""
    type: Required[Literal["shell_call_output"]]
    """Always `shell_call_output`."""
    output: Required[Iterable["ShellCallOutputContentParam"]]
    """The output of each command."""
    status: _ItemStatus | None
    """The output's status."""
    max_output_length: int | None
    """The most characters of output that were kept (from the call's action)."""


class ShellCallOutputContentParam(TypedDict, total=False):
    """The output of one shell command."""

    stdout: Required[str]
    """What it wrote to standard output."""
    stderr: Required[str]
    """What it wrote to standard error."""
    outcome: Required["ShellCallTimeoutOutcomeParam | ShellCallExitOutcomeParam"]
    """How it ended: it timed out, or exited."""


class ShellCallTimeoutOutcomeParam(TypedDict, total=False):
    """The command timed out."""

    type: Required[Literal["timeout"]]
    """Always `timeout`."""


class ShellCallExitOutcomeParam(TypedDict, total=False):
    """The command exited."""

    type: Required[Literal["exit"]]
    """Always `exit`."""
    exit_code: Required[int]
    """Its exit code."""


class ResponseApplyPatchCallParam(TypedDict, total=False):
    """A file change the model asked your code to make with the apply patch tool."""

    type: Required[Literal["apply_patch_call"]]
    """Always `apply_patch_call`."""
    id: str | None
    """The call's id (the API fills it in on the items it returns)."""
    call_id: Required[str]
    """The id to answer the call with, in an `apply_patch_call_output`."""
    caller: ToolCallCallerParam | None
    """What made the call: the model, or a program it wrote."""
    status: Required[Literal["in_progress", "completed"] | str]
    """The call's status."""
    operation: Required["ApplyPatchOperationParam"]
    """The change: create, delete or update a file."""


class ApplyPatchCreateFileOperationParam(TypedDict, total=False):
    """Create a file."""

    type: Required[Literal["create_file"]]
    """Always `create_file`."""
    path: Required[str]
    """The file's path."""
    diff: Required[str]
    """The file's content, as a diff."""


class ApplyPatchDeleteFileOperationParam(TypedDict, total=False):
    """Delete a file."""

    type: Required[Literal["delete_file"]]
    """Always `delete_file`."""
    path: Required[str]
    """The file's path."""


class ApplyPatchUpdateFileOperationParam(TypedDict, total=False):
    """Change a file."""

    type: Required[Literal["update_file"]]
    """Always `update_file`."""
    path: Required[str]
    """The file's path."""
    diff: Required[str]
    """The change, as a diff."""


ApplyPatchOperationParam: TypeAlias = (
    ApplyPatchCreateFileOperationParam
    | ApplyPatchDeleteFileOperationParam
    | ApplyPatchUpdateFileOperationParam
)
"""A file change, told apart by its `type`."""


class ResponseApplyPatchCallOutputParam(TypedDict, total=False):
    """How applying a patch went, from your code."""

    type: Required[Literal["apply_patch_call_output"]]
    """Always `apply_patch_call_output`."""
    id: str | None
    """The output's id (the API fills it in on the items it returns)."""
    call_id: Required[str]
    """The `call_id` of the apply patch call this answers."""
    caller: ToolCallCallerParam | None
    """What made the call: the model, or a program it wrote."""
    status: Required[Literal["completed", "failed"] | str]
    """Whether the change was made."""
    output: str | None
    """What applying the patch printed, or why it failed."""


# MCP


class ResponseMcpListToolsParam(TypedDict, total=False):
    """The tools an MCP server offered."""

    type: Required[Literal["mcp_list_tools"]]
    """Always `mcp_list_tools`."""
    id: Required[str]
    """The item's id."""
    server_label: Required[str]
    """The server's label."""
    tools: Required[Iterable["McpListToolsToolParam"]]
    """The tools."""
    error: str | None
    """Why the tools could not be listed."""


class McpListToolsToolParam(TypedDict, total=False):
    """A tool of an MCP server."""

    name: Required[str]
    """The tool's name."""
    description: str | None
    """What the tool does."""
    input_schema: Required[Mapping[str, object]]
    """The tool's input, as a JSON Schema object."""
    annotations: Mapping[str, object] | None
    """What the server says about the tool (for example that it only reads)."""


class ResponseMcpApprovalRequestParam(TypedDict, total=False):
    """A call to an MCP tool waiting for your approval."""

    type: Required[Literal["mcp_approval_request"]]
    """Always `mcp_approval_request`."""
    id: Required[str]
    """The request's id, to answer with an `mcp_approval_response`."""
    server_label: Required[str]
    """The server's label."""
    name: Required[str]
    """The tool to call."""
    arguments: Required[str]
    """The arguments, as a JSON string."""


class ResponseMcpApprovalResponseParam(TypedDict, total=False):
    """Your answer to an MCP approval request."""

    type: Required[Literal["mcp_approval_response"]]
    """Always `mcp_approval_response`."""
    id: str | None
    """The item's id."""
    approval_request_id: Required[str]
    """The id of the request this answers."""
    approve: Required[bool]
    """Whether the call may go ahead."""
    reason: str | None
    """Why."""


class ResponseMcpCallParam(TypedDict, total=False):
    """A call to a tool of an MCP server."""

    type: Required[Literal["mcp_call"]]
    """Always `mcp_call`."""
    id: Required[str]
    """The call's id."""
    server_label: Required[str]
    """The server's label."""
    name: Required[str]
    """The tool called."""
    arguments: Required[str]
    """The arguments, as a JSON string."""
    output: str | None
    """What the tool returned."""
    error: "McpCallErrorParam | None"
    """What went wrong, if the call failed."""
    status: Literal["in_progress", "completed", "incomplete", "calling", "failed"] | str
    """The call's status."""
    approval_request_id: str | None
    """The approval request of the call, if it needed one."""


class McpProtocolErrorParam(TypedDict, total=False):
    """The MCP server broke the protocol."""

    type: Required[Literal["mcp_protocol_error"]]
    """Always `mcp_protocol_error`."""
    code: Required[int]
    """The error code."""
    message: Required[str]
    """The error message."""


class McpToolExecutionErrorParam(TypedDict, total=False):
    """The MCP tool failed."""

    type: Required[Literal["mcp_tool_execution_error"]]
    """Always `mcp_tool_execution_error`."""
    content: Required[object]
    """What the tool returned with its failure."""


class McpHTTPErrorParam(TypedDict, total=False):
    """The MCP server answered with an HTTP error."""

    type: Required[Literal["http_error"]]
    """Always `http_error`."""
    code: Required[int]
    """The HTTP status code."""
    message: Required[str]
    """The error message."""


McpCallErrorParam: TypeAlias = McpProtocolErrorParam | McpToolExecutionErrorParam | McpHTTPErrorParam
"""Why an MCP call failed, told apart by its `type`."""
