"""The loopback workloads: a real HTTP server on 127.0.0.1 and one fresh client process per measurement.

`python benchmarks/loopback.py serve` runs uvicorn (h11, asyncio, one process) with a bare ASGI app
that answers every request with the canned chat completion of the in-process `chat` workload, after
reading the request body; it prints its port and serves until terminated. `serve --stream` answers
every request with the 200-chunk chat stream of the many-streams workload instead
(`payloads.short_stream()`, `text/event-stream`), one ASGI body message (`more_body=True`), so one
write to the socket, per event, `data: [DONE]` included, then the end of the body.

`python benchmarks/loopback.py client CONTENDER URL [--workload chat|stream]` is one measurement: it
imports only what the contender needs and creates its async client, makes one call, then
`--concurrency` calls at once (every connection opened, every model built; not timed), then times
`--calls` calls with `--concurrency` in flight (that many workers sharing one counter), and prints
JSON: the seconds, calls per second, the client's CPU seconds, and memory: the peak resident set
size of the whole process (`VmHWM`, imports included, as a user sees it) and its growth from just
before the first call (Linux only).

- `chat` (the async workload, 2,000 calls, 100 in flight): a non-streamed chat completion.
- `stream` (the many-streams workload, 1,000 streams, 200 in flight): a streamed chat completion
  read to its end; each stream is checked (200 chunks, the last one's usage), as in-process.

The floor (`bare`) is one `httpx.AsyncClient` whose pool keeps every connection alive, and the
floor's JSON library (orjson unless `--floor-json` says otherwise, see `floor.py`) both ways; for
streams it splits lines with a plain bytes loop and parses every `data:` line until `[DONE]`, then
reads the body to its end so that the connection goes back to the pool.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

CALLS = 2_000
CONCURRENCY = 100
STREAMS = 1_000
STREAM_CONCURRENCY = 200
DEFAULTS = {"chat": (CALLS, CONCURRENCY), "stream": (STREAMS, STREAM_CONCURRENCY)}
"""Workload -> (calls, in flight)."""

Call = Callable[[], Awaitable[Any]]
Close = Callable[[], Awaitable[None]]


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


def serve(stream: bool) -> None:
    import payloads
    import uvicorn

    canned = payloads.short_stream() if stream else payloads.chat_completion()
    skip = {"date", "server", "transfer-encoding"}  # uvicorn writes the framing (chunked for streams)
    headers = [(k.encode(), v.encode()) for k, v in canned.headers if k not in skip]
    start = {"type": "http.response.start", "status": 200, "headers": headers}
    if stream:
        messages = [
            {"type": "http.response.body", "body": event, "more_body": True} for event in canned.reads
        ]
        messages.append({"type": "http.response.body", "body": b"", "more_body": False})
    else:
        messages = [{"type": "http.response.body", "body": canned.body}]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:
            more = (await receive()).get("more_body", False)
        await send(start)
        for message in messages:
            await send(message)

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


# -- the contenders: (call, close) for one workload -------------------------------------------------


def _bare_http(concurrency: int) -> Any:
    import httpx

    # Pool sized to the concurrency, every connection kept alive: the best a bare caller can do.
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(limits=limits)


def _bare(workload: str, base_url: str, concurrency: int, floor_json: str) -> tuple[Call, Close]:
    import floor
    import payloads

    dumps, loads = floor.codec(floor_json)
    http = _bare_http(concurrency)
    url = base_url + "/chat/completions"
    headers = {"Authorization": f"Bearer {payloads.API_KEY}", "Content-Type": "application/json"}

    async def call() -> Any:
        response = await http.post(url, content=dumps(payloads.CHAT_PARAMS), headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}")
        return loads(response.content)["choices"][0]["message"]["content"]

    async def stream() -> tuple[int, Any]:
        count, last, done = 0, None, False
        body = dumps(payloads.STREAM_PARAMS)
        async with http.stream("POST", url, content=body, headers=headers) as response:
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}")
            pending = b""
            async for read in response.aiter_bytes():
                if done:
                    continue  # after [DONE]: only the end of the body, read so the connection is reused
                lines = (pending + read).split(b"\n")
                pending = lines.pop()
                for line in lines:
                    if line.startswith(b"data: "):
                        data = line[6:]
                        if data == b"[DONE]":
                            done = True
                            break
                        last = loads(data)
                        count += 1
        if not done:
            raise RuntimeError("the stream ended without [DONE]")
        return count, last

    return (stream if workload == "stream" else call), http.aclose


def _sdk_calls(client: Any, workload: str) -> Call:
    """The same code for both SDKs: their users write the same lines."""
    import payloads

    create = client.chat.completions.create

    async def call() -> Any:
        completion = await create(**payloads.CHAT_PARAMS)
        return completion.choices[0].message.content

    async def stream() -> tuple[int, Any]:
        count, last = 0, None
        async for chunk in await create(**payloads.STREAM_PARAMS):
            count += 1
            last = chunk
        return count, last

    return stream if workload == "stream" else call


def _openwire(workload: str, base_url: str, concurrency: int, floor_json: str) -> tuple[Call, Close]:
    import payloads

    import openwire

    client = openwire.AsyncClient(api_key=payloads.API_KEY, base_url=base_url)
    return _sdk_calls(client, workload), client.aclose


def _openai(workload: str, base_url: str, concurrency: int, floor_json: str) -> tuple[Call, Close]:
    import openai
    import payloads

    client = openai.AsyncOpenAI(api_key=payloads.API_KEY, base_url=base_url)
    return _sdk_calls(client, workload), client.close


def _openai_httpx(workload: str, base_url: str, concurrency: int, floor_json: str) -> tuple[Call, Close]:
    """The openai package on the floor's httpx pool instead of its default (httpx2): not in the
    default run; for telling the SDK's cost from its HTTP stack's."""
    import openai
    import payloads

    client = openai.AsyncOpenAI(
        api_key=payloads.API_KEY, base_url=base_url, http_client=_bare_http(concurrency)
    )
    return _sdk_calls(client, workload), client.close


MAKERS = {"bare": _bare, "openwire": _openwire, "openai": _openai, "openai-httpx": _openai_httpx}


def _checker(workload: str, contender: str) -> Callable[[Any], None]:
    """What every answer is checked against: the reply's text, or the stream's chunk count and the
    last chunk's usage (a typed model for the SDKs, a dict for the floor)."""
    import payloads

    if workload == "chat":
        reply = payloads.chat_reply()

        def check_chat(content: Any) -> None:
            if content != reply:
                raise AssertionError(f"unexpected content {content!r:.80}")

        return check_chat

    chunks = payloads.SHORT_STREAM_CHUNKS
    tokens = payloads.stream_completion_tokens(chunks, moderation=False)
    if contender == "bare":
        kind: type = dict
    else:
        import pydantic

        kind = pydantic.BaseModel

    def check_stream(result: tuple[int, Any]) -> None:
        count, last = result
        if count != chunks or not isinstance(last, kind):
            raise AssertionError(f"{count} chunks, the last a {type(last).__name__}")
        usage = last["usage"]["completion_tokens"] if kind is dict else last.usage.completion_tokens
        if usage != tokens:
            raise AssertionError(f"completion_tokens {usage}, not {tokens}")

    return check_stream


# -- one client measurement -------------------------------------------------------------------------


async def _measure(
    workload: str, contender: str, base_url: str, calls: int, concurrency: int, floor_json: str
) -> dict[str, Any]:
    import gc

    call, close = MAKERS[contender](workload, base_url, concurrency, floor_json)
    check = _checker(workload, contender)
    rss_before = _status_mib("VmRSS")
    check(await call())
    for result in await asyncio.gather(*(call() for _ in range(concurrency))):  # every connection
        check(result)
    gc.collect()

    done = 0
    failures: list[BaseException] = []

    async def worker() -> None:
        nonlocal done
        while done < calls:
            done += 1
            try:
                check(await call())
            except Exception as exc:  # report, don't hang the run
                failures.append(exc)

    cpu_started = time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    await close()
    if failures:
        raise SystemExit(f"{len(failures)} of {calls} calls failed; first: {failures[0]!r}")
    return {
        "workload": workload,
        "contender": contender,
        "floor_json": floor_json if contender == "bare" else None,
        "calls": calls,
        "concurrency": concurrency,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "req_per_s": calls / seconds,
        "rss_before_mib": rss_before,
        "peak_rss_mib": _status_mib("VmHWM"),
    }


def client(
    workload: str, contender: str, base_url: str, calls: int, concurrency: int, floor_json: str
) -> None:
    result = asyncio.run(_measure(workload, contender, base_url, calls, concurrency, floor_json))
    result["growth_mib"] = result["peak_rss_mib"] - result["rss_before_mib"]
    print(json.dumps(result))


def main() -> None:
    import floor

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    server = commands.add_parser("serve", help="run the loopback server; prints its port")
    server.add_argument("--stream", action="store_true", help="answer with the many-streams stream")
    one = commands.add_parser("client", help="one measurement in this (fresh) process; prints JSON")
    one.add_argument("contender", choices=list(MAKERS))
    one.add_argument("base_url")
    one.add_argument("--workload", choices=list(DEFAULTS), default="chat", help="chat (default) or stream")
    one.add_argument("--calls", type=int, help=f"default {CALLS:,} (stream: {STREAMS:,})")
    one.add_argument("--concurrency", type=int, help=f"default {CONCURRENCY} (stream: {STREAM_CONCURRENCY})")
    one.add_argument(
        "--floor-json",
        choices=floor.CHOICES,
        default=floor.DEFAULT,
        help="the floor's JSON library (bare only)",
    )
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.stream)
    else:
        calls, concurrency = DEFAULTS[args.workload]
        client(
            args.workload,
            args.contender,
            args.base_url,
            args.calls or calls,
            args.concurrency or concurrency,
            args.floor_json,
        )


if __name__ == "__main__":
    main()
