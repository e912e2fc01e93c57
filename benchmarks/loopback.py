"""The async workload: a real HTTP server on 127.0.0.1 and one fresh client process per measurement.

`python benchmarks/loopback.py serve` runs uvicorn (h11, asyncio, one process) with a bare ASGI app
that answers every request with the canned chat completion of the in-process `chat` workload, after
reading the request body; it prints its port and serves until terminated.

`python benchmarks/loopback.py client CONTENDER URL` is one measurement: it imports only what the
contender needs, creates its async client, warms the pool with one call per slot (every connection
opened, every model built), then makes `--calls` chat completions with `--concurrency` in flight
(that many workers sharing one counter) and prints JSON: requests per second over the timed calls,
and memory: the peak resident set size of the whole process (`VmHWM`, imports included, as a
user sees it) and its growth from just before the first call (Linux only).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import time
from typing import Any

CALLS = 2_000
CONCURRENCY = 100


def _status_mib(field: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux), in MiB.

    `VmHWM` is the peak resident set size of this program image. Not `ru_maxrss`: Linux carries
    that over from the parent across fork and exec, so every child of a large benchmark process
    would report the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


# -- the server -------------------------------------------------------------------------------------


def serve() -> None:
    import payloads
    import uvicorn

    canned = payloads.chat_completion()
    skip = {"date", "server", "transfer-encoding"}
    headers = [(k.encode(), v.encode()) for k, v in canned.headers if k not in skip]
    start = {"type": "http.response.start", "status": 200, "headers": headers}
    body = {"type": "http.response.body", "body": canned.body}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:
            more = (await receive()).get("more_body", False)
        await send(start)
        await send(body)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(
        app,
        lifespan="off",
        http="h11",
        loop="asyncio",
        log_level="warning",
        access_log=False,
        server_header=False,
        date_header=False,
        backlog=2048,
        timeout_keep_alive=60,
    )
    uvicorn.Server(config).run(sockets=[sock])


# -- one client measurement -------------------------------------------------------------------------


def _bare(base_url: str, concurrency: int) -> tuple[Any, Any]:
    import httpx
    import payloads

    # Pool sized to the concurrency, every connection kept alive: the best a bare caller can do.
    http = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    )
    url = base_url + "/chat/completions"
    headers = {"Authorization": f"Bearer {payloads.API_KEY}", "Content-Type": "application/json"}

    async def call() -> Any:
        response = await http.post(url, content=json.dumps(payloads.CHAT_PARAMS).encode(), headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        return json.loads(response.content)["choices"][0]["message"]["content"]

    return call, http.aclose


def _openwire(base_url: str, concurrency: int) -> tuple[Any, Any]:
    import payloads

    import openwire

    client = openwire.AsyncClient(api_key=payloads.API_KEY, base_url=base_url)

    async def call() -> Any:
        completion = await client.chat.completions.create(**payloads.CHAT_PARAMS)
        return completion.choices[0].message.content

    return call, client.aclose


def _openai(base_url: str, concurrency: int) -> tuple[Any, Any]:
    import openai
    import payloads

    client = openai.AsyncOpenAI(api_key=payloads.API_KEY, base_url=base_url)

    async def call() -> Any:
        completion = await client.chat.completions.create(**payloads.CHAT_PARAMS)
        return completion.choices[0].message.content

    return call, client.close


def _openai_httpx(base_url: str, concurrency: int) -> tuple[Any, Any]:
    """The openai package on the floor's httpx pool instead of its default (httpx2): not in the
    default run; for telling the SDK's cost from its HTTP stack's."""
    import httpx
    import openai
    import payloads

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    client = openai.AsyncOpenAI(
        api_key=payloads.API_KEY, base_url=base_url, http_client=httpx.AsyncClient(limits=limits)
    )

    async def call() -> Any:
        completion = await client.chat.completions.create(**payloads.CHAT_PARAMS)
        return completion.choices[0].message.content

    return call, client.close


async def _measure(contender: str, base_url: str, calls: int, concurrency: int) -> dict[str, Any]:
    import gc

    make = {"bare": _bare, "openwire": _openwire, "openai": _openai, "openai-httpx": _openai_httpx}[contender]
    call, close = make(base_url, concurrency)
    rss_before = _status_mib("VmRSS")
    expected = await call()
    assert isinstance(expected, str), expected
    await asyncio.gather(*(call() for _ in range(concurrency)))  # open every connection
    gc.collect()

    done = 0
    failures: list[BaseException] = []

    async def worker() -> None:
        nonlocal done
        while done < calls:
            done += 1
            try:
                if await call() != expected:
                    raise AssertionError("unexpected content")
            except Exception as exc:  # report, don't hang the run
                failures.append(exc)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    await close()
    if failures:
        raise SystemExit(f"{len(failures)} of {calls} calls failed; first: {failures[0]!r}")
    return {
        "contender": contender,
        "calls": calls,
        "concurrency": concurrency,
        "seconds": seconds,
        "req_per_s": calls / seconds,
        "rss_before_mib": rss_before,
        "peak_rss_mib": _status_mib("VmHWM"),
    }


def client(contender: str, base_url: str, calls: int, concurrency: int) -> None:
    result = asyncio.run(_measure(contender, base_url, calls, concurrency))
    result["growth_mib"] = result["peak_rss_mib"] - result["rss_before_mib"]
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the loopback server; prints its port")
    one = commands.add_parser("client", help="one measurement in this (fresh) process; prints JSON")
    one.add_argument("contender", choices=["bare", "openwire", "openai", "openai-httpx"])
    one.add_argument("base_url")
    one.add_argument("--calls", type=int, default=CALLS)
    one.add_argument("--concurrency", type=int, default=CONCURRENCY)
    args = parser.parse_args()
    if args.command == "serve":
        serve()
    else:
        client(args.contender, args.base_url, args.calls, args.concurrency)


if __name__ == "__main__":
    main()
