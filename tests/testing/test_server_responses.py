"""The local server's Responses API: answers, tools, reasoning, moderation, streams, storage, checks."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from server_helpers import Send, resp, typed_events

from openwire.testing import LocalServer, Reply, ToolCall

pytest_plugins = ["server_fixtures"]  # its fixtures: server, http, send

WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "The weather in a city",
    "parameters": {
        "type": "object",
        "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
        "required": ["city", "unit"],
        "additionalProperties": False,
    },
}
MODERATED = {"model": "omni-moderation-latest"}


def create(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post("/responses", json=resp(**body))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def text_of(response: dict[str, Any]) -> str:
    return "".join(
        part["text"]
        for item in response["output"]
        if item["type"] == "message"
        for part in item["content"]
        if part["type"] == "output_text"
    )


def without_ids(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in item.items() if k not in ("id", "call_id")} for item in items]


def test_answers_a_response_object(send: Send) -> None:
    response = send("POST", "/responses", json=resp())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["id"].startswith("resp_")
    assert len(body["id"]) == len("resp_") + 48
    assert body["object"] == "response"
    assert isinstance(body["created_at"], int)
    assert body["completed_at"] == body["created_at"]
    assert (body["status"], body["model"], body["error"], body["incomplete_details"]) == (
        "completed",
        "gpt-4o",
        None,
        None,
    )
    [message] = body["output"]
    assert message["id"].startswith("msg_")
    assert {k: v for k, v in message.items() if k != "id"} == {
        "type": "message",
        "status": "completed",
        "role": "assistant",
        "content": [
            {"type": "output_text", "text": "You said: Hello there", "annotations": [], "logprobs": []}
        ],
    }
    usage = body["usage"]
    assert usage["output_tokens"] == 5  # "You", " said", ":", " Hello", " there"
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]
    assert usage["input_tokens_details"] == {"cached_tokens": 0, "cache_write_tokens": 0}
    assert usage["output_tokens_details"] == {"reasoning_tokens": 0}
    assert "moderation" not in body
    assert response.headers["x-request-id"].startswith("req_")


def test_defaults_and_echoes_what_the_request_set(http: httpx.Client) -> None:
    defaults = create(http)
    assert {k: defaults[k] for k in ("instructions", "previous_response_id", "conversation", "user")} == {
        "instructions": None,
        "previous_response_id": None,
        "conversation": None,
        "user": None,
    }
    assert (defaults["store"], defaults["background"], defaults["parallel_tool_calls"]) == (True, False, True)
    assert (defaults["temperature"], defaults["top_p"], defaults["truncation"]) == (1.0, 1.0, "disabled")
    assert defaults["text"] == {"format": {"type": "text"}, "verbosity": "medium"}
    assert defaults["reasoning"] == {"effort": None, "summary": None}
    assert (defaults["tools"], defaults["tool_choice"], defaults["metadata"]) == ([], "auto", {})
    assert defaults["service_tier"] == "default"

    echoed = create(
        http,
        instructions="Be brief.",
        store=False,
        metadata={"run": "7"},
        temperature=0.2,
        top_p=0.5,
        max_output_tokens=64,
        parallel_tool_calls=False,
        service_tier="flex",
        user="someone",
        truncation="auto",
        text={"verbosity": "low"},
        tools=[{"type": "function", "name": "noop"}],
        tool_choice="none",
    )
    assert echoed["instructions"] == "Be brief."
    assert (echoed["store"], echoed["metadata"], echoed["temperature"], echoed["top_p"]) == (
        False,
        {"run": "7"},
        0.2,
        0.5,
    )
    assert (echoed["max_output_tokens"], echoed["parallel_tool_calls"], echoed["service_tier"]) == (
        64,
        False,
        "flex",
    )
    assert (echoed["user"], echoed["truncation"], echoed["tool_choice"]) == ("someone", "auto", "none")
    assert echoed["text"] == {"format": {"type": "text"}, "verbosity": "low"}
    assert echoed["tools"] == [
        {"type": "function", "name": "noop", "description": None, "parameters": None, "strict": True}
    ]


def test_answers_the_last_user_message_of_a_list_of_items(http: httpx.Client) -> None:
    body = create(
        http,
        input=[
            {"role": "system", "content": "Be brief."},
            {"type": "message", "role": "user", "content": "first"},
            {"role": "assistant", "content": "ok"},
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "What is"},
                    {"type": "input_image", "image_url": "https://example.com/a.png", "detail": "auto"},
                ],
            },
        ],
    )
    assert text_of(body) == "You said: What is [image]"


def test_answers_are_deterministic(http: httpx.Client) -> None:
    first = create(http)
    with LocalServer().http_client() as other:
        again = other.post("/responses", json=resp()).json()
    assert first["id"] == again["id"]
    assert first["output"] == again["output"]


def test_scripted_replies_apply_to_responses(server: LocalServer, http: httpx.Client) -> None:
    server.reply(
        "Paris",
        Reply(refusal="I can't help with that."),
        Reply(tool_calls=[ToolCall("lookup", {"q": "x"}, id="call_1")]),
        lambda body: f"input was {body['input']!r}",
    )
    assert text_of(create(http)) == "Paris"
    refused = create(http)["output"][0]
    assert refused["content"] == [{"type": "refusal", "refusal": "I can't help with that."}]
    [call] = create(http)["output"]
    assert (call["type"], call["call_id"], call["name"], call["status"]) == (
        "function_call",
        "call_1",
        "lookup",
        "completed",
    )
    assert json.loads(call["arguments"]) == {"q": "x"}
    assert text_of(create(http)) == "input was 'Hello there'"
    assert text_of(create(http)) == "You said: Hello there"


def test_offered_function_is_called(http: httpx.Client) -> None:
    body = create(http, tools=[WEATHER], input="Weather in Paris?")
    [call] = body["output"]
    assert call["type"] == "function_call"
    assert call["id"].startswith("fc_")
    assert call["call_id"].startswith("call_")
    assert call["name"] == "get_weather"
    assert json.loads(call["arguments"]) == {"city": "example city", "unit": "c"}
    assert body["usage"]["output_tokens"] > 4
    assert body["tools"][0]["parameters"] == WEATHER["parameters"]


def test_tool_choice_decides_whether_and_what_to_call(http: httpx.Client) -> None:
    other = {"type": "function", "name": "noop", "parameters": {"type": "object", "properties": {}}}
    assert create(http, tools=[WEATHER], tool_choice="none")["output"][0]["type"] == "message"
    named = create(http, tools=[WEATHER, other], tool_choice={"type": "function", "name": "noop"})
    assert (named["output"][0]["name"], named["output"][0]["arguments"]) == ("noop", "{}")
    allowed = create(
        http,
        tools=[WEATHER, other],
        tool_choice={
            "type": "allowed_tools",
            "mode": "required",
            "tools": [{"type": "function", "name": "noop"}],
        },
    )
    assert allowed["output"][0]["name"] == "noop"
    hosted = create(http, tools=[{"type": "web_search"}], input="news?")
    assert text_of(hosted) == "You said: news?"  # hosted tools are not run: the answer is in words


def test_function_call_output_leads_to_a_message(http: httpx.Client) -> None:
    first = create(http, tools=[WEATHER], input="Weather in Paris?")
    [call] = first["output"]
    answer = {"type": "function_call_output", "call_id": call["call_id"], "output": "22C, sunny"}
    manual = create(
        http, tools=[WEATHER], input=[{"role": "user", "content": "Weather in Paris?"}, call, answer]
    )
    assert text_of(manual) == "The tool returned: 22C, sunny"
    chained = create(http, tools=[WEATHER], previous_response_id=first["id"], input=[answer])
    assert text_of(chained) == "The tool returned: 22C, sunny"
    assert chained["previous_response_id"] == first["id"]
    forced = create(
        http, tools=[WEATHER], tool_choice="required", previous_response_id=first["id"], input=[answer]
    )
    assert forced["output"][0]["type"] == "function_call"


def test_reasoning_item_comes_first(http: httpx.Client) -> None:
    body = create(
        http, reasoning={"effort": "low", "summary": "auto"}, include=["reasoning.encrypted_content"]
    )
    reasoning, message = body["output"]
    assert reasoning["type"] == "reasoning"
    assert reasoning["id"].startswith("rs_")
    [summary] = reasoning["summary"]
    assert summary["type"] == "summary_text"
    assert "You said" not in summary["text"]
    assert "Hello there" in summary["text"]
    assert reasoning["encrypted_content"].startswith("gAAAA")
    assert message["type"] == "message"
    assert body["reasoning"] == {"effort": "low", "summary": "auto"}
    usage = body["usage"]
    assert usage["output_tokens_details"]["reasoning_tokens"] > 0
    assert usage["output_tokens"] == usage["output_tokens_details"]["reasoning_tokens"] + 5
    quiet = create(http, reasoning={"effort": "high"})
    assert quiet["output"][0]["summary"] == []
    assert "encrypted_content" not in quiet["output"][0]
    assert (
        quiet["usage"]["output_tokens_details"]["reasoning_tokens"]
        > usage["output_tokens_details"]["reasoning_tokens"]
    )
    assert create(http, reasoning={"effort": "none"})["output"][0]["type"] == "message"


def test_json_formats(http: httpx.Client) -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
        "required": ["name", "age"],
        "additionalProperties": False,
    }
    fmt = {"type": "json_schema", "name": "person", "schema": schema, "strict": True}
    structured = create(http, text={"format": fmt})
    assert set(json.loads(text_of(structured))) == {"name", "age"}
    assert structured["text"]["format"] == fmt
    as_object = create(http, text={"format": {"type": "json_object"}})
    assert json.loads(text_of(as_object)) == {"reply": "You said: Hello there"}


def test_max_output_tokens_leaves_it_incomplete(http: httpx.Client) -> None:
    long_input = "word " * 40
    body = create(http, input=long_input.strip(), max_output_tokens=16)
    assert body["status"] == "incomplete"
    assert body["incomplete_details"] == {"reason": "max_output_tokens"}
    assert body["completed_at"] is None
    assert body["output"][0]["status"] == "incomplete"
    assert body["usage"]["output_tokens"] == 16


def test_logprobs_when_included(http: httpx.Client) -> None:
    body = create(http, include=["message.output_text.logprobs"], top_logprobs=2)
    [part] = body["output"][0]["content"]
    assert "".join(entry["token"] for entry in part["logprobs"]) == part["text"]
    assert all(len(entry["top_logprobs"]) == 2 for entry in part["logprobs"])


# -- moderation -----------------------------------------------------------------------------------


def test_moderation_results_on_a_response(server: LocalServer, http: httpx.Client) -> None:
    server.reply("I will not kill anyone.")
    body = create(http, input="hi", moderation=MODERATED)
    given, produced = body["moderation"]["input"], body["moderation"]["output"]
    assert set(given) == {
        "type",
        "model",
        "flagged",
        "categories",
        "category_scores",
        "category_applied_input_types",
    }
    assert (given["type"], given["model"], given["flagged"]) == (
        "moderation_result",
        "omni-moderation-latest",
        False,
    )
    assert len(given["categories"]) == 13
    assert (produced["type"], produced["flagged"], produced["categories"]["violence"]) == (
        "moderation_result",
        True,
        True,
    )
    assert produced["category_scores"]["violence"] > 0.9
    assert produced["category_applied_input_types"]["violence"] == ["text"]
    assert body["status"] == "completed"  # scores only: a flag does not stop the response


def test_flag_words_apply_to_the_input(server: LocalServer, http: httpx.Client) -> None:
    server.flag("weeds", "illicit")
    body = create(http, input="where do weeds grow", moderation=MODERATED)
    assert body["moderation"]["input"]["categories"]["illicit"] is True
    assert body["moderation"]["output"]["categories"]["illicit"] is True  # it echoes the input


@pytest.mark.parametrize(
    ("side", "errored"), [("input", {"input"}), ("output", {"output"}), ("both", {"input", "output"})]
)
def test_moderation_error_branch(
    server: LocalServer, http: httpx.Client, side: Any, errored: set[str]
) -> None:
    server.fail_moderation(side, code="moderation_timeout", message="took too long")
    body = create(http, moderation=MODERATED)
    for name in ("input", "output"):
        if name in errored:
            assert body["moderation"][name] == {
                "type": "error",
                "code": "moderation_timeout",
                "message": "took too long",
            }
        else:
            assert body["moderation"][name]["type"] == "moderation_result"
    again = create(http, moderation=MODERATED)  # used once
    assert {again["moderation"][n]["type"] for n in ("input", "output")} == {"moderation_result"}


def test_one_moderation_script_for_chat_and_responses(server: LocalServer, http: httpx.Client) -> None:
    server.fail_moderation("input", times=2)
    chat = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "moderation": MODERATED}
    assert http.post("/chat/completions", json=chat).json()["moderation"]["input"]["type"] == "error"
    assert create(http, moderation=MODERATED)["moderation"]["input"]["type"] == "error"
    assert create(http, moderation=MODERATED)["moderation"]["input"]["type"] == "moderation_result"


def test_no_moderation_unless_asked_and_none_before_the_end(http: httpx.Client) -> None:
    assert "moderation" not in create(http)
    found = typed_events(http.post("/responses", json=resp(stream=True, moderation=MODERATED)).text)
    assert found[0]["response"]["moderation"] is None
    assert found[-1]["response"]["moderation"]["input"]["type"] == "moderation_result"


def test_block_policy_stops_a_flagged_response(server: LocalServer, http: httpx.Client) -> None:
    block_input = {**MODERATED, "policy": {"input": {"mode": "block"}}}
    server.reply("unused")
    blocked = create(http, input="you idiot", moderation=block_input)
    assert blocked["status"] == "incomplete"
    assert blocked["incomplete_details"] == {"reason": "content_filter"}
    assert blocked["output"] == []
    assert blocked["moderation"]["input"]["flagged"] is True
    assert blocked["usage"]["output_tokens"] == 0
    assert text_of(create(http)) == "unused"  # nothing was answered, so the reply is still queued
    assert create(http, input="hello", moderation=block_input)["status"] == "completed"
    server.reply("I will kill it.")
    block_output = {**MODERATED, "policy": {"input": {"mode": "score"}, "output": {"mode": "block"}}}
    withheld = create(http, moderation=block_output)
    assert (withheld["status"], withheld["output"]) == ("incomplete", [])
    assert withheld["moderation"]["output"]["flagged"] is True
    streamed = typed_events(
        http.post("/responses", json=resp(stream=True, input="idiot", moderation=block_input)).text
    )
    assert [e["type"] for e in streamed] == [
        "response.created",
        "response.in_progress",
        "response.incomplete",
    ]


# -- streams --------------------------------------------------------------------------------------


def test_stream_events_in_order(send: Send) -> None:
    response = send("POST", "/responses", json=resp(stream=True))
    assert response.headers["content-type"].startswith("text/event-stream")
    assert "[DONE]" not in response.text
    found = typed_events(response.text)
    assert [e["sequence_number"] for e in found] == list(range(len(found)))
    kinds = [e["type"] for e in found]
    deltas = kinds.count("response.output_text.delta")
    assert deltas >= 3
    assert kinds == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        *["response.output_text.delta"] * deltas,
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    created, in_progress = found[0]["response"], found[1]["response"]
    assert (created["status"], created["output"], created["usage"]) == ("in_progress", [], None)
    assert in_progress["status"] == "in_progress"
    added = found[2]
    assert added["output_index"] == 0
    assert (added["item"]["status"], added["item"]["content"]) == ("in_progress", [])
    item_id = added["item"]["id"]
    for event in found[3:-2]:
        assert (event["item_id"], event["output_index"], event["content_index"]) == (item_id, 0, 0)
    assert found[3]["part"] == {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
    text = "".join(e["delta"] for e in found if e["type"] == "response.output_text.delta")
    assert text == "You said: Hello there"
    assert found[-4]["text"] == text
    assert found[-3]["part"]["text"] == text
    assert found[-2]["item"] == found[-1]["response"]["output"][0]
    assert found[-1]["response"]["status"] == "completed"
    assert found[-1]["response"]["id"] == created["id"]


@pytest.mark.parametrize(
    "body",
    [
        resp(),
        resp(tools=[WEATHER]),
        resp(reasoning={"effort": "medium", "summary": "detailed"}, moderation=MODERATED),
        resp(input=[{"role": "user", "content": "a kill word"}], moderation=MODERATED, max_output_tokens=16),
    ],
    ids=["text", "function-call", "reasoning", "moderated"],
)
def test_streamed_equals_whole(http: httpx.Client, body: dict[str, Any]) -> None:
    whole = create(http, **body)
    found = typed_events(http.post("/responses", json={**body, "stream": True}).text)
    final = found[-1]["response"]
    assembled = [e["item"] for e in found if e["type"] == "response.output_item.done"]
    assert assembled == final["output"]
    assert without_ids(assembled) == without_ids(whole["output"])
    assert final["usage"] == whole["usage"]
    assert final.get("moderation") == whole.get("moderation")
    assert final["id"] != whole["id"]  # two calls, two responses, as with the API
    assert http.get(f"/responses/{final['id']}").json() == final


def test_function_call_stream(http: httpx.Client) -> None:
    found = typed_events(http.post("/responses", json=resp(stream=True, tools=[WEATHER])).text)
    kinds = [e["type"] for e in found]
    assert kinds[2] == "response.output_item.added"
    assert found[2]["item"]["arguments"] == ""
    deltas = [e for e in found if e["type"] == "response.function_call_arguments.delta"]
    assert len(deltas) > 2
    [done] = [e for e in found if e["type"] == "response.function_call_arguments.done"]
    assert "".join(e["delta"] for e in deltas) == done["arguments"]
    assert done["name"] == "get_weather"
    assert kinds[-3:] == [
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert json.loads(found[-2]["item"]["arguments"]) == {"city": "example city", "unit": "c"}


def test_refusal_and_reasoning_streams(server: LocalServer, http: httpx.Client) -> None:
    server.reply(Reply(refusal="No."))
    found = typed_events(
        http.post("/responses", json=resp(stream=True, reasoning={"summary": "concise"})).text
    )
    kinds = [e["type"] for e in found]
    assert kinds[2:8] == [
        "response.output_item.added",
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.delta",
    ]
    assert "response.reasoning_summary_part.done" in kinds
    refusal = [e for e in found if e["type"].startswith("response.refusal")]
    assert [e["type"] for e in refusal] == ["response.refusal.delta"] * 2 + ["response.refusal.done"]
    assert "".join(e["delta"] for e in refusal[:-1]) == refusal[-1]["refusal"] == "No."


def test_stream_error_event_is_typed(server: LocalServer, http: httpx.Client) -> None:
    server.fail_stream(after_events=3, message="the model crashed", code="model_error")
    found = typed_events(http.post("/responses", json=resp(stream=True)).text)
    assert len(found) == 4
    assert found[-1] == {
        "type": "error",
        "code": "model_error",
        "message": "the model crashed",
        "param": None,
        "sequence_number": 3,
    }


# -- stored responses -----------------------------------------------------------------------------


def test_stored_response_retrieve_and_delete(server: LocalServer, send: Send) -> None:
    created = send("POST", "/responses", json=resp()).json()
    assert list(server.stored_responses) == [created["id"]]
    assert send("GET", f"/responses/{created['id']}").json() == created
    with_include = send(
        "GET", f"/responses/{created['id']}", params={"include[]": "reasoning.encrypted_content"}
    )
    assert with_include.json() == created
    bad = send("GET", f"/responses/{created['id']}", params={"include": "everything"})
    assert (bad.status_code, bad.json()["error"]["param"]) == (400, "include[0]")
    deleted = send("DELETE", f"/responses/{created['id']}")
    assert deleted.json() == {"id": created["id"], "object": "response", "deleted": True}
    for method, path in [
        ("GET", f"/responses/{created['id']}"),
        ("DELETE", f"/responses/{created['id']}"),
        ("POST", f"/responses/{created['id']}/cancel"),
        ("GET", f"/responses/{created['id']}/input_items"),
    ]:
        missing = send(method, path)
        assert missing.status_code == 404
        error = missing.json()["error"]
        assert (error["type"], error["code"], error["param"]) == (
            "invalid_request_error",
            "not_found",
            "response_id",
        )
        assert created["id"] in error["message"]


def test_unstored_responses_are_not_kept(server: LocalServer, http: httpx.Client) -> None:
    created = create(http, store=False)
    assert created["store"] is False
    assert http.get(f"/responses/{created['id']}").status_code == 404
    following = http.post("/responses", json=resp(previous_response_id=created["id"]))
    assert following.status_code == 404
    assert following.json()["error"]["param"] == "previous_response_id"
    assert server.stored_responses == {}


def test_input_items_pages(http: httpx.Client) -> None:
    items = [{"role": "user", "content": f"m{n}"} for n in range(5)]
    created = create(http, input=items)
    path = f"/responses/{created['id']}/input_items"
    newest = http.get(path).json()
    assert newest["object"] == "list"
    assert [i["content"][0]["text"] for i in newest["data"]] == ["m4", "m3", "m2", "m1", "m0"]
    assert all(i["id"].startswith("msg_") and i["status"] == "completed" for i in newest["data"])
    assert newest["data"][0]["content"] == [{"type": "input_text", "text": "m4"}]
    assert (newest["first_id"], newest["last_id"], newest["has_more"]) == (
        newest["data"][0]["id"],
        newest["data"][-1]["id"],
        False,
    )
    first = http.get(path, params={"order": "asc", "limit": 2}).json()
    assert [i["content"][0]["text"] for i in first["data"]] == ["m0", "m1"]
    assert first["has_more"] is True
    rest = http.get(path, params={"order": "asc", "after": first["last_id"], "limit": 10}).json()
    assert [i["content"][0]["text"] for i in rest["data"]] == ["m2", "m3", "m4"]
    assert rest["has_more"] is False
    assert http.get(path, params={"limit": 0}).json()["error"]["param"] == "limit"
    assert http.get(path, params={"after": "msg_nope"}).status_code == 404
    single = http.get(f"/responses/{create(http)['id']}/input_items").json()
    assert [i["role"] for i in single["data"]] == ["user"]


def test_previous_response_id_continues_the_context(http: httpx.Client) -> None:
    first = create(http, input="My name is Ada.", instructions="Be kind.")
    second = create(http, input="What is my name?", previous_response_id=first["id"])
    assert text_of(second) == "You said: What is my name?"
    assert second["previous_response_id"] == first["id"]
    # the context is the first input and output, then the new input (instructions are not carried)
    counted = http.post(
        "/responses/input_tokens", json=resp(input="What is my name?", previous_response_id=first["id"])
    )
    assert counted.json() == {
        "object": "response.input_tokens",
        "input_tokens": second["usage"]["input_tokens"],
    }
    alone = create(http, input="What is my name?")
    assert second["usage"]["input_tokens"] > alone["usage"]["input_tokens"]
    own = http.get(f"/responses/{second['id']}/input_items").json()["data"]
    assert [i["content"][0]["text"] for i in own] == ["What is my name?"]
    no_input = {"model": "gpt-4o", "previous_response_id": second["id"]}
    only_previous = http.post("/responses", json=no_input).json()
    assert text_of(only_previous) == "You said: What is my name?"
    missing = http.post("/responses", json=resp(previous_response_id="resp_nope"))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_item_references_name_stored_items(http: httpx.Client) -> None:
    first = create(http, input="remember this")
    [message] = first["output"]
    body = create(
        http, input=[{"type": "item_reference", "id": message["id"]}, {"role": "user", "content": "ok?"}]
    )
    assert text_of(body) == "You said: ok?"
    unknown = http.post("/responses", json=resp(input=[{"type": "item_reference", "id": "msg_nope"}]))
    assert (unknown.status_code, unknown.json()["error"]["param"]) == (404, "input[0].id")


def test_input_tokens_match_the_usage(http: httpx.Client) -> None:
    body = resp(
        instructions="Answer in French.",
        input=[{"role": "user", "content": [{"type": "input_text", "text": "Good morning, how are you?"}]}],
    )
    usage = create(http, **body)["usage"]
    counted = http.post("/responses/input_tokens", json=body).json()
    assert counted == {"object": "response.input_tokens", "input_tokens": usage["input_tokens"]}
    no_model = http.post("/responses/input_tokens", json={"input": "hi"}).json()
    assert no_model["input_tokens"] > 0
    assert http.post("/responses/input_tokens", json={"input": 3}).status_code == 400


def test_compact_folds_all_but_the_users_messages(http: httpx.Client) -> None:
    first = create(http, input="Build me a landing page.")
    compacted = http.post(
        "/responses/compact",
        json={"model": "gpt-4o", "previous_response_id": first["id"], "input": "And a footer."},
    ).json()
    assert compacted["id"].startswith("resp_")
    assert compacted["object"] == "response.compaction"
    assert isinstance(compacted["created_at"], int)
    *kept, folded = compacted["output"]
    assert [(i["role"], i["content"][0]["text"]) for i in kept] == [
        ("user", "Build me a landing page."),
        ("user", "And a footer."),
    ]
    assert folded["type"] == "compaction"
    assert folded["id"].startswith("cmp_")
    assert folded["encrypted_content"].startswith("gAAAA")
    assert (
        compacted["usage"]["total_tokens"]
        == compacted["usage"]["input_tokens"] + compacted["usage"]["output_tokens"]
    )
    assert http.get(f"/responses/{compacted['id']}").status_code == 404  # not stored
    follow = create(http, input=[*compacted["output"], {"role": "user", "content": "Thanks"}])
    assert text_of(follow) == "You said: Thanks"
    assert http.post("/responses/compact", json={"input": "x"}).json()["error"]["param"] == "model"


# -- checks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "param", "code", "fragment"),
    [
        ({"input": "x"}, "model", None, "model parameter"),
        ({"model": "gpt-4o"}, "input", "missing_required_parameter", "'input'"),
        (resp(input=7), "input", "invalid_type", "string or an array"),
        (resp(input=["hi"]), "input[0]", "invalid_type", "object"),
        (resp(input=[{"type": "telepathy"}]), "input[0].type", "invalid_value", "'telepathy'"),
        (resp(input=[{"content": "x"}]), "input[0].role", "missing_required_parameter", "role"),
        (resp(input=[{"role": "robot", "content": "x"}]), "input[0].role", "invalid_value", "'robot'"),
        (resp(input=[{"role": "user"}]), "input[0].content", "missing_required_parameter", "content"),
        (
            resp(input=[{"role": "user", "content": [{"type": "output_text", "text": "x"}]}]),
            "input[0].content[0].type",
            "invalid_value",
            "'output_text'",
        ),
        (
            resp(input=[{"type": "function_call_output", "output": "x"}]),
            "input[0].call_id",
            "missing_required_parameter",
            "call_id",
        ),
        (
            resp(input=[{"type": "function_call", "call_id": "c", "name": "f"}]),
            "input[0].arguments",
            "missing_required_parameter",
            "arguments",
        ),
        (resp(model=7), "model", "invalid_type", "expected a string"),
        (resp(stream="yes"), "stream", "invalid_type", "boolean"),
        (resp(temperature=3), "temperature", "decimal_above_max_value", "<= 2"),
        (resp(max_output_tokens=8), "max_output_tokens", "integer_below_min_value", ">= 16"),
        (resp(background=True, store=False), "background", "invalid_value", "store"),
        (resp(stream_options={"include_obfuscation": False}), "stream_options", "invalid_value", "stream"),
        (resp(tools=[{"type": "teleport"}]), "tools[0].type", "invalid_value", "'teleport'"),
        (
            resp(tools=[{"type": "function", "function": {"name": "f"}}]),
            "tools[0].name",
            "missing_required_parameter",
            "name",
        ),
        (resp(tool_choice="required"), "tool_choice", None, "tools"),
        (
            resp(tools=[WEATHER], tool_choice={"type": "function", "name": "x"}),
            "tool_choice.name",
            "invalid_value",
            "'x'",
        ),
        (resp(text={"format": {"type": "yaml"}}), "text.format.type", "invalid_value", "'yaml'"),
        (
            resp(text={"format": {"type": "json_schema", "schema": {}}}),
            "text.format.name",
            "missing_required_parameter",
            "name",
        ),
        (resp(reasoning={"effort": "extreme"}), "reasoning.effort", "invalid_value", "'extreme'"),
        (resp(include=["everything"]), "include[0]", "invalid_value", "'everything'"),
        (resp(metadata={"k": 1}), "metadata.k", "invalid_value", "metadata"),
        (resp(moderation={}), "moderation.model", "missing_required_parameter", "moderation.model"),
        (
            resp(moderation={"model": "m", "policy": {"input": {"mode": "shout"}}}),
            "moderation.policy.input.mode",
            "invalid_value",
            "'shout'",
        ),
        (resp(conversation=5), "conversation", "invalid_type", "string or an object"),
        (
            resp(conversation="conv_1", previous_response_id="resp_1"),
            "conversation",
            "mutually_exclusive_parameters",
            "not both",
        ),
    ],
)
def test_invalid_requests_get_the_api_error_shape(
    send: Send, body: dict[str, Any], param: str, code: str | None, fragment: str
) -> None:
    response = send("POST", "/responses", json=body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error"
    assert (error["param"], error["code"]) == (param, code)
    assert fragment in error["message"]


def test_bodies_that_are_not_a_json_object_and_wrong_methods(http: httpx.Client) -> None:
    response = http.post("/responses", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]["message"]
    assert http.get("/responses").status_code == 405
    assert http.post("/responses/resp_1").status_code == 405


def test_strict_models_apply_to_responses() -> None:
    with LocalServer(strict_models=True).http_client() as client:
        response = client.post("/responses", json=resp(model="gpt-99"))
        assert (response.status_code, response.json()["error"]["code"]) == (404, "model_not_found")
