"""Where openwire's time goes, piece by piece, next to the floor's: `python benchmarks/breakdown.py`.

Runs in one process, every piece interleaved with the others over `--rounds` rounds, and prints
the median of each in microseconds per chunk (stream) or per call (moderation). Nothing here is a
target: it explains the ratios `run.py` measures (see docs/performance.md, "Where the remaining
time goes").
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import orjson  # noqa: E402
import payloads  # noqa: E402
from canned import http_client  # noqa: E402

import openwire  # noqa: E402
from openwire._pydantic import JsonValidator  # noqa: E402
from openwire._sse import DataLines, SSEDecoder  # noqa: E402


def _median_times(pieces: dict[str, Callable[[], Any]], rounds: int, per: int) -> dict[str, float]:
    for piece in pieces.values():
        piece()
    times: dict[str, list[float]] = {name: [] for name in pieces}
    for _ in range(rounds):
        for name, piece in pieces.items():
            gc.collect()
            started = time.perf_counter()
            piece()
            times[name].append((time.perf_counter() - started) / per * 1e6)
    return {name: statistics.median(values) for name, values in times.items()}


def stream(rounds: int) -> dict[str, float]:
    """The 20,000-chunk stream of the `stream` workload, per chunk."""
    from openwire.types.chat.chunk import ChatCompletionChunk

    canned = payloads.chat_stream()
    http = http_client(canned)
    client = openwire.Client(api_key=payloads.API_KEY, base_url=payloads.BASE_URL, http_client=http)
    url = payloads.BASE_URL + "/chat/completions"
    headers = {"Authorization": f"Bearer {payloads.API_KEY}", "Content-Type": "application/json"}
    chunks = payloads.STREAM_CHUNKS
    datas = [line[6:] for line in canned.body.split(b"\n") if line.startswith(b"data: ")][:-1]
    arrays = []
    decoder = SSEDecoder()
    for read in canned.reads:
        events = decoder.feed_raw(read)
        if isinstance(events, DataLines) and b"[DONE]" not in events.joined:
            arrays.append(b"".join((b"[", memoryview(events.joined)[6:-2], b"]")))
    _, validate_many = JsonValidator(ChatCompletionChunk).with_request_id("req_bench")

    def floor() -> None:
        with http.stream("POST", url, content=orjson.dumps(payloads.STREAM_PARAMS), headers=headers) as body:
            pending = b""
            for read in body.iter_bytes():
                lines = (pending + read).split(b"\n")
                pending = lines.pop()
                for line in lines:
                    if line.startswith(b"data: ") and line[6:] != b"[DONE]":
                        orjson.loads(line[6:])

    def whole() -> None:
        for _chunk in client.chat.completions.create(**payloads.STREAM_PARAMS):
            pass

    def validation() -> None:
        for array in arrays:
            validate_many(array)

    def decoding() -> None:
        decoding_decoder = SSEDecoder()
        for read in canned.reads:
            decoding_decoder.feed_raw(read)

    def orjson_only() -> None:
        for data in datas:
            orjson.loads(data)

    def httpx_reads() -> None:
        with http.stream("POST", url, content=b"{}", headers=headers) as body:
            for _read in body.iter_bytes():
                pass

    pieces = {
        "floor: whole stream": floor,
        "floor: orjson.loads alone": orjson_only,
        "openwire: whole stream": whole,
        "openwire: validation (one array per read, request id stamped)": validation,
        "openwire: event-stream decoding": decoding,
        "httpx: reading the body": httpx_reads,
    }
    return _median_times(pieces, rounds, chunks)


def moderation(rounds: int) -> dict[str, float]:
    """The moderation call with 32 results, per call."""
    from openwire.types.moderation import ModerationCreateResponse

    canned = payloads.moderation()
    http = http_client(canned)
    client = openwire.Client(api_key=payloads.API_KEY, base_url=payloads.BASE_URL, http_client=http)
    url = payloads.BASE_URL + "/moderations"
    headers = {"Authorization": f"Bearer {payloads.API_KEY}", "Content-Type": "application/json"}
    validate = JsonValidator(ModerationCreateResponse)
    count = 50

    def repeat(fn: Callable[[], Any]) -> Callable[[], None]:
        def run() -> None:
            for _ in range(count):
                fn()

        return run

    pieces = {
        "floor: whole call": repeat(
            lambda: orjson.loads(
                http.post(url, content=orjson.dumps(payloads.MODERATION_PARAMS), headers=headers).content
            )
        ),
        "floor: orjson.loads alone": repeat(lambda: orjson.loads(canned.body)),
        "openwire: whole call": repeat(lambda: client.moderations.create(**payloads.MODERATION_PARAMS)),
        "openwire: validation alone": repeat(lambda: validate(canned.body)),
    }
    return _median_times(pieces, rounds, count)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    for title, unit, measure in (
        ("stream", "µs per chunk", stream),
        ("moderation", "µs per call", moderation),
    ):
        print(f"{title} ({unit}, median of {args.rounds} interleaved rounds)")
        for name, value in measure(args.rounds).items():
            print(f"  {value:9.3f}  {name}")


if __name__ == "__main__":
    main()
