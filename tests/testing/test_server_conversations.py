"""The local server's Conversations API, and responses that read and extend a conversation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from server_helpers import Send, resp

from openwire.testing import LocalServer

pytest_plugins = ["server_fixtures"]  # its fixtures: server, http, send


def texts(items: list[dict[str, Any]]) -> list[str]:
    return [item["content"][0]["text"] for item in items]


def new_conversation(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post("/conversations", json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def test_create_retrieve_update_delete(send: Send) -> None:
    created = send(
        "POST",
        "/conversations",
        json={"metadata": {"topic": "demo"}, "items": [{"role": "user", "content": "Hello!"}]},
    ).json()
    assert created["id"].startswith("conv_")
    assert set(created) == {"id", "object", "created_at", "metadata"}
    assert (created["object"], created["metadata"]) == ("conversation", {"topic": "demo"})
    path = f"/conversations/{created['id']}"
    assert send("GET", path).json() == created
    updated = send("POST", path, json={"metadata": {"topic": "project-x"}}).json()
    assert updated == {**created, "metadata": {"topic": "project-x"}}
    assert send("GET", path).json()["metadata"] == {"topic": "project-x"}
    missing_metadata = send("POST", path, json={})
    assert (missing_metadata.status_code, missing_metadata.json()["error"]["param"]) == (400, "metadata")
    deleted = send("DELETE", path).json()
    assert deleted == {"id": created["id"], "object": "conversation.deleted", "deleted": True}
    for method in ("GET", "DELETE"):
        gone = send(method, path)
        assert gone.status_code == 404
        assert (gone.json()["error"]["code"], gone.json()["error"]["param"]) == (
            "not_found",
            "conversation_id",
        )
    assert send("GET", f"{path}/items").status_code == 404


def test_empty_conversation(http: httpx.Client) -> None:
    created = new_conversation(http)
    assert created["metadata"] == {}
    listed = http.get(f"/conversations/{created['id']}/items").json()
    assert listed == {"object": "list", "data": [], "first_id": "", "last_id": "", "has_more": False}


def test_items_are_added_listed_and_paged(http: httpx.Client) -> None:
    created = new_conversation(http, items=[{"role": "user", "content": "one"}])
    path = f"/conversations/{created['id']}/items"
    added = http.post(
        path,
        json={
            "items": [
                {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "two"}]},
                {"role": "assistant", "content": "three"},
            ]
        },
    ).json()
    assert added["object"] == "list"
    assert texts(added["data"]) == ["two", "three"]
    assert (added["first_id"], added["last_id"], added["has_more"]) == (
        added["data"][0]["id"],
        added["data"][1]["id"],
        False,
    )
    assert added["data"][1]["content"] == [
        {"type": "output_text", "text": "three", "annotations": [], "logprobs": []}
    ]
    assert all(i["id"].startswith("msg_") and i["status"] == "completed" for i in added["data"])
    newest = http.get(path).json()
    assert texts(newest["data"]) == ["three", "two", "one"]
    first = http.get(path, params={"order": "asc", "limit": 2}).json()
    assert texts(first["data"]) == ["one", "two"]
    assert first["has_more"] is True
    rest = http.get(path, params={"order": "asc", "after": first["last_id"]}).json()
    assert (texts(rest["data"]), rest["has_more"]) == (["three"], False)
    assert http.get(path, params={"include": "message.output_text.logprobs"}).status_code == 200
    assert http.get(path, params={"include": "nonsense"}).status_code == 400


def test_item_retrieve_and_delete(server: LocalServer, http: httpx.Client) -> None:
    created = new_conversation(
        http, metadata={"k": "v"}, items=[{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]
    )
    path = f"/conversations/{created['id']}/items"
    first, second = server.stored_conversations[created["id"]]
    assert http.get(f"{path}/{first['id']}").json() == first
    assert http.delete(f"{path}/{first['id']}").json() == created  # answers the conversation
    assert server.stored_conversations[created["id"]] == [second]
    for method in ("GET", "DELETE"):
        gone = http.request(method, f"{path}/{first['id']}")
        assert (gone.status_code, gone.json()["error"]["param"]) == (404, "item_id")


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({}, "items", "missing_required_parameter"),
        ({"items": []}, "items", "empty_array"),
        ({"items": [{"role": "user", "content": "x"}] * 21}, "items", "array_above_max_length"),
        ({"items": [{"type": "hologram"}]}, "items[0].type", "invalid_value"),
        ({"items": [{"role": "user"}]}, "items[0].content", "missing_required_parameter"),
    ],
)
def test_bad_items_are_refused(http: httpx.Client, body: dict[str, Any], param: str, code: str) -> None:
    created = new_conversation(http)
    response = http.post(f"/conversations/{created['id']}/items", json=body)
    assert response.status_code == 400
    assert (response.json()["error"]["param"], response.json()["error"]["code"]) == (param, code)


def test_bad_create_bodies_are_refused(http: httpx.Client) -> None:
    assert http.post("/conversations", json={"items": "hi"}).json()["error"]["param"] == "items"
    assert http.post("/conversations", json={"metadata": {"k": 1}}).json()["error"]["param"] == "metadata.k"
    too_many = http.post("/conversations", json={"items": [{"role": "user", "content": "x"}] * 21})
    assert too_many.json()["error"]["code"] == "array_above_max_length"


def test_a_response_reads_and_extends_its_conversation(server: LocalServer, http: httpx.Client) -> None:
    created = new_conversation(
        http, items=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "What is 2+2?"}]
    )
    conversation_id = created["id"]
    from_items = http.post("/responses", json={"model": "gpt-4o", "conversation": conversation_id}).json()
    assert from_items["conversation"] == {"id": conversation_id}
    assert from_items["output"][0]["content"][0]["text"] == "You said: What is 2+2?"
    following = http.post(
        "/responses", json=resp(input="And 3+3?", conversation={"id": conversation_id})
    ).json()
    assert following["output"][0]["content"][0]["text"] == "You said: And 3+3?"
    assert following["usage"]["input_tokens"] > from_items["usage"]["input_tokens"]
    items = server.stored_conversations[conversation_id]
    assert [(i["role"], i["content"][0]["text"]) for i in items] == [
        ("system", "Be brief."),
        ("user", "What is 2+2?"),
        ("assistant", "You said: What is 2+2?"),
        ("user", "And 3+3?"),
        ("assistant", "You said: And 3+3?"),
    ]
    assert items[2] == from_items["output"][0]  # the output item itself, same id
    listed = http.get(f"/conversations/{conversation_id}/items", params={"limit": 2}).json()
    assert texts(listed["data"]) == ["You said: And 3+3?", "And 3+3?"]
    counted = http.post(
        "/responses/input_tokens", json={"input": "x", "conversation": conversation_id}
    ).json()
    assert counted["input_tokens"] > following["usage"]["input_tokens"]


def test_function_calls_in_a_conversation(http: httpx.Client) -> None:
    tool = {"type": "function", "name": "roll", "parameters": {"type": "object", "properties": {}}}
    conversation_id = new_conversation(http)["id"]
    called = http.post(
        "/responses", json=resp(input="Roll a die", tools=[tool], conversation=conversation_id)
    ).json()
    [call] = called["output"]
    answer = {"type": "function_call_output", "call_id": call["call_id"], "output": "4"}
    replied = http.post(
        "/responses", json=resp(input=[answer], tools=[tool], conversation=conversation_id)
    ).json()
    assert replied["output"][0]["content"][0]["text"] == "The tool returned: 4"
    kinds = [
        i["type"]
        for i in http.get(f"/conversations/{conversation_id}/items", params={"order": "asc"}).json()["data"]
    ]
    assert kinds == ["message", "function_call", "function_call_output", "message"]


def test_unknown_conversation_is_a_404(http: httpx.Client) -> None:
    response = http.post("/responses", json=resp(conversation="conv_nope"))
    assert response.status_code == 404
    assert (response.json()["error"]["param"], response.json()["error"]["code"]) == (
        "conversation",
        "not_found",
    )


def test_reset_forgets_conversations_and_responses(server: LocalServer, http: httpx.Client) -> None:
    conversation_id = new_conversation(http)["id"]
    http.post("/responses", json=resp(conversation=conversation_id))
    assert server.stored_conversations
    assert server.stored_responses
    server.reset()
    assert server.stored_conversations == {}
    assert server.stored_responses == {}
    assert http.get(f"/conversations/{conversation_id}").status_code == 404
