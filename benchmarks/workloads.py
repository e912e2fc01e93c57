"""The in-process workloads: what each contender does for one operation, and how its answer is checked.

A contender's factory gets the `httpx.Client` (with the canned transport) and builds whatever it
needs (an SDK client) before timing starts; it returns the operation, a callable that makes one
whole call and returns what a program would use: a parsed model for the SDKs, parsed JSON for the
floor, a float32 matrix for every contender in the base64 workload.

The floor (`bare`) is httpx plus orjson (see `floor.py`; `run.py --floor-json` picks another JSON
library), with no models: it serializes the request with `orjson.dumps`, posts it, checks the status
and parses the whole answer with `orjson.loads`. For streams it splits lines with a plain bytes loop
and parses every `data:` line; for base64 embeddings it decodes the vectors into numpy with
`np.frombuffer`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import floor
import httpx
import payloads
from payloads import API_KEY, BASE_URL, Canned

Operation = Callable[[], Any]
Factory = Callable[[httpx.Client], Operation]

CONTENDERS = ("bare", "openwire", "openai")

_HEADERS = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}

_floor_json = floor.DEFAULT
"""The floor's JSON library (`floor.CHOICES`): orjson unless `use_floor_json` says otherwise."""


def use_floor_json(name: str) -> None:
    """Give the floor another JSON library, for serializing its requests and parsing its answers."""
    global _floor_json  # noqa: PLW0603
    floor.codec(name)  # fails here, not in the middle of a run, if the library is missing
    _floor_json = name


def openwire_client(http: httpx.Client) -> Any:
    import openwire

    return openwire.Client(api_key=API_KEY, base_url=BASE_URL, http_client=http)


def openai_client(http: httpx.Client) -> Any:
    import openai

    return openai.OpenAI(api_key=API_KEY, base_url=BASE_URL, http_client=http)


def sdk_client(contender: str, http: httpx.Client) -> Any:
    return openwire_client(http) if contender == "openwire" else openai_client(http)


# -- the floor --------------------------------------------------------------------------------------


def bare_post(http: httpx.Client, path: str, params: dict[str, Any]) -> Operation:
    url = BASE_URL + path
    dumps, loads = floor.codec(_floor_json)

    def post() -> Any:
        response = http.post(url, content=dumps(params), headers=_HEADERS)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        return loads(response.content)

    return post


def bare_stream(
    http: httpx.Client, path: str = "/chat/completions", params: dict[str, Any] | None = None
) -> Operation:
    """A stream read by hand: every `data:` line parsed until `[DONE]` or the end of the body (the
    Responses API sends no `[DONE]`; its `event:` lines are skipped, as `type` repeats them)."""
    url = BASE_URL + path
    dumps, loads = floor.codec(_floor_json)
    request = payloads.STREAM_PARAMS if params is None else params

    def stream() -> tuple[int, Any]:
        count, last = 0, None
        body = dumps(request)
        with http.stream("POST", url, content=body, headers=_HEADERS) as response:
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}")
            pending = b""
            for read in response.iter_bytes():
                lines = (pending + read).split(b"\n")
                pending = lines.pop()
                for line in lines:
                    if line.startswith(b"data: "):
                        data = line[6:]
                        if data == b"[DONE]":
                            return count, last
                        last = loads(data)
                        count += 1
        return count, last

    return stream


def bare_accumulate(http: httpx.Client) -> Operation:
    """A chat stream put back together by hand: the text of every delta joined, the usage kept
    (what a program that shows a stream and then needs the whole answer writes)."""
    url = BASE_URL + "/chat/completions"
    dumps, loads = floor.codec(_floor_json)

    def accumulate() -> tuple[str, Any]:
        parts: list[str] = []
        usage = None
        body = dumps(payloads.STREAM_PARAMS)
        with http.stream("POST", url, content=body, headers=_HEADERS) as response:
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}")
            pending = b""
            for read in response.iter_bytes():
                lines = (pending + read).split(b"\n")
                pending = lines.pop()
                for line in lines:
                    if line.startswith(b"data: "):
                        data = line[6:]
                        if data == b"[DONE]":
                            return "".join(parts), usage
                        chunk = loads(data)
                        for choice in chunk["choices"]:
                            content = choice["delta"].get("content")
                            if content:
                                parts.append(content)
                        if chunk.get("usage"):
                            usage = chunk["usage"]
        return "".join(parts), usage

    return accumulate


def base64_matrix(encoded: list[str]) -> Any:
    """Base64 vectors as one float32 matrix (the floor's decoding, and what an `openai` user writes)."""
    import numpy as np

    rows = [base64.b64decode(text) for text in encoded]
    return np.frombuffer(b"".join(rows), dtype="<f4").reshape(len(rows), -1)


# -- the workloads ----------------------------------------------------------------------------------


def _count_chunks(chunks: Any) -> tuple[int, Any]:
    count, last = 0, None
    for chunk in chunks:
        count += 1
        last = chunk
    return count, last


def _chat(contender: str) -> Factory:
    if contender == "bare":
        return lambda http: bare_post(http, "/chat/completions", payloads.CHAT_PARAMS)

    def build(http: httpx.Client) -> Operation:
        create = sdk_client(contender, http).chat.completions.create
        return lambda: create(**payloads.CHAT_PARAMS)

    return build


def _check_chat(contender: str, result: Any) -> None:
    content = (
        result["choices"][0]["message"]["content"]
        if contender == "bare"
        else result.choices[0].message.content
    )
    assert content == json.loads(payloads.chat_completion().body)["choices"][0]["message"]["content"]


def _stream(contender: str) -> Factory:
    if contender == "bare":
        return bare_stream

    def build(http: httpx.Client) -> Operation:
        create = sdk_client(contender, http).chat.completions.create
        return lambda: _count_chunks(create(**payloads.STREAM_PARAMS))

    return build


def _check_stream(contender: str, result: Any) -> None:
    count, last = result
    assert count == payloads.STREAM_CHUNKS, count
    tokens = payloads.stream_completion_tokens(payloads.STREAM_CHUNKS, moderation=True)
    if contender == "bare":
        assert last["usage"]["completion_tokens"] == tokens
    else:
        import pydantic

        assert isinstance(last, pydantic.BaseModel), type(last)  # a typed model per chunk
        assert last.usage.completion_tokens == tokens


def _stream_helper(contender: str) -> Factory:
    if contender == "bare":
        return bare_accumulate
    params = {key: value for key, value in payloads.STREAM_PARAMS.items() if key != "stream"}

    def build(http: httpx.Client) -> Operation:
        completions = sdk_client(contender, http).chat.completions

        def follow() -> Any:
            with completions.stream(**params) as stream:
                for _event in stream:
                    pass
            return stream.get_final_completion()

        return follow

    return build


def _check_stream_helper(contender: str, result: Any) -> None:
    tokens = payloads.stream_completion_tokens(payloads.STREAM_CHUNKS, moderation=True)
    if contender == "bare":
        text, usage = result
        assert usage["completion_tokens"] == tokens
    else:
        text = result.choices[0].message.content
        assert result.usage.completion_tokens == tokens
    assert len(text) > payloads.STREAM_CHUNKS, len(text)


def _responses(contender: str) -> Factory:
    if contender == "bare":
        return lambda http: bare_post(http, "/responses", payloads.RESPONSE_PARAMS)

    def build(http: httpx.Client) -> Operation:
        create = sdk_client(contender, http).responses.create
        return lambda: create(**payloads.RESPONSE_PARAMS)

    return build


def _check_responses(contender: str, result: Any) -> None:
    if contender == "bare":
        text = result["output"][-1]["content"][0]["text"]
        assert result["moderation"]["output"]["flagged"] is False
    else:
        text = result.output_text
        if contender == "openwire":  # the official SDK does not know the June 2026 field
            assert result.moderation.output.flagged is False
    assert text == payloads.chat_reply()


def _responses_stream(contender: str) -> Factory:
    if contender == "bare":
        return lambda http: bare_stream(http, "/responses", payloads.RESPONSE_STREAM_PARAMS)

    def build(http: httpx.Client) -> Operation:
        create = sdk_client(contender, http).responses.create
        return lambda: _count_chunks(create(**payloads.RESPONSE_STREAM_PARAMS))

    return build


def _check_responses_stream(contender: str, result: Any) -> None:
    count, last = result
    assert count == payloads.RESPONSE_STREAM_EVENTS, count
    tokens = payloads.response_stream_deltas()
    if contender == "bare":
        assert last["type"] == "response.completed"
        assert last["response"]["usage"]["output_tokens"] == tokens
    else:
        assert last.type == "response.completed", last.type  # a typed event, not a dict
        assert last.response.usage.output_tokens == tokens


def _embeddings(contender: str, encoding: str) -> Factory:
    params = {**payloads.EMBEDDING_PARAMS, "encoding_format": encoding}
    if contender == "bare":
        if encoding == "float":
            return lambda http: bare_post(http, "/embeddings", params)

        def bare_numpy(http: httpx.Client) -> Operation:
            post = bare_post(http, "/embeddings", params)
            return lambda: base64_matrix([item["embedding"] for item in post()["data"]])

        return bare_numpy

    def build(http: httpx.Client) -> Operation:
        create = sdk_client(contender, http).embeddings.create
        if encoding == "float":
            return lambda: create(**params)
        if contender == "openwire":
            return lambda: create(**params).to_numpy()
        # The openai package hands base64 back as the strings it received: decode them as the floor does.
        return lambda: base64_matrix([item.embedding for item in create(**params).data])

    return build


def _check_float(contender: str, result: Any) -> None:
    matrix = payloads.embedding_matrix()
    data = result["data"] if contender == "bare" else result.data
    assert len(data) == payloads.EMBEDDING_ROWS
    last = data[-1]["embedding"] if contender == "bare" else data[-1].embedding
    assert len(last) == payloads.EMBEDDING_DIMS
    assert all(abs(a - float(b)) < 1e-6 for a, b in zip(last, matrix[-1], strict=True)), "vectors differ"


def _check_base64(contender: str, result: Any) -> None:
    import numpy as np

    assert result.dtype == np.float32, result.dtype
    assert np.array_equal(result, payloads.embedding_matrix())


def _moderation(contender: str) -> Factory:
    if contender == "bare":
        return lambda http: bare_post(http, "/moderations", payloads.MODERATION_PARAMS)

    def build(http: httpx.Client) -> Operation:
        create = sdk_client(contender, http).moderations.create
        return lambda: create(**payloads.MODERATION_PARAMS)

    return build


def _check_moderation(contender: str, result: Any) -> None:
    results = result["results"] if contender == "bare" else result.results
    assert len(results) == payloads.MODERATION_RESULTS
    flagged = [r["flagged"] if contender == "bare" else r.flagged for r in results]
    assert flagged.count(True) == 3, flagged


@dataclass(frozen=True)
class Workload:
    """One in-process workload: its canned answer, each contender's operation, and the check."""

    name: str
    title: str
    canned: Callable[[], Canned]
    factory: Callable[[str], Factory]
    check: Callable[[str, Any], None]
    items: int = 1
    """How many items one operation yields (chunks of a stream): times are reported per item."""
    item: str = "call"
    target: float = 0.0
    """The largest openwire ÷ bare time ratio the issue accepts."""


WORKLOADS: dict[str, Workload] = {
    w.name: w
    for w in [
        Workload(
            "chat", "non-streamed chat completion", payloads.chat_completion, _chat, _check_chat, target=1.3
        ),
        Workload(
            "stream",
            f"{payloads.STREAM_CHUNKS:,}-chunk chat stream",
            payloads.chat_stream,
            _stream,
            _check_stream,
            items=payloads.STREAM_CHUNKS,
            item="chunk",
            target=2.5,
        ),
        Workload(
            "stream-helper",
            f"{payloads.STREAM_CHUNKS:,}-chunk chat stream through the stream helper, to the final answer",
            payloads.chat_stream,
            _stream_helper,
            _check_stream_helper,
            items=payloads.STREAM_CHUNKS,
            item="chunk",
            target=3.0,
        ),
        Workload(
            "responses",
            "non-streamed response (Responses API, moderated)",
            payloads.response,
            _responses,
            _check_responses,
            target=1.3,
        ),
        Workload(
            "responses-stream",
            f"{payloads.RESPONSE_STREAM_EVENTS:,}-event Responses stream",
            payloads.response_stream,
            _responses_stream,
            _check_responses_stream,
            items=payloads.RESPONSE_STREAM_EVENTS,
            item="event",
            target=2.5,
        ),
        Workload(
            "embeddings-float",
            "embeddings 512 \N{MULTIPLICATION SIGN} 1536, JSON floats",
            payloads.embeddings_float,
            lambda c: _embeddings(c, "float"),
            _check_float,
            target=2.0,
        ),
        Workload(
            "embeddings-base64",
            "embeddings 512 \N{MULTIPLICATION SIGN} 1536, base64 → numpy",
            payloads.embeddings_base64,
            lambda c: _embeddings(c, "base64"),
            _check_base64,
            target=1.5,
        ),
        Workload(
            "moderation",
            "moderation with 32 results",
            payloads.moderation,
            _moderation,
            _check_moderation,
            target=1.5,
        ),
    ]
}
