"""The typed fields other services add (Azure's content filters, reasoning, OpenRouter's and Groq's
extras): read by attribute and typed, kept by `to_dict()`, never a reason for a response to fail,
accumulated from streams, and sent back in `messages` as the caller chooses."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import openwire
from openwire._chat_stream import ChatCompletionAccumulator
from openwire.testing import LocalServer
from openwire.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionMessage,
    ReasoningDeltaEvent,
    ReasoningDetailEncrypted,
    ReasoningDetailSummary,
    ReasoningDetailText,
    ReasoningDoneEvent,
    XGroq,
)
from openwire.types.content_filter import (
    ContentFilterBlocklistIdResult,
    ContentFilterBlocklistResult,
    ContentFilterDetectedWithCitationResult,
    ContentFilterOffsets,
    ContentFilterResults,
    PromptFilterResult,
)

CORPUS = Path(__file__).parent / "fixtures" / "providers"


def completion(path: str) -> ChatCompletion:
    return ChatCompletion.model_validate_json((CORPUS / path).read_bytes())


def chunks(path: str) -> list[ChatCompletionChunk]:
    text = (CORPUS / path).read_text(encoding="utf-8").replace("\r\n", "\n")
    return [
        ChatCompletionChunk.model_validate_json(line[5:])
        for line in text.split("\n")
        if line.startswith("data:") and line[5:].strip() != "[DONE]"
    ]


def accumulated(path: str) -> tuple[ChatCompletion, list[Any]]:
    accumulator: ChatCompletionAccumulator[Any] = ChatCompletionAccumulator()
    events = [event for chunk in chunks(path) for event in accumulator.add(chunk)]
    events += accumulator.finish()
    return accumulator.completion(), events


# -- Azure content filters -------------------------------------------------------------------


def test_azure_filter_results_are_typed() -> None:
    answer = completion("azure/completion.json")
    prompt = answer.prompt_filter_results
    assert prompt is not None
    assert isinstance(prompt[0], PromptFilterResult)
    results = prompt[0].results
    assert isinstance(results, ContentFilterResults)
    assert results.jailbreak is not None
    assert results.jailbreak.detected is False
    blocklists = results.custom_blocklists
    assert isinstance(blocklists, ContentFilterBlocklistResult)
    assert blocklists.details == [ContentFilterBlocklistIdResult(id="product-names", filtered=False)]

    choice = answer.choices[0].content_filter_results
    assert isinstance(choice, ContentFilterResults)
    assert choice.hate is not None
    assert choice.hate.severity == "safe"
    assert choice.hate.filtered is False
    code = choice.protected_material_code
    assert isinstance(code, ContentFilterDetectedWithCitationResult)
    assert code.citation is not None
    assert code.citation.URL == "https://github.com/example/repo"
    assert [name for name, _ in choice.flagged()] == ["protected_material_code"]


def test_a_filtered_choice_says_what_filtered_it() -> None:
    choice = completion("azure/completion_filtered.json").choices[0]
    assert choice.finish_reason == "content_filter"
    assert choice.content_filter_results is not None
    flagged = dict(choice.content_filter_results.flagged())
    assert list(flagged) == ["violence"]
    assert flagged["violence"].severity == "medium"  # type: ignore[attr-defined]


def test_older_and_failed_filter_results_still_read() -> None:
    answer = completion("azure/completion_filter_error.json")
    prompt = answer.prompt_filter_results
    assert prompt is not None
    assert prompt[0].results is not None
    assert prompt[0].results.custom_blocklists == [
        ContentFilterBlocklistIdResult(id="legacy-list", filtered=False)
    ]
    results = answer.choices[0].content_filter_results
    assert results is not None
    assert results.error is not None
    assert results.error.code == "content_filter_error"
    assert list(results.flagged()) == []


def test_a_filter_openwire_does_not_know_is_kept_and_reported() -> None:
    results = ContentFilterResults.model_validate({"brand_new": {"filtered": True, "detected": True}})
    assert results.brand_new == {"filtered": True, "detected": True}  # type: ignore[attr-defined]
    assert list(results.flagged()) == [("brand_new", {"filtered": True, "detected": True})]


def test_the_singular_name_resellers_use_reads_the_same() -> None:
    answer = completion("resellers/azure_backed_completion.json")
    prompt = answer.prompt_filter_results
    assert prompt is not None
    assert prompt[0].content_filter_results is None
    assert (
        prompt[0].results is prompt[0].content_filter_result
        or prompt[0].results == prompt[0].content_filter_result
    )
    assert prompt[0].results is not None
    assert prompt[0].results.violence is not None


# -- reasoning and the other extras ----------------------------------------------------------


def test_reasoning_under_both_names() -> None:
    deepseek = completion("deepseek/completion_reasoner.json").choices[0].message
    assert deepseek.reasoning_content is not None
    assert deepseek.reasoning_content.startswith("Compare")
    assert deepseek.reasoning is None
    assert deepseek.reasoning_text == deepseek.reasoning_content
    vllm = completion("vllm/completion_reasoning.json").choices[0].message
    assert vllm.reasoning_content is None
    assert vllm.reasoning_text == vllm.reasoning == "1 + 1 is 2; nothing more to check."
    plain = completion("ollama/completion.json").choices[0].message
    assert plain.reasoning_text is None


def test_openrouter_reasoning_details_provider_and_native_finish_reason() -> None:
    answer = completion("openrouter/completion_reasoning.json")
    assert answer.provider == "Anthropic"
    choice = answer.choices[0]
    assert choice.native_finish_reason == "end_turn"
    details = choice.message.reasoning_details
    assert details is not None
    assert isinstance(details[0], ReasoningDetailText)
    assert details[0].signature == "EqoBCkgIARABGAIiQL2example"
    assert details[0].format == "anthropic-claude-v1"
    encrypted = (
        completion("openrouter/completion_encrypted_reasoning.json").choices[0].message.reasoning_details
    )
    assert encrypted is not None
    assert [type(block) for block in encrypted] == [ReasoningDetailSummary, ReasoningDetailEncrypted]
    unknown = ChatCompletionMessage.model_validate({"reasoning_details": [{"type": "reasoning.new", "x": 1}]})
    assert unknown.reasoning_details is not None
    assert isinstance(unknown.reasoning_details[0], openwire.UnknownVariant)


def test_groq_and_vllm_extras() -> None:
    groq = completion("groq/completion.json")
    assert isinstance(groq.x_groq, XGroq)
    assert groq.x_groq.id == "req_01jbd6g2qdfw2adyrt2az8hz4w"
    vllm = completion("vllm/completion_stop_reason.json")
    assert [choice.stop_reason for choice in vllm.choices] == ["\n2.", 151645]
    assert completion("vllm/completion.json").choices[0].stop_reason is None


def test_chunks_carry_the_extras_typed() -> None:
    first, *_ = chunks("azure/stream.sse")
    assert first.prompt_filter_results is not None
    assert first.choices == []
    offsets = chunks("azure/stream_async_filter.sse")[-1].choices[0].content_filter_offsets
    assert offsets == ContentFilterOffsets(check_offset=0, start_offset=0, end_offset=15)
    delta = chunks("deepseek/stream_reasoner.sse")[1].choices[0].delta
    assert delta.reasoning_content == "Compare"
    groq = chunks("groq/stream.sse")
    assert groq[-1].x_groq is not None
    assert groq[-1].x_groq.usage is not None
    assert groq[-1].x_groq.usage.queue_time == pytest.approx(0.017537)


# -- another shape never fails ---------------------------------------------------------------

ODD_SHAPES: list[tuple[str, Any]] = [
    ("content_filter_results", ["not", "an", "object"]),
    ("content_filter_results", {"hate": {"filtered": "sometimes", "severity": 3}}),
    ("stop_reason", [1, 2]),
    ("native_finish_reason", {"raw": "end_turn"}),
]


@pytest.mark.parametrize(("field", "value"), ODD_SHAPES, ids=[f"{f}={v!r}" for f, v in ODD_SHAPES])
def test_a_choice_field_of_another_shape_is_kept_as_it_came(field: str, value: Any) -> None:
    body = json.loads((CORPUS / "azure" / "completion.json").read_text(encoding="utf-8"))
    body["choices"][0][field] = value
    answer = ChatCompletion.model_validate_json(json.dumps(body))
    assert getattr(answer.choices[0], field) == value
    assert answer.to_dict() == body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reasoning_content", {"text": "structured"}),
        ("reasoning", 42),
        ("reasoning_details", {"type": "reasoning.text"}),
        ("reasoning_details", [{"type": "reasoning.text", "text": ["not", "text"]}]),
    ],
)
def test_a_message_field_of_another_shape_is_kept_as_it_came(field: str, value: Any) -> None:
    message = ChatCompletionMessage.model_validate({"role": "assistant", "content": "x", field: value})
    assert getattr(message, field) == value
    assert message.to_dict()[field] == value


@pytest.mark.parametrize(
    ("field", "value"),
    [("prompt_filter_results", {"prompt_index": 0}), ("x_groq", "req_1"), ("provider", {"name": "OpenAI"})],
)
def test_a_completion_or_chunk_field_of_another_shape_is_kept_as_it_came(field: str, value: Any) -> None:
    answer = ChatCompletion.model_validate({"id": "c", "model": "m", "choices": [], field: value})
    assert getattr(answer, field) == value
    chunk = ChatCompletionChunk.model_validate({"id": "c", "model": "m", field: value})
    assert getattr(chunk, field) == value


def test_the_extras_are_plain_data_underneath() -> None:
    answer = completion("azure/completion.json")
    assert isinstance(answer.choices[0].model_extra, dict)
    assert isinstance(answer.choices[0].model_extra["content_filter_results"], dict)
    assert pickle.loads(pickle.dumps(answer)) == answer
    assert copy.deepcopy(answer) == answer
    assert answer.model_copy().choices[0].content_filter_results == answer.choices[0].content_filter_results


def test_the_fields_can_be_set_and_given_to_the_constructor() -> None:
    message = ChatCompletionMessage(content="hi", reasoning_content="because")  # type: ignore[call-arg]
    assert message.reasoning_content == "because"
    message.reasoning = "why"
    assert message.to_dict() == {"content": "hi", "reasoning_content": "because", "reasoning": "why"}


# -- streams ---------------------------------------------------------------------------------


def test_reasoning_is_accumulated_and_given_as_events() -> None:
    answer, events = accumulated("deepseek/stream_reasoner.sse")
    message = answer.choices[0].message
    assert message.reasoning_content == "Compare the tenths."
    assert message.content == "9.11 is smaller."
    deltas = [event for event in events if isinstance(event, ReasoningDeltaEvent)]
    assert [event.delta for event in deltas] == ["Compare", " the tenths."]
    assert deltas[-1].snapshot == "Compare the tenths."
    done = [event for event in events if isinstance(event, ReasoningDoneEvent)]
    assert done == [ReasoningDoneEvent(0, "Compare the tenths.")]
    kinds = [event.type for event in events if event.type.endswith(".done")]
    assert kinds == ["reasoning.done", "content.done"]
    assert answer.usage is not None
    assert answer.usage.completion_tokens == 12


def test_reasoning_under_the_other_name_and_openrouter_details() -> None:
    answer, events = accumulated("openrouter/stream.sse")
    message = answer.choices[0].message
    assert message.reasoning == "Check divisors."
    assert [event.delta for event in events if isinstance(event, ReasoningDeltaEvent)] == [
        "Check",
        " divisors.",
    ]
    assert message.reasoning_details is not None
    assert len(message.reasoning_details) == 1
    block = message.reasoning_details[0]
    assert isinstance(block, ReasoningDetailText)
    assert block.text == "Check divisors."
    assert block.signature == "EqoBCkgIARABGAIiQL2example"
    assert answer.provider == "Anthropic"
    assert answer.choices[0].native_finish_reason == "end_turn"
    assert answer.choices[0].finish_reason == "stop"


def test_a_server_that_sends_both_names_gives_each_delta_once() -> None:
    accumulator: ChatCompletionAccumulator[Any] = ChatCompletionAccumulator()
    base = {"id": "c", "model": "m"}
    for piece in ("a", "b"):
        delta = {"reasoning": piece, "reasoning_content": piece}
        accumulator.add(
            ChatCompletionChunk.model_validate({**base, "choices": [{"index": 0, "delta": delta}]})
        )
    events = accumulator.finish()
    message = accumulator.completion().choices[0].message
    assert message.reasoning == message.reasoning_content == "ab"
    assert [event for event in events if isinstance(event, ReasoningDoneEvent)] == [
        ReasoningDoneEvent(0, "ab")
    ]


def test_azure_stream_keeps_the_filters_and_the_real_id() -> None:
    answer, _ = accumulated("azure/stream.sse")
    assert answer.id == "chatcmpl-9xAzureStream00000000000000"
    assert answer.model == "gpt-4o-2024-11-20"
    assert answer.prompt_filter_results is not None
    results = answer.choices[0].content_filter_results
    assert results is not None
    assert results.protected_material_text is not None
    filtered, _ = accumulated("azure/stream_filtered.sse")
    assert filtered.choices[0].finish_reason == "content_filter"
    assert filtered.choices[0].content_filter_results is not None
    assert [name for name, _ in filtered.choices[0].content_filter_results.flagged()] == ["violence"]


def test_groq_ids_and_usage_are_merged_and_vllm_stop_reason_kept() -> None:
    answer, _ = accumulated("groq/stream.sse")
    assert answer.x_groq is not None
    assert answer.x_groq.id == "req_01jbd6g2qdfw2adyrt2az8hz6y"
    assert answer.x_groq.usage is not None
    assert answer.x_groq.usage.completion_tokens == 2
    accumulator: ChatCompletionAccumulator[Any] = ChatCompletionAccumulator()
    accumulator.add(
        ChatCompletionChunk.model_validate(
            {"id": "c", "model": "m", "choices": [{"index": 0, "delta": {"content": "x"}}]}
        )
    )
    accumulator.add(
        ChatCompletionChunk.model_validate(
            {
                "id": "c",
                "model": "m",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop", "stop_reason": "###"}],
            }
        )
    )
    assert accumulator.completion().choices[0].stop_reason == "###"


def test_the_stream_helper_gives_reasoning_events_on_both_clients() -> None:
    body = (CORPUS / "deepseek" / "stream_reasoner.sse").read_bytes()

    import anyio
    import httpx

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

    messages: Any = [{"role": "user", "content": "Which is smaller?"}]
    transport = httpx.MockTransport(answer)
    with (
        openwire.Client(
            api_key="k", base_url="https://x.test/v1", http_client=httpx.Client(transport=transport)
        ) as client,
        client.chat.completions.stream(model="deepseek-reasoner", messages=messages) as stream,
    ):
        kinds = [event.type for event in stream]
        final = stream.get_final_completion()
    assert kinds.count("reasoning.delta") == 2
    assert "reasoning.done" in kinds
    assert final.choices[0].message.reasoning_content == "Compare the tenths."

    async def run() -> list[str]:
        http_client = httpx.AsyncClient(transport=transport)
        async with (
            openwire.AsyncClient(
                api_key="k", base_url="https://x.test/v1", http_client=http_client
            ) as client,
            client.chat.completions.stream(model="deepseek-reasoner", messages=messages) as stream,
        ):
            return [event.type async for event in stream]

    assert anyio.run(run) == kinds


# -- sending a message back ------------------------------------------------------------------


def test_to_param_keeps_or_leaves_out_what_the_caller_chooses() -> None:
    message = completion("deepseek/completion_tool_calls.json").choices[0].message
    whole = message.to_param()
    assert whole["reasoning_content"] == message.reasoning_content
    assert whole["tool_calls"][0]["id"] == "call_00_hV3kq9ZyM1a2b3c4d5e6f7g8"  # type: ignore[index]
    assert "reasoning_content" not in message.to_param(reasoning=False)

    litellm = completion("litellm/completion.json").choices[0].message
    assert set(litellm.to_param()) >= {"reasoning_content", "thinking_blocks", "provider_specific_fields"}
    strict = litellm.to_param(reasoning=False, extras=False)
    assert set(strict) == {"content", "role", "tool_calls", "function_call"}
    kept = litellm.to_param(extras=False)
    assert "reasoning_content" in kept
    assert "thinking_blocks" not in kept


def test_to_param_leaves_out_what_the_parse_helpers_add() -> None:
    from openwire.types.chat import ParsedChatCompletionMessage

    message = ParsedChatCompletionMessage[Any].model_validate(
        {"role": "assistant", "content": "{}", "parsed": {}}
    )
    assert message.to_param() == {"role": "assistant", "content": "{}"}


def test_a_returned_message_goes_back_as_it_came_or_as_chosen() -> None:
    """The built-in server takes fields it does not define in a message (as DeepSeek, OpenRouter
    and vLLM do); what goes out is what the caller chose."""
    server = LocalServer()
    message = completion("deepseek/completion_tool_calls.json").choices[0].message
    tool_answer = {"role": "tool", "tool_call_id": "call_00_hV3kq9ZyM1a2b3c4d5e6f7g8", "content": "24 C"}
    with server.client() as client:
        history: Any = [{"role": "user", "content": "Weather?"}, message, tool_answer]
        client.chat.completions.create(model="gpt-5.4-mini", messages=history)
        history = [{"role": "user", "content": "Weather?"}, message.to_param(reasoning=False), tool_answer]
        client.chat.completions.create(model="gpt-5.4-mini", messages=history)
    first, second = (request.json for request in server.requests)
    assert first is not None
    assert second is not None
    assert first["messages"][1]["reasoning_content"] == message.reasoning_content
    assert first["messages"][1]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert "reasoning_content" not in second["messages"][1]
    assert second["messages"][1]["tool_calls"] == first["messages"][1]["tool_calls"]
