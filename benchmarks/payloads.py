"""The canned bytes every contender receives, and the parameters every contender sends.

Built once per run, deterministically (fixed seeds), with the extra fields real servers send and a
client must tolerate: `service_tier`, `system_fingerprint`, `obfuscation` on every chunk, a
moderation chunk, a usage chunk, and provider fields no SDK declares. All JSON is compact, as the
API sends it (`separators=(",", ":")`). Every contender gets the same bytes object.
"""

from __future__ import annotations

import base64
import json
import random
from dataclasses import dataclass
from functools import cache
from typing import Any

BASE_URL = "http://bench.openwire.invalid/v1"
API_KEY = "sk-bench-0000000000000000"
MODEL = "gpt-4o-mini-2024-07-18"
CREATED = 1_767_225_600

STREAM_CHUNKS = 20_000
"""Typed chunks in the chat stream: role chunk, content deltas, finish, moderation and usage chunks."""
SHORT_STREAM_CHUNKS = 200
"""Typed chunks in each stream of the many-streams workload: role chunk, content deltas, finish and
usage chunks (no moderation chunk)."""
EMBEDDING_ROWS = 512
EMBEDDING_DIMS = 1536
MODERATION_RESULTS = 32

STREAM_READ_BYTES = 4096
"""How the chat stream reaches the client: the body cut into reads of this many bytes, regardless of
event boundaries (so events straddle reads), as from a socket whose server is ahead of its reader.
0 means one read per event instead (a slow model feeding a fast client)."""
BODY_READ_BYTES = 65_536
"""Non-streamed bodies arrive in reads of this size (httpcore's own read size)."""

# Spelt out here rather than imported from openwire.testing: the payload module is loaded by every
# contender, and importing openwire would add its memory and import time to the floor's.
MODERATION_CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/intent",
    "self-harm/instructions",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)


_IMAGE_CATEGORIES = {"self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence"}

_REPLY = (
    "Connection pooling keeps a small set of open TCP connections to the server and hands one to each "
    "request that needs it, so the handshake (and, over TLS, the key exchange) is paid once rather than "
    "on every call. For a client that makes many short requests this is usually the largest single "
    "saving available: a warm connection answers in the time the server takes to think, while a cold "
    "one adds a round trip or two before the first byte. Size the pool to the concurrency you actually "
    "use, keep idle connections alive for less time than the server does, and retry a request whose "
    "connection was closed underneath it, because that is not an error of the request itself."
)
_WORDS = _REPLY.split(" ")


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _headers(content_type: str, length: int | None, request_id: str) -> list[tuple[str, str]]:
    """The headers of an API response (the same set for every workload)."""
    headers = [
        ("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
        ("content-type", content_type),
        ("access-control-expose-headers", "X-Request-ID"),
        ("openai-organization", "org-bench"),
        ("openai-processing-ms", "412"),
        ("openai-project", "proj_bench"),
        ("openai-version", "2020-10-01"),
        ("x-envoy-upstream-service-time", "415"),
        ("x-ratelimit-limit-requests", "30000"),
        ("x-ratelimit-limit-tokens", "150000000"),
        ("x-ratelimit-remaining-requests", "29999"),
        ("x-ratelimit-remaining-tokens", "149999000"),
        ("x-ratelimit-reset-requests", "2ms"),
        ("x-ratelimit-reset-tokens", "0s"),
        ("x-request-id", request_id),
        ("strict-transport-security", "max-age=31536000; includeSubDomains; preload"),
        ("cf-cache-status", "DYNAMIC"),
        ("server", "cloudflare"),
        ("alt-svc", 'h3=":443"; ma=86400'),
    ]
    if length is None:
        headers.append(("transfer-encoding", "chunked"))
    else:
        headers.append(("content-length", str(length)))
    return headers


@dataclass(frozen=True)
class Canned:
    """One canned response: status, headers, and the body as the reads that deliver it."""

    headers: list[tuple[str, str]]
    body: bytes
    reads: tuple[bytes, ...]
    status: int = 200


def _split(body: bytes, size: int) -> tuple[bytes, ...]:
    return tuple(body[start : start + size] for start in range(0, len(body), size)) or (b"",)


def _canned(body: bytes, content_type: str = "application/json", request_id: str = "req_bench") -> Canned:
    return Canned(_headers(content_type, len(body), request_id), body, _split(body, BODY_READ_BYTES))


# -- chat -------------------------------------------------------------------------------------------

CHAT_PARAMS: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are a concise assistant for backend engineers."},
        {"role": "user", "content": "Why does connection pooling matter for an HTTP API client?"},
    ],
    "temperature": 0.2,
    "max_completion_tokens": 512,
}
STREAM_PARAMS: dict[str, Any] = {
    **CHAT_PARAMS,
    "stream": True,
    "stream_options": {"include_usage": True},
}


def _usage(prompt: int, completion: int) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


@cache
def chat_completion() -> Canned:
    """A non-streamed chat completion, with fields no SDK declares (`provider_metadata`)."""
    body = {
        "id": "chatcmpl-BenchBenchBenchBenchBenchBen",
        "object": "chat.completion",
        "created": CREATED,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": _REPLY, "refusal": None, "annotations": []},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(41, 139),
        "service_tier": "default",
        "system_fingerprint": "fp_bench0001",
        "provider_metadata": {"region": "eu-west-1", "queue_ms": 3},
    }
    return _canned(_dumps(body))


def chat_reply() -> str:
    """The assistant's reply in the chat completion (what every contender's answer is checked against)."""
    return _REPLY


def moderation_result(rng: random.Random, flagged: str | None, images: bool = False) -> dict[str, Any]:
    """One moderation result: every category, its score, and the inputs it was computed from."""
    categories = {name: name == flagged for name in MODERATION_CATEGORIES}
    scores = {
        name: round(0.9 + 0.09 * rng.random(), 6) if name == flagged else round(1e-6 + 9e-4 * rng.random(), 8)
        for name in MODERATION_CATEGORIES
    }
    applied = {
        name: ["text", "image"] if images and name in _IMAGE_CATEGORIES else ["text"]
        for name in MODERATION_CATEGORIES
    }
    return {
        "flagged": flagged is not None,
        "categories": categories,
        "category_scores": scores,
        "category_applied_input_types": applied,
    }


def _obfuscation(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(rng.choice(letters) for _ in range(rng.randint(1, 15)))


def chat_stream_events() -> tuple[bytes, ...]:
    """The `data:` events of a 20,000-chunk stream, each ending in a blank line, then `[DONE]`."""
    return stream_events(STREAM_CHUNKS, moderation=True)


def short_stream_events() -> tuple[bytes, ...]:
    """The events of one stream of the many-streams workload: 200 chunks, then `[DONE]`."""
    return stream_events(SHORT_STREAM_CHUNKS, moderation=False)


def stream_completion_tokens(chunks: int, moderation: bool) -> int:
    """The usage chunk's `completion_tokens` of such a stream: its number of content deltas."""
    return chunks - (4 if moderation else 3)


@cache
def stream_events(chunks: int, moderation: bool) -> tuple[bytes, ...]:
    """`chunks` typed chunks as `data:` events, each ending in a blank line, then `[DONE]`: a role
    chunk, content deltas, a finish chunk, a moderation chunk if asked, and a usage chunk."""
    rng = random.Random(20_000)
    base = {
        "id": "chatcmpl-BenchBenchBenchBenchBenchBen",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": MODEL,
        "service_tier": "default",
        "system_fingerprint": "fp_bench0001",
    }

    def chunk(choices: list[Any], **extra: Any) -> bytes:
        fields = {**base, "choices": choices, "usage": None, **extra, "obfuscation": _obfuscation(rng)}
        return b"data: " + _dumps(fields) + b"\n\n"

    def choice(delta: dict[str, Any], finish: str | None = None) -> list[Any]:
        return [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]

    events = [chunk(choice({"role": "assistant", "content": "", "refusal": None}))]
    deltas = stream_completion_tokens(chunks, moderation)  # besides the role, finish, ... chunks
    for number in range(deltas):
        word = _WORDS[number % len(_WORDS)]
        events.append(chunk(choice({"content": word if number == 0 else " " + word})))
    events.append(chunk(choice({}, "stop")))
    if moderation:
        side = {
            "type": "moderation_results",
            "model": "omni-moderation-latest",
            "results": [
                {
                    "type": "moderation_result",
                    "model": "omni-moderation-latest",
                    **moderation_result(rng, None),
                }
            ],
        }
        events.append(chunk([], moderation={"input": side, "output": side}))
    usage = _usage(41, deltas)
    events.append(chunk([], usage=usage, provider_metadata={"region": "eu-west-1", "queue_ms": 3}))
    events.append(b"data: [DONE]\n\n")
    assert len(events) == chunks + 1
    return tuple(events)


def chat_stream() -> Canned:
    """The stream as one response, in reads of `STREAM_READ_BYTES` (which `run.py --stream-read` sets)."""
    return _chat_stream(STREAM_READ_BYTES)


@cache
def _chat_stream(read_bytes: int) -> Canned:
    events = chat_stream_events()
    body = b"".join(events)
    reads = events if read_bytes == 0 else _split(body, read_bytes)
    return Canned(_headers("text/event-stream; charset=utf-8", None, "req_bench"), body, reads)


@cache
def short_stream() -> Canned:
    """One stream of the many-streams workload, one read per event (the loopback server sends each
    event as a write of its own)."""
    events = short_stream_events()
    return Canned(_headers("text/event-stream; charset=utf-8", None, "req_bench"), b"".join(events), events)


# -- embeddings -------------------------------------------------------------------------------------

EMBEDDING_INPUTS = [
    f"Document {number}: notes on {topic} for the quarterly engineering review."
    for number, topic in enumerate(
        ["latency", "retries", "connection pools", "streaming", "schema drift", "rate limits", "caching"] * 74
    )
][:EMBEDDING_ROWS]
EMBEDDING_PARAMS: dict[str, Any] = {"model": "text-embedding-3-small", "input": EMBEDDING_INPUTS}


@cache
def embedding_matrix() -> Any:
    """The 512 x 1536 float32 unit vectors both embeddings payloads carry (needs numpy)."""
    import numpy as np

    rng = np.random.default_rng(1536)
    matrix = rng.standard_normal((EMBEDDING_ROWS, EMBEDDING_DIMS)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix


def _embeddings_body(rows: list[Any]) -> bytes:
    parts = [b'{"object":"list","data":[']
    for index, row in enumerate(rows):
        if index:
            parts.append(b",")
        parts.append(b'{"object":"embedding","index":%d,"embedding":%s}' % (index, row))
    tokens = sum(len(text.split()) for text in EMBEDDING_INPUTS)
    tail = {"model": "text-embedding-3-small", "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}
    parts.append(b"]," + _dumps(tail)[1:])
    return b"".join(parts)


@cache
def embeddings_float() -> Canned:
    """512 vectors as JSON floats, written as the API writes float32 (shortest round-trip form)."""
    text = embedding_matrix().astype(str)
    return _canned(_embeddings_body([("[" + ",".join(row) + "]").encode() for row in text]))


@cache
def embeddings_base64() -> Canned:
    """The same 512 vectors as base64 of little-endian float32."""
    matrix = embedding_matrix().astype("<f4")
    rows = [b'"' + base64.b64encode(row.tobytes()) + b'"' for row in matrix]
    return _canned(_embeddings_body(rows))


# -- moderation -------------------------------------------------------------------------------------

MODERATION_INPUTS = [
    f"Comment {number}: the build was slow again today, nobody knows why." for number in range(32)
]
MODERATION_PARAMS: dict[str, Any] = {"model": "omni-moderation-latest", "input": MODERATION_INPUTS}


@cache
def moderation() -> Canned:
    """32 results, a few flagged, with a provider field no SDK declares."""
    rng = random.Random(32)
    results = [
        moderation_result(rng, "harassment" if number % 11 == 5 else None)
        for number in range(MODERATION_RESULTS)
    ]
    body = {
        "id": "modr-benchbenchbenchbenchbe",
        "model": "omni-moderation-latest",
        "results": results,
        "provider_metadata": {"region": "eu-west-1"},
    }
    return _canned(_dumps(body))


# -- the Responses API ------------------------------------------------------------------------------

RESPONSE_STREAM_EVENTS = 20_000
"""Typed events in the Responses stream: created, in_progress, the item and part added, the text
deltas, the text, part and item done, completed."""

RESPONSE_PARAMS: dict[str, Any] = {
    "model": "gpt-5.4-mini",
    "instructions": "You are a concise assistant for backend engineers.",
    "input": "Why does connection pooling matter for an HTTP API client?",
    "max_output_tokens": 512,
    "moderation": {"model": "omni-moderation-latest"},
}
RESPONSE_STREAM_PARAMS: dict[str, Any] = {**RESPONSE_PARAMS, "stream": True}

_RESPONSE_ID = "resp_68b9c0ffee0123456789abcdef0123456789abcdef012345"
_MESSAGE_ID = "msg_68b9c0ffee0123456789abcdef0123456789abcdef012346"
_REASONING_ID = "rs_68b9c0ffee0123456789abcdef0123456789abcdef012347"


def _message(text: str, status: str) -> dict[str, Any]:
    part = {"type": "output_text", "annotations": [], "logprobs": [], "text": text}
    return {"id": _MESSAGE_ID, "type": "message", "status": status, "content": [part], "role": "assistant"}


def _response(
    status: str, output: list[Any], output_tokens: int | None, rng: random.Random
) -> dict[str, Any]:
    """A Response as the API sends it: every field, the moderation of both sides once completed."""
    done = status == "completed"
    side = {"type": "moderation_result", "model": "omni-moderation-latest", **moderation_result(rng, None)}
    usage = {
        "input_tokens": 41,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 64},
        "total_tokens": 41 + (output_tokens or 0),
    }
    return {
        "id": _RESPONSE_ID,
        "object": "response",
        "created_at": CREATED,
        "status": status,
        "background": False,
        "completed_at": CREATED + 4 if done else None,
        "error": None,
        "incomplete_details": None,
        "instructions": RESPONSE_PARAMS["instructions"],
        "max_output_tokens": 512,
        "max_tool_calls": None,
        "model": "gpt-5.4-mini-2026-03-17",
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "prompt_cache_key": None,
        "prompt_cache_retention": None,
        "reasoning": {"effort": "medium", "summary": None},
        "safety_identifier": None,
        "service_tier": "default",
        "store": True,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": [],
        "top_logprobs": 0,
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": usage if done else None,
        "user": None,
        "metadata": {},
        "moderation": {"input": side, "output": side} if done else None,
    }


def _reasoning() -> dict[str, Any]:
    return {"id": _REASONING_ID, "type": "reasoning", "summary": []}


@cache
def response() -> Canned:
    """A non-streamed response: a reasoning item and a message, moderated on both sides."""
    rng = random.Random(41)
    output = [_reasoning(), _message(_REPLY, "completed")]
    return _canned(_dumps(_response("completed", output, 139 + 64, rng)))


def response_stream_deltas() -> int:
    """The `response.output_text.delta` events of the stream (its other events are 8)."""
    return RESPONSE_STREAM_EVENTS - 8


def response_stream() -> Canned:
    """`RESPONSE_STREAM_EVENTS` named events (`event:` and `data:` lines, as the API writes them),
    in reads of `STREAM_READ_BYTES`; the body ends after `response.completed` (no `[DONE]`)."""
    return _response_stream(STREAM_READ_BYTES)


@cache
def _response_stream(read_bytes: int) -> Canned:
    rng = random.Random(20_000)
    events: list[bytes] = []

    def event(kind: str, **fields: Any) -> None:
        data = {"type": kind, "sequence_number": len(events), **fields}
        events.append(b"event: " + kind.encode() + b"\ndata: " + _dumps(data) + b"\n\n")

    deltas = response_stream_deltas()
    words = [(" " if n else "") + _WORDS[n % len(_WORDS)] for n in range(deltas)]
    text = "".join(words)
    where = {"item_id": _MESSAGE_ID, "output_index": 0, "content_index": 0}
    event("response.created", response=_response("in_progress", [], None, rng))
    event("response.in_progress", response=_response("in_progress", [], None, rng))
    event("response.output_item.added", output_index=0, item={**_message("", "in_progress"), "content": []})
    part = {"type": "output_text", "annotations": [], "logprobs": [], "text": ""}
    event("response.content_part.added", **where, part=part)
    for word in words:
        event("response.output_text.delta", **where, delta=word, logprobs=[], obfuscation=_obfuscation(rng))
    event("response.output_text.done", **where, text=text, logprobs=[])
    event("response.content_part.done", **where, part={**part, "text": text})
    event("response.output_item.done", output_index=0, item=_message(text, "completed"))
    event("response.completed", response=_response("completed", [_message(text, "completed")], deltas, rng))
    assert len(events) == RESPONSE_STREAM_EVENTS
    body = b"".join(events)
    reads = tuple(events) if read_bytes == 0 else _split(body, read_bytes)
    return Canned(_headers("text/event-stream; charset=utf-8", None, "req_bench"), body, reads)
