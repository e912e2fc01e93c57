"""Output items of the shell, apply-patch, MCP, program and tool-search tools, and who made a call.

Part of the `ResponseOutputItem` and `ResponseItem` unions (in `output.py`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, Tag

from openwire._models import BaseModel, UnknownVariant, by_type
from openwire.types.responses.content import MessageRole
from openwire.types.responses.tools import Tool

__all__ = [
    "ApplyPatchCreateFile",
    "ApplyPatchDeleteFile",
    "ApplyPatchOperation",
    "ApplyPatchUpdateFile",
    "LocalShellExecAction",
    "MCPCallError",
    "MCPHTTPError",
    "MCPListToolsTool",
    "MCPProtocolError",
    "MCPToolExecutionError",
    "ResponseAdditionalTools",
    "ResponseApplyPatchToolCall",
    "ResponseApplyPatchToolCallOutput",
    "ResponseLocalShellCall",
    "ResponseLocalShellCallOutput",
    "ResponseMCPApprovalRequest",
    "ResponseMCPApprovalResponse",
    "ResponseMCPCall",
    "ResponseMCPListTools",
    "ResponseProgram",
    "ResponseProgramOutput",
    "ResponseShellCall",
    "ResponseShellCallOutput",
    "ResponseToolSearchCall",
    "ResponseToolSearchOutput",
    "ShellAction",
    "ShellCallExitOutcome",
    "ShellCallOutcome",
    "ShellCallOutputContent",
    "ShellCallTimeoutOutcome",
    "ShellContainerReference",
    "ShellEnvironment",
    "ShellLocalEnvironment",
    "ToolCaller",
    "ToolCallerDirect",
    "ToolCallerProgram",
]

_Status = Literal["in_progress", "completed", "incomplete"] | str


# -- who made a call -----------------------------------------------------------------------------------


class ToolCallerDirect(BaseModel):
    """The model called the tool itself."""

    type: Literal["direct"] = "direct"
    """Always `direct`."""


class ToolCallerProgram(BaseModel):
    """A program the model wrote called the tool (programmatic tool calling)."""

    type: Literal["program"] = "program"
    """Always `program`."""
    caller_id: str | None = None
    """The id of the program item that made the call."""


ToolCaller = Annotated[
    Annotated[ToolCallerDirect, Tag("direct")]
    | Annotated[ToolCallerProgram, Tag("program")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""What made a tool call: `ToolCallerDirect`, `ToolCallerProgram`, or `UnknownVariant`."""


# -- local shell ---------------------------------------------------------------------------------------


class ResponseLocalShellCall(BaseModel):
    """A command the model wants run on the local machine: run it, then answer with a
    `local_shell_call_output` item."""

    type: Literal["local_shell_call"] = "local_shell_call"
    """Always `local_shell_call`."""
    id: str | None = None
    """The item's id."""
    call_id: str
    """The call's id, which the output that answers it must carry."""
    action: LocalShellExecAction
    """The command to run."""
    status: _Status | None = None
    """Where the call is in its life: `in_progress`, `completed` or `incomplete`."""


class LocalShellExecAction(BaseModel):
    """A command to run on the local machine."""

    type: Literal["exec"] | str = "exec"
    """Always `exec`."""
    command: list[str]
    """The command and its arguments."""
    env: dict[str, str] = Field(default_factory=dict)
    """Environment variables to set."""
    timeout_ms: int | None = None
    """How long the command may run, in milliseconds."""
    working_directory: str | None = None
    """The directory to run the command in."""
    user: str | None = None
    """The user to run the command as."""


class ResponseLocalShellCallOutput(BaseModel):
    """What a local shell command printed, as given back to the model."""

    type: Literal["local_shell_call_output"] = "local_shell_call_output"
    """Always `local_shell_call_output`."""
    id: str | None = None
    """The item's id (the id of the call it answers)."""
    output: str
    """The command's output."""
    status: _Status | None = None
    """Where the output is in its life: `in_progress`, `completed` or `incomplete`."""


# -- shell ---------------------------------------------------------------------------------------------


class ResponseShellCall(BaseModel):
    """Shell commands the model wants run (the `shell` tool): in a hosted container, or locally
    and answered with a `shell_call_output` item."""

    type: Literal["shell_call"] = "shell_call"
    """Always `shell_call`."""
    id: str | None = None
    """The item's id."""
    call_id: str
    """The call's id, which the output that answers it must carry."""
    action: ShellAction
    """The commands to run."""
    environment: ShellEnvironment | None = None
    """Where the commands run: locally, or in a container."""
    caller: ToolCaller | None = None
    """What made the call: the model directly, or a program it wrote."""
    status: _Status | None = None
    """Where the call is in its life: `in_progress`, `completed` or `incomplete`."""
    created_by: str | None = None
    """The id of what created the item."""


class ShellAction(BaseModel):
    """Shell commands to run, and their limits."""

    commands: list[str] = Field(default_factory=list)
    """The commands, run in order."""
    timeout_ms: int | None = None
    """How long the commands may run, in milliseconds."""
    max_output_length: int | None = None
    """How many characters of output to keep per command."""


class ShellLocalEnvironment(BaseModel):
    """Commands run on the caller's machine."""

    type: Literal["local"] = "local"
    """Always `local`."""


class ShellContainerReference(BaseModel):
    """Commands run in a hosted container."""

    type: Literal["container_reference"] = "container_reference"
    """Always `container_reference`."""
    container_id: str
    """The container's id."""


ShellEnvironment = Annotated[
    Annotated[ShellLocalEnvironment, Tag("local")]
    | Annotated[ShellContainerReference, Tag("container_reference")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""Where shell commands run: `ShellLocalEnvironment`, `ShellContainerReference`, or `UnknownVariant`."""


class ResponseShellCallOutput(BaseModel):
    """What the commands of a shell call printed, and how each ended."""

    type: Literal["shell_call_output"] = "shell_call_output"
    """Always `shell_call_output`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The id of the call this answers."""
    output: list[ShellCallOutputContent] = Field(default_factory=list)
    """One entry per command, in order."""
    max_output_length: int | None = None
    """The limit on characters of output kept per command, if there was one."""
    caller: ToolCaller | None = None
    """What made the call: the model directly, or a program it wrote."""
    status: _Status | None = None
    """Where the output is in its life: `in_progress`, `completed` or `incomplete`."""
    created_by: str | None = None
    """The id of what created the item."""


class ShellCallOutputContent(BaseModel):
    """What one shell command printed, and how it ended."""

    stdout: str = ""
    """What it printed on standard output."""
    stderr: str = ""
    """What it printed on standard error."""
    outcome: ShellCallOutcome | None = None
    """How it ended: exited (with a code) or timed out."""
    created_by: str | None = None
    """The id of what created the output."""


class ShellCallTimeoutOutcome(BaseModel):
    """The command ran out of time."""

    type: Literal["timeout"] = "timeout"
    """Always `timeout`."""


class ShellCallExitOutcome(BaseModel):
    """The command exited."""

    type: Literal["exit"] = "exit"
    """Always `exit`."""
    exit_code: int
    """Its exit code."""


ShellCallOutcome = Annotated[
    Annotated[ShellCallTimeoutOutcome, Tag("timeout")]
    | Annotated[ShellCallExitOutcome, Tag("exit")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""How a shell command ended: `ShellCallExitOutcome`, `ShellCallTimeoutOutcome`, or `UnknownVariant`."""


# -- apply patch ---------------------------------------------------------------------------------------


class ResponseApplyPatchToolCall(BaseModel):
    """A file change the model wants made (the `apply_patch` tool): make it, then answer with an
    `apply_patch_call_output` item."""

    type: Literal["apply_patch_call"] = "apply_patch_call"
    """Always `apply_patch_call`."""
    id: str | None = None
    """The item's id."""
    call_id: str
    """The call's id, which the output that answers it must carry."""
    operation: ApplyPatchOperation
    """The change: create, update or delete a file."""
    caller: ToolCaller | None = None
    """What made the call: the model directly, or a program it wrote."""
    status: Literal["in_progress", "completed"] | str | None = None
    """Where the call is in its life: `in_progress` or `completed`."""
    created_by: str | None = None
    """The id of what created the item."""


class ApplyPatchCreateFile(BaseModel):
    """Create a file."""

    type: Literal["create_file"] = "create_file"
    """Always `create_file`."""
    path: str
    """The path of the new file."""
    diff: str
    """The file's content, as a diff."""


class ApplyPatchUpdateFile(BaseModel):
    """Change a file."""

    type: Literal["update_file"] = "update_file"
    """Always `update_file`."""
    path: str
    """The path of the file."""
    diff: str
    """The change, as a diff."""


class ApplyPatchDeleteFile(BaseModel):
    """Delete a file."""

    type: Literal["delete_file"] = "delete_file"
    """Always `delete_file`."""
    path: str
    """The path of the file."""


ApplyPatchOperation = Annotated[
    Annotated[ApplyPatchCreateFile, Tag("create_file")]
    | Annotated[ApplyPatchUpdateFile, Tag("update_file")]
    | Annotated[ApplyPatchDeleteFile, Tag("delete_file")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""The change of an apply-patch call: `ApplyPatchCreateFile`, `ApplyPatchUpdateFile`,
`ApplyPatchDeleteFile`, or `UnknownVariant`."""


class ResponseApplyPatchToolCallOutput(BaseModel):
    """Whether an apply-patch call's change was made, as given back to the model."""

    type: Literal["apply_patch_call_output"] = "apply_patch_call_output"
    """Always `apply_patch_call_output`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The id of the call this answers."""
    status: Literal["completed", "failed"] | str | None = None
    """`completed` or `failed`."""
    output: str | None = None
    """Notes on the change (such as why it failed)."""
    caller: ToolCaller | None = None
    """What made the call: the model directly, or a program it wrote."""
    created_by: str | None = None
    """The id of what created the item."""


# -- MCP -----------------------------------------------------------------------------------------------


class ResponseMCPCall(BaseModel):
    """A call the model made to a tool on a remote MCP server, and its result."""

    type: Literal["mcp_call"] = "mcp_call"
    """Always `mcp_call`."""
    id: str | None = None
    """The item's id."""
    server_label: str | None = None
    """The label of the MCP server."""
    name: str
    """The name of the tool."""
    arguments: str
    """The arguments, as the JSON string the model wrote."""
    output: str | None = None
    """What the tool returned."""
    error: str | MCPCallError | None = None
    """What went wrong, if the call failed."""
    status: Literal["in_progress", "completed", "incomplete", "calling", "failed"] | str | None = None
    """Where the call is: `in_progress`, `calling`, `completed`, `incomplete` or `failed`."""
    approval_request_id: str | None = None
    """The id of the approval request this call followed, if it needed approval."""


class MCPProtocolError(BaseModel):
    """The MCP server broke the protocol."""

    type: Literal["mcp_protocol_error"] = "mcp_protocol_error"
    """Always `mcp_protocol_error`."""
    code: int | None = None
    """The protocol error code."""
    message: str | None = None
    """What went wrong."""


class MCPToolExecutionError(BaseModel):
    """The MCP tool ran and failed."""

    type: Literal["mcp_tool_execution_error"] = "mcp_tool_execution_error"
    """Always `mcp_tool_execution_error`."""
    content: Any = None
    """What the tool reported."""


class MCPHTTPError(BaseModel):
    """The MCP server answered with an HTTP error."""

    type: Literal["http_error"] = "http_error"
    """Always `http_error`."""
    code: int | None = None
    """The HTTP status."""
    message: str | None = None
    """What went wrong."""


MCPCallError = Annotated[
    Annotated[MCPProtocolError, Tag("mcp_protocol_error")]
    | Annotated[MCPToolExecutionError, Tag("mcp_tool_execution_error")]
    | Annotated[MCPHTTPError, Tag("http_error")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""Why an MCP call failed: `MCPProtocolError`, `MCPToolExecutionError`, `MCPHTTPError`, or
`UnknownVariant`."""


class ResponseMCPListTools(BaseModel):
    """The tools an MCP server offers."""

    type: Literal["mcp_list_tools"] = "mcp_list_tools"
    """Always `mcp_list_tools`."""
    id: str | None = None
    """The item's id."""
    server_label: str | None = None
    """The label of the MCP server."""
    tools: list[MCPListToolsTool] = Field(default_factory=list)
    """The server's tools."""
    error: str | None = None
    """Why the server could not list its tools, if it could not."""


class MCPListToolsTool(BaseModel):
    """A tool an MCP server offers."""

    name: str
    """The tool's name."""
    description: str | None = None
    """What the tool does."""
    input_schema: dict[str, Any] | None = None
    """The JSON schema of the tool's input."""
    annotations: dict[str, Any] | None = None
    """More about the tool, as the server describes it."""


class ResponseMCPApprovalRequest(BaseModel):
    """The model wants to call an MCP tool that needs approval: answer with an
    `mcp_approval_response` item carrying this item's id."""

    type: Literal["mcp_approval_request"] = "mcp_approval_request"
    """Always `mcp_approval_request`."""
    id: str
    """The request's id, which the approval response must carry."""
    server_label: str | None = None
    """The label of the MCP server."""
    name: str
    """The name of the tool."""
    arguments: str
    """The arguments, as the JSON string the model wrote."""


class ResponseMCPApprovalResponse(BaseModel):
    """An answer to an MCP approval request."""

    type: Literal["mcp_approval_response"] = "mcp_approval_response"
    """Always `mcp_approval_response`."""
    id: str | None = None
    """The item's id."""
    approval_request_id: str
    """The id of the request this answers."""
    approve: bool
    """Whether the call was approved."""
    reason: str | None = None
    """Why, if a reason was given."""


# -- programs and tool search --------------------------------------------------------------------------


class ResponseProgram(BaseModel):
    """A program the model wrote to call tools (programmatic tool calling)."""

    type: Literal["program"] = "program"
    """Always `program`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The call's id, which the program's output carries."""
    code: str
    """The program."""
    fingerprint: str | None = None
    """An identifier of the program's run, to pass back unchanged."""


class ResponseProgramOutput(BaseModel):
    """What a program the model wrote returned."""

    type: Literal["program_output"] = "program_output"
    """Always `program_output`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The id of the program this answers."""
    result: str
    """What the program returned."""
    status: Literal["completed", "incomplete"] | str | None = None
    """`completed` or `incomplete`."""


class ResponseToolSearchCall(BaseModel):
    """The model searched the available tools for ones to load."""

    type: Literal["tool_search_call"] = "tool_search_call"
    """Always `tool_search_call`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The call's id, when the caller runs the search (`execution` is `client`)."""
    execution: Literal["server", "client"] | str | None = None
    """Who runs the search: the `server` or the `client`."""
    arguments: Any = None
    """What the model searched for."""
    status: _Status | None = None
    """Where the call is in its life: `in_progress`, `completed` or `incomplete`."""
    created_by: str | None = None
    """The id of what created the item."""


class ResponseToolSearchOutput(BaseModel):
    """The tools a tool search found, now available to the model."""

    type: Literal["tool_search_output"] = "tool_search_output"
    """Always `tool_search_output`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The id of the search this answers."""
    execution: Literal["server", "client"] | str | None = None
    """Who ran the search: the `server` or the `client`."""
    tools: list[Tool] = Field(default_factory=list)
    """The tools found."""
    status: _Status | None = None
    """Where the output is in its life: `in_progress`, `completed` or `incomplete`."""
    created_by: str | None = None
    """The id of what created the item."""


class ResponseAdditionalTools(BaseModel):
    """Tools made available to the model partway through a response."""

    type: Literal["additional_tools"] = "additional_tools"
    """Always `additional_tools`."""
    id: str | None = None
    """The item's id."""
    role: MessageRole | None = None
    """The role the tools were added under (such as `developer` or `tool`)."""
    tools: list[Tool] = Field(default_factory=list)
    """The tools added."""
