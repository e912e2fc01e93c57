"""Small examples of every Responses output item and stream event, shared by the Responses tests."""

from __future__ import annotations

from typing import Any

from openwire._models import BaseModel
from openwire.types.responses import (
    ResponseAdditionalTools,
    ResponseApplyPatchToolCall,
    ResponseApplyPatchToolCallOutput,
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
    ResponseLocalShellCall,
    ResponseLocalShellCallOutput,
    ResponseMCPApprovalRequest,
    ResponseMCPApprovalResponse,
    ResponseMCPCall,
    ResponseMCPListTools,
    ResponseOutputMessage,
    ResponseProgram,
    ResponseProgramOutput,
    ResponseReasoningItem,
    ResponseShellCall,
    ResponseShellCallOutput,
    ResponseToolSearchCall,
    ResponseToolSearchOutput,
)
from openwire.types.responses import events as ev


def response_dict(**fields: Any) -> dict[str, Any]:
    """A small Response, with `fields` added or replaced."""
    body: dict[str, Any] = {
        "id": "resp_1",
        "object": "response",
        "created_at": 1741476777,
        "status": "completed",
        "model": "gpt-4o",
        "output": [],
    }
    body.update(fields)
    return body


CITATIONS = [
    {"type": "file_citation", "file_id": "file_1", "index": 3, "filename": "notes.txt"},
    {"type": "url_citation", "url": "https://example.test", "start_index": 0, "end_index": 5, "title": "Ex"},
    {
        "type": "container_file_citation",
        "container_id": "cntr_1",
        "file_id": "cfile_1",
        "filename": "plot.png",
        "start_index": 6,
        "end_index": 9,
    },
    {"type": "file_path", "file_id": "file_2", "index": 12},
]
LOGPROBS = [
    {
        "token": "Hi",
        "logprob": -0.01,
        "bytes": [72, 105],
        "top_logprobs": [{"token": "Hi", "logprob": -0.01, "bytes": [72, 105]}],
    }
]
ALL_ACTIONS = [
    {"type": "click", "button": "left", "x": 1, "y": 2, "keys": None},
    {"type": "double_click", "x": 1, "y": 2, "keys": ["SHIFT"]},
    {"type": "drag", "path": [{"x": 1, "y": 2}, {"x": 3, "y": 4}]},
    {"type": "keypress", "keys": ["CTRL", "C"]},
    {"type": "move", "x": 5, "y": 6},
    {"type": "screenshot"},
    {"type": "scroll", "x": 1, "y": 2, "scroll_x": 0, "scroll_y": 300},
    {"type": "type", "text": "hello"},
    {"type": "wait"},
]

# One small example of every output item type, and the class it parses to.
ITEMS: dict[str, tuple[type[BaseModel], dict[str, Any]]] = {
    "message": (
        ResponseOutputMessage,
        {
            "type": "message",
            "id": "msg_1",
            "status": "completed",
            "role": "assistant",
            "phase": "final_answer",
            "content": [
                {"type": "output_text", "text": "Hi", "annotations": CITATIONS, "logprobs": LOGPROBS},
                {"type": "refusal", "refusal": "Not that."},
            ],
        },
    ),
    "file_search_call": (
        ResponseFileSearchToolCall,
        {
            "type": "file_search_call",
            "id": "fs_1",
            "status": "completed",
            "queries": ["launch date"],
            "results": [
                {
                    "file_id": "file_1",
                    "filename": "plan.md",
                    "text": "We launch in May.",
                    "score": 0.92,
                    "attributes": {"team": "web", "year": 2026, "draft": False},
                }
            ],
        },
    ),
    "function_call": (
        ResponseFunctionToolCall,
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": '{"city":"Oslo"}',
            "namespace": "weather",
            "caller": {"type": "direct"},
            "status": "completed",
        },
    ),
    "function_call_output": (
        ResponseFunctionToolCallOutput,
        {
            "type": "function_call_output",
            "id": "fco_1",
            "call_id": "call_1",
            "output": [
                {"type": "input_text", "text": "12 degrees"},
                {"type": "input_image", "image_url": "https://example.test/map.png", "detail": "low"},
                {"type": "input_file", "file_id": "file_3", "filename": "forecast.pdf"},
            ],
            "status": "completed",
        },
    ),
    "web_search_call": (
        ResponseFunctionWebSearch,
        {
            "type": "web_search_call",
            "id": "ws_1",
            "status": "completed",
            "action": {
                "type": "search",
                "query": "oslo weather",
                "queries": ["oslo weather", "oslo forecast"],
                "sources": [{"type": "url", "url": "https://example.test/weather"}],
            },
        },
    ),
    "computer_call": (
        ResponseComputerToolCall,
        {
            "type": "computer_call",
            "id": "cu_1",
            "call_id": "call_2",
            "action": {"type": "click", "button": "left", "x": 10, "y": 20},
            "actions": ALL_ACTIONS,
            "pending_safety_checks": [
                {"id": "sc_1", "code": "malicious_instructions", "message": "Careful."}
            ],
            "status": "completed",
        },
    ),
    "computer_call_output": (
        ResponseComputerToolCallOutput,
        {
            "type": "computer_call_output",
            "id": "cuo_1",
            "call_id": "call_2",
            "output": {"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBOR"},
            "acknowledged_safety_checks": [{"id": "sc_1", "code": None, "message": None}],
            "status": "completed",
        },
    ),
    "reasoning": (
        ResponseReasoningItem,
        {
            "type": "reasoning",
            "id": "rs_1",
            "summary": [{"type": "summary_text", "text": "Checked the forecast."}],
            "content": [{"type": "reasoning_text", "text": "The user wants the weather..."}],
            "encrypted_content": "gAAAAB",
            "status": "completed",
        },
    ),
    "program": (
        ResponseProgram,
        {"type": "program", "id": "pg_1", "call_id": "call_3", "code": "print(1)", "fingerprint": "fp_1"},
    ),
    "program_output": (
        ResponseProgramOutput,
        {"type": "program_output", "id": "pgo_1", "call_id": "call_3", "result": "1", "status": "completed"},
    ),
    "tool_search_call": (
        ResponseToolSearchCall,
        {
            "type": "tool_search_call",
            "id": "tsc_1",
            "call_id": None,
            "execution": "server",
            "arguments": {"query": "weather"},
            "status": "completed",
        },
    ),
    "tool_search_output": (
        ResponseToolSearchOutput,
        {
            "type": "tool_search_output",
            "id": "tso_1",
            "call_id": None,
            "execution": "server",
            "tools": [{"type": "function", "name": "get_weather", "parameters": {}, "strict": True}],
            "status": "completed",
        },
    ),
    "additional_tools": (
        ResponseAdditionalTools,
        {
            "type": "additional_tools",
            "id": "at_1",
            "role": "developer",
            "tools": [{"type": "custom", "name": "grep", "description": "Search text."}],
        },
    ),
    "compaction": (
        ResponseCompactionItem,
        {"type": "compaction", "id": "cmp_1", "encrypted_content": "encrypted-summary", "created_by": "u_1"},
    ),
    "image_generation_call": (
        ResponseImageGenerationCall,
        {"type": "image_generation_call", "id": "ig_1", "status": "completed", "result": "iVBORw0KGgo="},
    ),
    "code_interpreter_call": (
        ResponseCodeInterpreterToolCall,
        {
            "type": "code_interpreter_call",
            "id": "ci_1",
            "status": "completed",
            "container_id": "cntr_1",
            "code": "print(6 * 7)",
            "outputs": [
                {"type": "logs", "logs": "42\n"},
                {"type": "image", "url": "https://example.test/a.png"},
            ],
        },
    ),
    "local_shell_call": (
        ResponseLocalShellCall,
        {
            "type": "local_shell_call",
            "id": "lsc_1",
            "call_id": "call_4",
            "action": {
                "type": "exec",
                "command": ["ls", "-la"],
                "env": {"LANG": "C"},
                "timeout_ms": 1000,
                "working_directory": "/tmp",
                "user": "me",
            },
            "status": "completed",
        },
    ),
    "local_shell_call_output": (
        ResponseLocalShellCallOutput,
        {"type": "local_shell_call_output", "id": "lsc_1", "output": "total 0", "status": None},
    ),
    "shell_call": (
        ResponseShellCall,
        {
            "type": "shell_call",
            "id": "sh_1",
            "call_id": "call_5",
            "action": {"commands": ["ls", "pwd"], "timeout_ms": None, "max_output_length": 4096},
            "environment": {"type": "container_reference", "container_id": "cntr_1"},
            "caller": {"type": "program", "caller_id": "pg_1"},
            "status": "completed",
        },
    ),
    "shell_call_output": (
        ResponseShellCallOutput,
        {
            "type": "shell_call_output",
            "id": "sho_1",
            "call_id": "call_5",
            "output": [
                {"stdout": "a.txt\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}},
                {"stdout": "", "stderr": "", "outcome": {"type": "timeout"}},
            ],
            "max_output_length": 4096,
            "status": "completed",
        },
    ),
    "apply_patch_call": (
        ResponseApplyPatchToolCall,
        {
            "type": "apply_patch_call",
            "id": "ap_1",
            "call_id": "call_6",
            "operation": {"type": "update_file", "path": "app.py", "diff": "@@ -1 +1 @@\n-a\n+b\n"},
            "status": "completed",
        },
    ),
    "apply_patch_call_output": (
        ResponseApplyPatchToolCallOutput,
        {
            "type": "apply_patch_call_output",
            "id": "apo_1",
            "call_id": "call_6",
            "status": "failed",
            "output": "no",
        },
    ),
    "mcp_call": (
        ResponseMCPCall,
        {
            "type": "mcp_call",
            "id": "mcp_1",
            "server_label": "deepwiki",
            "name": "ask_question",
            "arguments": '{"q":"?"}',
            "output": None,
            "error": {"type": "http_error", "code": 502, "message": "Bad gateway"},
            "status": "failed",
            "approval_request_id": None,
        },
    ),
    "mcp_list_tools": (
        ResponseMCPListTools,
        {
            "type": "mcp_list_tools",
            "id": "mcpl_1",
            "server_label": "deepwiki",
            "tools": [
                {
                    "name": "ask_question",
                    "description": "Ask about a repository.",
                    "input_schema": {"type": "object"},
                    "annotations": {"readOnlyHint": True},
                }
            ],
            "error": None,
        },
    ),
    "mcp_approval_request": (
        ResponseMCPApprovalRequest,
        {
            "type": "mcp_approval_request",
            "id": "mcpr_1",
            "server_label": "deepwiki",
            "name": "ask_question",
            "arguments": "{}",
        },
    ),
    "mcp_approval_response": (
        ResponseMCPApprovalResponse,
        {
            "type": "mcp_approval_response",
            "id": "mcpa_1",
            "approval_request_id": "mcpr_1",
            "approve": True,
            "reason": None,
        },
    ),
    "custom_tool_call": (
        ResponseCustomToolCall,
        {"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_7", "name": "grep", "input": "TODO"},
    ),
    "custom_tool_call_output": (
        ResponseCustomToolCallOutput,
        {"type": "custom_tool_call_output", "id": "ctco_1", "call_id": "call_7", "output": "3 matches"},
    ),
}


def event(kind: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "sequence_number": 1, **fields}


ITEM_REF = {"item_id": "item_1", "output_index": 0}
PART_REF = {**ITEM_REF, "content_index": 0}
SMALL_RESPONSE = response_dict(status="in_progress")
SUMMARY_PART = {"type": "summary_text", "text": "Thinking about it."}

# One small example of every event type, and the class it parses to.
EVENT_EXAMPLES: dict[str, tuple[type[BaseModel], dict[str, Any]]] = {
    e["type"]: (cls, e)
    for cls, e in [
        (ev.ResponseAudioDeltaEvent, event("response.audio.delta", delta="UklGRg==")),
        (ev.ResponseAudioDoneEvent, event("response.audio.done")),
        (ev.ResponseAudioTranscriptDeltaEvent, event("response.audio.transcript.delta", delta="Hel")),
        (ev.ResponseAudioTranscriptDoneEvent, event("response.audio.transcript.done")),
        (
            ev.ResponseCodeInterpreterCallCodeDeltaEvent,
            event("response.code_interpreter_call_code.delta", delta="pri", **ITEM_REF),
        ),
        (
            ev.ResponseCodeInterpreterCallCodeDoneEvent,
            event("response.code_interpreter_call_code.done", code="print(1)", **ITEM_REF),
        ),
        (
            ev.ResponseCodeInterpreterCallCompletedEvent,
            event("response.code_interpreter_call.completed", **ITEM_REF),
        ),
        (
            ev.ResponseCodeInterpreterCallInProgressEvent,
            event("response.code_interpreter_call.in_progress", **ITEM_REF),
        ),
        (
            ev.ResponseCodeInterpreterCallInterpretingEvent,
            event("response.code_interpreter_call.interpreting", **ITEM_REF),
        ),
        (ev.ResponseCompletedEvent, event("response.completed", response=response_dict())),
        (
            ev.ResponseContentPartAddedEvent,
            event(
                "response.content_part.added",
                part={"type": "output_text", "text": "", "annotations": []},
                **PART_REF,
            ),
        ),
        (
            ev.ResponseContentPartDoneEvent,
            event("response.content_part.done", part={"type": "reasoning_text", "text": "r"}, **PART_REF),
        ),
        (ev.ResponseCreatedEvent, event("response.created", response=SMALL_RESPONSE)),
        (
            ev.ResponseErrorEvent,
            event("error", code="ERR_SOMETHING", message="Something happened", param=None),
        ),
        (ev.ResponseFileSearchCallCompletedEvent, event("response.file_search_call.completed", **ITEM_REF)),
        (
            ev.ResponseFileSearchCallInProgressEvent,
            event("response.file_search_call.in_progress", **ITEM_REF),
        ),
        (ev.ResponseFileSearchCallSearchingEvent, event("response.file_search_call.searching", **ITEM_REF)),
        (
            ev.ResponseFunctionCallArgumentsDeltaEvent,
            event("response.function_call_arguments.delta", delta='{"ci', **ITEM_REF),
        ),
        (
            ev.ResponseFunctionCallArgumentsDoneEvent,
            event("response.function_call_arguments.done", name="f", arguments="{}", **ITEM_REF),
        ),
        (
            ev.ResponseShellCallCommandAddedEvent,
            event("response.shell_call_command.added", output_index=0, command_index=0, command=""),
        ),
        (
            ev.ResponseShellCallCommandDeltaEvent,
            event(
                "response.shell_call_command.delta",
                output_index=0,
                command_index=0,
                delta="ls",
                obfuscation="x",
            ),
        ),
        (
            ev.ResponseShellCallCommandDoneEvent,
            event("response.shell_call_command.done", output_index=0, command_index=0, command="ls -la"),
        ),
        (
            ev.ResponseShellCallOutputContentDeltaEvent,
            event(
                "response.shell_call_output_content.delta",
                command_index=0,
                delta={"stdout": "a", "stderr": ""},
                **ITEM_REF,
            ),
        ),
        (
            ev.ResponseShellCallOutputContentDoneEvent,
            event(
                "response.shell_call_output_content.done",
                command_index=0,
                output=[{"stdout": "a", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}],
                **ITEM_REF,
            ),
        ),
        (ev.ResponseInProgressEvent, event("response.in_progress", response=SMALL_RESPONSE)),
        (
            ev.ResponseFailedEvent,
            event(
                "response.failed",
                response=response_dict(status="failed", error={"code": "server_error", "message": "x"}),
            ),
        ),
        (
            ev.ResponseIncompleteEvent,
            event(
                "response.incomplete",
                response=response_dict(status="incomplete", incomplete_details={"reason": "content_filter"}),
            ),
        ),
        (
            ev.ResponseOutputItemAddedEvent,
            event("response.output_item.added", output_index=0, item=ITEMS["message"][1]),
        ),
        (
            ev.ResponseOutputItemDoneEvent,
            event("response.output_item.done", output_index=1, item=ITEMS["function_call"][1]),
        ),
        (
            ev.ResponseReasoningSummaryPartAddedEvent,
            event("response.reasoning_summary_part.added", summary_index=0, part=SUMMARY_PART, **ITEM_REF),
        ),
        (
            ev.ResponseReasoningSummaryPartDoneEvent,
            event(
                "response.reasoning_summary_part.done",
                summary_index=0,
                part=SUMMARY_PART,
                status="incomplete",
                **ITEM_REF,
            ),
        ),
        (
            ev.ResponseReasoningSummaryTextDeltaEvent,
            event("response.reasoning_summary_text.delta", summary_index=0, delta="Thi", **ITEM_REF),
        ),
        (
            ev.ResponseReasoningSummaryTextDoneEvent,
            event("response.reasoning_summary_text.done", summary_index=0, text="Thinking.", **ITEM_REF),
        ),
        (ev.ResponseReasoningTextDeltaEvent, event("response.reasoning_text.delta", delta="Hm", **PART_REF)),
        (ev.ResponseReasoningTextDoneEvent, event("response.reasoning_text.done", text="Hmm.", **PART_REF)),
        (ev.ResponseRefusalDeltaEvent, event("response.refusal.delta", delta="I can", **PART_REF)),
        (ev.ResponseRefusalDoneEvent, event("response.refusal.done", refusal="I can't.", **PART_REF)),
        (
            ev.ResponseTextDeltaEvent,
            event(
                "response.output_text.delta",
                delta="In",
                logprobs=[
                    {"token": "In", "logprob": -0.2, "top_logprobs": [{"token": "In", "logprob": -0.2}]}
                ],
                **PART_REF,
            ),
        ),
        (
            ev.ResponseTextDoneEvent,
            event("response.output_text.done", text="In the end.", logprobs=[], **PART_REF),
        ),
        (ev.ResponseWebSearchCallCompletedEvent, event("response.web_search_call.completed", **ITEM_REF)),
        (ev.ResponseWebSearchCallInProgressEvent, event("response.web_search_call.in_progress", **ITEM_REF)),
        (ev.ResponseWebSearchCallSearchingEvent, event("response.web_search_call.searching", **ITEM_REF)),
        (
            ev.ResponseImageGenCallCompletedEvent,
            event("response.image_generation_call.completed", **ITEM_REF),
        ),
        (
            ev.ResponseImageGenCallGeneratingEvent,
            event("response.image_generation_call.generating", **ITEM_REF),
        ),
        (
            ev.ResponseImageGenCallInProgressEvent,
            event("response.image_generation_call.in_progress", **ITEM_REF),
        ),
        (
            ev.ResponseImageGenCallPartialImageEvent,
            event(
                "response.image_generation_call.partial_image",
                partial_image_index=0,
                partial_image_b64="iVBOR",
                size="1024x1024",
                **ITEM_REF,
            ),
        ),
        (
            ev.ResponseMCPCallArgumentsDeltaEvent,
            event("response.mcp_call_arguments.delta", delta="{", **ITEM_REF),
        ),
        (
            ev.ResponseMCPCallArgumentsDoneEvent,
            event("response.mcp_call_arguments.done", arguments="{}", **ITEM_REF),
        ),
        (ev.ResponseMCPCallCompletedEvent, event("response.mcp_call.completed", **ITEM_REF)),
        (ev.ResponseMCPCallFailedEvent, event("response.mcp_call.failed", **ITEM_REF)),
        (ev.ResponseMCPCallInProgressEvent, event("response.mcp_call.in_progress", **ITEM_REF)),
        (ev.ResponseMCPListToolsCompletedEvent, event("response.mcp_list_tools.completed", **ITEM_REF)),
        (ev.ResponseMCPListToolsFailedEvent, event("response.mcp_list_tools.failed", **ITEM_REF)),
        (ev.ResponseMCPListToolsInProgressEvent, event("response.mcp_list_tools.in_progress", **ITEM_REF)),
        (
            ev.ResponseOutputTextAnnotationAddedEvent,
            event(
                "response.output_text.annotation.added",
                annotation_index=0,
                annotation=CITATIONS[1],
                **PART_REF,
            ),
        ),
        (ev.ResponseQueuedEvent, event("response.queued", response=response_dict(status="queued"))),
        (
            ev.ResponseCustomToolCallInputDeltaEvent,
            event("response.custom_tool_call_input.delta", delta="TO", **ITEM_REF),
        ),
        (
            ev.ResponseCustomToolCallInputDoneEvent,
            event("response.custom_tool_call_input.done", input="TODO", **ITEM_REF),
        ),
    ]
}
