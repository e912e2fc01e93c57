"""Type-checked examples of the chat request parameters: `mypy --strict tests/typing`.

The valid examples must type-check; each invalid one carries a `# type: ignore[code]` that mypy's
`warn_unused_ignores` (on under `--strict`) proves is needed. At runtime these are plain dicts, so
pytest runs the functions harmlessly.
"""

from __future__ import annotations

from openwire.types.chat import (
    ChatCompletionAssistantMessageParam,
    ChatCompletionContentPartParam,
    ChatCompletionCreateParams,
    ChatCompletionCreateParamsNonStreaming,
    ChatCompletionCreateParamsStreaming,
    ChatCompletionFunctionMessageParam,
    ChatCompletionMessageParam,
    ChatCompletionToolChoiceOptionParam,
    ChatCompletionToolMessageParam,
    ChatCompletionToolUnionParam,
    ChatCompletionUserMessageParam,
    ModerationParam,
    ResponseFormat,
)


def test_messages_of_every_role() -> None:
    messages: list[ChatCompletionMessageParam] = [
        {"role": "developer", "content": "Answer in one word."},
        {"role": "system", "content": [{"type": "text", "text": "Be brief."}], "name": "rules"},
        {"role": "user", "content": "Capital of France?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}},
                {"id": "call_2", "type": "custom", "custom": {"name": "shell", "input": "ls"}},
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "Paris"},
        {"role": "assistant", "content": [{"type": "refusal", "refusal": "I can't."}]},
        {"role": "assistant", "audio": {"id": "audio_1"}},
        {"role": "function", "name": "lookup", "content": None},
    ]
    assert len(messages) == 8


def test_user_content_parts() -> None:
    parts: list[ChatCompletionContentPartParam] = [
        {"type": "text", "text": "What is in this image?", "prompt_cache_breakpoint": {"mode": "explicit"}},
        {"type": "image_url", "image_url": {"url": "https://example.test/cat.png", "detail": "low"}},
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
        {"type": "file", "file": {"file_id": "file-123"}},
        {"type": "file", "file": {"file_data": "JVBERi0=", "filename": "a.pdf"}},
    ]
    message: ChatCompletionUserMessageParam = {"role": "user", "content": parts}
    assert message["role"] == "user"


def test_tools_tool_choice_and_response_format() -> None:
    tools: list[ChatCompletionToolUnionParam] = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "The weather in a city.",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
                "strict": True,
            },
        },
        {"type": "custom", "custom": {"name": "notes"}},
        {"type": "custom", "custom": {"name": "sql", "format": {"type": "text"}}},
        {
            "type": "custom",
            "custom": {
                "name": "digits",
                "format": {"type": "grammar", "grammar": {"definition": "\\d+", "syntax": "regex"}},
            },
        },
    ]
    choices: list[ChatCompletionToolChoiceOptionParam] = [
        "auto",
        "required",
        {"type": "function", "function": {"name": "get_weather"}},
        {"type": "custom", "custom": {"name": "notes"}},
        {"type": "allowed_tools", "allowed_tools": {"mode": "auto", "tools": [{"type": "function"}]}},
    ]
    formats: list[ResponseFormat] = [
        {"type": "text"},
        {"type": "json_object"},
        {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": True},
        },
    ]
    assert len(tools) + len(choices) + len(formats) == 12


def test_create_params() -> None:
    moderation: ModerationParam = {
        "model": "omni-moderation-latest",
        "policy": {"input": {"mode": "block"}, "output": None},
    }
    params: ChatCompletionCreateParams = {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "Hi"}],
        "moderation": moderation,
        "stop": ["\n\n"],
        "modalities": ["text", "audio"],
        "audio": {"voice": "alloy", "format": "wav"},
        "reasoning_effort": "some-future-effort",  # unknown enum values still type-check
        "web_search_options": {"user_location": {"type": "approximate", "approximate": {"city": "Oslo"}}},
        "stream_options": {"include_usage": True},
        "prediction": {"type": "content", "content": "old text"},
        "prompt_cache_options": {"ttl": "30m", "mode": "implicit"},
    }
    streaming: ChatCompletionCreateParamsStreaming = {"model": "m", "messages": [], "stream": True}
    whole: ChatCompletionCreateParamsNonStreaming = {"model": "m", "messages": [], "stream": False}
    assert params["model"] == "gpt-4o"
    assert streaming["stream"] is True
    assert not whole.get("stream")


def test_invalid_params_are_rejected() -> None:
    bad_role: ChatCompletionMessageParam = {"role": "robot", "content": "Hi"}  # type: ignore[assignment]
    no_tool_call_id: ChatCompletionToolMessageParam = {"role": "tool", "content": "42"}  # type: ignore[typeddict-item]
    no_function_name: ChatCompletionFunctionMessageParam = {"role": "function", "content": None}  # type: ignore[typeddict-item]
    user_refusal: ChatCompletionUserMessageParam = {
        "role": "user",
        "content": [{"type": "refusal", "refusal": "no"}],  # type: ignore[list-item]
    }
    assistant_image: ChatCompletionAssistantMessageParam = {
        "role": "assistant",
        "content": [{"type": "image_url", "image_url": {"url": "u"}}],  # type: ignore[list-item]
    }
    no_model: ChatCompletionCreateParams = {"messages": []}  # type: ignore[typeddict-item]
    stream_false: ChatCompletionCreateParamsStreaming = {"model": "m", "messages": [], "stream": False}  # type: ignore[typeddict-item]
    no_moderation_model: ModerationParam = {"policy": None}  # type: ignore[typeddict-item]
    assert [bad_role, no_tool_call_id, no_function_name, user_refusal, assistant_image]
    assert [no_model, stream_false, no_moderation_model]
