"""The items of a conversation (`/conversations/{id}/items`): messages of any role with any kind of
part, and the same tool call and output items a Response produces."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Tag

from openwire._models import BaseModel, UnknownVariant, by_type
from openwire.types.responses.content import (
    MessageRole,
    ResponseComputerScreenshot,
    ResponseInputFile,
    ResponseInputImage,
    ResponseInputText,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseReasoningText,
    ResponseSummaryText,
)
from openwire.types.responses.output import (
    MessagePhase,
    ResponseCodeInterpreterToolCall,
    ResponseCompactionItem,
    ResponseComputerToolCall,
    ResponseComputerToolCallOutput,
    ResponseCustomToolCall,
    ResponseCustomToolCallOutput,
    ResponseFileSearchToolCall,
    ResponseFunctionToolCall,
    ResponseFunctionToolCallOutput,
    ResponseFunctionWebSearch,
    ResponseImageGenerationCall,
    ResponseReasoningItem,
)
from openwire.types.responses.tool_items import (
    ResponseAdditionalTools,
    ResponseApplyPatchToolCall,
    ResponseApplyPatchToolCallOutput,
    ResponseLocalShellCall,
    ResponseLocalShellCallOutput,
    ResponseMCPApprovalRequest,
    ResponseMCPApprovalResponse,
    ResponseMCPCall,
    ResponseMCPListTools,
    ResponseProgram,
    ResponseProgramOutput,
    ResponseShellCall,
    ResponseShellCallOutput,
    ResponseToolSearchCall,
    ResponseToolSearchOutput,
)

__all__ = [
    "ConversationItem",
    "ConversationItemList",
    "Message",
    "MessageContent",
    "TextContent",
]


class TextContent(BaseModel):
    """Plain text in a message."""

    type: Literal["text"] = "text"
    """Always `text`."""
    text: str
    """The text."""


MessageContent = Annotated[
    Annotated[ResponseInputText, Tag("input_text")]
    | Annotated[ResponseOutputText, Tag("output_text")]
    | Annotated[TextContent, Tag("text")]
    | Annotated[ResponseSummaryText, Tag("summary_text")]
    | Annotated[ResponseReasoningText, Tag("reasoning_text")]
    | Annotated[ResponseOutputRefusal, Tag("refusal")]
    | Annotated[ResponseInputImage, Tag("input_image")]
    | Annotated[ResponseComputerScreenshot, Tag("computer_screenshot")]
    | Annotated[ResponseInputFile, Tag("input_file")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""A part of a conversation message: `ResponseInputText`, `ResponseOutputText`, `TextContent`,
`ResponseSummaryText`, `ResponseReasoningText`, `ResponseOutputRefusal`, `ResponseInputImage`,
`ResponseComputerScreenshot`, `ResponseInputFile`, or `UnknownVariant`."""


class Message(BaseModel):
    """A message in a conversation, from any role."""

    type: Literal["message"] = "message"
    """Always `message`."""
    id: str | None = None
    """The message's id."""
    role: MessageRole | None = None
    """Who wrote the message (`user`, `assistant`, `system`, `developer`, ...)."""
    content: list[MessageContent] = Field(default_factory=list)
    """The parts of the message, in order."""
    phase: MessagePhase | None = None
    """For an assistant message: commentary on the way, or the final answer, when the model says."""
    status: Literal["in_progress", "completed", "incomplete"] | str | None = None
    """Where the message is in its life: `in_progress`, `completed` or `incomplete`."""


_KnownItem = (
    Annotated[Message, Tag("message")]
    | Annotated[ResponseFunctionToolCall, Tag("function_call")]
    | Annotated[ResponseFunctionToolCallOutput, Tag("function_call_output")]
    | Annotated[ResponseFileSearchToolCall, Tag("file_search_call")]
    | Annotated[ResponseFunctionWebSearch, Tag("web_search_call")]
    | Annotated[ResponseImageGenerationCall, Tag("image_generation_call")]
    | Annotated[ResponseComputerToolCall, Tag("computer_call")]
    | Annotated[ResponseComputerToolCallOutput, Tag("computer_call_output")]
    | Annotated[ResponseToolSearchCall, Tag("tool_search_call")]
    | Annotated[ResponseToolSearchOutput, Tag("tool_search_output")]
    | Annotated[ResponseAdditionalTools, Tag("additional_tools")]
    | Annotated[ResponseReasoningItem, Tag("reasoning")]
    | Annotated[ResponseProgram, Tag("program")]
    | Annotated[ResponseProgramOutput, Tag("program_output")]
    | Annotated[ResponseCompactionItem, Tag("compaction")]
    | Annotated[ResponseCodeInterpreterToolCall, Tag("code_interpreter_call")]
    | Annotated[ResponseLocalShellCall, Tag("local_shell_call")]
    | Annotated[ResponseLocalShellCallOutput, Tag("local_shell_call_output")]
    | Annotated[ResponseShellCall, Tag("shell_call")]
    | Annotated[ResponseShellCallOutput, Tag("shell_call_output")]
    | Annotated[ResponseApplyPatchToolCall, Tag("apply_patch_call")]
    | Annotated[ResponseApplyPatchToolCallOutput, Tag("apply_patch_call_output")]
    | Annotated[ResponseMCPListTools, Tag("mcp_list_tools")]
    | Annotated[ResponseMCPApprovalRequest, Tag("mcp_approval_request")]
    | Annotated[ResponseMCPApprovalResponse, Tag("mcp_approval_response")]
    | Annotated[ResponseMCPCall, Tag("mcp_call")]
    | Annotated[ResponseCustomToolCall, Tag("custom_tool_call")]
    | Annotated[ResponseCustomToolCallOutput, Tag("custom_tool_call_output")]
    | Annotated[UnknownVariant, Tag("unknown")]
)

ConversationItem = Annotated[_KnownItem, by_type()]
"""An item of a conversation, by its `type`: `Message`, or one of the tool call and output items a
Response produces (`ResponseFunctionToolCall`, `ResponseFunctionToolCallOutput`, ...), or (for a `type`
openwire does not know yet) `UnknownVariant`."""


class ConversationItemList(BaseModel):
    """One page of a conversation's items (also what adding items returns)."""

    object: Literal["list"] | str = "list"
    """Always `list`."""
    data: list[ConversationItem] = Field(default_factory=list)
    """The items on this page."""
    first_id: str | None = None
    """The id of the first item on this page."""
    last_id: str | None = None
    """The id of the last item on this page: the cursor for the next one."""
    has_more: bool = False
    """Whether there are more items after this page."""
