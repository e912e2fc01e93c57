"""The provider corpus (tests/fixtures/providers): every answer, stream and error body, in the shapes
the services that speak this API document, through both clients and the whole pipeline.

- every completion parses; every field it holds is reachable by attribute, and `to_dict()` gives
  back exactly what the server sent;
- every stream delivers all its chunks, each as sent, and adds up to a completion;
- every error body becomes the right error class with the provider's own message in it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

import openwire
from _spec import json_objects, seed_text
from openwire import AsyncClient, Client
from openwire._models import BaseModel

CORPUS = Path(__file__).parent / "fixtures" / "providers"
BASE_URL = "https://provider.example.test/v1"
MESSAGES = [{"role": "user", "content": "Hi"}]

COMPLETIONS = sorted(CORPUS.glob("*/*.json"))
COMPLETIONS = [path for path in COMPLETIONS if path.name != "errors.json"]
STREAMS = sorted(CORPUS.glob("*/*.sse"))
ERRORS = [
    pytest.param(case, id=f"{path.parent.name}/{case['name']}")
    for path in sorted(CORPUS.glob("*/errors.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))
]
SERVICES = ("azure", "deepseek", "vllm", "ollama", "lmstudio", "openrouter", "groq", "together", "litellm")


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# -- running a call on either client ---------------------------------------------------------


def _handler(status: int, body: bytes, content_type: str) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/chat/completions"
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    return answer


def _create(kind: str, status: int, body: bytes, content_type: str, **params: Any) -> Any:
    """`chat.completions.create(...)` on a `Client` or an `AsyncClient` whose transport answers with
    `body`; a stream is read to its end. Returns the completion, or the list of chunks."""
    transport_handler = _handler(status, body, content_type)
    if kind == "sync":
        with Client(
            api_key="sk-corpus",
            base_url=BASE_URL,
            max_retries=0,
            http_client=httpx.Client(transport=httpx.MockTransport(transport_handler)),
        ) as client:
            answer = client.chat.completions.create(model="m", messages=MESSAGES, **params)
            return list(answer) if params.get("stream") else answer

    async def run() -> Any:
        async with AsyncClient(
            api_key="sk-corpus",
            base_url=BASE_URL,
            max_retries=0,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(transport_handler)),
        ) as client:
            answer = await client.chat.completions.create(model="m", messages=MESSAGES, **params)
            return [chunk async for chunk in answer] if params.get("stream") else answer

    return anyio.run(run)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# -- what the server sent, reachable ---------------------------------------------------------


def assert_reachable(model: BaseModel, sent: dict[str, Any], where: str = "") -> None:
    """Every key of `sent` (recursively) is an attribute of `model` holding the same data."""
    for key, value in sent.items():
        here = f"{where}.{key}" if where else key
        attribute = getattr(model, key)  # raises AttributeError if a field is out of reach
        _assert_same(attribute, value, here)


def _assert_same(attribute: Any, value: Any, where: str) -> None:
    if isinstance(attribute, BaseModel):
        assert isinstance(value, dict), where
        assert_reachable(attribute, value, where)
    elif isinstance(attribute, list) and isinstance(value, list):
        assert len(attribute) == len(value), where
        for number, (item, raw) in enumerate(zip(attribute, value, strict=True)):
            _assert_same(item, raw, f"{where}[{number}]")
    else:
        assert attribute == value, where


# -- completions -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", COMPLETIONS, ids=_id)
def test_every_completion_parses_and_keeps_every_field(path: Path, kind: str) -> None:
    body = path.read_bytes()
    completion = _create(kind, 200, body, "application/json")
    sent = json.loads(body)
    assert isinstance(completion, openwire.types.chat.ChatCompletion)
    assert completion.to_dict() == sent
    assert_reachable(completion, sent)
    assert json.loads(completion.to_json()) == sent
    assert completion.choices, "every completion of the corpus has a choice"
    # What a model of the corpus returns goes back into a conversation as it came.
    assert completion.choices[0].message.to_param()["role"] == "assistant"


def test_the_seed_reseller_answer_parses_on_both_clients() -> None:
    """Seed 003: a reseller's real answer, with Azure's filter fields (read from ../shared)."""
    text = seed_text("003")
    (sent,) = [o for o in json_objects(text) if o.get("object") == "chat.completion"]
    body = json.dumps(sent).encode()
    for kind in ("sync", "async"):
        completion = _create(kind, 200, body, "application/json")
        assert completion.to_dict() == sent
        assert_reachable(completion, sent)
        filters = completion.prompt_filter_results
        assert filters is not None
        assert [result.prompt_index for result in filters] == [1, 0]
        first = filters[0].results
        assert first is not None
        assert first.custom_blocklists is not None
        assert first.sexual is not None
        assert first.sexual.severity == "safe"


# -- streams ---------------------------------------------------------------------------------


def sent_events(text: str) -> Iterator[dict[str, Any]]:
    """The JSON objects of a stream's `data:` lines, in order (comments and `[DONE]` left out)."""
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith("data:"):
            data = line[5:].strip()
            if data != "[DONE]":
                yield json.loads(data)


@pytest.mark.parametrize("path", STREAMS, ids=_id)
def test_every_stream_delivers_every_chunk(path: Path, kind: str) -> None:
    body = path.read_bytes()
    chunks = _create(kind, 200, body, "text/event-stream", stream=True)
    sent = list(sent_events(body.decode("utf-8")))
    assert len(chunks) == len(sent) > 0
    for chunk, raw in zip(chunks, sent, strict=True):
        assert chunk.to_dict() == raw
        assert_reachable(chunk, raw)
    completion = openwire.accumulate(chunks)
    assert completion.choices, "every stream of the corpus writes a choice"
    usage = [raw["usage"] for raw in sent if raw.get("usage")]
    if usage:  # the last usage sent is the completion's, wherever the server put it
        assert completion.usage is not None
        assert completion.usage.to_dict() == usage[-1]


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ERRORS)
def test_every_error_body_becomes_its_error_with_the_providers_message(
    case: dict[str, Any], kind: str
) -> None:
    expected: type[Exception] = getattr(openwire, case["error"])
    body = case["body"].encode()
    params = {"stream": True} if case.get("stream") else {}
    with pytest.raises(expected) as raised:
        _create(kind, case["status"], body, case["content_type"], **params)
    error = raised.value
    assert type(error) is expected
    assert isinstance(error, openwire.APIError)
    assert case["message"] in error.message
    assert case["message"] in str(error)
    if isinstance(error, openwire.APIStatusError):
        assert error.status_code == case["status"]


@pytest.mark.parametrize(
    "case", [param for param in ERRORS if param.values[0].get("stream")], ids=lambda case: case["name"]
)
def test_chunks_before_an_error_mid_stream_are_delivered(case: dict[str, Any], kind: str) -> None:
    received: list[Any] = []
    handler = _handler(200, case["body"].encode(), "text/event-stream")

    def read_sync() -> None:
        with Client(
            api_key="sk-corpus",
            base_url=BASE_URL,
            max_retries=0,
            http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        ) as client:
            for chunk in client.chat.completions.create(model="m", messages=MESSAGES, stream=True):
                received.append(chunk)

    async def read_async() -> None:
        async with AsyncClient(
            api_key="sk-corpus",
            base_url=BASE_URL,
            max_retries=0,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        ) as client:
            stream = await client.chat.completions.create(model="m", messages=MESSAGES, stream=True)
            async for chunk in stream:
                received.append(chunk)

    with pytest.raises(openwire.APIStreamError):
        read_sync() if kind == "sync" else anyio.run(read_async)
    assert len(received) == case["chunks_before"]


# -- the corpus itself -----------------------------------------------------------------------


def test_the_corpus_covers_every_service_with_answers_streams_and_errors() -> None:
    for service in SERVICES:
        folder = CORPUS / service
        assert list(folder.glob("*.json")), service
        assert list(folder.glob("*.sse")), service
        assert (folder / "errors.json").is_file(), service
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for path in [*COMPLETIONS, *STREAMS, *CORPUS.glob("*/errors.json")]:
        assert f"{path.parent.name}/{path.name}" in readme, f"README.md does not say where {path} comes from"


def test_the_corpus_has_the_cases_that_matter() -> None:
    """What other services do differently, each at least once."""
    answers = [json.loads(path.read_text(encoding="utf-8")) for path in COMPLETIONS]
    streams = [path.read_text(encoding="utf-8") for path in STREAMS]
    known = {"stop", "length", "tool_calls", "content_filter", "function_call"}
    reasons = {choice.get("finish_reason") for answer in answers for choice in answer["choices"]}
    assert reasons - known - {None}, "an unknown finish_reason"
    for field in ("system_fingerprint", "object", "created", "usage"):
        assert any(field not in answer for answer in answers), f"an answer without {field}"
    assert any(
        choice["message"].get("tool_calls") is None and "tool_calls" in choice["message"]
        for answer in answers
        for choice in answer["choices"]
    ), "null where OpenAI sends a list"
    assert any("data: [DONE]" not in text for text in streams), "a stream without [DONE]"
    assert any("\n: " in "\n" + text for text in streams), "keep-alive comments"
    assert any(list(sent_events(text))[-1].get("usage") for text in streams), "usage on the last chunk"
    shapes = {case.values[0]["name"] for case in ERRORS}
    assert {"envoy_plain_text", "nginx_html", "content_filter_prompt", "model_not_found_native"} <= shapes
