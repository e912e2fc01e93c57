"""The bulk runner's throughput against the built-in local server over live HTTP, beside the loop a
user writes by hand: asyncio tasks over a bare `httpx.AsyncClient`, a semaphore for the bound.

    python benchmarks/bulk.py [--calls 2000] [--concurrency 32] [--reps 3]

The local server (`openwire.testing.run`, uvicorn) runs in its own process on 127.0.0.1; this
process is the client. Each repetition runs every contender once, interleaved, on a fresh client:
`calls` chat completions with `concurrency` in flight. It prints requests per second (median over
the repetitions, and each repetition's), and the median paired ratio to the hand-written loop.

- `asyncio+httpx`: `asyncio.gather` over one task per call, an `asyncio.Semaphore(concurrency)`,
  one `httpx.AsyncClient` with the same pool limits as openwire's clients; each call posts the
  JSON body, checks the status and parses the answer with `json.loads`.
- `abulk`: `openwire.abulk(client, requests, method="chat.completions.create", concurrency=...)`,
  its rate limiter on (learning the server's headers), typed results in input order.
- `bulk`: `openwire.bulk` on a `Client`, `concurrency` threads.

The server reports (but does not enforce) 30,000 requests per minute; keep calls x contenders x
repetitions under that, or the runners' limiters will rightly slow down.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx

import openwire

MESSAGES = [{"role": "user", "content": "Summarize the ticket: the printer on floor 3 jams."}]
MODEL = "gpt-4o-mini"


def request(number: int) -> dict[str, Any]:
    return {"model": MODEL, "messages": [{**MESSAGES[0], "content": f"{MESSAGES[0]['content']} #{number}"}]}


async def hand_written(base_url: str, calls: int, concurrency: int) -> float:
    """The floor: the loop without any library beyond httpx."""
    # The pool openwire's clients have (every connection may stay alive, no cap in the way of the
    # semaphore): with `max_connections=concurrency`, httpcore hands freed connections to waiting
    # requests in a loop that costs this loop about twice the CPU per call.
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=1000)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        gate = asyncio.Semaphore(concurrency)
        url = base_url + "/chat/completions"
        headers = {"content-type": "application/json"}

        async def one(number: int) -> str:
            async with gate:
                response = await http.post(url, content=json.dumps(request(number)), headers=headers)
                if response.status_code != 200:
                    raise RuntimeError(f"HTTP {response.status_code}")
                return str(json.loads(response.content)["choices"][0]["message"]["content"])

        started = time.perf_counter()
        answers = await asyncio.gather(*(one(n) for n in range(calls)))
        elapsed = time.perf_counter() - started
    assert answers[-1].endswith(f"#{calls - 1}"), answers[-1]
    return elapsed


async def runner_async(base_url: str, calls: int, concurrency: int) -> float:
    async with openwire.AsyncClient(base_url=base_url, api_key=None, timeout=60) as client:
        requests = [request(n) for n in range(calls)]
        started = time.perf_counter()
        results = await openwire.abulk(
            client, requests, method="chat.completions.create", concurrency=concurrency
        )
        elapsed = time.perf_counter() - started
    assert not results.failed, results.failed[0].error
    assert (results[-1].unwrap().choices[0].message.content or "").endswith(f"#{calls - 1}")
    return elapsed


def runner_threads(base_url: str, calls: int, concurrency: int) -> float:
    with openwire.Client(base_url=base_url, api_key=None, timeout=60) as client:
        requests = [request(n) for n in range(calls)]
        started = time.perf_counter()
        results = openwire.bulk(client, requests, method="chat.completions.create", concurrency=concurrency)
        elapsed = time.perf_counter() - started
    assert not results.failed, results.failed[0].error
    return elapsed


CONTENDERS: dict[str, Callable[[str, int, int], float]] = {
    "asyncio+httpx": lambda url, calls, width: asyncio.run(hand_written(url, calls, width)),
    "abulk": lambda url, calls, width: asyncio.run(runner_async(url, calls, width)),
    "bulk": runner_threads,
}


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = f"from openwire.testing import run; run('127.0.0.1', {port}, log_level='warning')"
    process = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, f"http://127.0.0.1:{port}/v1"
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the local server did not start within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    process, base_url = start_server()
    try:
        for name, run in CONTENDERS.items():  # warm up: imports, the server's first answers
            run(base_url, 100, args.concurrency)
            print(f"warmed up {name}", file=sys.stderr)
        rates: dict[str, list[float]] = {name: [] for name in CONTENDERS}
        cpu: dict[str, list[float]] = {name: [] for name in CONTENDERS}
        for rep in range(args.reps):
            for name, run in CONTENDERS.items():
                cpu_before = time.process_time()
                rates[name].append(args.calls / run(base_url, args.calls, args.concurrency))
                cpu[name].append((time.process_time() - cpu_before) / args.calls * 1e6)
            print(
                f"repetition {rep + 1}: " + ", ".join(f"{n} {r[-1]:.0f}/s" for n, r in rates.items()),
                file=sys.stderr,
            )
    finally:
        process.terminate()
        process.wait(10)
    floor = rates["asyncio+httpx"]
    where = f"the local server over HTTP on {sys.platform}"
    print(f"\n{args.calls} chat completions, {args.concurrency} in flight, {where}")
    print("| contender | requests/s (median) | each repetition | ÷ asyncio+httpx | client CPU µs per call |")
    print("|---|---|---|---|---|")
    for name, values in rates.items():
        ratio = statistics.median(v / f for v, f in zip(values, floor, strict=True))
        each = ", ".join(f"{v:.0f}" for v in values)
        per_call = statistics.median(cpu[name])
        print(f"| {name} | {statistics.median(values):.0f} | {each} | {ratio:.2f}x | {per_call:.0f} |")


if __name__ == "__main__":
    main()
