"""Type-checked examples of the Responses and Conversations request parameters: `mypy --strict
tests/typing` and `pyright`.

The requests come from the spec's examples and from the June 2026 reference change (`moderation`). The
valid examples must type-check; each invalid one carries a `# type: ignore[code]` that mypy's
`warn_unused_ignores` (on under `--strict`) and pyright's `reportUnnecessaryTypeIgnoreComment` prove
is needed. At runtime these are plain dicts, so pytest runs the functions harmlessly.
"""

from __future__ import annotations

from openwire import BaseModel
from openwire.types.conversations import ConversationCreateParams, ItemCreateParams, ItemListParams
from openwire.types.responses import (
    EasyInputMessageParam,
    InputTokenCountParams,
    ReasoningParam,
    ResponseCompactParams,
    ResponseCreateParams,
    ResponseCreateParamsNonStreaming,
    ResponseCreateParamsStreaming,
    ResponseFunctionCallOutputParam,
    ResponseInputItemParam,
    ResponseInputParam,
    ResponseRetrieveParamsStreaming,
    ResponseTextConfigParam,
    ToolChoiceParam,
    ToolParam,
)


def test_spec_examples() -> None:
    text: ResponseCreateParams = {
        "model": "gpt-5.4",
        "input": "Tell me a three sentence bedtime story about a unicorn.",
    }
    image: ResponseCreateParams = {
        "model": "gpt-5.4",
        "input": [
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "what is in this image?"},
                    {"type": "input_image", "image_url": "https://example.test/boardwalk.jpg"},
                ],
            }
        ],
    }
    file: ResponseCreateParams = {
        "model": "gpt-5.4",
        "input": [
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "what is in this file?"},
                    {"type": "input_file", "file_url": "https://example.test/letter.pdf", "detail": "auto"},
                ],
            }
        ],
    }
    streaming: ResponseCreateParamsStreaming = {
        "model": "gpt-5.4",
        "instructions": "You are a helpful assistant.",
        "input": "Hello!",
        "stream": True,
    }
    functions: ResponseCreateParamsNonStreaming = {
        "model": "gpt-5.4",
        "input": "What is the weather like in Boston today?",
        "tools": [
            {
                "type": "function",
                "name": "get_current_weather",
                "description": "Get the current weather in a given location",
                "parameters": {
                    "type": "object",
                    "properties": {
                        "location": {"type": "string"},
                        "unit": {"enum": ["celsius", "fahrenheit"]},
                    },
                    "required": ["location", "unit"],
                },
            }
        ],
        "tool_choice": "auto",
    }
    reasoning: ResponseCreateParams = {
        "model": "o3-mini",
        "input": "How much wood would a woodchuck chuck?",
        "reasoning": {"effort": "high"},
    }
    assert [text, image, file, streaming, functions, reasoning]


def test_moderation() -> None:
    plain: ResponseCreateParams = {
        "model": "gpt-5.4",
        "input": "Hi",
        "moderation": {"model": "omni-moderation-latest"},
    }
    with_policy: ResponseCreateParams = {
        "model": "gpt-5.4",
        "input": "Hi",
        "moderation": {
            "model": "omni-moderation-latest",
            "policy": {"input": {"mode": "block"}, "output": {"mode": "score"}},
        },
    }
    off: ResponseCreateParams = {"model": "gpt-5.4", "input": "Hi", "moderation": None}
    assert [plain, with_policy, off]


class OutputItem(BaseModel):
    """Stands for an output item of an earlier response."""

    type: str


def test_input_items() -> None:
    items: ResponseInputParam = [
        {"role": "developer", "content": "Answer in French."},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Weather in Paris?"}]},
        {
            "type": "function_call",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": '{"city": "Paris"}',
        },
        {"type": "function_call_output", "call_id": "call_1", "output": '{"temperature": 21}'},
        {
            "type": "function_call_output",
            "call_id": "call_2",
            "output": [{"type": "input_image", "file_id": "file-1", "detail": "low"}],
        },
        {"type": "item_reference", "id": "msg_123"},
        {"id": "rs_1"},  # an item reference without its tag
        {"type": "reasoning", "id": "rs_2", "summary": [], "encrypted_content": "gAAAA..."},
        {"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": True},
        {"type": "custom_tool_call_output", "call_id": "call_3", "output": "done"},
        {
            "type": "shell_call_output",
            "call_id": "call_4",
            "output": [{"stdout": "ok\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}],
        },
        {
            "type": "computer_call_output",
            "call_id": "call_5",
            "output": {"type": "computer_screenshot", "image_url": "data:image/png;base64,iVBORw0KGgo="},
        },
        {"type": "compaction_trigger"},
        OutputItem(type="message"),  # sent back as it came
    ]
    assistant: EasyInputMessageParam = {
        "role": "assistant",
        "content": "Il fait beau.",
        "phase": "final_answer",
    }
    items.append(assistant)
    params: ResponseCreateParams = {"model": "gpt-5.4", "input": items, "store": False}
    assert params["model"] == "gpt-5.4"


def test_tools_and_tool_choice() -> None:
    tools: list[ToolParam] = [
        {
            "type": "web_search",
            "filters": {"allowed_domains": ["example.test"]},
            "search_context_size": "low",
        },
        {"type": "web_search_preview", "user_location": {"type": "approximate", "city": "Oslo"}},
        {"type": "file_search", "vector_store_ids": ["vs_1"], "max_num_results": 20},
        {
            "type": "file_search",
            "vector_store_ids": ["vs_2"],
            "filters": {
                "type": "and",
                "filters": [
                    {"type": "eq", "key": "region", "value": "eu"},
                    {"type": "or", "filters": [{"type": "gte", "key": "year", "value": 2024}]},
                ],
            },
        },
        {"type": "code_interpreter", "container": {"type": "auto", "memory_limit": "4g"}},
        {"type": "code_interpreter", "container": "cntr_1"},
        {"type": "image_generation", "size": "1536x864", "quality": "high", "partial_images": 2},
        {
            "type": "mcp",
            "server_label": "deepwiki",
            "server_url": "https://mcp.example.test",
            "require_approval": "never",
        },
        {
            "type": "mcp",
            "server_label": "drive",
            "connector_id": "connector_googledrive",
            "authorization": "tok",
        },
        {"type": "shell", "environment": {"type": "container_auto", "network_policy": {"type": "disabled"}}},
        {"type": "local_shell"},
        {"type": "apply_patch"},
        {"type": "computer"},
        {
            "type": "computer_use_preview",
            "environment": "browser",
            "display_width": 1024,
            "display_height": 768,
        },
        {
            "type": "custom",
            "name": "digits",
            "format": {"type": "grammar", "syntax": "regex", "definition": "\\d+"},
        },
        {
            "type": "namespace",
            "name": "crm",
            "description": "Customer records.",
            "tools": [
                {"type": "function", "name": "lookup", "defer_loading": True},
                {"type": "custom", "name": "note"},
            ],
        },
        {"type": "tool_search"},
    ]
    choices: list[ToolChoiceParam] = [
        "auto",
        "required",
        {"type": "function", "name": "get_weather"},
        {"type": "mcp", "server_label": "deepwiki"},
        {"type": "custom", "name": "digits"},
        {"type": "image_generation"},
        {"type": "allowed_tools", "mode": "auto", "tools": [{"type": "function", "name": "get_weather"}]},
        {"type": "shell"},
    ]
    assert len(tools) + len(choices) == 25


def test_text_format_and_reasoning() -> None:
    text: ResponseTextConfigParam = {
        "format": {
            "type": "json_schema",
            "name": "answer",
            "schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
            "strict": True,
        },
        "verbosity": "low",
    }
    plain: ResponseTextConfigParam = {"format": {"type": "text"}}
    reasoning: ReasoningParam = {"effort": "some-future-effort", "summary": "auto"}  # newer values pass
    params: ResponseCreateParams = {
        "model": "gpt-5.4",
        "input": "Capital of France?",
        "text": text,
        "reasoning": reasoning,
        "conversation": {"id": "conv_123"},
        "include": ["reasoning.encrypted_content", "message.output_text.logprobs"],
        "prompt": {
            "id": "pmpt_1",
            "variables": {"city": "Paris", "photo": {"type": "input_image", "file_id": "f"}},
        },
        "context_management": [{"type": "compaction", "compact_threshold": 200_000}],
        "stream_options": {"include_obfuscation": False},
    }
    assert [plain, params]


def test_other_endpoints() -> None:
    compact: ResponseCompactParams = {
        "model": "gpt-5.1-codex-max",
        "input": [
            {"role": "user", "content": "Create a simple landing page for a dog petting café."},
            {
                "id": "msg_001",
                "type": "message",
                "status": "completed",
                "content": [
                    {"type": "output_text", "annotations": [], "logprobs": [], "text": "Below is ..."}
                ],
                "role": "assistant",
            },
        ],
    }
    count: InputTokenCountParams = {"model": "gpt-5", "input": "Tell me a joke."}
    retrieve: ResponseRetrieveParamsStreaming = {"stream": True, "starting_after": 42}
    create: ConversationCreateParams = {
        "metadata": {"topic": "demo"},
        "items": [{"type": "message", "role": "user", "content": "Hello!"}],
    }
    add: ItemCreateParams = {
        "items": [
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "How are you?"}]}
        ],
        "include": ["message.input_image.image_url"],
    }
    page: ItemListParams = {"limit": 10, "order": "asc"}
    assert [compact, count, retrieve, create, add, page]


def test_invalid_params_are_rejected() -> None:
    misspelt: ResponseCreateParams = {"model": "gpt-5.4", "instuctions": "Be brief."}  # type: ignore[typeddict-unknown-key]
    bad_role: ResponseInputItemParam = {"role": "robot", "content": "Hi"}  # type: ignore[assignment]
    bad_tool: ToolParam = {"type": "web_serch"}  # type: ignore[misc, assignment]
    no_output: ResponseFunctionCallOutputParam = {"type": "function_call_output", "call_id": "c"}  # type: ignore[typeddict-item]
    stream_false: ResponseCreateParamsStreaming = {"model": "m", "stream": False}  # type: ignore[typeddict-item]
    no_moderation_model: ResponseCreateParams = {"moderation": {"policy": None}}  # type: ignore[typeddict-item]
    no_compact_model: ResponseCompactParams = {"input": "Hi"}  # type: ignore[typeddict-item]
    assert [misspelt, bad_role, bad_tool, no_output, stream_false, no_moderation_model, no_compact_model]
