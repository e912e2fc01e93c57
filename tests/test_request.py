"""Building requests: parameters, omitted vs None, options, query encoding, paths, headers, timeouts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pydantic
import pytest
import respx
from typing_extensions import NotRequired, Required, TypedDict

import openwire
from conftest import API_KEY, BASE_URL, Flavor, model_json, page_json
from openwire import NOT_GIVEN, ClientConfig
from openwire._request import Endpoint, Plan, build_plan, encode_query
from openwire.types import Model


class _CreateParams(TypedDict, total=False):
    model: Required[str]
    temperature: float | None
    metadata: dict[str, str] | None
    messages: list[Any]
    stream: bool


class _SearchParams(TypedDict):
    q: str
    limit: NotRequired[int | None]
    verbose: NotRequired[bool]
    tags: NotRequired[list[str]]


_CREATE = Endpoint("POST", "/things", lambda r: r.json(), params=_CreateParams, name="things.create")
_SEARCH = Endpoint(
    "GET", "/things", lambda r: r.json(), params=_SearchParams, body="query", name="things.search"
)
_GET = Endpoint("GET", "/things/{}/parts/{}", lambda r: r.json(), name="things.parts.retrieve")


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    with httpx.Client() as h:
        yield h


@pytest.fixture
def config() -> ClientConfig:
    return ClientConfig.resolve(api_key=API_KEY, base_url=BASE_URL)


def _body(plan: Plan) -> Any:
    return json.loads(plan.request.content)


# --- the JSON body -------------------------------------------------------------------------------


def test_omitted_key_is_absent_from_body(config: ClientConfig, http: httpx.Client) -> None:
    plan = build_plan(config, http, _CREATE, {"model": "m"}, ())
    assert _body(plan) == {"model": "m"}
    assert plan.request.method == "POST"
    assert plan.request.url == f"{BASE_URL}/things"
    assert plan.request.headers["content-type"] == "application/json"


def test_none_is_sent_as_null(config: ClientConfig, http: httpx.Client) -> None:
    plan = build_plan(config, http, _CREATE, {"model": "m", "temperature": None}, ())
    assert plan.request.content == b'{"model":"m","temperature":null}'


def test_not_given_is_dropped(config: ClientConfig, http: httpx.Client) -> None:
    plan = build_plan(config, http, _CREATE, {"model": "m", "temperature": NOT_GIVEN, "metadata": None}, ())
    assert _body(plan) == {"model": "m", "metadata": None}


def test_none_inside_a_dict_is_kept(config: ClientConfig, http: httpx.Client) -> None:
    plan = build_plan(config, http, _CREATE, {"model": "m", "messages": [{"role": "user", "name": None}]}, ())
    assert _body(plan) == {"model": "m", "messages": [{"role": "user", "name": None}]}


def test_unknown_keyword_is_a_type_error_with_suggestion(config: ClientConfig, http: httpx.Client) -> None:
    with pytest.raises(TypeError) as info:
        build_plan(config, http, _CREATE, {"model": "m", "temprature": 0.5}, ())
    message = str(info.value)
    assert "things.create()" in message
    assert "'temprature'" in message
    assert "did you mean 'temperature'?" in message
    assert "extra_body" in message


def test_misspelt_option_suggests_the_option(config: ClientConfig, http: httpx.Client) -> None:
    with pytest.raises(TypeError, match=r"did you mean 'extra_headers'\?"):
        build_plan(config, http, _CREATE, {"model": "m", "extra_header": {}}, ())


def test_unknown_keyword_without_close_match(config: ClientConfig, http: httpx.Client) -> None:
    with pytest.raises(TypeError) as info:
        build_plan(config, http, _CREATE, {"model": "m", "zzzzzz": 1}, ())
    assert "'zzzzzz'" in str(info.value)
    assert "did you mean" not in str(info.value)
    assert "extra_body" in str(info.value)


def test_missing_required_key_is_a_type_error(config: ClientConfig, http: httpx.Client) -> None:
    with pytest.raises(
        TypeError, match=r"things\.create\(\) missing required keyword argument\(s\): 'model'"
    ):
        build_plan(config, http, _CREATE, {"temperature": 1.0}, ())


def test_required_and_not_required_are_honoured_under_future_annotations(
    config: ClientConfig, http: httpx.Client
) -> None:
    # This module uses `from __future__ import annotations`, which hides Required/NotRequired from
    # TypedDict itself: the endpoint must still see them.
    assert _CREATE._required == {"model"}
    assert _SEARCH._required == {"q"}
    plan = build_plan(config, http, _SEARCH, {"q": "cats"}, ())
    assert plan.request.url.params.multi_items() == [("q", "cats")]
    with pytest.raises(TypeError, match=r"missing required keyword argument\(s\): 'q'"):
        build_plan(config, http, _SEARCH, {"limit": 3}, ())


def test_pydantic_model_in_body_sends_only_set_fields(config: ClientConfig, http: httpx.Client) -> None:
    class Message(pydantic.BaseModel):
        role: str
        content: str | None = None
        name: str | None = None

    message = Message(role="user", content=None)
    model = Model.model_validate({"id": "gpt-4o", "vendor_field": 3})
    plan = build_plan(config, http, _CREATE, {"model": "m", "messages": [message, model]}, ())
    assert _body(plan) == {
        "model": "m",
        "messages": [{"role": "user", "content": None}, {"id": "gpt-4o", "vendor_field": 3}],
    }


def test_value_that_cannot_be_json_is_a_type_error(config: ClientConfig, http: httpx.Client) -> None:
    with pytest.raises(TypeError, match=r"things\.create\(\) got a value that cannot be sent as JSON"):
        build_plan(config, http, _CREATE, {"model": "m", "metadata": {"x": object()}}, ())


def test_extra_body_merges_over_params(config: ClientConfig, http: httpx.Client) -> None:
    params = {
        "model": "m",
        "temperature": 1.0,
        "extra_body": {"temperature": 0.0, "top_k": 5, "guided": None},
    }
    plan = build_plan(config, http, _CREATE, params, ())
    assert _body(plan) == {"model": "m", "temperature": 0.0, "top_k": 5, "guided": None}


def test_options_are_not_sent_as_parameters(config: ClientConfig, http: httpx.Client) -> None:
    params = {
        "model": "m",
        "extra_headers": {"X-A": "1"},
        "extra_query": {"q": "1"},
        "timeout": 3.0,
        "deadline": 9.0,
    }
    plan = build_plan(config, http, _CREATE, params, ())
    assert _body(plan) == {"model": "m"}
    assert plan.request.headers["x-a"] == "1"
    assert plan.request.url.params["q"] == "1"
    assert plan.deadline == 9.0
    assert plan.request.extensions["timeout"] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}


def test_stream_true_sets_event_stream_accept_only_for_streaming_endpoints(
    config: ClientConfig, http: httpx.Client
) -> None:
    plan = build_plan(config, http, _CREATE, {"model": "m", "stream": True}, ())
    assert not plan.stream  # this endpoint cannot stream
    assert plan.request.headers["accept"] == "application/json"
    streaming = Endpoint("POST", "/s", lambda r: r, params=_CreateParams, stream_parse=lambda b: b)
    plan = build_plan(config, http, streaming, {"model": "m", "stream": True}, ())
    assert plan.stream
    assert not plan.read_body
    assert plan.request.headers["accept"] == "text/event-stream"


# --- query parameters ----------------------------------------------------------------------------


def test_encode_query() -> None:
    query = {
        "a": True,
        "b": False,
        "n": 3,
        "f": 0.5,
        "s": "x y",
        "none": None,
        "skip": NOT_GIVEN,
        "obj": {"sub": "v", "deep": {"k": 1}, "gone": None, "flag": True},
        "items": ["x", "y"],
        "tuple": (1, 2),
    }
    assert encode_query(query) == [
        ("a", "true"),
        ("b", "false"),
        ("n", "3"),
        ("f", "0.5"),
        ("s", "x y"),
        ("obj[sub]", "v"),
        ("obj[deep][k]", "1"),
        ("obj[flag]", "true"),
        ("items", "x"),
        ("items", "y"),
        ("tuple", "1"),
        ("tuple", "2"),
    ]


def test_query_endpoint_puts_params_in_the_query(config: ClientConfig, http: httpx.Client) -> None:
    params = {"q": "cats", "limit": None, "verbose": True, "tags": ["a", "b"]}
    plan = build_plan(config, http, _SEARCH, params, ())
    assert plan.request.method == "GET"
    assert plan.request.content == b""
    assert plan.request.url.params.multi_items() == [
        ("q", "cats"),
        ("verbose", "true"),
        ("tags", "a"),
        ("tags", "b"),
    ]


def test_get_sends_no_body(config: ClientConfig, http: httpx.Client) -> None:
    plan = build_plan(config, http, _GET, {}, ("a", "b"))
    assert plan.request.content == b""
    assert "content-type" not in plan.request.headers


# --- path arguments ------------------------------------------------------------------------------


def test_path_arguments_are_escaped(config: ClientConfig, http: httpx.Client) -> None:
    plan = build_plan(config, http, _GET, {}, ("ft:gpt-4o:org/x", "a b?c#d"))
    assert plan.request.url.raw_path == b"/v1/things/ft%3Agpt-4o%3Aorg%2Fx/parts/a%20b%3Fc%23d"


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_path_argument_that_would_change_the_path_is_a_value_error(
    config: ClientConfig, http: httpx.Client, bad: str
) -> None:
    with pytest.raises(ValueError, match=r"things\.parts\.retrieve\(\)"):
        build_plan(config, http, _GET, {}, ("ok", bad))


def test_non_string_path_argument_is_a_value_error(config: ClientConfig, http: httpx.Client) -> None:
    with pytest.raises(ValueError, match="non-empty string id"):
        build_plan(config, http, _GET, {}, (None, "x"))  # type: ignore[arg-type]


def test_retrieve_escapes_the_model_id(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get(url=f"{BASE_URL}/models/ft%3Agpt-4o-mini%3Aacme%3A%3Aabc%2F1").respond(
        json=model_json("ft:gpt-4o-mini:acme::abc/1")
    )
    model = flavor.run(lambda c: c.models.retrieve("ft:gpt-4o-mini:acme::abc/1"), flavor.client())
    assert model.id == "ft:gpt-4o-mini:acme::abc/1"
    assert route.call_count == 1


@pytest.mark.parametrize("bad", ["", ".."])
def test_retrieve_with_bad_id_sends_nothing(flavor: Flavor, mock_api: respx.MockRouter, bad: str) -> None:
    route = mock_api.route().respond(200, json=model_json())
    with pytest.raises(ValueError, match=r"models\.retrieve\(\) needs a non-empty string id"):
        flavor.run(lambda c: c.models.retrieve(bad), flavor.client())
    assert route.call_count == 0


def test_unknown_keyword_on_a_resource_method(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.route().respond(200, json=page_json())
    with pytest.raises(TypeError, match=r"models\.list\(\) got unexpected keyword argument\(s\): 'limit'"):
        flavor.run(lambda c: c.models.list(limit=5), flavor.client())
    with pytest.raises(TypeError, match=r"did you mean 'extra_query'\?"):
        flavor.run(lambda c: c.models.list(extra_qeury={"a": 1}), flavor.client())
    assert route.call_count == 0


# --- per-call options on real calls --------------------------------------------------------------


def test_extra_headers(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(organization="org-1", project="proj-1")
    flavor.run(
        lambda c: c.models.list(
            extra_headers={"X-Trace": "t-1", "openai-organization": NOT_GIVEN, "OpenAI-Project": "proj-2"}
        ),
        client,
    )
    headers = route.calls.last.request.headers
    assert headers["x-trace"] == "t-1"
    assert "openai-organization" not in headers
    assert headers.get_list("openai-project") == ["proj-2"]
    assert headers["authorization"] == f"Bearer {API_KEY}"


def test_extra_headers_can_remove_authorization(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    flavor.run(lambda c: c.models.list(extra_headers={"Authorization": NOT_GIVEN}), flavor.client())
    assert "authorization" not in route.calls.last.request.headers


def test_extra_headers_do_not_leak_into_the_next_call(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client()
    flavor.run(lambda c: c.models.list(extra_headers={"X-Once": "1", "Authorization": NOT_GIVEN}), client)
    flavor.run(lambda c: c.models.list(), client)
    headers = route.calls.last.request.headers
    assert "x-once" not in headers
    assert headers["authorization"] == f"Bearer {API_KEY}"


def test_extra_header_overrides_default_header_of_other_case(
    flavor: Flavor, mock_api: respx.MockRouter
) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(default_headers={"X-Tenant": "a"})
    flavor.run(lambda c: c.models.list(extra_headers={"x-tenant": "b", "user-agent": "mine/1"}), client)
    headers = route.calls.last.request.headers
    assert headers.get_list("x-tenant") == ["b"]
    assert headers.get_list("user-agent") == ["mine/1"]


def test_extra_query(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(default_query={"api-version": "2024-10-21", "flag": True})
    flavor.run(
        lambda c: c.models.list(extra_query={"flag": False, "filter": {"owner": "me"}, "x": None}), client
    )
    assert route.calls.last.request.url.params.multi_items() == [
        ("api-version", "2024-10-21"),
        ("flag", "false"),
        ("filter[owner]", "me"),
    ]


def test_extra_body_on_a_real_call(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/chat/completions").respond(
        json={"id": "c", "model": "m", "object": "chat.completion", "created": 1, "choices": []}
    )
    messages = [{"role": "user", "content": "hi"}]
    result = flavor.run(
        lambda c: c.chat.completions.create(
            model="m", messages=messages, extra_body={"top_k": 5, "note": None, "model": "override"}
        ),
        flavor.client(),
    )
    assert result.id == "c"
    request = route.calls.last.request
    sent = json.loads(request.content)
    assert sent == {"model": "override", "messages": messages, "top_k": 5, "note": None}
    assert request.headers["content-type"] == "application/json"


def test_extra_body_on_a_request_without_body_is_refused(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.delete("/models/ft:x").respond(json={"id": "ft:x", "deleted": True})
    with pytest.raises(TypeError, match=r"models.delete\(\) sends a DELETE request.*extra_query"):
        flavor.run(lambda c: c.models.delete("ft:x", extra_body={"force": True}), flavor.client())
    assert route.call_count == 0


def test_default_headers_and_query_on_every_request(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get(url__startswith=f"{BASE_URL}/models").respond(json=model_json())
    client = flavor.client(default_headers={"X-Team": "ml"}, default_query={"api-version": "v1"})
    flavor.run(lambda c: c.models.retrieve("gpt-4o"), client)
    flavor.run(lambda c: c.models.retrieve("o3"), client)
    assert route.call_count == 2
    for call in route.calls:
        assert call.request.headers["x-team"] == "ml"
        assert call.request.url.params["api-version"] == "v1"


def test_default_header_not_given_removes_a_header(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(organization="org-1", default_headers={"OpenAI-Organization": NOT_GIVEN})
    flavor.run(lambda c: c.models.list(), client)
    assert "openai-organization" not in route.calls.last.request.headers


def test_default_header_overrides_builtin_of_other_case(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.get("/models").respond(json=page_json())
    client = flavor.client(default_headers={"user-agent": "my-app/2.0", "accept": "application/x-ndjson"})
    flavor.run(lambda c: c.models.list(), client)
    headers = route.calls.last.request.headers
    assert headers.get_list("user-agent") == ["my-app/2.0"]
    assert headers.get_list("accept") == ["application/x-ndjson"]


# --- timeouts ------------------------------------------------------------------------------------


def _timeouts(flavor: Flavor, mock_api: respx.MockRouter, client: Any, **options: Any) -> dict[str, Any]:
    route = mock_api.get("/models").respond(json=page_json())
    flavor.run(lambda c: c.models.list(**options), client)
    return dict(route.calls.last.request.extensions["timeout"])


def test_default_timeout_is_600_with_5_to_connect(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    client = flavor.client()
    assert client.timeout == httpx.Timeout(600.0, connect=5.0)
    assert _timeouts(flavor, mock_api, client) == {
        "connect": 5.0,
        "read": 600.0,
        "write": 600.0,
        "pool": 600.0,
    }


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (30, {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}),
        (2.5, {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}),
        (None, {"connect": None, "read": None, "write": None, "pool": None}),
        (httpx.Timeout(9.0, read=60.0), {"connect": 9.0, "read": 60.0, "write": 9.0, "pool": 9.0}),
    ],
)
def test_client_timeout(
    flavor: Flavor, mock_api: respx.MockRouter, timeout: Any, expected: dict[str, Any]
) -> None:
    client = flavor.client(timeout=timeout)
    assert _timeouts(flavor, mock_api, client) == expected


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (12, {"connect": 5.0, "read": 12.0, "write": 12.0, "pool": 12.0}),
        (1, {"connect": 1.0, "read": 1.0, "write": 1.0, "pool": 1.0}),
        (None, {"connect": None, "read": None, "write": None, "pool": None}),
        (httpx.Timeout(3.0, connect=1.0), {"connect": 1.0, "read": 3.0, "write": 3.0, "pool": 3.0}),
    ],
)
def test_per_call_timeout_reaches_the_request(
    flavor: Flavor, mock_api: respx.MockRouter, timeout: Any, expected: dict[str, Any]
) -> None:
    client = flavor.client(timeout=100)
    assert _timeouts(flavor, mock_api, client, timeout=timeout) == expected
    # and the client's own timeout is untouched for the next call
    assert _timeouts(flavor, mock_api, client)["read"] == 100.0


@pytest.mark.parametrize("bad", [0, -1, "10", True])
def test_invalid_timeout(flavor: Flavor, bad: Any) -> None:
    with pytest.raises(TypeError, match="timeout must be"):
        flavor.client(timeout=bad)


# --- booleans are booleans ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["yes", 1, 0, "false", [True]])
def test_stream_that_is_not_a_bool_is_refused_before_sending(
    flavor: Flavor, mock_api: respx.MockRouter, value: Any
) -> None:
    route = mock_api.post("/chat/completions").respond(json={})
    with pytest.raises(
        openwire.InvalidInputError, match=rf"got stream={re.escape(repr(value))} .*takes True or False"
    ) as caught:
        flavor.run(lambda c: c.chat.completions.create(model="m", messages=[], stream=value), flavor.client())
    assert isinstance(caught.value, ValueError)
    assert not route.called


@pytest.mark.parametrize("name", ["store", "logprobs", "parallel_tool_calls"])
def test_every_boolean_parameter_is_checked(flavor: Flavor, mock_api: respx.MockRouter, name: str) -> None:
    route = mock_api.post("/chat/completions").respond(json={})
    with pytest.raises(openwire.InvalidInputError, match=f"got {name}='true'"):
        flavor.run(
            lambda c: c.chat.completions.create(model="m", messages=[], **{name: "true"}), flavor.client()
        )
    assert not route.called


@pytest.mark.parametrize("value", [True, False, None, NOT_GIVEN])
def test_booleans_none_and_not_given_pass(config: ClientConfig, http: httpx.Client, value: Any) -> None:
    from openwire.resources.chat.completions import _CREATE

    plan = build_plan(config, http, _CREATE, {"model": "m", "messages": [], "store": value}, ())
    body = json.loads(plan.request.content)
    assert body.get("store", "left out") == (value if value is not NOT_GIVEN else "left out")


def test_boolean_keys_are_read_from_the_declared_types() -> None:
    from openwire._pydantic import typeddict_bool_keys
    from openwire.types.chat import ChatCompletionCreateParams
    from openwire.types.images import ImageGenerateParamsStreaming

    chat = typeddict_bool_keys(ChatCompletionCreateParams)
    assert {"stream", "store", "logprobs", "parallel_tool_calls"} <= chat
    assert "temperature" not in chat
    assert "model" not in chat
    assert "stream" in typeddict_bool_keys(ImageGenerateParamsStreaming)  # Required[Literal[True]]
