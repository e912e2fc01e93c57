"""The Responses and Conversations types: the seed 002 moderation examples, every output item and
stream event, leniency toward other servers and newer types. Conformance to the OpenAPI spec is in
`test_responses_spec.py`.

Seed 002 is read from `../shared/seeds` (next to the repository); the tests that need it skip when it is
absent.
"""

from __future__ import annotations

import ast
import json
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from _responses_examples import EVENT_EXAMPLES, ITEMS, response_dict
from _spec import added_moderation_blocks, seed_text, union_members
from openwire._models import UnknownVariant
from openwire.types.conversations import (
    Conversation,
    ConversationDeleted,
    ConversationItem,
    ConversationItemList,
    Message,
    TextContent,
)
from openwire.types.moderation import ModerationError, ModerationResult, ModerationResults
from openwire.types.responses import (
    AnnotationContainerFileCitation,
    AnnotationFileCitation,
    AnnotationFilePath,
    AnnotationURLCitation,
    ApplyPatchTool,
    ApplyPatchUpdateFile,
    CodeInterpreterTool,
    CompactedResponse,
    ComputerActionClick,
    ComputerActionDoubleClick,
    ComputerActionDrag,
    ComputerActionKeypress,
    ComputerActionMove,
    ComputerActionScreenshot,
    ComputerActionScroll,
    ComputerActionType,
    ComputerActionWait,
    ComputerTool,
    ComputerUsePreviewTool,
    CustomTool,
    FileSearchTool,
    FunctionTool,
    ImageGenerationTool,
    InputTokensDetails,
    LocalShellTool,
    Logprob,
    MCPHTTPError,
    MCPTool,
    NamespaceTool,
    OutputTokensDetails,
    ProgrammaticToolCallingTool,
    PromptCacheBreakpoint,
    PromptCacheOptions,
    Reasoning,
    Response,
    ResponseApplyPatchToolCall,
    ResponseCodeInterpreterOutputImage,
    ResponseCodeInterpreterOutputLogs,
    ResponseCodeInterpreterToolCall,
    ResponseCompactionItem,
    ResponseComputerScreenshot,
    ResponseComputerToolCall,
    ResponseComputerToolCallOutput,
    ResponseConversation,
    ResponseError,
    ResponseFileSearchToolCall,
    ResponseFunctionToolCall,
    ResponseFunctionToolCallOutput,
    ResponseFunctionWebSearch,
    ResponseIncompleteDetails,
    ResponseInputFile,
    ResponseInputImage,
    ResponseInputMessageItem,
    ResponseInputText,
    ResponseInputTokens,
    ResponseItem,
    ResponseItemList,
    ResponseMCPCall,
    ResponseModeration,
    ResponseModerationOutcome,
    ResponseOutputItem,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseReasoningItem,
    ResponseReasoningText,
    ResponseShellCall,
    ResponseShellCallOutput,
    ResponseStreamEvent,
    ResponseSummaryText,
    ResponseToolSearchOutput,
    ResponseUsage,
    ShellCallExitOutcome,
    ShellCallOutputDelta,
    ShellCallTimeoutOutcome,
    ShellContainerReference,
    ShellTool,
    TextFormatJSONSchema,
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
    WebSearchActionSearch,
    WebSearchActionSearchSource,
    WebSearchPreviewTool,
    WebSearchTool,
)
from openwire.types.responses import events as ev

SRC = Path(__file__).resolve().parents[1] / "src"
EVENTS = TypeAdapter[Any](ResponseStreamEvent)
ITEM = TypeAdapter[Any](ResponseItem)
CONVERSATION_ITEM = TypeAdapter[Any](ConversationItem)


def parse_response(body: dict[str, Any]) -> Response:
    return Response.model_validate_json(json.dumps(body))


# Seed 002: moderation on the Response object


def seed_response_moderation() -> list[dict[str, Any]]:
    blocks = [m for on_chat, m in added_moderation_blocks(seed_text("002")) if not on_chat]
    assert blocks, "no Response moderation example found in seed 002"
    return blocks


def seed_moderation_error() -> dict[str, Any]:
    """A moderation error of the shape seed 002 documents (`Error object { code, message, type }`)."""
    text = seed_text("002")
    assert "An error produced while attempting moderation for the response input or output." in text
    return {"type": "error", "code": "moderation_unavailable", "message": "The moderation model is down."}


def check_result(side: object) -> None:
    assert type(side) is ModerationResult
    assert side.type == "moderation_result"
    assert side.model == "model"
    assert side.flagged
    # `foo` is no category openwire knows: kept, and readable by its API name.
    assert side.categories["foo"] is True
    assert side.category_scores["foo"] == 0
    assert side.category_applied_input_types is not None
    assert side.category_applied_input_types["foo"] == ["text"]
    assert side.flagged_categories == ["foo"]


def test_seed_moderation_examples_parse_on_a_response() -> None:
    blocks = seed_response_moderation()
    for moderation in blocks:
        # The seed's Response examples also carry the SDK-only `output_text` the reference shows.
        body = response_dict(moderation=moderation, output_text="output_text", max_tool_calls=0)
        response = parse_response(body)
        assert isinstance(response.moderation, ResponseModeration)
        check_result(response.moderation.input)
        check_result(response.moderation.output)
        assert response.to_dict() == body
        assert response.to_dict(mode="json") == body
        # The property wins over the sent value, which is still kept as sent.
        assert response.output_text == ""
        assert response.model_extra == {"output_text": "output_text"}


@pytest.mark.parametrize(("input_error", "output_error"), [(True, False), (False, True), (True, True)])
def test_moderation_branches_on_both_sides(input_error: bool, output_error: bool) -> None:
    result, error = seed_response_moderation()[0]["input"], seed_moderation_error()
    moderation = {"input": error if input_error else result, "output": error if output_error else result}
    body = response_dict(moderation=moderation)
    response = parse_response(body)
    assert response.moderation is not None
    for side, is_error in (
        (response.moderation.input, input_error),
        (response.moderation.output, output_error),
    ):
        if is_error:
            assert isinstance(side, ModerationError)
            assert (side.code, side.message) == ("moderation_unavailable", "The moderation model is down.")
        else:
            check_result(side)
    assert response.to_dict() == body


@pytest.mark.parametrize(
    "kind",
    [
        "response.created",
        "response.queued",
        "response.in_progress",
        "response.completed",
        "response.incomplete",
        "response.failed",
    ],
)
def test_seed_moderation_arrives_in_lifecycle_events(kind: str) -> None:
    for moderation in seed_response_moderation():
        status = {"response.created": "in_progress", "response.queued": "queued"}.get(kind, kind[9:])
        event = {
            "type": kind,
            "sequence_number": 7,
            "response": response_dict(status=status, moderation=moderation),
        }
        parsed = EVENTS.validate_json(json.dumps(event))
        assert type(parsed).__name__ != "UnknownVariant"
        assert parsed.response.status == status
        check_result(parsed.response.moderation.input)
        check_result(parsed.response.moderation.output)
        assert parsed.to_dict() == event


def test_unknown_moderation_type_is_kept() -> None:
    future = {"type": "moderation_summary", "verdict": "allow", "scores": {"violence": 0.2}}
    body = response_dict(moderation={"input": future, "output": None})
    response = parse_response(body)
    assert response.moderation is not None
    side = response.moderation.input
    assert isinstance(side, UnknownVariant)
    assert side.type == "moderation_summary"
    assert side.verdict == "allow"  # type: ignore[attr-defined]
    assert response.moderation.output is None
    assert response.to_dict() == body


def test_chat_shaped_moderation_on_a_response_is_an_unknown_variant() -> None:
    """A chat moderation outcome (`moderation_results`: a list) is not a Responses one: kept as sent."""
    chat = {"type": "moderation_results", "model": "m", "results": []}
    response = parse_response(response_dict(moderation={"input": chat}))
    assert response.moderation is not None
    assert isinstance(response.moderation.input, UnknownVariant)
    assert response.moderation.input.to_dict() == chat


def test_one_moderation_result_class_for_chat_and_responses() -> None:
    (chat_item,) = typing.get_args(ModerationResults.model_fields["results"].annotation)
    assert chat_item is ModerationResult
    assert dict(union_members(ResponseModerationOutcome))["moderation_result"] is ModerationResult
    assert dict(union_members(ResponseModerationOutcome))["error"] is ModerationError

    result = seed_response_moderation()[0]["input"]
    chat = ModerationResults.model_validate({"type": "moderation_results", "model": "m", "results": [result]})
    response = parse_response(response_dict(moderation={"input": result}))
    assert response.moderation is not None
    assert type(chat.results[0]) is type(response.moderation.input) is ModerationResult
    assert chat.results[0] == response.moderation.input


# Output items


def test_the_examples_cover_every_output_item_type() -> None:
    assert {tag for tag, _ in union_members(ResponseOutputItem)} - {"unknown"} == set(ITEMS)


@pytest.mark.parametrize("kind", sorted(ITEMS))
def test_every_output_item_parses(kind: str) -> None:
    model, item = ITEMS[kind]
    body = response_dict(output=[item])
    response = parse_response(body)
    (parsed,) = response.output
    assert type(parsed) is model
    assert response.to_dict() == body
    # The same item listed as an input item, in a conversation, and in stream events.
    assert type(ITEM.validate_python(item)) is model
    in_conversation = CONVERSATION_ITEM.validate_python(item)
    assert type(in_conversation) is (Message if kind == "message" else model)
    assert in_conversation.to_dict() == item
    for kind_of_event in ("response.output_item.added", "response.output_item.done"):
        event = {"type": kind_of_event, "sequence_number": 2, "output_index": 0, "item": item}
        parsed_event = EVENTS.validate_python(event)
        assert type(parsed_event.item) is model
        assert parsed_event.to_dict() == event


def test_item_parts_are_typed() -> None:
    response = parse_response(response_dict(output=[item for _, item in ITEMS.values()]))
    message, file_search, function_call, function_output, web_search, computer, screenshot, *_ = (
        response.output
    )
    assert isinstance(message, ResponseOutputMessage)
    text, refusal = message.content
    assert isinstance(text, ResponseOutputText)
    assert [type(a) for a in text.annotations] == [
        AnnotationFileCitation,
        AnnotationURLCitation,
        AnnotationContainerFileCitation,
        AnnotationFilePath,
    ]
    assert text.logprobs == [
        Logprob(
            token="Hi",
            logprob=-0.01,
            bytes=[72, 105],
            top_logprobs=[TopLogprob(token="Hi", logprob=-0.01, bytes=[72, 105])],
        )
    ]
    assert refusal == ResponseOutputRefusal(refusal="Not that.")
    assert isinstance(file_search, ResponseFileSearchToolCall)
    assert file_search.results is not None
    assert file_search.results[0].attributes == {"team": "web", "year": 2026, "draft": False}
    assert isinstance(function_call, ResponseFunctionToolCall)
    assert isinstance(function_call.caller, ToolCallerDirect)
    assert isinstance(function_output, ResponseFunctionToolCallOutput)
    assert isinstance(function_output.output, list)
    assert [type(p) for p in function_output.output] == [
        ResponseInputText,
        ResponseInputImage,
        ResponseInputFile,
    ]
    assert isinstance(web_search, ResponseFunctionWebSearch)
    assert isinstance(web_search.action, WebSearchActionSearch)
    assert web_search.action.sources == [WebSearchActionSearchSource(url="https://example.test/weather")]
    assert isinstance(computer, ResponseComputerToolCall)
    assert computer.actions is not None
    assert [type(a) for a in computer.actions] == [
        ComputerActionClick,
        ComputerActionDoubleClick,
        ComputerActionDrag,
        ComputerActionKeypress,
        ComputerActionMove,
        ComputerActionScreenshot,
        ComputerActionScroll,
        ComputerActionType,
        ComputerActionWait,
    ]
    assert isinstance(screenshot, ResponseComputerToolCallOutput)
    assert screenshot.output.image_url == "data:image/png;base64,iVBOR"

    by_type = {item.type: item for item in response.output}
    code = by_type["code_interpreter_call"]
    assert isinstance(code, ResponseCodeInterpreterToolCall)
    assert code.outputs is not None
    assert [type(o) for o in code.outputs] == [
        ResponseCodeInterpreterOutputLogs,
        ResponseCodeInterpreterOutputImage,
    ]
    shell = by_type["shell_call"]
    assert isinstance(shell, ResponseShellCall)
    assert isinstance(shell.environment, ShellContainerReference)
    assert isinstance(shell.caller, ToolCallerProgram)
    assert shell.caller.caller_id == "pg_1"
    shell_output = by_type["shell_call_output"]
    assert isinstance(shell_output, ResponseShellCallOutput)
    assert [type(o.outcome) for o in shell_output.output] == [ShellCallExitOutcome, ShellCallTimeoutOutcome]
    patch = by_type["apply_patch_call"]
    assert isinstance(patch, ResponseApplyPatchToolCall)
    assert isinstance(patch.operation, ApplyPatchUpdateFile)
    mcp = by_type["mcp_call"]
    assert isinstance(mcp, ResponseMCPCall)
    assert isinstance(mcp.error, MCPHTTPError)
    reasoning = by_type["reasoning"]
    assert isinstance(reasoning, ResponseReasoningItem)
    assert reasoning.summary == [ResponseSummaryText(text="Checked the forecast.")]
    assert reasoning.content == [ResponseReasoningText(text="The user wants the weather...")]
    tools = by_type["tool_search_output"]
    assert isinstance(tools, ResponseToolSearchOutput)
    assert isinstance(tools.tools[0], FunctionTool)


def test_unknown_types_are_kept_everywhere() -> None:
    body = response_dict(
        output=[
            {"type": "hologram_call", "id": "h_1", "depth": 3},
            {
                "type": "message",
                "role": "assistant",
                "content": [
                    {"type": "output_audio", "data": "UklGRg=="},
                    {
                        "type": "output_text",
                        "text": "Hi",
                        "annotations": [{"type": "page_citation", "page": 4}],
                    },
                ],
            },
            {"type": "computer_call", "call_id": "c", "action": {"type": "zoom", "factor": 2}},
            {"type": "web_search_call", "action": {"type": "summarize_page", "url": "https://example.test"}},
            {
                "type": "function_call",
                "call_id": "c",
                "name": "f",
                "arguments": "{}",
                "caller": {"type": "cron"},
            },
        ],
        tools=[{"type": "teleport", "range": 9}],
        tool_choice={"type": "teleport"},
        text={"format": {"type": "yaml"}},
    )
    response = parse_response(body)
    hologram, message, computer, web, function = response.output
    assert isinstance(hologram, UnknownVariant)
    assert (hologram.type, hologram.depth) == ("hologram_call", 3)  # type: ignore[attr-defined]
    assert isinstance(message, ResponseOutputMessage)
    audio, text = message.content
    assert isinstance(audio, UnknownVariant)
    assert audio.data == "UklGRg=="  # type: ignore[attr-defined]
    assert isinstance(text, ResponseOutputText)
    assert isinstance(text.annotations[0], UnknownVariant)
    assert isinstance(computer, ResponseComputerToolCall)
    assert isinstance(computer.action, UnknownVariant)
    assert isinstance(web, ResponseFunctionWebSearch)
    assert isinstance(web.action, UnknownVariant)
    assert isinstance(function, ResponseFunctionToolCall)
    assert isinstance(function.caller, UnknownVariant)
    assert isinstance(response.tools[0], UnknownVariant)
    assert isinstance(response.tool_choice, UnknownVariant)
    assert response.text is not None
    assert isinstance(response.text.format, UnknownVariant)
    assert response.output_text == "Hi"
    assert response.to_dict() == body

    event = {"type": "response.hologram.delta", "sequence_number": 9, "delta": "...", "depth": 3}
    parsed = EVENTS.validate_json(json.dumps(event))
    assert isinstance(parsed, UnknownVariant)
    assert parsed.type == "response.hologram.delta"
    assert parsed.to_dict() == event
    for adapter in (ITEM, CONVERSATION_ITEM):
        unknown = adapter.validate_python({"type": "hologram_call", "id": "h_1"})
        assert isinstance(unknown, UnknownVariant)
        assert unknown.to_dict() == {"type": "hologram_call", "id": "h_1"}


# The Response object


def test_minimal_response_from_a_compatible_server() -> None:
    body = {
        "id": "resp_1",
        "object": "response",
        "created_at": 1700000000,
        "status": "completed",
        "model": "llama3",
        "output": [
            {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Hi"}]}
        ],
    }
    response = parse_response(body)
    assert response.output_text == "Hi"
    message = response.output[0]
    assert isinstance(message, ResponseOutputMessage)
    assert (message.id, message.status, message.phase) == (None, None, None)
    assert isinstance(message.content[0], ResponseOutputText)
    assert message.content[0].annotations == []
    assert message.content[0].logprobs is None
    assert (response.usage, response.moderation, response.error, response.incomplete_details) == (None,) * 4
    assert (response.tools, response.tool_choice, response.text, response.reasoning) == ([], None, None, None)
    assert response.to_dict() == body
    assert Response.model_validate_json(b'{"id": "resp_2"}').output == []


def test_a_response_needs_an_id() -> None:
    with pytest.raises(ValueError, match="validation error"):
        Response.model_validate_json(b'{"object": "response", "model": "m", "output": []}')


@pytest.mark.parametrize(
    "status", ["completed", "failed", "in_progress", "cancelled", "queued", "incomplete", "paused_for_review"]
)
def test_status_values(status: str) -> None:
    assert parse_response(response_dict(status=status)).status == status


def test_output_text_joins_the_text_of_every_assistant_message() -> None:
    def message(*parts: dict[str, Any]) -> dict[str, Any]:
        return {"type": "message", "role": "assistant", "content": list(parts)}

    response = parse_response(
        response_dict(
            output=[
                ITEMS["reasoning"][1],
                message({"type": "output_text", "text": "Hello, "}, {"type": "refusal", "refusal": "no"}),
                ITEMS["function_call"][1],
                message({"type": "output_text", "text": "world"}, {"type": "output_text", "text": "!"}),
            ]
        )
    )
    assert response.output_text == "Hello, world!"
    messages = [item for item in response.output if isinstance(item, ResponseOutputMessage)]
    assert [m.output_text for m in messages] == ["Hello, ", "world!"]
    assert parse_response(response_dict(output=[ITEMS["function_call"][1]])).output_text == ""
    assert parse_response(response_dict()).output_text == ""


def test_response_settings_echoed_back() -> None:
    body = response_dict(
        completed_at=1741476778,
        error={"code": "server_error", "message": "Something broke."},
        incomplete_details={"reason": "max_output_tokens"},
        instructions=[
            {"role": "developer", "content": "Answer briefly."},
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
        ],
        previous_response_id="resp_0",
        conversation={"id": "conv_1"},
        metadata={"k": "v"},
        usage={
            "input_tokens": 328,
            "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
            "output_tokens": 52,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 380,
        },
        background=False,
        store=True,
        max_output_tokens=None,
        max_tool_calls=3,
        parallel_tool_calls=True,
        temperature=1,
        top_p=1,
        top_logprobs=0,
        reasoning={"effort": "high", "summary": "auto", "context": None},
        text={
            "format": {"type": "json_schema", "name": "answer", "schema": {"type": "object"}, "strict": True},
            "verbosity": "low",
        },
        tools=[
            {
                "type": "function",
                "name": "f",
                "description": None,
                "parameters": {"type": "object"},
                "strict": True,
            },
            {
                "type": "file_search",
                "vector_store_ids": ["vs_1"],
                "filters": {"type": "eq", "key": "a", "value": 1},
            },
            {"type": "computer"},
            {
                "type": "computer_use_preview",
                "environment": "browser",
                "display_width": 1024,
                "display_height": 768,
            },
            {"type": "web_search", "user_location": {"type": "approximate", "city": "Oslo"}},
            {"type": "web_search_2025_08_26", "search_context_size": "low"},
            {
                "type": "mcp",
                "server_label": "deepwiki",
                "server_url": "https://mcp.example.test",
                "require_approval": "never",
            },
            {"type": "code_interpreter", "container": {"type": "auto"}},
            {"type": "programmatic_tool_calling"},
            {"type": "image_generation", "quality": "high", "partial_images": 2},
            {"type": "local_shell"},
            {"type": "shell", "environment": {"type": "local"}},
            {
                "type": "custom",
                "name": "grep",
                "format": {"type": "grammar", "syntax": "lark", "definition": "start: /.+/"},
            },
            {
                "type": "namespace",
                "name": "crm",
                "description": "CRM tools",
                "tools": [{"type": "function", "name": "g"}],
            },
            {"type": "tool_search", "execution": "client", "parameters": {}},
            {"type": "web_search_preview", "search_context_size": "medium"},
            {"type": "web_search_preview_2025_03_11"},
            {"type": "apply_patch"},
        ],
        tool_choice={"type": "allowed_tools", "mode": "auto", "tools": [{"type": "function", "name": "f"}]},
        truncation="disabled",
        prompt={
            "id": "pmpt_1",
            "version": "2",
            "variables": {"city": "Oslo", "logo": {"type": "input_image", "file_id": "f"}},
        },
        prompt_cache_key="k",
        prompt_cache_retention="24h",
        prompt_cache_options={"mode": "implicit", "ttl": "30m"},
        safety_identifier="user-1",
        service_tier="ultrafast",
        user=None,
    )
    response = parse_response(body)
    assert response.to_dict() == body
    assert response.error == ResponseError(code="server_error", message="Something broke.")
    assert response.incomplete_details == ResponseIncompleteDetails(reason="max_output_tokens")
    assert isinstance(response.instructions, list)
    assert [type(i) for i in response.instructions] == [ResponseInputMessageItem, ResponseInputMessageItem]
    assert response.conversation == ResponseConversation(id="conv_1")
    assert response.usage == ResponseUsage(
        input_tokens=328,
        input_tokens_details=InputTokensDetails(cached_tokens=0, cache_write_tokens=0),
        output_tokens=52,
        output_tokens_details=OutputTokensDetails(reasoning_tokens=0),
        total_tokens=380,
    )
    assert response.reasoning == Reasoning(effort="high", summary="auto", context=None)
    assert response.text is not None
    assert isinstance(response.text.format, TextFormatJSONSchema)
    assert response.text.format.schema_ == {"type": "object"}
    assert [type(t) for t in response.tools] == [
        FunctionTool,
        FileSearchTool,
        ComputerTool,
        ComputerUsePreviewTool,
        WebSearchTool,
        WebSearchTool,
        MCPTool,
        CodeInterpreterTool,
        ProgrammaticToolCallingTool,
        ImageGenerationTool,
        LocalShellTool,
        ShellTool,
        CustomTool,
        NamespaceTool,
        ToolSearchTool,
        WebSearchPreviewTool,
        WebSearchPreviewTool,
        ApplyPatchTool,
    ]
    namespace = response.tools[13]
    assert isinstance(namespace, NamespaceTool)
    assert namespace.tools is not None
    assert isinstance(namespace.tools[0], FunctionTool)
    assert isinstance(response.tool_choice, ToolChoiceAllowed)
    assert response.prompt is not None
    assert response.prompt.variables is not None
    assert isinstance(response.prompt.variables["logo"], ResponseInputImage)
    assert response.prompt_cache_options == PromptCacheOptions(mode="implicit", ttl="30m")


@pytest.mark.parametrize(
    ("choice", "model"),
    [
        ("auto", str),
        ("required", str),
        ({"type": "file_search"}, ToolChoiceTypes),
        ({"type": "web_search_preview_2025_03_11"}, ToolChoiceTypes),
        ({"type": "image_generation"}, ToolChoiceTypes),
        ({"type": "function", "name": "f"}, ToolChoiceFunction),
        ({"type": "custom", "name": "grep"}, ToolChoiceCustom),
        ({"type": "mcp", "server_label": "deepwiki", "name": None}, ToolChoiceMCP),
        ({"type": "programmatic_tool_calling"}, ToolChoiceProgrammaticToolCalling),
        ({"type": "apply_patch"}, ToolChoiceApplyPatch),
        ({"type": "shell"}, ToolChoiceShell),
        (
            {"type": "allowed_tools", "mode": "required", "tools": [{"type": "mcp", "server_label": "x"}]},
            ToolChoiceAllowed,
        ),
    ],
)
def test_tool_choices(choice: object, model: type) -> None:
    body = response_dict(tool_choice=choice)
    response = parse_response(body)
    assert type(response.tool_choice) is model
    assert response.to_dict() == body


# Stream events


def test_the_examples_cover_every_event_type() -> None:
    tags = [tag for tag, _ in union_members(ResponseStreamEvent)]
    assert len(tags) == len(set(tags)) == 59
    assert set(tags) - {"unknown"} == set(EVENT_EXAMPLES)


@pytest.mark.parametrize("kind", sorted(EVENT_EXAMPLES))
def test_every_event_parses(kind: str) -> None:
    model, example = EVENT_EXAMPLES[kind]
    parsed = EVENTS.validate_json(json.dumps(example))
    assert type(parsed) is model
    assert parsed.sequence_number == 1
    assert parsed.to_dict() == example
    assert model.model_validate(example) == parsed


def test_event_parts_are_typed() -> None:
    def parse(kind: str) -> Any:
        return EVENTS.validate_python(EVENT_EXAMPLES[kind][1])

    assert isinstance(parse("response.content_part.added").part, ResponseOutputText)
    assert isinstance(parse("response.content_part.done").part, ResponseReasoningText)
    assert isinstance(parse("response.output_text.annotation.added").annotation, AnnotationURLCitation)
    delta = parse("response.output_text.delta")
    assert delta.logprobs[0].top_logprobs == [TopLogprob(token="In", logprob=-0.2)]
    assert parse("response.shell_call_output_content.delta").delta == ShellCallOutputDelta(
        stdout="a", stderr=""
    )
    assert isinstance(parse("response.reasoning_summary_part.added").part, ResponseSummaryText)
    assert isinstance(parse("response.output_item.added").item, ResponseOutputMessage)
    assert parse("response.failed").response.error.code == "server_error"


def test_sparse_events_from_a_compatible_server() -> None:
    delta = EVENTS.validate_json(b'{"type": "response.output_text.delta", "delta": "Hi"}')
    assert isinstance(delta, ev.ResponseTextDeltaEvent)
    assert (delta.sequence_number, delta.item_id, delta.output_index, delta.content_index) == (
        None,
        None,
        0,
        0,
    )
    assert delta.logprobs == []
    assert delta.to_dict() == {"type": "response.output_text.delta", "delta": "Hi"}
    done = EVENTS.validate_json(b'{"type": "response.completed", "response": {"id": "r", "output": []}}')
    assert isinstance(done, ev.ResponseCompletedEvent)
    assert done.response.output_text == ""


# Listed input items, compaction, input tokens, conversations


def test_input_items() -> None:
    page = {
        "object": "list",
        "data": [
            {
                "id": "msg_1",
                "type": "message",
                "role": "user",
                "status": "completed",
                "content": [
                    {
                        "type": "input_text",
                        "text": "What is in this image?",
                        "prompt_cache_breakpoint": {"mode": "explicit"},
                    },
                    {
                        "type": "input_image",
                        "image_url": "https://example.test/cat.png",
                        "file_id": None,
                        "detail": "auto",
                    },
                    {"type": "input_file", "file_url": "https://example.test/a.pdf", "detail": "high"},
                    {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
                ],
            },
            {
                "id": "msg_2",
                "type": "message",
                "role": "system",
                "content": [{"type": "input_text", "text": "Be brief."}],
            },
            {
                "id": "msg_3",
                "type": "message",
                "role": "assistant",
                "content": [{"type": "output_text", "text": "A cat.", "annotations": []}],
            },
            ITEMS["function_call_output"][1],
            ITEMS["computer_call_output"][1],
            {"type": "item_reference", "id": "msg_0"},
        ],
        "first_id": "msg_1",
        "last_id": "msg_0",
        "has_more": True,
    }
    items = ResponseItemList.model_validate_json(json.dumps(page))
    user, system, assistant, function_output, screenshot, reference = items.data
    assert isinstance(user, ResponseInputMessageItem)
    assert isinstance(user.content, list)
    text, image, file, audio = user.content
    assert text == ResponseInputText(
        text="What is in this image?", prompt_cache_breakpoint=PromptCacheBreakpoint(mode="explicit")
    )
    assert isinstance(image, ResponseInputImage)
    assert image.detail == "auto"
    assert isinstance(file, ResponseInputFile)
    assert isinstance(audio, UnknownVariant)
    assert isinstance(system, ResponseInputMessageItem)
    assert system.role == "system"
    assert isinstance(assistant, ResponseOutputMessage)
    assert assistant.output_text == "A cat."
    assert isinstance(function_output, ResponseFunctionToolCallOutput)
    assert isinstance(screenshot, ResponseComputerToolCallOutput)
    assert isinstance(screenshot.output, ResponseComputerScreenshot)
    assert isinstance(reference, UnknownVariant)
    assert (items.first_id, items.last_id, items.has_more) == ("msg_1", "msg_0", True)
    assert items.to_dict() == page


def test_compaction_and_input_tokens() -> None:
    compacted = {
        "id": "resp_c",
        "object": "response.compaction",
        "created_at": 1731459200,
        "output": [
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Summarize."}]},
            {"type": "compaction", "id": "cmp_1", "encrypted_content": "enc"},
        ],
        "usage": {"input_tokens": 10, "output_tokens": 2, "total_tokens": 12},
    }
    parsed = CompactedResponse.model_validate_json(json.dumps(compacted))
    assert [type(item) for item in parsed.output] == [ResponseInputMessageItem, ResponseCompactionItem]
    assert parsed.usage == ResponseUsage(input_tokens=10, output_tokens=2, total_tokens=12)
    assert parsed.to_dict() == compacted
    count = ResponseInputTokens.model_validate_json(
        b'{"object": "response.input_tokens", "input_tokens": 123}'
    )
    assert count.input_tokens == 123


def test_conversation_objects() -> None:
    conversation = Conversation.model_validate_json(
        b'{"id": "conv_1", "object": "conversation", "created_at": 1741900000, "metadata": {"topic": "demo"}}'
    )
    assert (conversation.id, conversation.created_at, conversation.metadata) == (
        "conv_1",
        1741900000,
        {"topic": "demo"},
    )
    deleted = ConversationDeleted.model_validate_json(
        b'{"id": "conv_1", "object": "conversation.deleted", "deleted": true}'
    )
    assert deleted.deleted
    assert Conversation.model_validate_json(b'{"id": "conv_2"}').object == "conversation"


def test_conversation_items() -> None:
    parts = [
        {"type": "input_text", "text": "a"},
        {"type": "output_text", "text": "b", "annotations": []},
        {"type": "text", "text": "c"},
        {"type": "summary_text", "text": "d"},
        {"type": "reasoning_text", "text": "e"},
        {"type": "refusal", "refusal": "f"},
        {"type": "input_image", "image_url": None, "file_id": "file_1", "detail": "original"},
        {"type": "computer_screenshot", "image_url": None, "file_id": "file_2", "detail": "high"},
        {"type": "input_file", "file_id": "file_3"},
        {"type": "input_video", "file_id": "file_4"},
    ]
    page = {
        "object": "list",
        "data": [
            {
                "type": "message",
                "id": "msg_1",
                "status": "completed",
                "role": "critic",
                "content": parts,
                "phase": None,
            },
            *(item for kind, (_, item) in ITEMS.items() if kind != "message"),
        ],
        "first_id": "msg_1",
        "last_id": "ctco_1",
        "has_more": False,
    }
    listed = ConversationItemList.model_validate_json(json.dumps(page))
    message = listed.data[0]
    assert isinstance(message, Message)
    assert message.role == "critic"
    assert [type(p) for p in message.content] == [
        ResponseInputText,
        ResponseOutputText,
        TextContent,
        ResponseSummaryText,
        ResponseReasoningText,
        ResponseOutputRefusal,
        ResponseInputImage,
        ResponseComputerScreenshot,
        ResponseInputFile,
        UnknownVariant,
    ]
    assert [type(item) for item in listed.data[1:]] == [
        model for kind, (model, _) in ITEMS.items() if kind != "message"
    ]
    assert listed.to_dict() == page


# Quality of the modules


@pytest.mark.parametrize(
    "path",
    sorted(
        str(path.relative_to(SRC))
        for package in ("responses", "conversations")
        for path in (SRC / "openwire" / "types" / package).glob("*.py")
    ),
)
def test_every_class_and_field_has_a_docstring(path: str) -> None:
    tree = ast.parse((SRC / path).read_text(encoding="utf-8"))
    undocumented = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        if ast.get_docstring(node) is None:
            undocumented.append(node.name)
        for statement, after in zip(node.body, [*node.body[1:], None], strict=True):
            documented = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
            if isinstance(statement, ast.AnnAssign) and not documented:
                undocumented.append(f"{node.name}.{ast.unparse(statement.target)}")
    assert not undocumented
