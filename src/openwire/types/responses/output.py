"""The items of a Response's `output`: messages, reasoning, and the calls the model made to tools, with
their outputs where the server ran the tool.

The same item objects come back from `GET /responses/{id}/input_items` and from conversations; the
item shapes of shell, patch, MCP, program and tool-search tools are in `tool_items.py`, and the unions
of all of them (`ResponseOutputItem`, `ResponseItem`) at the end of this module.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, Tag

from openwire._models import BaseModel, UnknownVariant, by_type, tags_of, variant_of
from openwire.types.responses.content import (
    ResponseComputerScreenshot,
    ResponseInputContent,
    ResponseOutputMessageContent,
    ResponseOutputText,
    ResponseReasoningText,
    ResponseSummaryText,
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
    ToolCaller,
)

__all__ = [
    "ComputerAction",
    "ComputerActionClick",
    "ComputerActionDoubleClick",
    "ComputerActionDrag",
    "ComputerActionDragPoint",
    "ComputerActionKeypress",
    "ComputerActionMove",
    "ComputerActionScreenshot",
    "ComputerActionScroll",
    "ComputerActionType",
    "ComputerActionWait",
    "ComputerCallSafetyCheck",
    "FileSearchResult",
    "ItemStatus",
    "MessagePhase",
    "ResponseCodeInterpreterOutput",
    "ResponseCodeInterpreterOutputImage",
    "ResponseCodeInterpreterOutputLogs",
    "ResponseCodeInterpreterToolCall",
    "ResponseCompactionItem",
    "ResponseComputerToolCall",
    "ResponseComputerToolCallOutput",
    "ResponseCustomToolCall",
    "ResponseCustomToolCallOutput",
    "ResponseFileSearchToolCall",
    "ResponseFunctionToolCall",
    "ResponseFunctionToolCallOutput",
    "ResponseFunctionWebSearch",
    "ResponseImageGenerationCall",
    "ResponseInputMessageItem",
    "ResponseItem",
    "ResponseOutputItem",
    "ResponseOutputMessage",
    "ResponseReasoningItem",
    "WebSearchAction",
    "WebSearchActionFind",
    "WebSearchActionOpenPage",
    "WebSearchActionSearch",
    "WebSearchActionSearchSource",
]

ItemStatus = Literal["in_progress", "completed", "incomplete"] | str
"""Where an item is in its life: `in_progress`, `completed` or `incomplete`."""

MessagePhase = Literal["commentary", "final_answer"] | str
"""What an assistant message is for: remarks along the way (`commentary`) or the answer
(`final_answer`)."""


# -- messages ------------------------------------------------------------------------------------------


class ResponseOutputMessage(BaseModel):
    """A message the model wrote: text and refusals."""

    type: Literal["message"] = "message"
    """Always `message`."""
    id: str | None = None
    """The message's id."""
    role: Literal["assistant"] | str = "assistant"
    """Who wrote the message: always `assistant`."""
    content: list[ResponseOutputMessageContent] = Field(default_factory=list)
    """The parts of the message, in order: `ResponseOutputText` and `ResponseOutputRefusal`."""
    phase: MessagePhase | None = None
    """Whether the message is commentary on the way or the final answer, when the model says."""
    status: ItemStatus | None = None
    """Whether the message is still being written (`in_progress`), `completed` or `incomplete`."""

    @property
    def output_text(self) -> str:
        """The text of every `output_text` part of the message, joined in order (`""` if none)."""
        return "".join(part.text for part in self.content if isinstance(part, ResponseOutputText))


class ResponseInputMessageItem(BaseModel):
    """A message given to the model by the user, the system or the developer (as listed by
    `input_items`, or echoed in a Response's `instructions`)."""

    type: Literal["message"] = "message"
    """Always `message`."""
    id: str | None = None
    """The message's id."""
    role: Literal["user", "system", "developer"] | str = "user"
    """Who wrote the message: `user`, `system` or `developer`."""
    content: str | list[ResponseInputContent] = Field(default_factory=list)
    """The parts of the message, in order: `ResponseInputText`, `ResponseInputImage` and
    `ResponseInputFile` (or plain text, as a request may give it)."""
    phase: MessagePhase | None = None
    """Whether the message is commentary or a final answer, when given."""
    status: ItemStatus | None = None
    """Where the message is in its life: `in_progress`, `completed` or `incomplete`."""


# -- function and custom tools -------------------------------------------------------------------------


class ResponseFunctionToolCall(BaseModel):
    """A call the model made to one of the request's function tools: run it, then answer with a
    `function_call_output` item carrying the same `call_id`."""

    type: Literal["function_call"] = "function_call"
    """Always `function_call`."""
    id: str | None = None
    """The item's id."""
    call_id: str
    """The call's id, which the output that answers it must carry."""
    name: str
    """The name of the function."""
    arguments: str
    """The arguments, as the JSON string the model wrote: it may be invalid, so validate it before use."""
    namespace: str | None = None
    """The namespace of the function, when it belongs to one."""
    caller: ToolCaller | None = None
    """What made the call: the model directly, or a program it wrote."""
    status: ItemStatus | None = None
    """Where the call is in its life: `in_progress`, `completed` or `incomplete`."""
    created_by: str | None = None
    """The id of what created the item (on items listed later)."""


class ResponseFunctionToolCallOutput(BaseModel):
    """The result of a function call, as given back to the model."""

    type: Literal["function_call_output"] = "function_call_output"
    """Always `function_call_output`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The id of the call this answers."""
    output: str | list[ResponseInputContent]
    """The result: text, or a list of text, image and file parts."""
    name: str | None = None
    """The name of the function that was called."""
    namespace: str | None = None
    """The namespace of the function, when it belongs to one."""
    caller: ToolCaller | None = None
    """What made the call: the model directly, or a program it wrote."""
    status: ItemStatus | None = None
    """Where the output is in its life: `in_progress`, `completed` or `incomplete`."""
    created_by: str | None = None
    """The id of what created the item."""


class ResponseCustomToolCall(BaseModel):
    """A call the model made to one of the request's custom tools (free-form input): answer with a
    `custom_tool_call_output` item carrying the same `call_id`."""

    type: Literal["custom_tool_call"] = "custom_tool_call"
    """Always `custom_tool_call`."""
    id: str | None = None
    """The item's id."""
    call_id: str
    """The call's id, which the output that answers it must carry."""
    name: str
    """The name of the custom tool."""
    input: str
    """The input the model wrote for the tool."""
    namespace: str | None = None
    """The namespace of the tool, when it belongs to one."""
    caller: ToolCaller | None = None
    """What made the call: the model directly, or a program it wrote."""
    status: ItemStatus | None = None
    """Where the call is in its life (on items listed later)."""
    created_by: str | None = None
    """The id of what created the item."""


class ResponseCustomToolCallOutput(BaseModel):
    """The result of a custom tool call, as given back to the model."""

    type: Literal["custom_tool_call_output"] = "custom_tool_call_output"
    """Always `custom_tool_call_output`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The id of the call this answers."""
    output: str | list[ResponseInputContent]
    """The result: text, or a list of text, image and file parts."""
    caller: ToolCaller | None = None
    """What made the call: the model directly, or a program it wrote."""
    status: ItemStatus | None = None
    """Where the output is in its life (on items listed later)."""
    created_by: str | None = None
    """The id of what created the item."""


# -- file search and web search ------------------------------------------------------------------------


class ResponseFileSearchToolCall(BaseModel):
    """A file search the server ran for the model, and what it found."""

    type: Literal["file_search_call"] = "file_search_call"
    """Always `file_search_call`."""
    id: str | None = None
    """The item's id."""
    status: Literal["in_progress", "searching", "completed", "incomplete", "failed"] | str | None = None
    """Where the search is: `in_progress`, `searching`, `completed`, `incomplete` or `failed`."""
    queries: list[str] = Field(default_factory=list)
    """The queries the model searched for."""
    results: list[FileSearchResult] | None = None
    """What the search found, when the request included the results."""


class FileSearchResult(BaseModel):
    """A passage a file search found."""

    file_id: str | None = None
    """The id of the file the passage is from."""
    filename: str | None = None
    """The file's name."""
    text: str | None = None
    """The passage."""
    score: float | None = None
    """How relevant the passage is, from 0 to 1."""
    attributes: dict[str, str | float | bool] | None = None
    """The key-value attributes of the file in its vector store."""


class ResponseFunctionWebSearch(BaseModel):
    """A web search the server ran for the model."""

    type: Literal["web_search_call"] = "web_search_call"
    """Always `web_search_call`."""
    id: str | None = None
    """The item's id."""
    status: Literal["in_progress", "searching", "completed", "failed"] | str | None = None
    """Where the search is: `in_progress`, `searching`, `completed` or `failed`."""
    action: WebSearchAction | None = None
    """What the model did: search, open a page, or find text in a page."""


class WebSearchActionSearch(BaseModel):
    """The model searched the web."""

    type: Literal["search"] = "search"
    """Always `search`."""
    query: str | None = None
    """The query (when there was one)."""
    queries: list[str] | None = None
    """The queries, when there were several."""
    sources: list[WebSearchActionSearchSource] | None = None
    """The sources the search used, when the request included them."""


class WebSearchActionSearchSource(BaseModel):
    """A source a web search used."""

    type: Literal["url"] | str = "url"
    """Always `url`."""
    url: str
    """The source's address."""


class WebSearchActionOpenPage(BaseModel):
    """The model opened a page of the search results."""

    type: Literal["open_page"] = "open_page"
    """Always `open_page`."""
    url: str | None = None
    """The page's address."""


class WebSearchActionFind(BaseModel):
    """The model looked for a pattern in a page."""

    type: Literal["find_in_page"] = "find_in_page"
    """Always `find_in_page`."""
    url: str | None = None
    """The page's address."""
    pattern: str | None = None
    """What the model looked for."""


WebSearchAction = Annotated[
    Annotated[WebSearchActionSearch, Tag("search")]
    | Annotated[WebSearchActionOpenPage, Tag("open_page")]
    | Annotated[WebSearchActionFind, Tag("find_in_page")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""What a web search call did: `WebSearchActionSearch`, `WebSearchActionOpenPage`,
`WebSearchActionFind`, or `UnknownVariant`."""


# -- computer use --------------------------------------------------------------------------------------


class ResponseComputerToolCall(BaseModel):
    """Actions the model wants done on a computer: do them, then answer with a
    `computer_call_output` item (a screenshot) carrying the same `call_id`."""

    type: Literal["computer_call"] = "computer_call"
    """Always `computer_call`."""
    id: str | None = None
    """The item's id."""
    call_id: str
    """The call's id, which the output that answers it must carry."""
    action: ComputerAction | None = None
    """The action to perform (one action per call)."""
    actions: list[ComputerAction] | None = None
    """The actions to perform, in order (several actions per call)."""
    pending_safety_checks: list[ComputerCallSafetyCheck] = Field(default_factory=list)
    """Safety checks to acknowledge in the output before the actions may go ahead."""
    status: ItemStatus | None = None
    """Where the call is in its life: `in_progress`, `completed` or `incomplete`."""


class ComputerCallSafetyCheck(BaseModel):
    """A safety concern about a computer action, to review and acknowledge."""

    id: str
    """The check's id."""
    code: str | None = None
    """The kind of concern."""
    message: str | None = None
    """The concern, in words."""


class ResponseComputerToolCallOutput(BaseModel):
    """The screen after a computer call's actions, as given back to the model."""

    type: Literal["computer_call_output"] = "computer_call_output"
    """Always `computer_call_output`."""
    id: str | None = None
    """The item's id."""
    call_id: str | None = None
    """The id of the call this answers."""
    output: ResponseComputerScreenshot
    """The screenshot."""
    acknowledged_safety_checks: list[ComputerCallSafetyCheck] | None = None
    """The call's safety checks that were acknowledged."""
    status: Literal["in_progress", "completed", "incomplete", "failed"] | str | None = None
    """Where the output is in its life: `completed`, `incomplete`, `failed` (or `in_progress`)."""
    created_by: str | None = None
    """The id of what created the item."""


class ComputerActionClick(BaseModel):
    """Click a mouse button at a point."""

    type: Literal["click"] = "click"
    """Always `click`."""
    button: Literal["left", "right", "wheel", "back", "forward"] | str | None = None
    """Which button: `left`, `right`, `wheel`, `back` or `forward`."""
    x: int
    """The horizontal coordinate."""
    y: int
    """The vertical coordinate."""
    keys: list[str] | None = None
    """Keys held down during the click."""


class ComputerActionDoubleClick(BaseModel):
    """Double-click at a point."""

    type: Literal["double_click"] = "double_click"
    """Always `double_click`."""
    x: int
    """The horizontal coordinate."""
    y: int
    """The vertical coordinate."""
    keys: list[str] | None = None
    """Keys held down during the double click."""


class ComputerActionDrag(BaseModel):
    """Drag the mouse along a path."""

    type: Literal["drag"] = "drag"
    """Always `drag`."""
    path: list[ComputerActionDragPoint] = Field(default_factory=list)
    """The points of the path, from start to end."""
    keys: list[str] | None = None
    """Keys held down during the drag."""


class ComputerActionDragPoint(BaseModel):
    """A point on the screen."""

    x: int
    """The horizontal coordinate."""
    y: int
    """The vertical coordinate."""


class ComputerActionKeypress(BaseModel):
    """Press a combination of keys."""

    type: Literal["keypress"] = "keypress"
    """Always `keypress`."""
    keys: list[str] = Field(default_factory=list)
    """The keys to press together."""


class ComputerActionMove(BaseModel):
    """Move the mouse to a point."""

    type: Literal["move"] = "move"
    """Always `move`."""
    x: int
    """The horizontal coordinate."""
    y: int
    """The vertical coordinate."""
    keys: list[str] | None = None
    """Keys held down during the move."""


class ComputerActionScreenshot(BaseModel):
    """Take a screenshot."""

    type: Literal["screenshot"] = "screenshot"
    """Always `screenshot`."""


class ComputerActionScroll(BaseModel):
    """Scroll at a point."""

    type: Literal["scroll"] = "scroll"
    """Always `scroll`."""
    x: int
    """The horizontal coordinate of the pointer."""
    y: int
    """The vertical coordinate of the pointer."""
    scroll_x: int = 0
    """How far to scroll horizontally."""
    scroll_y: int = 0
    """How far to scroll vertically."""
    keys: list[str] | None = None
    """Keys held down while scrolling."""


class ComputerActionType(BaseModel):
    """Type text."""

    type: Literal["type"] = "type"
    """Always `type`."""
    text: str
    """The text to type."""


class ComputerActionWait(BaseModel):
    """Wait a moment."""

    type: Literal["wait"] = "wait"
    """Always `wait`."""


ComputerAction = Annotated[
    Annotated[ComputerActionClick, Tag("click")]
    | Annotated[ComputerActionDoubleClick, Tag("double_click")]
    | Annotated[ComputerActionDrag, Tag("drag")]
    | Annotated[ComputerActionKeypress, Tag("keypress")]
    | Annotated[ComputerActionMove, Tag("move")]
    | Annotated[ComputerActionScreenshot, Tag("screenshot")]
    | Annotated[ComputerActionScroll, Tag("scroll")]
    | Annotated[ComputerActionType, Tag("type")]
    | Annotated[ComputerActionWait, Tag("wait")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""An action of a computer call (`ComputerActionClick`, `ComputerActionType`, ...), or
`UnknownVariant`."""


# -- reasoning and compaction --------------------------------------------------------------------------


class ResponseReasoningItem(BaseModel):
    """The model's reasoning before it answered: a summary, the reasoning text when the model shows
    it, and (when asked for) the encrypted reasoning to pass back in a later request."""

    type: Literal["reasoning"] = "reasoning"
    """Always `reasoning`."""
    id: str | None = None
    """The item's id."""
    summary: list[ResponseSummaryText] = Field(default_factory=list)
    """A summary of the reasoning, in parts."""
    content: list[ResponseReasoningText] | None = None
    """The reasoning text, from models that show it."""
    encrypted_content: str | None = None
    """The reasoning, encrypted, when the request included it (for stateless multi-turn use)."""
    status: ItemStatus | None = None
    """Where the item is in its life: `in_progress`, `completed` or `incomplete`."""


class ResponseCompactionItem(BaseModel):
    """Earlier turns of a conversation, compacted into an opaque item to pass back as input."""

    type: Literal["compaction"] = "compaction"
    """Always `compaction`."""
    id: str | None = None
    """The item's id."""
    encrypted_content: str | None = None
    """The compacted conversation, encrypted."""
    created_by: str | None = None
    """The id of what created the item."""


# -- image generation and code interpreter -------------------------------------------------------------


class ResponseImageGenerationCall(BaseModel):
    """An image the server generated for the model."""

    type: Literal["image_generation_call"] = "image_generation_call"
    """Always `image_generation_call`."""
    id: str | None = None
    """The item's id."""
    status: Literal["in_progress", "completed", "generating", "failed"] | str | None = None
    """Where the generation is: `in_progress`, `generating`, `completed` or `failed`."""
    result: str | None = None
    """The image, base64-encoded, once generated."""


class ResponseCodeInterpreterToolCall(BaseModel):
    """Code the server ran for the model in a container, and what it produced."""

    type: Literal["code_interpreter_call"] = "code_interpreter_call"
    """Always `code_interpreter_call`."""
    id: str | None = None
    """The item's id."""
    status: Literal["in_progress", "completed", "incomplete", "interpreting", "failed"] | str | None = None
    """Where the run is: `in_progress`, `interpreting`, `completed`, `incomplete` or `failed`."""
    container_id: str | None = None
    """The id of the container the code ran in."""
    code: str | None = None
    """The code that ran."""
    outputs: list[ResponseCodeInterpreterOutput] | None = None
    """What the run produced (logs and images), when the request included it."""


class ResponseCodeInterpreterOutputLogs(BaseModel):
    """Text the code printed."""

    type: Literal["logs"] = "logs"
    """Always `logs`."""
    logs: str
    """The printed text."""


class ResponseCodeInterpreterOutputImage(BaseModel):
    """An image the code made."""

    type: Literal["image"] = "image"
    """Always `image`."""
    url: str
    """Where to get the image."""


ResponseCodeInterpreterOutput = Annotated[
    Annotated[ResponseCodeInterpreterOutputLogs, Tag("logs")]
    | Annotated[ResponseCodeInterpreterOutputImage, Tag("image")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""An output of a code interpreter run: `ResponseCodeInterpreterOutputLogs`,
`ResponseCodeInterpreterOutputImage`, or `UnknownVariant`."""


# -- the unions ----------------------------------------------------------------------------------------

_OutputItem = (
    Annotated[ResponseOutputMessage, Tag("message")]
    | Annotated[ResponseFileSearchToolCall, Tag("file_search_call")]
    | Annotated[ResponseFunctionToolCall, Tag("function_call")]
    | Annotated[ResponseFunctionToolCallOutput, Tag("function_call_output")]
    | Annotated[ResponseFunctionWebSearch, Tag("web_search_call")]
    | Annotated[ResponseComputerToolCall, Tag("computer_call")]
    | Annotated[ResponseComputerToolCallOutput, Tag("computer_call_output")]
    | Annotated[ResponseReasoningItem, Tag("reasoning")]
    | Annotated[ResponseProgram, Tag("program")]
    | Annotated[ResponseProgramOutput, Tag("program_output")]
    | Annotated[ResponseToolSearchCall, Tag("tool_search_call")]
    | Annotated[ResponseToolSearchOutput, Tag("tool_search_output")]
    | Annotated[ResponseAdditionalTools, Tag("additional_tools")]
    | Annotated[ResponseCompactionItem, Tag("compaction")]
    | Annotated[ResponseImageGenerationCall, Tag("image_generation_call")]
    | Annotated[ResponseCodeInterpreterToolCall, Tag("code_interpreter_call")]
    | Annotated[ResponseLocalShellCall, Tag("local_shell_call")]
    | Annotated[ResponseLocalShellCallOutput, Tag("local_shell_call_output")]
    | Annotated[ResponseShellCall, Tag("shell_call")]
    | Annotated[ResponseShellCallOutput, Tag("shell_call_output")]
    | Annotated[ResponseApplyPatchToolCall, Tag("apply_patch_call")]
    | Annotated[ResponseApplyPatchToolCallOutput, Tag("apply_patch_call_output")]
    | Annotated[ResponseMCPCall, Tag("mcp_call")]
    | Annotated[ResponseMCPListTools, Tag("mcp_list_tools")]
    | Annotated[ResponseMCPApprovalRequest, Tag("mcp_approval_request")]
    | Annotated[ResponseMCPApprovalResponse, Tag("mcp_approval_response")]
    | Annotated[ResponseCustomToolCall, Tag("custom_tool_call")]
    | Annotated[ResponseCustomToolCallOutput, Tag("custom_tool_call_output")]
    | Annotated[UnknownVariant, Tag("unknown")]
)

ResponseOutputItem = Annotated[_OutputItem, by_type()]
"""An item of a Response's `output`, by its `type`: `ResponseOutputMessage` (`message`),
`ResponseFunctionToolCall` (`function_call`), `ResponseReasoningItem` (`reasoning`), ..., or (for a
`type` openwire does not know yet) `UnknownVariant`."""


_known_item = variant_of(*(tag for tag in tags_of(_OutputItem) if tag != "unknown"))


def _item_variant(value: Any) -> str:
    # A `message` is the model's (an assistant message with a list of parts) or was given to it (the
    # user's, the system's, the developer's, or an assistant message given as plain text); request
    # inputs echoed in `instructions` may also leave out `type`.
    if isinstance(value, dict):
        kind, role, content = value.get("type"), value.get("role"), value.get("content")
        if kind is None and role is not None:
            kind = "message"
    else:
        kind, role, content = (getattr(value, name, None) for name in ("type", "role", "content"))
    if kind == "message":
        return "message" if role == "assistant" and isinstance(content, list) else "input_message"
    return _known_item(value)


ResponseItem = Annotated[
    Annotated[ResponseInputMessageItem, Tag("input_message")] | _OutputItem,
    by_type(_item_variant, not_by_type=("message", "input_message")),
]
"""An item of a response's input or output, as `GET /responses/{id}/input_items` lists them: every
`ResponseOutputItem` kind plus `ResponseInputMessageItem` (a `message` from the user, the system or the
developer); anything else is `UnknownVariant`."""
