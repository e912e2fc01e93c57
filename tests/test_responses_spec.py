"""Conformance of the Responses and Conversations types to the OpenAPI spec: every model against its
schema, every union against the spec's union, and the spec's own examples.

The spec is read from `../shared/spec/openapi.yaml` (next to the repository); these tests skip when it is
absent.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import TypeAdapter

from _spec import deref, load_spec, model_fields, resolve, schema_at, union_members
from openwire._models import BaseModel, UnknownVariant, by_type
from openwire.types.conversations import (
    Conversation,
    ConversationDeleted,
    ConversationItem,
    ConversationItemList,
    Message,
    MessageContent,
    TextContent,
)
from openwire.types.moderation import ModerationError, ModerationResult
from openwire.types.responses import (
    Annotation,
    AnnotationContainerFileCitation,
    AnnotationFileCitation,
    AnnotationFilePath,
    AnnotationURLCitation,
    ApplyPatchCreateFile,
    ApplyPatchDeleteFile,
    ApplyPatchOperation,
    ApplyPatchTool,
    ApplyPatchUpdateFile,
    CodeInterpreterTool,
    CompactedResponse,
    ComputerAction,
    ComputerActionClick,
    ComputerActionDoubleClick,
    ComputerActionDrag,
    ComputerActionDragPoint,
    ComputerActionKeypress,
    ComputerActionMove,
    ComputerActionScreenshot,
    ComputerActionScroll,
    ComputerActionType,
    ComputerActionWait,
    ComputerCallSafetyCheck,
    ComputerTool,
    ComputerUsePreviewTool,
    CustomTool,
    FileSearchResult,
    FileSearchTool,
    FunctionTool,
    ImageGenerationTool,
    InputTokensDetails,
    LocalShellExecAction,
    LocalShellTool,
    Logprob,
    MCPCallError,
    MCPHTTPError,
    MCPListToolsTool,
    MCPProtocolError,
    MCPTool,
    MCPToolExecutionError,
    NamespaceTool,
    OutputTokensDetails,
    ProgrammaticToolCallingTool,
    PromptCacheBreakpoint,
    PromptCacheOptions,
    Reasoning,
    Response,
    ResponseAdditionalTools,
    ResponseApplyPatchToolCall,
    ResponseApplyPatchToolCallOutput,
    ResponseCodeInterpreterOutput,
    ResponseCodeInterpreterOutputImage,
    ResponseCodeInterpreterOutputLogs,
    ResponseCodeInterpreterToolCall,
    ResponseCompactionItem,
    ResponseComputerScreenshot,
    ResponseComputerToolCall,
    ResponseComputerToolCallOutput,
    ResponseContentPart,
    ResponseConversation,
    ResponseCustomToolCall,
    ResponseCustomToolCallOutput,
    ResponseError,
    ResponseFileSearchToolCall,
    ResponseFunctionToolCall,
    ResponseFunctionToolCallOutput,
    ResponseFunctionWebSearch,
    ResponseImageGenerationCall,
    ResponseIncompleteDetails,
    ResponseInputContent,
    ResponseInputFile,
    ResponseInputImage,
    ResponseInputMessageItem,
    ResponseInputText,
    ResponseInputTokens,
    ResponseItem,
    ResponseItemList,
    ResponseLocalShellCall,
    ResponseLocalShellCallOutput,
    ResponseMCPApprovalRequest,
    ResponseMCPApprovalResponse,
    ResponseMCPCall,
    ResponseMCPListTools,
    ResponseModeration,
    ResponseModerationOutcome,
    ResponseOutputItem,
    ResponseOutputMessage,
    ResponseOutputMessageContent,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseProgram,
    ResponseProgramOutput,
    ResponsePrompt,
    ResponseReasoningItem,
    ResponseReasoningText,
    ResponseShellCall,
    ResponseShellCallOutput,
    ResponseStreamEvent,
    ResponseSummaryText,
    ResponseTextConfig,
    ResponseTextFormat,
    ResponseToolSearchCall,
    ResponseToolSearchOutput,
    ResponseUsage,
    ShellAction,
    ShellCallExitOutcome,
    ShellCallOutcome,
    ShellCallOutputContent,
    ShellCallOutputDelta,
    ShellCallTimeoutOutcome,
    ShellContainerReference,
    ShellEnvironment,
    ShellLocalEnvironment,
    ShellTool,
    TextFormatJSONObject,
    TextFormatJSONSchema,
    TextFormatText,
    Tool,
    ToolCaller,
    ToolCallerDirect,
    ToolCallerProgram,
    ToolChoiceAllowed,
    ToolChoiceApplyPatch,
    ToolChoiceCustom,
    ToolChoiceFunction,
    ToolChoiceMCP,
    ToolChoiceProgrammaticToolCalling,
    ToolChoiceShell,
    ToolChoiceTypes,
    ToolSearchTool,
    TopLogprob,
    WebSearchAction,
    WebSearchActionFind,
    WebSearchActionOpenPage,
    WebSearchActionSearch,
    WebSearchActionSearchSource,
    WebSearchPreviewTool,
    WebSearchTool,
)
from openwire.types.responses import events as ev

EVENTS = TypeAdapter[Any](ResponseStreamEvent)


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()


# The spec's examples


def test_the_spec_examples_parse(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name, model in [
        ("Response", Response),
        ("TokenCountsResource", ResponseInputTokens),
        ("CompactResource", CompactedResponse),
    ]:
        example = schemas[name]["example"]
        assert model.model_validate_json(json.dumps(example)).to_dict() == example
    items = json.loads(schemas["ResponseItemList"]["x-oaiMeta"]["example"])
    parsed = ResponseItemList.model_validate_json(json.dumps(items))
    assert isinstance(parsed.data[0], ResponseInputMessageItem)
    assert parsed.to_dict() == items


def test_the_spec_event_examples_parse(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    checked = 0
    for branch in schemas["ResponseStreamEvent"]["anyOf"]:
        member = branch["$ref"].rsplit("/", 1)[-1]
        example = schemas[member].get("x-oaiMeta", {}).get("example")
        if example is None or member in BROKEN_SPEC_EXAMPLES:
            continue
        data = json.loads(example)
        parsed = EVENTS.validate_python(data)
        assert not isinstance(parsed, UnknownVariant), member
        assert parsed.to_dict() == data, member
        checked += 1
    assert checked >= 50


# Spec examples that are not valid JSON.
BROKEN_SPEC_EXAMPLES = {"ResponseFunctionCallArgumentsDeltaEvent"}


# Every model against its schema


# (spec location, response model). Every spec property must be a field of the model (by API name),
# and the model may require only properties the spec requires. One model may stand for several spec
# schemas of the same `type` (an item as produced, and as listed later with its `created_by`).
RESPONSE_MODELS: list[tuple[tuple[str | int, ...], type[BaseModel]]] = [
    # The Response object
    (("Response",), Response),
    (("ResponseError",), ResponseError),
    (("Response", "incomplete_details"), ResponseIncompleteDetails),
    (("ResponseConversation",), ResponseConversation),
    (("Reasoning",), Reasoning),
    (("ResponseTextParam",), ResponseTextConfig),
    (("ResponseFormatText",), TextFormatText),
    (("TextResponseFormatJsonSchema",), TextFormatJSONSchema),
    (("ResponseFormatJsonObject",), TextFormatJSONObject),
    (("Prompt",), ResponsePrompt),
    (("PromptCacheOptions",), PromptCacheOptions),
    (("ResponseUsage",), ResponseUsage),
    (("ResponseUsage", "input_tokens_details"), InputTokensDetails),
    (("ResponseUsage", "output_tokens_details"), OutputTokensDetails),
    (("Moderation",), ResponseModeration),
    (("ModerationResultBody",), ModerationResult),
    (("ModerationErrorBody",), ModerationError),
    (("ResponseItemList",), ResponseItemList),
    (("TokenCountsResource",), ResponseInputTokens),
    (("CompactResource",), CompactedResponse),
    # Messages and their parts
    (("OutputMessage",), ResponseOutputMessage),
    (("InputMessageResource",), ResponseInputMessageItem),
    (("OutputTextContent",), ResponseOutputText),
    (("RefusalContent",), ResponseOutputRefusal),
    (("ReasoningTextContent",), ResponseReasoningText),
    (("SummaryTextContent",), ResponseSummaryText),
    (("FileCitationBody",), AnnotationFileCitation),
    (("UrlCitationBody",), AnnotationURLCitation),
    (("ContainerFileCitationBody",), AnnotationContainerFileCitation),
    (("FilePath",), AnnotationFilePath),
    (("LogProb",), Logprob),
    (("TopLogProb",), TopLogprob),
    (("ResponseLogProb",), Logprob),
    (("ResponseLogProb", "top_logprobs", "[]"), TopLogprob),
    (("InputTextContent",), ResponseInputText),
    (("InputImageContent",), ResponseInputImage),
    (("InputFileContent",), ResponseInputFile),
    (("PromptCacheBreakpointConfig",), PromptCacheBreakpoint),
    (("ComputerScreenshotImage",), ResponseComputerScreenshot),
    (("ComputerScreenshotContent",), ResponseComputerScreenshot),
    # Output items
    (("FileSearchToolCall",), ResponseFileSearchToolCall),
    (("FileSearchToolCall", "results", "[]"), FileSearchResult),
    (("FunctionToolCall",), ResponseFunctionToolCall),
    (("FunctionToolCallResource",), ResponseFunctionToolCall),
    (("FunctionToolCallOutput",), ResponseFunctionToolCallOutput),
    (("FunctionToolCallOutputResource",), ResponseFunctionToolCallOutput),
    (("WebSearchToolCall",), ResponseFunctionWebSearch),
    (("WebSearchActionSearch",), WebSearchActionSearch),
    (("WebSearchActionSearch", "sources", "[]"), WebSearchActionSearchSource),
    (("WebSearchActionOpenPage",), WebSearchActionOpenPage),
    (("WebSearchActionFind",), WebSearchActionFind),
    (("ComputerToolCall",), ResponseComputerToolCall),
    (("ComputerCallSafetyCheckParam",), ComputerCallSafetyCheck),
    (("ComputerToolCallOutput",), ResponseComputerToolCallOutput),
    (("ComputerToolCallOutputResource",), ResponseComputerToolCallOutput),
    (("ClickParam",), ComputerActionClick),
    (("DoubleClickAction",), ComputerActionDoubleClick),
    (("DragParam",), ComputerActionDrag),
    (("CoordParam",), ComputerActionDragPoint),
    (("KeyPressAction",), ComputerActionKeypress),
    (("MoveParam",), ComputerActionMove),
    (("ScreenshotParam",), ComputerActionScreenshot),
    (("ScrollParam",), ComputerActionScroll),
    (("TypeParam",), ComputerActionType),
    (("WaitParam",), ComputerActionWait),
    (("ReasoningItem",), ResponseReasoningItem),
    (("Program",), ResponseProgram),
    (("ProgramOutput",), ResponseProgramOutput),
    (("ToolSearchCall",), ResponseToolSearchCall),
    (("ToolSearchOutput",), ResponseToolSearchOutput),
    (("AdditionalTools",), ResponseAdditionalTools),
    (("CompactionBody",), ResponseCompactionItem),
    (("ImageGenToolCall",), ResponseImageGenerationCall),
    (("CodeInterpreterToolCall",), ResponseCodeInterpreterToolCall),
    (("CodeInterpreterOutputLogs",), ResponseCodeInterpreterOutputLogs),
    (("CodeInterpreterOutputImage",), ResponseCodeInterpreterOutputImage),
    (("LocalShellToolCall",), ResponseLocalShellCall),
    (("LocalShellExecAction",), LocalShellExecAction),
    (("LocalShellToolCallOutput",), ResponseLocalShellCallOutput),
    (("FunctionShellCall",), ResponseShellCall),
    (("FunctionShellAction",), ShellAction),
    (("LocalEnvironmentResource",), ShellLocalEnvironment),
    (("ContainerReferenceResource",), ShellContainerReference),
    (("FunctionShellCallOutput",), ResponseShellCallOutput),
    (("FunctionShellCallOutputContent",), ShellCallOutputContent),
    (("FunctionShellCallOutputTimeoutOutcome",), ShellCallTimeoutOutcome),
    (("FunctionShellCallOutputExitOutcome",), ShellCallExitOutcome),
    (("ApplyPatchToolCall",), ResponseApplyPatchToolCall),
    (("ApplyPatchCreateFileOperation",), ApplyPatchCreateFile),
    (("ApplyPatchUpdateFileOperation",), ApplyPatchUpdateFile),
    (("ApplyPatchDeleteFileOperation",), ApplyPatchDeleteFile),
    (("ApplyPatchToolCallOutput",), ResponseApplyPatchToolCallOutput),
    (("MCPToolCall",), ResponseMCPCall),
    (("MCPProtocolError",), MCPProtocolError),
    (("MCPToolExecutionError",), MCPToolExecutionError),
    (("HTTPError",), MCPHTTPError),
    (("MCPListTools",), ResponseMCPListTools),
    (("MCPListToolsTool",), MCPListToolsTool),
    (("MCPApprovalRequest",), ResponseMCPApprovalRequest),
    (("MCPApprovalResponseResource",), ResponseMCPApprovalResponse),
    (("CustomToolCall",), ResponseCustomToolCall),
    (("CustomToolCallResource",), ResponseCustomToolCall),
    (("CustomToolCallOutput",), ResponseCustomToolCallOutput),
    (("CustomToolCallOutputResource",), ResponseCustomToolCallOutput),
    (("DirectToolCallCaller",), ToolCallerDirect),
    (("ProgramToolCallCaller",), ToolCallerProgram),
    (("DirectToolCallCallerParam",), ToolCallerDirect),
    (("ProgramToolCallCallerParam",), ToolCallerProgram),
    # Tools and tool choices
    (("FunctionTool",), FunctionTool),
    (("FileSearchTool",), FileSearchTool),
    (("ComputerTool",), ComputerTool),
    (("ComputerUsePreviewTool",), ComputerUsePreviewTool),
    (("WebSearchTool",), WebSearchTool),
    (("MCPTool",), MCPTool),
    (("CodeInterpreterTool",), CodeInterpreterTool),
    (("ProgrammaticToolCallingParam",), ProgrammaticToolCallingTool),
    (("ImageGenTool",), ImageGenerationTool),
    (("LocalShellToolParam",), LocalShellTool),
    (("FunctionShellToolParam",), ShellTool),
    (("CustomToolParam",), CustomTool),
    (("NamespaceToolParam",), NamespaceTool),
    (("ToolSearchToolParam",), ToolSearchTool),
    (("WebSearchPreviewTool",), WebSearchPreviewTool),
    (("ApplyPatchToolParam",), ApplyPatchTool),
    (("ToolChoiceAllowed",), ToolChoiceAllowed),
    (("ToolChoiceTypes",), ToolChoiceTypes),
    (("ToolChoiceFunction",), ToolChoiceFunction),
    (("ToolChoiceMCP",), ToolChoiceMCP),
    (("ToolChoiceCustom",), ToolChoiceCustom),
    (("SpecificProgrammaticToolCallingParam",), ToolChoiceProgrammaticToolCalling),
    (("SpecificApplyPatchParam",), ToolChoiceApplyPatch),
    (("SpecificFunctionShellParam",), ToolChoiceShell),
    # Stream events (the whole list is checked against the spec's union below)
    *(
        ((name,), getattr(ev, name.replace("StreamingEvent", "Event")))
        for name in (
            "ResponseAudioDeltaEvent",
            "ResponseAudioDoneEvent",
            "ResponseAudioTranscriptDeltaEvent",
            "ResponseAudioTranscriptDoneEvent",
            "ResponseCodeInterpreterCallCodeDeltaEvent",
            "ResponseCodeInterpreterCallCodeDoneEvent",
            "ResponseCodeInterpreterCallCompletedEvent",
            "ResponseCodeInterpreterCallInProgressEvent",
            "ResponseCodeInterpreterCallInterpretingEvent",
            "ResponseCompletedEvent",
            "ResponseContentPartAddedEvent",
            "ResponseContentPartDoneEvent",
            "ResponseCreatedEvent",
            "ResponseErrorEvent",
            "ResponseFileSearchCallCompletedEvent",
            "ResponseFileSearchCallInProgressEvent",
            "ResponseFileSearchCallSearchingEvent",
            "ResponseFunctionCallArgumentsDeltaEvent",
            "ResponseFunctionCallArgumentsDoneEvent",
            "ResponseShellCallCommandAddedStreamingEvent",
            "ResponseShellCallCommandDeltaStreamingEvent",
            "ResponseShellCallCommandDoneStreamingEvent",
            "ResponseShellCallOutputContentDeltaStreamingEvent",
            "ResponseShellCallOutputContentDoneStreamingEvent",
            "ResponseInProgressEvent",
            "ResponseFailedEvent",
            "ResponseIncompleteEvent",
            "ResponseOutputItemAddedEvent",
            "ResponseOutputItemDoneEvent",
            "ResponseReasoningSummaryPartAddedEvent",
            "ResponseReasoningSummaryPartDoneEvent",
            "ResponseReasoningSummaryTextDeltaEvent",
            "ResponseReasoningSummaryTextDoneEvent",
            "ResponseReasoningTextDeltaEvent",
            "ResponseReasoningTextDoneEvent",
            "ResponseRefusalDeltaEvent",
            "ResponseRefusalDoneEvent",
            "ResponseTextDeltaEvent",
            "ResponseTextDoneEvent",
            "ResponseWebSearchCallCompletedEvent",
            "ResponseWebSearchCallInProgressEvent",
            "ResponseWebSearchCallSearchingEvent",
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
            "ResponseOutputTextAnnotationAddedEvent",
            "ResponseQueuedEvent",
            "ResponseCustomToolCallInputDeltaEvent",
            "ResponseCustomToolCallInputDoneEvent",
        )
    ),
    (("ShellCallOutputDelta",), ShellCallOutputDelta),
    (("ResponseReasoningSummaryPartAddedEvent", "part"), ResponseSummaryText),
    (("ResponseReasoningSummaryPartDoneEvent", "part"), ResponseSummaryText),
    # Conversations
    (("ConversationResource",), Conversation),
    (("DeletedConversationResource",), ConversationDeleted),
    (("DeletedConversation",), ConversationDeleted),
    (("ConversationItemList",), ConversationItemList),
    (("Message",), Message),
    (("TextContent",), TextContent),
]

# Spec properties deliberately not modelled as fields (they are still kept, as extra fields, if sent).
RESPONSE_EXCEPTIONS: set[tuple[type[BaseModel], str]] = {
    # `output_text` is a property computed from `output` (the reference calls it SDK-only); a value a
    # server sends is kept among the extra fields.
    (Response, "output_text"),
}


@pytest.mark.parametrize(
    ("location", "model"), RESPONSE_MODELS, ids=[".".join(map(str, loc)) for loc, _ in RESPONSE_MODELS]
)
def test_response_model_covers_spec(
    spec: dict[str, Any], location: tuple[str | int, ...], model: type[BaseModel]
) -> None:
    name, *path = location
    properties, required = resolve(spec, schema_at(spec, str(name), *path))
    assert properties, f"{location} is not an object schema"
    fields, model_required = model_fields(model)
    missing = {prop for prop in properties if prop not in fields and (model, prop) not in RESPONSE_EXCEPTIONS}
    assert not missing, f"{model.__name__} lacks spec properties {sorted(missing)}"
    assert model_required <= required, f"{model.__name__} requires more than the spec does"


def spec_union_types(spec: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    """The `type` values of the object members of a spec union (nested unions flattened)."""
    schema = deref(spec, schema)
    branches = schema.get("oneOf") or schema.get("anyOf")
    if branches is None:
        if schema.get("type") == "array":
            return spec_union_types(spec, schema["items"])
        properties, _ = resolve(spec, schema)
        kind = deref(spec, properties["type"])
        return set(kind.get("enum") or [kind["const"]])
    found: set[str] = set()
    for branch in branches:
        if deref(spec, branch).get("type") not in ("null", "string"):
            found |= spec_union_types(spec, branch)
    return found


# (spec location of a union, openwire union, openwire tags standing for another spec `type`).
UNIONS: list[tuple[tuple[str | int, ...], Any, dict[str, str]]] = [
    (("OutputItem",), ResponseOutputItem, {}),
    (("ItemResource",), ResponseItem, {"input_message": "message"}),
    (("ItemField",), ResponseItem, {"input_message": "message"}),
    (("ConversationItem",), ConversationItem, {}),
    (("ResponseStreamEvent",), ResponseStreamEvent, {}),
    (("OutputContent",), ResponseContentPart, {}),
    (("OutputMessageContent",), ResponseOutputMessageContent, {}),
    (("InputContent",), ResponseInputContent, {}),
    (("Message", "content"), MessageContent, {}),
    (("Annotation",), Annotation, {}),
    (("Tool",), Tool, {}),
    (("ComputerAction",), ComputerAction, {}),
    (("WebSearchToolCall", "action"), WebSearchAction, {}),
    (("CodeInterpreterToolCall", "outputs"), ResponseCodeInterpreterOutput, {}),
    (("ToolCallCaller",), ToolCaller, {}),
    (("FunctionShellCall", "environment"), ShellEnvironment, {}),
    (("FunctionShellCallOutputContent", "outcome"), ShellCallOutcome, {}),
    (("ApplyPatchToolCall", "operation"), ApplyPatchOperation, {}),
    (("MCPToolCallError",), MCPCallError, {}),
    (("TextResponseFormatConfiguration",), ResponseTextFormat, {}),
    (("Moderation", "input"), ResponseModerationOutcome, {}),
]


@pytest.mark.parametrize(
    ("location", "union", "aliases"), UNIONS, ids=[".".join(map(str, u[0])) for u in UNIONS]
)
def test_unions_cover_spec(
    spec: dict[str, Any], location: tuple[str | int, ...], union: Any, aliases: dict[str, str]
) -> None:
    name, *path = location
    expected = spec_union_types(spec, schema_at(spec, str(name), *path))
    members = union_members(union)
    tags = {aliases.get(tag, tag) for tag, _ in members} - {"unknown"}
    assert tags == expected, f"missing {sorted(expected - tags)}, extra {sorted(tags - expected)}"
    assert members[-1] == ("unknown", UnknownVariant)
    # Each member is the model of its tag.
    for tag, model in members[:-1]:
        if tag not in aliases:
            assert tag in str(model.model_fields["type"].annotation), (tag, model)
    assert any(isinstance(m, by_type) for m in getattr(union, "__metadata__", ())), "not tagged by `type`"
    unknown = TypeAdapter(union).validate_python({"type": "no_such_type", "extra": 1})
    assert isinstance(unknown, UnknownVariant)
    assert unknown.to_dict() == {"type": "no_such_type", "extra": 1}


def test_every_member_is_chosen_by_its_type() -> None:
    for union in (ResponseOutputItem, ResponseStreamEvent, ConversationItem, Tool):
        adapter = TypeAdapter(union)
        for tag, model in union_members(union):
            if model is not UnknownVariant:
                item = model.model_construct(type=tag)
                assert adapter.validate_python(item) is item, (tag, model)
