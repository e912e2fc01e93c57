"""Deterministic measures of openwire's own work per call, for the performance regression guard.

Nothing here is timed. `count_calls` counts the Python function calls (`sys.setprofile` "call"
events: a function starting, or a generator or coroutine resuming) whose code lives in the openwire
package, so the numbers do not depend on the machine, on its load, or on the versions of httpx and
pydantic (their own frames are not counted). List, dict and set comprehensions are not counted
either: Python 3.12 inlined them (PEP 709) while 3.10 and 3.11 run each as a call, so counting them
would make the budget depend on the Python version.

`measure_all()` gives every guarded number; `tests/perf/budget.json` holds the budget for each, and
`python tests/perf/update_budget.py` rewrites it from the current code.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sys
import tracemalloc
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx

import openwire

PACKAGE_DIR = os.path.dirname(os.path.realpath(openwire.__file__)) + os.sep
BUDGET_FILE = Path(__file__).with_name("budget.json")
BASE_URL = "https://api.example.test/v1"
API_KEY = "sk-budget-0000"

STREAM_CHUNKS = 50
"""The per-chunk count is (calls for 2N chunks - calls for N chunks) / N: the setup cancels."""
EMBEDDING_ROWS = 512
EMBEDDING_DIMS = 1536
MODERATION_RESULTS = 32

_INLINED = frozenset({"<listcomp>", "<dictcomp>", "<setcomp>"})


# -- counting ---------------------------------------------------------------------------------------


def count_calls(fn: Callable[[], Any]) -> tuple[Any, Counter[str]]:
    """Run `fn` and count the calls into openwire's code, by `file:function`."""
    counts: Counter[str] = Counter()
    names: dict[Any, str | None] = {}

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event != "call":
            return
        code = frame.f_code
        try:
            name = names[code]
        except KeyError:
            name = names[code] = _name(code)
        if name is not None:
            counts[name] += 1

    logger = logging.getLogger("openwire")
    level = logger.level
    logger.setLevel(logging.WARNING)  # the same logging decisions whatever the test run configured
    sys.setprofile(profile)
    try:
        result = fn()
    finally:
        sys.setprofile(None)
        logger.setLevel(level)
    return result, counts


def _name(code: Any) -> str | None:
    filename = os.path.realpath(code.co_filename)
    if not filename.startswith(PACKAGE_DIR) or code.co_name in _INLINED:
        return None
    return f"{filename[len(PACKAGE_DIR) :].replace(os.sep, '/')}:{code.co_name}"


# -- an in-process server ---------------------------------------------------------------------------


class _Reads(httpx.SyncByteStream):
    def __init__(self, reads: list[bytes]) -> None:
        self._reads = reads

    def __iter__(self) -> Iterator[bytes]:
        yield from self._reads


class CannedTransport(httpx.BaseTransport):
    """Answers each request with canned bytes: `reads` are handed over one by one, as a socket
    would (one read per event for streams)."""

    def __init__(self, content_type: str, reads: list[bytes]) -> None:
        self.content_type = content_type
        self.reads = reads

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        headers = {"content-type": self.content_type, "x-request-id": "req_budget"}
        return httpx.Response(200, headers=headers, stream=_Reads(self.reads))


def client_for(content_type: str, reads: list[bytes]) -> openwire.Client:
    http = httpx.Client(transport=CannedTransport(content_type, reads))
    return openwire.Client(api_key=API_KEY, base_url=BASE_URL, http_client=http)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


CHAT_PARAMS: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Say hello."},
    ],
    "temperature": 0.2,
    "max_completion_tokens": 64,
}


def chat_body() -> bytes:
    return _dumps(
        {
            "id": "chatcmpl-budget",
            "object": "chat.completion",
            "created": 1_767_225_600,
            "model": "gpt-4o-mini-2024-07-18",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": "Hello.", "refusal": None, "annotations": []},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": 19,
                "completion_tokens": 2,
                "total_tokens": 21,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
            },
            "service_tier": "default",
            "system_fingerprint": "fp_budget",
            "provider_metadata": {"region": "eu-west-1"},
        }
    )


def stream_events(deltas: int) -> list[bytes]:
    """A streamed completion with `deltas` content chunks, one event per read."""
    base = {
        "id": "chatcmpl-budget",
        "object": "chat.completion.chunk",
        "created": 1_767_225_600,
        "model": "gpt-4o-mini-2024-07-18",
        "service_tier": "default",
        "system_fingerprint": "fp_budget",
        "usage": None,
    }

    def event(choices: list[Any], **extra: Any) -> bytes:
        return b"data: " + _dumps({**base, "choices": choices, **extra, "obfuscation": "xK9"}) + b"\n\n"

    def choice(delta: dict[str, Any], finish: str | None = None) -> list[Any]:
        return [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]

    events = [event(choice({"role": "assistant", "content": ""}))]
    events += [event(choice({"content": f" word{n % 10}"})) for n in range(deltas)]
    events.append(event(choice({}, "stop")))
    usage = {"prompt_tokens": 19, "completion_tokens": deltas, "total_tokens": 19 + deltas}
    events.append(event([], usage=usage))
    events.append(b"data: [DONE]\n\n")
    return events


@cache
def embedding_vectors() -> bytes:
    """512 x 1536 little-endian float32 values, deterministic (no numpy needed)."""
    values = array("f", ((i * 7919 % 1000) / 1000.0 - 0.5 for i in range(EMBEDDING_ROWS * EMBEDDING_DIMS)))
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


@cache
def embeddings_body() -> bytes:
    raw = embedding_vectors()
    row = EMBEDDING_DIMS * 4
    data = [
        {"object": "embedding", "index": i, "embedding": _b64(raw[i * row : (i + 1) * row])}
        for i in range(EMBEDDING_ROWS)
    ]
    usage = {"prompt_tokens": 1024, "total_tokens": 1024}
    return _dumps({"object": "list", "data": data, "model": "text-embedding-3-small", "usage": usage})


EMBEDDING_PARAMS: dict[str, Any] = {
    "model": "text-embedding-3-small",
    "input": [f"text {n}" for n in range(EMBEDDING_ROWS)],
    "encoding_format": "base64",
}


def moderation_body() -> bytes:
    names = ["harassment", "harassment/threatening", "hate", "hate/threatening", "illicit"]
    names += ["illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual"]
    names += ["sexual/minors", "violence", "violence/graphic"]
    result = {
        "flagged": False,
        "categories": dict.fromkeys(names, False),
        "category_scores": dict.fromkeys(names, 0.0001),
        "category_applied_input_types": {name: ["text"] for name in names},
    }
    results = [result] * MODERATION_RESULTS
    return _dumps({"id": "modr-budget", "model": "omni-moderation-latest", "results": results})


MODERATION_PARAMS: dict[str, Any] = {
    "model": "omni-moderation-latest",
    "input": [f"comment {n}" for n in range(MODERATION_RESULTS)],
}


# -- the guarded measures ---------------------------------------------------------------------------


def _steady(fn: Callable[[], Any]) -> Counter[str]:
    """The calls of `fn` once warm (lazy resources and schemas built), checked to be repeatable."""
    fn()
    _, first = count_calls(fn)
    _, second = count_calls(fn)
    if first != second:
        changed = sorted(k for k in first.keys() | second.keys() if first[k] != second[k])
        raise AssertionError(f"call counts differ between two identical calls: {changed}")
    return first


def chat_create() -> Counter[str]:
    """One non-streamed chat completion, from `create(...)` to the parsed model."""
    client = client_for("application/json", [chat_body()])
    return _steady(lambda: client.chat.completions.create(**CHAT_PARAMS))


def _consume_stream(client: openwire.Client) -> int:
    return sum(1 for _ in client.chat.completions.create(**CHAT_PARAMS, stream=True))


def _accumulate(client: openwire.Client) -> int:
    completion = openwire.accumulate(client.chat.completions.create(**CHAT_PARAMS, stream=True))
    return len(completion.choices)


def _follow_helper(client: openwire.Client) -> int:
    with client.chat.completions.stream(**CHAT_PARAMS) as stream:
        events = sum(1 for _ in stream)
    stream.get_final_completion()
    return events


def _per_further_chunk(read: Callable[[openwire.Client], int]) -> tuple[float, Counter[str]]:
    """The calls each further chunk costs when a stream is read by `read`: (2N chunks - N chunks) / N."""
    counts = []
    for deltas in (STREAM_CHUNKS, 2 * STREAM_CHUNKS):
        client = client_for("text/event-stream", stream_events(deltas))
        counts.append(_steady(lambda client=client: read(client)))
    difference = counts[1].copy()
    difference.subtract(counts[0])
    per_chunk = Counter({k: v / STREAM_CHUNKS for k, v in difference.items() if v})
    return sum(difference.values()) / STREAM_CHUNKS, per_chunk


def stream_per_chunk() -> tuple[float, Counter[str]]:
    """The calls each further chunk of a stream costs: (2N chunks - N chunks) / N."""
    return _per_further_chunk(_consume_stream)


def accumulate_per_chunk() -> tuple[float, Counter[str]]:
    """The same through `openwire.accumulate`, to the completion."""
    return _per_further_chunk(_accumulate)


def stream_helper_per_chunk() -> tuple[float, Counter[str]]:
    """The same through `chat.completions.stream(...)`, every event read, to the final completion."""
    return _per_further_chunk(_follow_helper)


def embeddings_base64_create() -> Counter[str]:
    """One embeddings call of 512 base64 vectors, to the parsed response (not decoded)."""
    client = client_for("application/json", [embeddings_body()])
    return _steady(lambda: client.embeddings.create(**EMBEDDING_PARAMS))


def embeddings_to_numpy() -> Counter[str]:
    """Decoding that response's 512 base64 vectors into one numpy matrix."""
    client = client_for("application/json", [embeddings_body()])
    response = client.embeddings.create(**EMBEDDING_PARAMS)
    return _steady(response.to_numpy)


def moderation_create() -> Counter[str]:
    """One moderation call with 32 results."""
    client = client_for("application/json", [moderation_body()])
    return _steady(lambda: client.moderations.create(**MODERATION_PARAMS))


def embeddings_numpy_peak() -> float:
    """Peak traced memory of `create(...).to_numpy()` for 512 x 1536 base64 vectors, as a multiple of
    the matrix's size. The response body is already in memory (one read, so httpx keeps it without a
    copy): what is measured is what openwire allocates to get from those bytes to the matrix."""
    client = client_for("application/json", [embeddings_body()])
    client.embeddings.create(**EMBEDDING_PARAMS).to_numpy()  # warm: schemas, resources
    matrix_bytes = EMBEDDING_ROWS * EMBEDDING_DIMS * 4
    tracemalloc.start()
    try:
        matrix = client.embeddings.create(**EMBEDDING_PARAMS).to_numpy()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert matrix.shape == (EMBEDDING_ROWS, EMBEDDING_DIMS)
    return peak / matrix_bytes


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


HAS_NUMPY = _has_numpy()


def _total(measure: Callable[[], Counter[str]]) -> Callable[[], tuple[float, dict[str, float]]]:
    def total() -> tuple[float, dict[str, float]]:
        counts = measure()
        return float(sum(counts.values())), dict(sorted(counts.items()))

    return total


def _sorted(
    measure: Callable[[], tuple[float, Counter[str]]],
) -> Callable[[], tuple[float, dict[str, float]]]:
    def sorted_measure() -> tuple[float, dict[str, float]]:
        value, breakdown = measure()
        return value, dict(sorted(breakdown.items()))

    return sorted_measure


MEASURES: dict[str, tuple[Callable[[], tuple[float, dict[str, float]]], bool, str]] = {
    "chat_create": (_total(chat_create), False, "calls: one non-streamed chat completion"),
    "stream_per_chunk": (
        _sorted(stream_per_chunk),
        False,
        "calls per further chunk of a chat stream (one event per read)",
    ),
    "accumulate_per_chunk": (
        _sorted(accumulate_per_chunk),
        False,
        "calls per further chunk of a chat stream put together by openwire.accumulate",
    ),
    "stream_helper_per_chunk": (
        _sorted(stream_helper_per_chunk),
        False,
        "calls per further chunk of a chat stream read through chat.completions.stream(...)",
    ),
    "embeddings_base64_create": (
        _total(embeddings_base64_create),
        False,
        "calls: one embeddings call, 512 base64 vectors, to the parsed response",
    ),
    "embeddings_to_numpy": (
        _total(embeddings_to_numpy),
        True,
        "calls: to_numpy() of that response (512 x 1536)",
    ),
    "moderation_create": (_total(moderation_create), False, "calls: one moderation call with 32 results"),
    "embeddings_numpy_peak_ratio": (
        lambda: (round(embeddings_numpy_peak(), 3), {}),
        True,
        "tracemalloc peak of create(...).to_numpy() for 512 x 1536 base64 vectors / the matrix's bytes",
    ),
}
"""name -> (measure returning (value, breakdown by function), needs numpy, what it is)."""

NOISE = {"embeddings_numpy_peak_ratio": 0.02}
"""Measures that are not exact counts, and how far below budget they must come to count as a gain
(tracemalloc's peak moves by a few bytes with what ran before it)."""


def measure_all() -> dict[str, tuple[float, dict[str, float]]]:
    """Every guarded measure this environment can take: name -> (value, breakdown by function)."""
    return {name: measure() for name, (measure, numpy, _) in MEASURES.items() if HAS_NUMPY or not numpy}
