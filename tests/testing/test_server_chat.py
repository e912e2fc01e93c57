"""The local server's chat completions: replies, streams, tools, JSON, moderation, checks, storage."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from server_helpers import Send, chat, events

from openwire.testing import LocalServer, Reply, ToolCall

pytest_plugins = ["server_fixtures"]  # its fixtures: server, http, send

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {"type": "integer", "minimum": 1},
                "hourly": {"type": "boolean"},
            },
            "required": ["city", "unit"],
            "additionalProperties": False,
        },
    },
}


def post(send: Send, **body: Any) -> httpx.Response:
    return send("POST", "/chat/completions", json=chat(**body))


def test_echoes_the_last_user_message(send: Send) -> None:
    response = post(
        send,
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "first"},
            {"role": "assistant", "content": "ok"},
            {
                "role": "user",
                "content": [{"type": "text", "text": "What is"}, {"type": "text", "text": "this?"}],
            },
        ],
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["object"] == "chat.completion"
    assert body["id"].startswith("chatcmpl-")
    assert body["model"] == "gpt-4o"
    [choice] = body["choices"]
    assert choice["message"] == {
        "role": "assistant",
        "content": "You said: What is this?",
        "refusal": None,
        "annotations": [],
    }
    assert choice["finish_reason"] == "stop"
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert usage["completion_tokens"] == 7  # "You", " said", ":", " What", " is", " this", "?"
    assert response.headers["x-request-id"].startswith("req_")


def test_answers_are_deterministic(http: httpx.Client) -> None:
    first = http.post("/chat/completions", json=chat()).json()
    again = LocalServer().http_client().post("/chat/completions", json=chat()).json()
    assert first["id"] == again["id"]
    assert first["choices"] == again["choices"]


def test_scripted_replies_are_used_in_order_then_echo_returns(
    server: LocalServer, http: httpx.Client
) -> None:
    seen: list[dict[str, Any]] = []

    def from_body(body: dict[str, Any]) -> str:
        seen.append(body)
        return f"{len(body['messages'])} message(s)"

    server.reply("one", Reply(refusal="I can't help with that."), from_body)
    texts = [http.post("/chat/completions", json=chat()).json()["choices"][0]["message"] for _ in range(4)]
    assert texts[0]["content"] == "one"
    assert texts[1]["content"] is None
    assert texts[1]["refusal"] == "I can't help with that."
    assert texts[2]["content"] == "1 message(s)"
    assert seen[0]["model"] == "gpt-4o"
    assert texts[3]["content"] == "You said: Hello there"


def test_respond_with_answers_every_request_until_cleared(server: LocalServer, http: httpx.Client) -> None:
    server.respond_with(lambda body: body["messages"][-1]["content"].upper())
    for word in ("abc", "xyz"):
        reply = http.post("/chat/completions", json=chat(messages=[{"role": "user", "content": word}])).json()
        assert reply["choices"][0]["message"]["content"] == word.upper()
    server.respond_with(None)
    reply = http.post("/chat/completions", json=chat()).json()
    assert reply["choices"][0]["message"]["content"] == "You said: Hello there"


def test_a_responder_that_raises_gives_a_500(
    server: LocalServer, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(body: dict[str, Any]) -> str:
        raise KeyError("no such fixture")

    server.reply(broken)
    response = http.post("/chat/completions", json=chat())
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["type"] == "server_error"
    assert "KeyError" in error["message"]
    assert "no such fixture" in error["message"]
    assert any(record.name == "openwire.testing" for record in caplog.records)
    assert http.post("/chat/completions", json=chat()).status_code == 200


def test_n_gives_that_many_choices(http: httpx.Client) -> None:
    body = http.post("/chat/completions", json=chat(n=3)).json()
    assert [c["index"] for c in body["choices"]] == [0, 1, 2]
    assert {c["message"]["content"] for c in body["choices"]} == {"You said: Hello there"}


def test_stop_sequence_and_token_limit(http: httpx.Client) -> None:
    stopped = http.post("/chat/completions", json=chat(stop=["there"])).json()["choices"][0]
    assert stopped["message"]["content"] == "You said: Hello "
    assert stopped["finish_reason"] == "stop"
    limited = http.post("/chat/completions", json=chat(max_completion_tokens=2)).json()
    assert limited["choices"][0]["message"]["content"] == "You said"
    assert limited["choices"][0]["finish_reason"] == "length"
    assert limited["usage"]["completion_tokens"] == 2


def test_logprobs_cover_every_token(http: httpx.Client) -> None:
    choice = http.post("/chat/completions", json=chat(logprobs=True, top_logprobs=3)).json()["choices"][0]
    entries = choice["logprobs"]["content"]
    assert "".join(e["token"] for e in entries) == choice["message"]["content"]
    assert all(len(e["top_logprobs"]) == 3 and e["logprob"] < 0 for e in entries)
    assert entries[0]["bytes"] == list(entries[0]["token"].encode())


def test_offered_tool_is_called_with_arguments_fitting_its_schema(http: httpx.Client) -> None:
    body = http.post("/chat/completions", json=chat(tools=[WEATHER_TOOL])).json()
    [choice] = body["choices"]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["content"] is None
    [call] = choice["message"]["tool_calls"]
    assert call["type"] == "function"
    assert call["id"].startswith("call_")
    assert call["function"]["name"] == "get_weather"
    arguments = json.loads(call["function"]["arguments"])
    assert set(arguments) == {"city", "unit", "days", "hourly"}
    assert arguments["unit"] == "celsius"
    assert isinstance(arguments["city"], str)
    assert arguments["days"] >= 1
    assert arguments["hourly"] is True


def test_tool_loop_ends_with_text_after_the_tool_answers(http: httpx.Client) -> None:
    messages: list[dict[str, Any]] = [{"role": "user", "content": "Weather in Paris?"}]
    first = http.post("/chat/completions", json=chat(messages=messages, tools=[WEATHER_TOOL])).json()
    message = first["choices"][0]["message"]
    messages.append(message)
    messages.append({"role": "tool", "tool_call_id": message["tool_calls"][0]["id"], "content": "22C, sunny"})
    second = http.post("/chat/completions", json=chat(messages=messages, tools=[WEATHER_TOOL])).json()
    assert second["choices"][0]["finish_reason"] == "stop"
    assert second["choices"][0]["message"]["content"] == "The tool returned: 22C, sunny"


def test_tool_choice_none_and_named(http: httpx.Client) -> None:
    other = {"type": "function", "function": {"name": "noop"}}
    plain = http.post("/chat/completions", json=chat(tools=[WEATHER_TOOL], tool_choice="none")).json()
    assert "tool_calls" not in plain["choices"][0]["message"]
    named = http.post(
        "/chat/completions",
        json=chat(
            tools=[WEATHER_TOOL, other], tool_choice={"type": "function", "function": {"name": "noop"}}
        ),
    ).json()
    call = named["choices"][0]["message"]["tool_calls"][0]["function"]
    assert call == {"name": "noop", "arguments": "{}"}


def test_scripted_tool_calls(server: LocalServer, http: httpx.Client) -> None:
    server.reply(
        Reply(tool_calls=[ToolCall("lookup", {"q": "x"}, id="call_1"), ToolCall("raw", "{not json")])
    )
    message = http.post("/chat/completions", json=chat()).json()["choices"][0]["message"]
    assert message["tool_calls"][0]["id"] == "call_1"
    assert json.loads(message["tool_calls"][0]["function"]["arguments"]) == {"q": "x"}
    assert message["tool_calls"][1]["function"]["arguments"] == "{not json"


def test_json_modes_reply_with_valid_json(http: httpx.Client) -> None:
    as_object = http.post("/chat/completions", json=chat(response_format={"type": "json_object"})).json()
    assert json.loads(as_object["choices"][0]["message"]["content"]) == {"reply": "You said: Hello there"}
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
            "address": {"$ref": "#/$defs/address"},
            "age": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        },
        "$defs": {"address": {"type": "object", "properties": {"zip": {"type": "string", "maxLength": 5}}}},
    }
    structured = http.post(
        "/chat/completions",
        json=chat(
            response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": schema}}
        ),
    ).json()
    value = json.loads(structured["choices"][0]["message"]["content"])
    assert set(value) == {"name", "tags", "address", "age"}
    assert len(value["tags"]) == 2
    assert len(value["address"]["zip"]) <= 5
    assert isinstance(value["age"], int)


def test_stream_chunks_add_up_to_the_reply(send: Send) -> None:
    response = post(send, stream=True, stream_options={"include_usage": True})
    assert response.headers["content-type"].startswith("text/event-stream")
    found = events(response.text)
    assert found[-1] == "[DONE]"
    chunks = found[:-1]
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert len({c["id"] for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    deltas = [c["choices"][0]["delta"]["content"] for c in chunks[1:-2]]
    assert len(deltas) >= 3  # realistic chunking: several deltas, not one
    assert "".join(deltas) == "You said: Hello there"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-2]["choices"][0]["delta"] == {}
    assert chunks[-1]["choices"] == []
    assert chunks[-1]["usage"]["total_tokens"] > 0
    assert all(c["usage"] is None for c in chunks[:-1])


def test_stream_without_usage_has_no_usage_chunk(http: httpx.Client) -> None:
    chunks = events(http.post("/chat/completions", json=chat(stream=True)).text)[:-1]
    assert all("usage" not in c and c["choices"] for c in chunks)


def test_stream_interleaves_choices_and_streams_tool_calls(server: LocalServer, http: httpx.Client) -> None:
    chunks = events(http.post("/chat/completions", json=chat(stream=True, n=2)).text)[:-1]
    text: dict[int, str] = {0: "", 1: ""}
    order = []
    for c in chunks:
        choice = c["choices"][0]
        order.append(choice["index"])
        text[choice["index"]] += choice["delta"].get("content") or ""
    assert text == {0: "You said: Hello there", 1: "You said: Hello there"}
    assert order[:4] == [0, 1, 0, 1]

    chunks = events(http.post("/chat/completions", json=chat(stream=True, tools=[WEATHER_TOOL])).text)[:-1]
    calls = [
        c["choices"][0]["delta"]["tool_calls"][0] for c in chunks if "tool_calls" in c["choices"][0]["delta"]
    ]
    assert calls[0]["id"].startswith("call_")
    assert calls[0]["function"]["name"] == "get_weather"
    assert len(calls) > 2
    arguments = "".join(c["function"]["arguments"] for c in calls)
    assert json.loads(arguments)["unit"] == "celsius"
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_moderation_results_on_a_completion(server: LocalServer, http: httpx.Client) -> None:
    server.reply("I will not kill anyone.")
    body = http.post(
        "/chat/completions",
        json=chat(
            messages=[{"role": "user", "content": "hi"}], moderation={"model": "omni-moderation-latest"}
        ),
    ).json()
    moderation = body["moderation"]
    assert moderation["input"]["type"] == "moderation_results"
    assert moderation["input"]["model"] == "omni-moderation-latest"
    [given] = moderation["input"]["results"]
    assert given["type"] == "moderation_result"
    assert given["flagged"] is False
    assert len(given["categories"]) == 13
    [produced] = moderation["output"]["results"]
    assert produced["flagged"] is True
    assert produced["categories"]["violence"] is True
    assert produced["category_scores"]["violence"] > 0.9
    assert produced["category_applied_input_types"]["violence"] == ["text"]


def test_no_moderation_unless_asked(http: httpx.Client) -> None:
    assert "moderation" not in http.post("/chat/completions", json=chat()).json()


@pytest.mark.parametrize(
    ("side", "errored"), [("input", {"input"}), ("output", {"output"}), ("both", {"input", "output"})]
)
def test_moderation_error_branch(
    server: LocalServer, http: httpx.Client, side: Any, errored: set[str]
) -> None:
    server.fail_moderation(side, code="moderation_timeout", message="took too long")
    moderated = chat(moderation={"model": "omni-moderation-latest"})
    body = http.post("/chat/completions", json=moderated).json()
    for name in ("input", "output"):
        if name in errored:
            assert body["moderation"][name] == {
                "type": "error",
                "code": "moderation_timeout",
                "message": "took too long",
            }
        else:
            assert body["moderation"][name]["type"] == "moderation_results"
    # used once: the next moderated completion has results on both sides again
    again = http.post("/chat/completions", json=moderated).json()
    assert {again["moderation"][n]["type"] for n in ("input", "output")} == {"moderation_results"}


def test_moderation_chunk_in_a_stream(server: LocalServer, http: httpx.Client) -> None:
    server.flag("hello", "harassment")
    stream = chat(
        stream=True, stream_options={"include_usage": True}, moderation={"model": "omni-moderation-latest"}
    )
    chunks = events(http.post("/chat/completions", json=stream).text)[:-1]
    [moderated] = [c for c in chunks if "moderation" in c]
    assert moderated["choices"] == []
    assert moderated["moderation"]["input"]["results"][0]["categories"]["harassment"] is True
    assert chunks.index(moderated) == len(chunks) - 2  # before the usage chunk
    assert chunks[-1]["usage"] is not None


@pytest.mark.parametrize(
    ("body", "param", "code", "fragment"),
    [
        ({"messages": [{"role": "user", "content": "x"}]}, "model", None, "model parameter"),
        ({"model": "gpt-4o"}, "messages", "missing_required_parameter", "'messages'"),
        ({"model": "gpt-4o", "messages": []}, "messages", "empty_array", "empty array"),
        ({"model": "gpt-4o", "messages": "hi"}, "messages", "invalid_type", "expected an array"),
        (chat(messages=[{"role": "robot", "content": "x"}]), "messages[0].role", "invalid_value", "'robot'"),
        (chat(messages=[{"content": "x"}]), "messages[0].role", "missing_required_parameter", "role"),
        (chat(messages=[{"role": "user"}]), "messages[0].content", "missing_required_parameter", "content"),
        (
            chat(messages=[{"role": "tool", "content": "x"}]),
            "messages[0].tool_call_id",
            "missing_required_parameter",
            "tool_call_id",
        ),
        (
            chat(messages=[{"role": "user", "content": [{"type": "video", "url": "x"}]}]),
            "messages[0].content[0].type",
            "invalid_value",
            "'video'",
        ),
        (chat(model=7), "model", "invalid_type", "expected a string"),
        (chat(n=0), "n", "integer_below_min_value", ">= 1"),
        (chat(n=129), "n", "integer_above_max_value", "<= 128"),
        (chat(temperature=2.5), "temperature", "decimal_above_max_value", "<= 2"),
        (chat(stream="yes"), "stream", "invalid_type", "boolean"),
        (chat(stream_options={"include_usage": True}), "stream_options", "invalid_value", "stream"),
        (chat(top_logprobs=2), "top_logprobs", "invalid_value", "logprobs"),
        (chat(tool_choice="required"), "tool_choice", None, "tools"),
        (
            chat(tools=[WEATHER_TOOL], tool_choice={"type": "function", "function": {"name": "x"}}),
            "tool_choice",
            None,
            "'x'",
        ),
        (chat(response_format={"type": "yaml"}), "response_format.type", "invalid_value", "'yaml'"),
        (chat(metadata={"k": 1}), "metadata.k", "invalid_value", "metadata"),
        (chat(moderation={}), "moderation.model", "missing_required_parameter", "moderation.model"),
    ],
)
def test_invalid_requests_get_the_api_error_shape(
    send: Send, body: dict[str, Any], param: str, code: str | None, fragment: str
) -> None:
    response = send("POST", "/chat/completions", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert error["code"] == code
    assert fragment in error["message"]
    assert response.headers["x-request-id"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [(b"{not json", "not valid JSON"), (b"[1, 2]", "must be an object"), (b"", "no body")],
)
def test_bodies_that_are_not_a_json_object(http: httpx.Client, content: bytes, fragment: str) -> None:
    response = http.post("/chat/completions", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert fragment in response.json()["error"]["message"]


def test_strict_models_reject_unknown_models() -> None:
    with LocalServer(strict_models=True).http_client() as client:
        response = client.post("/chat/completions", json=chat(model="gpt-99"))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "model_not_found"
        assert client.post("/chat/completions", json=chat(model="gpt-4o-mini")).status_code == 200
    with LocalServer().http_client() as lenient:
        assert lenient.post("/chat/completions", json=chat(model="my-local-llama")).status_code == 200


def test_stored_completions_crud(server: LocalServer, http: httpx.Client) -> None:
    ids = []
    for number in range(5):
        body = chat(
            store=True,
            metadata={"batch": "a" if number < 3 else "b"},
            model="gpt-4o" if number % 2 == 0 else "gpt-4o-mini",
            messages=[{"role": "system", "content": "sys"}, {"role": "user", "content": f"q{number}"}],
        )
        ids.append(http.post("/chat/completions", json=body).json()["id"])
    http.post("/chat/completions", json=chat())  # not stored
    assert list(server.stored_completions) == ids

    page = http.get("/chat/completions", params={"limit": 2}).json()
    assert page["object"] == "list"
    assert [c["id"] for c in page["data"]] == ids[:2]
    assert (page["first_id"], page["last_id"], page["has_more"]) == (ids[0], ids[1], True)
    rest = http.get("/chat/completions", params={"limit": 10, "after": ids[1]}).json()
    assert [c["id"] for c in rest["data"]] == ids[2:]
    assert rest["has_more"] is False
    newest = http.get("/chat/completions", params={"order": "desc", "limit": 1}).json()
    assert newest["data"][0]["id"] == ids[-1]
    by_meta = http.get("/chat/completions", params={"metadata[batch]": "b"}).json()
    assert [c["id"] for c in by_meta["data"]] == ids[3:]
    by_model = http.get("/chat/completions", params={"model": "gpt-4o-mini"}).json()
    assert [c["id"] for c in by_model["data"]] == [ids[1], ids[3]]

    one = http.get(f"/chat/completions/{ids[0]}").json()
    assert one["choices"][0]["message"]["content"] == "You said: q0"
    assert one["metadata"] == {"batch": "a"}
    updated = http.post(f"/chat/completions/{ids[0]}", json={"metadata": {"batch": "z"}}).json()
    assert updated["metadata"] == {"batch": "z"}
    assert http.get(f"/chat/completions/{ids[0]}").json()["metadata"] == {"batch": "z"}

    messages = http.get(f"/chat/completions/{ids[0]}/messages").json()
    assert [(m["id"], m["role"], m["content"]) for m in messages["data"]] == [
        (f"{ids[0]}-0", "system", "sys"),
        (f"{ids[0]}-1", "user", "q0"),
    ]
    assert http.get(f"/chat/completions/{ids[0]}/messages", params={"limit": 1}).json()["has_more"] is True

    deleted = http.delete(f"/chat/completions/{ids[0]}").json()
    assert deleted == {"object": "chat.completion.deleted", "id": ids[0], "deleted": True}
    missing = http.get(f"/chat/completions/{ids[0]}")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert http.delete(f"/chat/completions/{ids[0]}").status_code == 404


def test_stored_stream_and_empty_list(server: LocalServer, http: httpx.Client) -> None:
    empty = http.get("/chat/completions").json()
    assert empty == {"object": "list", "data": [], "first_id": "", "last_id": "", "has_more": False}
    streamed = events(http.post("/chat/completions", json=chat(stream=True, store=True)).text)
    stored = http.get(f"/chat/completions/{streamed[0]['id']}").json()
    assert stored["choices"][0]["message"]["content"] == "You said: Hello there"


def test_list_parameters_are_checked(http: httpx.Client) -> None:
    assert http.get("/chat/completions", params={"limit": 0}).json()["error"]["param"] == "limit"
    assert http.get("/chat/completions", params={"order": "sideways"}).json()["error"]["param"] == "order"
    assert http.get("/chat/completions", params={"after": "chatcmpl-nope"}).status_code == 404
