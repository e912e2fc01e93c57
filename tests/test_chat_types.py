"""The chat completion types: parsing the reference examples and real responses, leniency toward other
servers, the moderation unions, and conformance of the models and parameter types to the OpenAPI spec.

The source documents and the spec are read from `../shared` (next to the repository) and the tests that
need them skip when it is absent.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from _spec import (
    added_moderation_blocks,
    json_objects,
    load_spec,
    model_fields,
    resolve,
    schema_at,
    seed_text,
    typed_dict_keys,
)
from openwire._models import BaseModel, UnknownVariant
from openwire.types import CompletionTokensDetails, CompletionUsage, PromptTokensDetails
from openwire.types.chat import (
    Annotation,
    AnnotationURLCitation,
    ChatCompletion,
    ChatCompletionAudio,
    ChatCompletionChunk,
    ChatCompletionDeleted,
    ChatCompletionMessage,
    ChatCompletionMessageCustomToolCall,
    ChatCompletionMessageFunctionToolCall,
    ChatCompletionModeration,
    ChatCompletionStoreMessage,
    ChatCompletionTokenLogprob,
    Choice,
    ChoiceDelta,
    ChoiceDeltaFunctionCall,
    ChoiceDeltaToolCall,
    ChoiceDeltaToolCallFunction,
    ChoiceLogprobs,
    ChunkChoice,
    ContentPartImage,
    ContentPartImageURL,
    ContentPartText,
    Custom,
    Function,
    FunctionCall,
    TopLogprob,
)
from openwire.types.chat import params as p
from openwire.types.moderation import ModerationError, ModerationResult, ModerationResults

# Reading the source documents


def reference_examples() -> list[dict[str, Any]]:
    """The chat completion and chunk examples of seed 000 (the reseller's copy of the reference)."""
    text = seed_text("000")
    # The copy's first example response has a trailing comma after the message content, which is not
    # JSON; drop trailing commas before closing brackets so the example can be read at all.
    text = re.sub(r",(\s*[}\]])", r"\1", text)
    return [o for o in json_objects(text) if o.get("object") in ("chat.completion", "chat.completion.chunk")]


def completion_json(**fields: Any) -> str:
    """A small chat completion as JSON, with `fields` added or replaced."""
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hi"}, "finish_reason": "stop"}],
    }
    body.update(fields)
    return json.dumps(body)


def chunk_json(**fields: Any) -> str:
    """A chat completion chunk with no choices (like the usage and moderation chunks), plus `fields`."""
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "gpt-4o",
        "choices": [],
    }
    body.update(fields)
    return json.dumps(body)


# Seed 000: the reference examples


def test_reference_examples_parse() -> None:
    examples = reference_examples()
    completions = [e for e in examples if e["object"] == "chat.completion"]
    chunks = [e for e in examples if e["object"] == "chat.completion.chunk"]
    assert (len(completions), len(chunks)) == (2, 3)

    for example in completions:
        completion = ChatCompletion.model_validate_json(json.dumps(example))
        assert completion.id == "chatcmpl-123"
        assert completion.system_fingerprint == "fp_44709d6fcb"
        assert completion.choices[0].message.role == "assistant"
        assert completion.choices[0].message.content == "\n\nHello there, how may I assist you today?"
        assert completion.choices[0].finish_reason == "stop"
        assert completion.choices[0].logprobs is None
        assert completion.usage == CompletionUsage(prompt_tokens=9, completion_tokens=12, total_tokens=21)
        assert completion.moderation is None
        assert completion.to_dict() == example

    parsed = [ChatCompletionChunk.model_validate_json(json.dumps(example)) for example in chunks]
    assert [c.choices[0].delta.content for c in parsed] == ["", "Hello", None]
    assert [c.choices[0].delta.role for c in parsed] == ["assistant", None, None]
    assert [c.choices[0].finish_reason for c in parsed] == [None, None, "stop"]
    assert all(c.usage is None and c.moderation is None for c in parsed)
    assert [c.to_dict() for c in parsed] == chunks


# Seeds 001/002: the June 2026 `moderation` addition


@pytest.mark.parametrize("seed", ["001", "002"])
def test_moderation_examples_parse_on_completion_and_chunk(seed: str) -> None:
    blocks = [moderation for on_chat, moderation in added_moderation_blocks(seed_text(seed)) if on_chat]
    assert blocks, f"no chat completion moderation example found in seed {seed}"
    for moderation in blocks:
        completion = ChatCompletion.model_validate_json(completion_json(moderation=moderation))
        chunk = ChatCompletionChunk.model_validate_json(chunk_json(moderation=moderation))
        assert chunk.choices == []
        for parsed in (completion.moderation, chunk.moderation):
            assert isinstance(parsed, ChatCompletionModeration)
            for side in (parsed.input, parsed.output):
                assert isinstance(side, ModerationResults)
                assert side.model == "model"
                assert side.flagged
                (result,) = side.results
                assert result.type == "moderation_result"
                assert result.model == "model"
                # `foo` is no category openwire knows: kept, and readable by its API name.
                assert result.categories["foo"] is True
                assert result.category_scores["foo"] == 0
                assert result.category_applied_input_types is not None
                assert result.category_applied_input_types["foo"] == ["text"]
                assert result.flagged_categories == ["foo"]
        assert completion.to_dict()["moderation"] == moderation
        assert chunk.to_dict()["moderation"] == moderation


def test_responses_shaped_moderation_is_an_unknown_variant() -> None:
    """The Responses API's moderation (one result per side, `type: moderation_result`, also in seed
    002) is not a chat moderation outcome: on a chat completion it stays readable as `UnknownVariant`."""
    others = [moderation for on_chat, moderation in added_moderation_blocks(seed_text("002")) if not on_chat]
    assert others
    completion = ChatCompletion.model_validate_json(completion_json(moderation=others[0]))
    assert completion.moderation is not None
    side = completion.moderation.input
    assert isinstance(side, UnknownVariant)
    assert side.type == "moderation_result"
    assert side.flagged is True  # type: ignore[attr-defined]  # an extra field, kept
    assert side.to_dict() == others[0]["input"]


# Seed 003: a reseller's real response with provider fields


def test_reseller_response_keeps_provider_fields() -> None:
    text = seed_text("003")
    (request, *_) = json_objects(text)
    (response,) = [o for o in json_objects(text) if o.get("object") == "chat.completion"]

    keys = p.ChatCompletionCreateParams.__required_keys__ | p.ChatCompletionCreateParams.__optional_keys__
    assert request.keys() <= keys
    assert [part["type"] for part in request["messages"][0]["content"]] == ["text", "image_url"]

    completion = ChatCompletion.model_validate_json(json.dumps(response))
    choice = completion.choices[0]
    assert choice.finish_reason == "stop"
    assert choice.message.annotations == []
    assert choice.message.refusal is None
    assert choice.content_filter_results is not None
    assert choice.content_filter_results.to_dict()["hate"] == {"filtered": False, "severity": "safe"}
    filters = completion.prompt_filter_results
    assert filters is not None
    assert [f.prompt_index for f in filters] == [1, 0]
    assert filters[0].results is not None
    assert filters[0].results.to_dict()["custom_blocklists"] == {"filtered": False, "details": []}
    assert completion.usage is not None
    assert completion.usage.total_tokens == 1205
    assert completion.usage.prompt_tokens_details == PromptTokensDetails(audio_tokens=0, cached_tokens=0)
    assert completion.usage.completion_tokens_details is not None
    assert completion.usage.completion_tokens_details.reasoning_tokens == 0

    as_dict = completion.to_dict()
    assert as_dict == response
    assert as_dict["choices"][0]["content_filter_results"]["violence"]["severity"] == "safe"
    assert as_dict["prompt_filter_results"][1] == {"prompt_index": 0, "content_filter_result": {}}
    assert as_dict["choices"][0]["message"]["annotations"] == []


# The moderation unions


MODERATION_RESULTS = {
    "type": "moderation_results",
    "model": "omni-moderation-latest",
    "results": [
        {
            "type": "moderation_result",
            "model": "omni-moderation-latest",
            "flagged": True,
            "categories": {"self-harm/intent": True, "violence": False, "brand-new/category": True},
            "category_scores": {"self-harm/intent": 0.91, "violence": 0.01, "brand-new/category": 0.7},
            "category_applied_input_types": {"self-harm/intent": ["text"], "violence": ["text", "image"]},
        }
    ],
}
MODERATION_ERROR = {"type": "error", "code": "moderation_unavailable", "message": "Try again later."}


@pytest.mark.parametrize("model", [ChatCompletion, ChatCompletionChunk])
@pytest.mark.parametrize(
    ("input_side", "output_side"),
    [(MODERATION_RESULTS, MODERATION_ERROR), (MODERATION_ERROR, MODERATION_RESULTS)],
    ids=["input-results-output-error", "input-error-output-results"],
)
def test_moderation_union_branches(
    model: type[ChatCompletion | ChatCompletionChunk], input_side: dict[str, Any], output_side: dict[str, Any]
) -> None:
    moderation = {"input": input_side, "output": output_side}
    make = completion_json if model is ChatCompletion else chunk_json
    parsed = model.model_validate_json(make(moderation=moderation))
    if isinstance(parsed, ChatCompletionChunk):
        assert parsed.choices == []
    assert parsed.moderation is not None
    sides = {"input": parsed.moderation.input, "output": parsed.moderation.output}
    for name, raw in moderation.items():
        side = sides[name]
        if raw["type"] == "error":
            assert isinstance(side, ModerationError)
            assert (side.code, side.message) == ("moderation_unavailable", "Try again later.")
        else:
            assert isinstance(side, ModerationResults)
            assert side.flagged
            result = side.results[0]
            assert isinstance(result, ModerationResult)
            assert result.categories.self_harm_intent is True
            assert result.categories["self-harm/intent"] is True
            assert result.categories["brand-new/category"] is True
            assert result.category_scores["brand-new/category"] == 0.7
            assert result.category_applied_input_types is not None
            assert result.category_applied_input_types.violence == ["text", "image"]
            assert result.flagged_categories == ["self-harm/intent", "brand-new/category"]
    assert parsed.to_dict()["moderation"] == moderation


def test_unknown_moderation_type_is_kept() -> None:
    future = {"type": "moderation_summary", "verdict": "allow", "scores": {"violence": 0.2}}
    chunk = ChatCompletionChunk.model_validate_json(
        chunk_json(moderation={"input": future, "output": MODERATION_ERROR})
    )
    assert chunk.moderation is not None
    side = chunk.moderation.input
    assert isinstance(side, UnknownVariant)
    assert side.type == "moderation_summary"
    assert side.verdict == "allow"  # type: ignore[attr-defined]
    assert side.to_dict() == future
    assert isinstance(chunk.moderation.output, ModerationError)


def test_moderation_sides_may_be_missing() -> None:
    completion = ChatCompletion.model_validate_json(completion_json(moderation={"input": MODERATION_ERROR}))
    assert completion.moderation is not None
    assert isinstance(completion.moderation.input, ModerationError)
    assert completion.moderation.output is None
    assert ChatCompletion.model_validate_json(completion_json(moderation=None)).moderation is None


# Leniency: other servers, newer values


def test_minimal_completion_from_a_compatible_server() -> None:
    completion = ChatCompletion.model_validate_json(
        b'{"id": "x", "model": "llama3", "choices": [{"message": {"content": "Hi"}}]}'
    )
    assert completion.object == "chat.completion"
    assert completion.created is None
    assert completion.usage is None
    assert completion.service_tier is None
    assert completion.system_fingerprint is None
    choice = completion.choices[0]
    assert (choice.index, choice.finish_reason, choice.logprobs) == (0, None, None)
    message = choice.message
    assert message.role == "assistant"
    assert (message.refusal, message.tool_calls, message.function_call) == (None, None, None)
    assert (message.audio, message.annotations) == (None, None)
    assert completion.to_dict() == {"id": "x", "model": "llama3", "choices": [{"message": {"content": "Hi"}}]}


@pytest.mark.parametrize(
    "body",
    [
        b'{"model": "m", "choices": []}',
        b'{"id": "x", "choices": []}',
        b'{"id": "x", "model": "m"}',
        b'{"id": "x", "model": "m", "choices": [{"index": 0, "finish_reason": "stop"}]}',
    ],
    ids=["no-id", "no-model", "no-choices", "choice-without-message"],
)
def test_completion_requires_what_it_is_meaningless_without(body: bytes) -> None:
    with pytest.raises(ValueError, match="validation error"):
        ChatCompletion.model_validate_json(body)


def test_unknown_enum_values_are_kept() -> None:
    completion = ChatCompletion.model_validate_json(
        completion_json(
            service_tier="ultra",
            choices=[
                {
                    "index": 0,
                    "finish_reason": "something_new",
                    "message": {"role": "narrator", "content": "."},
                }
            ],
        )
    )
    assert completion.service_tier == "ultra"
    assert completion.choices[0].finish_reason == "something_new"
    assert completion.choices[0].message.role == "narrator"
    chunk = ChatCompletionChunk.model_validate_json(
        chunk_json(choices=[{"index": 0, "delta": {"role": "critic"}, "finish_reason": "something_new"}])
    )
    assert chunk.choices[0].delta.role == "critic"
    assert chunk.choices[0].finish_reason == "something_new"


def test_tool_calls_of_every_kind() -> None:
    tool_calls = [
        {
            "id": "call_1",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'},
        },
        {"id": "call_2", "type": "custom", "custom": {"name": "shell", "input": "ls -la"}},
        {"id": "call_3", "type": "mcp_call", "server_label": "deepwiki", "arguments": "{}"},
        {"id": "call_4", "function": {"name": "no_type_given", "arguments": "{}"}},
    ]
    completion = ChatCompletion.model_validate_json(
        completion_json(
            choices=[
                {
                    "index": 0,
                    "finish_reason": "tool_calls",
                    "message": {"role": "assistant", "content": None, "tool_calls": tool_calls},
                }
            ]
        )
    )
    calls = completion.choices[0].message.tool_calls
    assert calls is not None
    function_call, custom_call, unknown_call, untyped_call = calls
    assert isinstance(function_call, ChatCompletionMessageFunctionToolCall)
    assert function_call.function == Function(name="get_weather", arguments='{"city":"Oslo"}')
    assert isinstance(custom_call, ChatCompletionMessageCustomToolCall)
    assert custom_call.custom == Custom(name="shell", input="ls -la")
    assert isinstance(unknown_call, UnknownVariant)
    assert unknown_call.type == "mcp_call"
    assert unknown_call.server_label == "deepwiki"  # type: ignore[attr-defined]
    # Some compatible servers leave out `type`: a `function` object still makes it a function call.
    assert isinstance(untyped_call, ChatCompletionMessageFunctionToolCall)
    assert untyped_call.type == "function"
    assert completion.to_dict()["choices"][0]["message"]["tool_calls"] == tool_calls


def test_tool_call_without_id_or_function_is_rejected() -> None:
    for call in (
        {"type": "function", "function": {"name": "f", "arguments": "{}"}},
        {"id": "c", "type": "function"},
    ):
        body = completion_json(choices=[{"message": {"tool_calls": [call]}}])
        with pytest.raises(ValueError, match="validation error"):
            ChatCompletion.model_validate_json(body)


def test_message_parts() -> None:
    message = ChatCompletionMessage.model_validate_json(
        json.dumps(
            {
                "role": "assistant",
                "content": "See [the docs](https://example.test).",
                "refusal": None,
                "function_call": {"name": "legacy", "arguments": "{}"},
                "audio": {"id": "audio_1", "data": "UklGRg==", "expires_at": 1700000000, "transcript": "Hi"},
                "annotations": [
                    {
                        "type": "url_citation",
                        "url_citation": {
                            "start_index": 4,
                            "end_index": 36,
                            "url": "https://example.test",
                            "title": "Docs",
                        },
                    }
                ],
                "reasoning_content": "a provider field",
            }
        )
    )
    assert message.function_call == FunctionCall(name="legacy", arguments="{}")
    assert message.audio == ChatCompletionAudio(
        id="audio_1", data="UklGRg==", expires_at=1700000000, transcript="Hi"
    )
    assert message.annotations == [
        Annotation(
            type="url_citation",
            url_citation=AnnotationURLCitation(
                start_index=4, end_index=36, url="https://example.test", title="Docs"
            ),
        )
    ]
    assert message.reasoning_content == "a provider field"  # type: ignore[attr-defined]


def test_logprobs() -> None:
    entry = {
        "token": "Hi",
        "logprob": -0.01,
        "bytes": [72, 105],
        "top_logprobs": [
            {"token": "Hi", "logprob": -0.01, "bytes": [72, 105]},
            {"token": "Hey", "logprob": -4.6},
        ],
    }
    completion = ChatCompletion.model_validate_json(
        completion_json(
            choices=[
                {"index": 0, "message": {"content": "Hi"}, "logprobs": {"content": [entry], "refusal": None}}
            ]
        )
    )
    logprobs = completion.choices[0].logprobs
    assert isinstance(logprobs, ChoiceLogprobs)
    assert logprobs.refusal is None
    assert logprobs.content is not None
    token = logprobs.content[0]
    assert isinstance(token, ChatCompletionTokenLogprob)
    assert token.bytes == [72, 105]
    assert token.top_logprobs[1] == TopLogprob(token="Hey", logprob=-4.6)
    assert token.top_logprobs[1].bytes is None
    assert ChatCompletionTokenLogprob.model_validate({"token": "x", "logprob": 0}).top_logprobs == []


def test_stream_chunks() -> None:
    first = ChatCompletionChunk.model_validate_json(
        chunk_json(
            choices=[
                {
                    "index": 0,
                    "delta": {
                        "role": "assistant",
                        "tool_calls": [
                            {
                                "index": 0,
                                "id": "call_1",
                                "type": "function",
                                "function": {"name": "f", "arguments": ""},
                            }
                        ],
                    },
                    "logprobs": None,
                    "finish_reason": None,
                }
            ],
            obfuscation="x7Yq",
        )
    )
    call = first.choices[0].delta.tool_calls
    assert call == [
        ChoiceDeltaToolCall(
            index=0,
            id="call_1",
            type="function",
            function=ChoiceDeltaToolCallFunction(name="f", arguments=""),
        )
    ]
    assert first.obfuscation == "x7Yq"

    later = ChatCompletionChunk.model_validate_json(
        chunk_json(
            choices=[{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}}]
        )
    )
    (piece,) = later.choices[0].delta.tool_calls or []
    assert (piece.id, piece.type, piece.function) == (None, None, ChoiceDeltaToolCallFunction(arguments="{}"))

    legacy = ChatCompletionChunk.model_validate_json(
        chunk_json(choices=[{"index": 0, "delta": {"function_call": {"arguments": "{"}}}])
    )
    assert legacy.choices[0].delta.function_call == ChoiceDeltaFunctionCall(arguments="{")

    usage = ChatCompletionChunk.model_validate_json(
        chunk_json(usage={"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12})
    )
    assert usage.choices == []
    assert usage.usage == CompletionUsage(prompt_tokens=5, completion_tokens=7, total_tokens=12)
    assert usage.usage.prompt_tokens_details is None


def test_chunk_defaults_for_sparse_servers() -> None:
    chunk = ChatCompletionChunk.model_validate_json(b'{"id": "x", "model": "m"}')
    assert chunk.choices == []
    assert chunk.object == "chat.completion.chunk"
    assert (chunk.created, chunk.usage, chunk.moderation) == (None, None, None)
    sparse = ChatCompletionChunk.model_validate_json(b'{"id": "x", "model": "m", "choices": [{"index": 1}]}')
    choice = sparse.choices[0]
    assert isinstance(choice, ChunkChoice)
    assert choice.delta == ChoiceDelta()
    again = ChatCompletionChunk.model_validate_json(b'{"id": "x", "model": "m", "choices": [{}]}')
    assert again.choices[0].delta is not choice.delta  # each default delta is a fresh object
    assert (choice.index, choice.finish_reason, choice.logprobs) == (1, None, None)
    for body in (b'{"model": "m"}', b'{"id": "x"}'):
        with pytest.raises(ValueError, match="validation error"):
            ChatCompletionChunk.model_validate_json(body)


def test_usage_details() -> None:
    usage = CompletionUsage.model_validate_json(
        b'{"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30,'
        b' "prompt_tokens_details": {"cached_tokens": 4, "audio_tokens": 0, "image_tokens": 2},'
        b' "completion_tokens_details": {"reasoning_tokens": 12, "accepted_prediction_tokens": 1,'
        b' "rejected_prediction_tokens": 2, "audio_tokens": 0}}'
    )
    assert usage.prompt_tokens_details == PromptTokensDetails(cached_tokens=4, audio_tokens=0, image_tokens=2)
    assert usage.completion_tokens_details == CompletionTokensDetails(
        reasoning_tokens=12, accepted_prediction_tokens=1, rejected_prediction_tokens=2, audio_tokens=0
    )
    assert usage.completion_tokens_details.text_tokens is None


def test_stored_completion_objects() -> None:
    deleted = ChatCompletionDeleted.model_validate_json(
        b'{"object": "chat.completion.deleted", "id": "chatcmpl-1", "deleted": true}'
    )
    assert (deleted.id, deleted.deleted, deleted.object) == ("chatcmpl-1", True, "chat.completion.deleted")

    message = ChatCompletionStoreMessage.model_validate_json(
        json.dumps(
            {
                "id": "chatcmpl-1-0",
                "role": "user",
                "content": "Describe this",
                "refusal": None,
                "content_parts": [
                    {"type": "text", "text": "Describe this"},
                    {
                        "type": "image_url",
                        "image_url": {"url": "https://example.test/a.png", "detail": "high"},
                    },
                    {"type": "input_video", "video_url": "https://example.test/v.mp4"},
                ],
            }
        )
    )
    assert isinstance(message, ChatCompletionMessage)
    assert message.role == "user"
    assert message.content_parts is not None
    text, image, video = message.content_parts
    assert text == ContentPartText(text="Describe this")
    assert isinstance(image, ContentPartImage)
    assert (image.image_url.url, image.image_url.detail) == ("https://example.test/a.png", "high")
    assert isinstance(video, UnknownVariant)
    assert video.type == "input_video"
    plain = ChatCompletionStoreMessage.model_validate_json(b'{"id": "m1", "content": "Hi"}')
    assert plain.content_parts is None


# Conformance to the OpenAPI spec


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()


# (spec location, response model). Every spec property must be a field of the model (by API name),
# and the model may require only properties the spec requires.
RESPONSE_MODELS: list[tuple[tuple[str | int, ...], type[BaseModel]]] = [
    (("CreateChatCompletionResponse",), ChatCompletion),
    (("CreateChatCompletionResponse", "choices", "[]"), Choice),
    (("CreateChatCompletionResponse", "choices", "[]", "logprobs"), ChoiceLogprobs),
    (("ChatCompletionResponseMessage",), ChatCompletionMessage),
    (("ChatCompletionResponseMessage", "audio"), ChatCompletionAudio),
    (("ChatCompletionResponseMessage", "function_call"), FunctionCall),
    (("ChatCompletionResponseMessage", "annotations", "[]"), Annotation),
    (("ChatCompletionResponseMessage", "annotations", "[]", "url_citation"), AnnotationURLCitation),
    (("ChatCompletionMessageToolCall",), ChatCompletionMessageFunctionToolCall),
    (("ChatCompletionMessageToolCall", "function"), Function),
    (("ChatCompletionMessageCustomToolCall",), ChatCompletionMessageCustomToolCall),
    (("ChatCompletionMessageCustomToolCall", "custom"), Custom),
    (("ChatCompletionTokenLogprob",), ChatCompletionTokenLogprob),
    (("ChatCompletionTokenLogprob", "top_logprobs", "[]"), TopLogprob),
    (("CreateChatCompletionStreamResponse",), ChatCompletionChunk),
    (("CreateChatCompletionStreamResponse", "choices", "[]"), ChunkChoice),
    (("CreateChatCompletionStreamResponse", "choices", "[]", "logprobs"), ChoiceLogprobs),
    (("ChatCompletionStreamResponseDelta",), ChoiceDelta),
    (("ChatCompletionStreamResponseDelta", "function_call"), ChoiceDeltaFunctionCall),
    (("ChatCompletionMessageToolCallChunk",), ChoiceDeltaToolCall),
    (("ChatCompletionMessageToolCallChunk", "function"), ChoiceDeltaToolCallFunction),
    (("CompletionUsage",), CompletionUsage),
    (("CompletionUsage", "prompt_tokens_details"), PromptTokensDetails),
    (("CompletionUsage", "completion_tokens_details"), CompletionTokensDetails),
    (("ChatCompletionModeration",), ChatCompletionModeration),
    (("ChatCompletionModerationResults",), ModerationResults),
    (("ChatCompletionModerationError",), ModerationError),
    (("ModerationResultBody",), ModerationResult),
    (("ChatCompletionDeleted",), ChatCompletionDeleted),
    (("ChatCompletionMessageList", "data", "[]"), ChatCompletionStoreMessage),
    (("ChatCompletionMessageList", "data", "[]", "content_parts", "[]", 0), ContentPartText),
    (("ChatCompletionMessageList", "data", "[]", "content_parts", "[]", 1), ContentPartImage),
    (("ChatCompletionMessageList", "data", "[]", "content_parts", "[]", 1, "image_url"), ContentPartImageURL),
]

# Spec properties deliberately not modelled as fields (they are still kept, as extra fields, if sent).
RESPONSE_EXCEPTIONS: set[tuple[type[BaseModel], str]] = {
    # The stored content parts reuse the request's part schemas, whose `prompt_cache_breakpoint` is a
    # request-only marker, not something a stored message reports.
    (ContentPartText, "prompt_cache_breakpoint"),
    (ContentPartImage, "prompt_cache_breakpoint"),
}


@pytest.mark.parametrize(
    ("location", "model"), RESPONSE_MODELS, ids=[".".join(map(str, loc)) for loc, _ in RESPONSE_MODELS]
)
def test_response_model_covers_spec(
    spec: dict[str, Any], location: tuple[str | int, ...], model: type[BaseModel]
) -> None:
    name, *path = location
    properties, required = resolve(spec, schema_at(spec, str(name), *path))
    fields, model_required = model_fields(model)
    missing = {prop for prop in properties if prop not in fields and (model, prop) not in RESPONSE_EXCEPTIONS}
    assert not missing, f"{model.__name__} lacks spec properties {sorted(missing)}"
    assert model_required <= required, f"{model.__name__} requires more than the spec does"


# (spec location, parameter TypedDict). Keys and required keys must match the spec exactly.
PARAM_TYPES: list[tuple[tuple[str | int, ...], type]] = [
    (("CreateChatCompletionRequest",), p.ChatCompletionCreateParams),
    (("CreateChatCompletionRequest", "audio"), p.ChatCompletionAudioParam),
    (("CreateChatCompletionRequest", "web_search_options"), p.WebSearchOptions),
    (("CreateChatCompletionRequest", "web_search_options", "user_location"), p.WebSearchUserLocation),
    (("WebSearchLocation",), p.WebSearchLocation),
    (("ChatCompletionRequestDeveloperMessage",), p.ChatCompletionDeveloperMessageParam),
    (("ChatCompletionRequestSystemMessage",), p.ChatCompletionSystemMessageParam),
    (("ChatCompletionRequestUserMessage",), p.ChatCompletionUserMessageParam),
    (("ChatCompletionRequestAssistantMessage",), p.ChatCompletionAssistantMessageParam),
    (("ChatCompletionRequestAssistantMessage", "audio"), p.ChatCompletionAssistantAudioParam),
    (("ChatCompletionRequestAssistantMessage", "function_call"), p.FunctionCallParam),
    (("ChatCompletionRequestToolMessage",), p.ChatCompletionToolMessageParam),
    (("ChatCompletionRequestFunctionMessage",), p.ChatCompletionFunctionMessageParam),
    (("ChatCompletionRequestMessageContentPartText",), p.ChatCompletionContentPartTextParam),
    (("ChatCompletionRequestMessageContentPartImage",), p.ChatCompletionContentPartImageParam),
    (("ChatCompletionRequestMessageContentPartImage", "image_url"), p.ImageURLParam),
    (("ChatCompletionRequestMessageContentPartAudio",), p.ChatCompletionContentPartInputAudioParam),
    (("ChatCompletionRequestMessageContentPartAudio", "input_audio"), p.InputAudioParam),
    (("ChatCompletionRequestMessageContentPartFile",), p.ChatCompletionContentPartFileParam),
    (("ChatCompletionRequestMessageContentPartFile", "file"), p.FileInputParam),
    (("ChatCompletionRequestMessageContentPartRefusal",), p.ChatCompletionContentPartRefusalParam),
    (("PromptCacheBreakpointParam",), p.PromptCacheBreakpointParam),
    (("ChatCompletionMessageToolCall",), p.ChatCompletionMessageFunctionToolCallParam),
    (("ChatCompletionMessageToolCall", "function"), p.FunctionCallParam),
    (("ChatCompletionMessageCustomToolCall",), p.ChatCompletionMessageCustomToolCallParam),
    (("ChatCompletionMessageCustomToolCall", "custom"), p.ToolCallCustomParam),
    (("ChatCompletionTool",), p.ChatCompletionFunctionToolParam),
    (("FunctionObject",), p.FunctionDefinition),
    (("CustomToolChatCompletions",), p.ChatCompletionCustomToolParam),
    (("CustomToolChatCompletions", "custom"), p.CustomToolDefinitionParam),
    (("CustomToolChatCompletions", "custom", "format", 0), p.CustomToolFormatTextParam),
    (("CustomToolChatCompletions", "custom", "format", 1), p.CustomToolFormatGrammarParam),
    (("CustomToolChatCompletions", "custom", "format", 1, "grammar"), p.CustomToolGrammarParam),
    (("ChatCompletionAllowedToolsChoice",), p.ChatCompletionAllowedToolChoiceParam),
    (("ChatCompletionAllowedTools",), p.ChatCompletionAllowedToolsParam),
    (("ChatCompletionNamedToolChoice",), p.ChatCompletionNamedToolChoiceParam),
    (("ChatCompletionNamedToolChoice", "function"), p.NamedToolParam),
    (("ChatCompletionNamedToolChoiceCustom",), p.ChatCompletionNamedToolChoiceCustomParam),
    (("ChatCompletionNamedToolChoiceCustom", "custom"), p.NamedToolParam),
    (("ChatCompletionFunctionCallOption",), p.ChatCompletionFunctionCallOptionParam),
    (("ResponseFormatText",), p.ResponseFormatText),
    (("ResponseFormatJsonObject",), p.ResponseFormatJSONObject),
    (("ResponseFormatJsonSchema",), p.ResponseFormatJSONSchema),
    (("ResponseFormatJsonSchema", "json_schema"), p.JSONSchema),
    (("ChatCompletionStreamOptions",), p.ChatCompletionStreamOptionsParam),
    (("PredictionContent",), p.ChatCompletionPredictionContentParam),
    (("VoiceIdsOrCustomVoice", 1), p.CustomVoiceParam),
    (("ModerationParam",), p.ModerationParam),
    (("ModerationPolicyParam",), p.ModerationPolicyParam),
    (("ModerationConfigParam",), p.ModerationConfigParam),
    (("PromptCacheOptionsParam",), p.PromptCacheOptionsParam),
]


@pytest.mark.parametrize(
    ("location", "params"), PARAM_TYPES, ids=[".".join(map(str, loc)) for loc, _ in PARAM_TYPES]
)
def test_param_type_matches_spec(spec: dict[str, Any], location: tuple[str | int, ...], params: type) -> None:
    name, *path = location
    properties, required = resolve(spec, schema_at(spec, str(name), *path))
    keys, required_keys = typed_dict_keys(params)
    assert keys == set(properties), f"{params.__name__}: {keys ^ set(properties)}"
    assert required_keys == required


def test_deprecated_functions_param(spec: dict[str, Any]) -> None:
    """`functions` reuses `FunctionDefinition`, which adds only `strict` to the deprecated schema."""
    properties, required = resolve(spec, schema_at(spec, "ChatCompletionFunctions"))
    keys, required_keys = typed_dict_keys(p.FunctionDefinition)
    assert keys - set(properties) == {"strict"}
    assert required_keys == required


def test_streaming_variants_of_create_params() -> None:
    base_keys, _ = typed_dict_keys(p.ChatCompletionCreateParams)
    for variant in (p.ChatCompletionCreateParamsStreaming, p.ChatCompletionCreateParamsNonStreaming):
        assert typed_dict_keys(variant)[0] == base_keys
    assert typed_dict_keys(p.ChatCompletionCreateParamsStreaming)[1] == {"model", "messages", "stream"}
    assert typed_dict_keys(p.ChatCompletionCreateParamsNonStreaming)[1] == {"model", "messages"}


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("listChatCompletions", p.CompletionListParams),
        ("getChatCompletionMessages", p.MessageListParams),
        ("updateChatCompletion", p.CompletionUpdateParams),
    ],
)
def test_stored_completion_params_match_spec(spec: dict[str, Any], operation: str, params: type) -> None:
    (found,) = [
        op for item in spec["paths"].values() for op in item.values() if op.get("operationId") == operation
    ]
    if "requestBody" in found:
        properties, required = resolve(spec, found["requestBody"]["content"]["application/json"]["schema"])
        names = set(properties)
    else:
        query = [q for q in found.get("parameters", []) if q["in"] == "query"]
        names = {q["name"] for q in query}
        required = {q["name"] for q in query if q.get("required")}
    assert typed_dict_keys(params) == (names, required)
