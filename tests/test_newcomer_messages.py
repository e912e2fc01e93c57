"""The messages a newcomer meets first (issue 16, point 3): a value JSON cannot hold is named by its
parameter and its path, and a 404 that most likely comes of a wrong `base_url` says so first."""

from __future__ import annotations

import math
from typing import Any

import pytest
import respx

import openwire
from openwire.testing import LocalServer

HOST = "http://llm.local:8000"


@pytest.fixture
def client() -> openwire.Client:
    return LocalServer().client(max_retries=0)


def test_the_readme_placeholder_names_the_parameter_and_the_path(client: openwire.Client) -> None:
    with pytest.raises(TypeError) as caught:
        client.chat.completions.create(model="gpt-4o-mini", messages=[...], stream=True)  # type: ignore[list-item]
    message = str(caught.value)
    assert message.startswith(
        "chat.completions.create() got a value that cannot be sent as JSON in messages[0]"
    )
    assert "placeholder" in message
    assert "Unable to serialize" not in message  # pydantic-core's words stay out of it


@pytest.mark.parametrize(
    ("params", "where"),
    [
        (
            {"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}, object()]}]},
            "messages[0].content[1]",
        ),
        (
            {"messages": [{"role": "user", "content": "hi"}], "metadata": {"run id": object()}},
            "metadata['run id']",
        ),
        (
            {
                "messages": [{"role": "user", "content": "hi"}],
                "tools": [{"type": "function", "function": {"name": "f", "parameters": {"x": object}}}],
            },
            "tools[0].function.parameters.x",
        ),
    ],
)
def test_the_path_goes_down_to_the_value(client: openwire.Client, params: dict[str, Any], where: str) -> None:
    with pytest.raises(TypeError, match=r"cannot be sent as JSON in ") as caught:
        client.chat.completions.create(model="gpt-4o-mini", **params)
    assert f" in {where}: " in str(caught.value)


def test_numbers_and_strings_json_cannot_hold_name_their_path(client: openwire.Client) -> None:
    with pytest.raises(openwire.InvalidInputError, match=r"in temperature \(NaN"):
        client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}], temperature=math.nan
        )
    with pytest.raises(openwire.InvalidInputError, match=r"not valid Unicode in messages\[0\]\.content "):
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "\ud800"}])


def _error(base_url: str, **respond: Any) -> str:
    with respx.mock() as router:
        router.post(f"{base_url}/chat/completions").respond(404, **respond)
        client = openwire.Client(api_key="sk-test", base_url=base_url, max_retries=2)
        with pytest.raises(openwire.NotFoundError) as caught:
            client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}])
    assert caught.value.attempts == 1
    return str(caught.value)


def test_a_404_from_a_base_url_without_a_version_says_so_first() -> None:
    message = _error(HOST, json={"detail": "Not Found"})
    head = message.split(": ", 1)[1]
    assert head.startswith("base_url has no version path such as /v1")
    assert head.index("try base_url='http://llm.local:8000/v1'") < head.index("The server said: Not Found")


@pytest.mark.parametrize(
    "respond",
    [{"json": {"detail": "Not Found"}}, {"text": "404 page not found"}, {"content": b""}],
    ids=["fastapi", "go", "empty"],
)
def test_a_bare_404_under_v1_points_at_the_path_first(respond: dict[str, Any]) -> None:
    head = _error(f"{HOST}/v1", **respond).split(": ", 1)[1]
    assert head.startswith("The server has no such path: check that base_url points at the API root")


def test_a_404_naming_the_model_keeps_the_servers_words_first() -> None:
    body = {"error": {"message": "The model 'gpt-5x' does not exist", "code": "model_not_found"}}
    message = _error(f"{HOST}/v1", json=body)
    assert message.split(": ", 1)[1].startswith("The model 'gpt-5x' does not exist")
    assert "no such path" not in message
    assert message.endswith(
        "Check the model or object id, and that base_url points at the API root (for most "
        "servers it ends in /v1)."
    )


def test_a_501_is_not_retried_and_says_why_first() -> None:
    with respx.mock() as router:
        route = router.post(f"{HOST}/v1/chat/completions").respond(501, text="Not Implemented")
        client = openwire.Client(api_key="sk-test", base_url=f"{HOST}/v1", max_retries=2)
        with pytest.raises(openwire.InternalServerError) as caught:
            client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}])
    assert route.call_count == 1
    assert str(caught.value).split(": ", 1)[1].startswith("The server does not implement this endpoint.")
