"""Benchmark openwire against bare httpx + orjson (the floor) and the official `openai` package.

    python benchmarks/run.py [--quick] [--only WORKLOAD ...] [--reps N] [--out PATH] [--check]

Needs the bench extra (`pip install -e '.[dev,bench]'`); without the `openai` package its column
says so and the rest still runs. Contenders are interleaved (bare, openwire, openai, bare, ...) in
every repetition; the table gives medians and the median of the per-repetition paired ratios, and
checks each ratio against the issue's target (PASS/MISS; the exit status reflects it only with
`--check`). Results go to benchmarks/results/latest.json and latest.md. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import floor  # noqa: E402
import import_cost  # noqa: E402
import loopback  # noqa: E402
import payloads  # noqa: E402
import report  # noqa: E402
import workloads  # noqa: E402
from canned import http_client  # noqa: E402
from report import Row  # noqa: E402

IN_PROCESS = list(workloads.WORKLOADS)
LOOPBACK = ["async", "many-streams"]
WORKLOADS = [*IN_PROCESS, *LOOPBACK, "import"]
DEFAULT_OUT = HERE / "results" / "latest.json"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


ROUNDS = 5
"""Each repetition interleaves the contenders in this many rounds (A B C A B C ...), so that the
paired values of a repetition are measured close together in time."""


def run_in_process(
    workload: workloads.Workload, contenders: list[str], reps: int, block_seconds: float
) -> Row:
    """Time one in-process workload: warm up and calibrate each contender, then `reps` repetitions.

    A repetition creates each contender's client once, outside the timing, then runs about
    `block_seconds` of its operations, spread over `ROUNDS` interleaved rounds; the repetition's
    value is that contender's total time over its number of operations (per item)."""
    canned = workload.canned()
    factories = {c: workload.factory(c) for c in contenders}
    counts: dict[str, int] = {}
    for contender in contenders:
        with http_client(canned) as http:
            operation = factories[contender](http)
            workload.check(contender, operation())  # the first call builds whatever is built lazily
            started = time.perf_counter()
            workload.check(contender, operation())
            once = time.perf_counter() - started
            if once < 0.05:
                once = min(_per_call(operation) for _ in range(2))
        counts[contender] = max(1, min(100_000, round(block_seconds / once)))
    log(f"  {workload.name}: operations per repetition {counts}")
    per_rep: dict[str, list[float]] = {c: [] for c in contenders}
    for rep in range(reps):
        https = {c: http_client(canned) for c in contenders}
        operations = {c: factories[c](https[c]) for c in contenders}
        spent = dict.fromkeys(contenders, 0.0)
        for round_ in range(ROUNDS):
            for contender in contenders:
                count = counts[contender] // ROUNDS + (round_ < counts[contender] % ROUNDS)
                if not count:
                    continue
                operation = operations[contender]
                gc.collect()
                started = time.perf_counter()
                for _ in range(count):
                    operation()
                spent[contender] += time.perf_counter() - started
        for contender in contenders:
            https[contender].close()
            per_rep[contender].append(spent[contender] / counts[contender] / workload.items)
        del operations
        log(f"  {workload.name} rep {rep + 1}/{reps}: " + _progress(per_rep, "s"))
    return Row(
        workload.name,
        f"{workload.title}, per {workload.item}",
        "s",
        per_rep,
        target=("<=", workload.target),
        item=workload.item,
        extra={"operations_per_rep": counts, "rounds": ROUNDS},
    )


def _per_call(operation: workloads.Operation) -> float:
    """Seconds per call, from batches of 1, 4, 16, ... calls until one lasts 50 ms (calibration)."""
    count = 1
    while True:
        started = time.perf_counter()
        for _ in range(count):
            operation()
        elapsed = time.perf_counter() - started
        if elapsed >= 0.05:
            return elapsed / count
        count *= 4


def run_loopback(name: str, contenders: list[str], reps: int, floor_json: str) -> list[Row]:
    """A loopback workload (`async` or `many-streams`): one server process for it, a fresh client
    process per contender per repetition (see loopback.py)."""
    stream = name == "many-streams"
    workload = "stream" if stream else "chat"
    calls, concurrency = loopback.DEFAULTS[workload]
    script = str(HERE / "loopback.py")
    serve = [sys.executable, script, "serve", *(["--stream"] if stream else [])]
    server = subprocess.Popen(serve, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        base_url = f"http://127.0.0.1:{port}/v1"
        speed: dict[str, list[float]] = {c: [] for c in contenders}
        peak: dict[str, list[float]] = {c: [] for c in contenders}
        growth: dict[str, list[float]] = {c: [] for c in contenders}
        cpu: dict[str, list[float]] = {c: [] for c in contenders}
        share: dict[str, list[float]] = {c: [] for c in contenders}
        for rep in range(reps):
            for contender in contenders:
                command = [sys.executable, script, "client", contender, base_url, "--workload", workload]
                command += ["--calls", str(calls), "--concurrency", str(concurrency)]
                command += ["--floor-json", floor_json]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise RuntimeError(f"{name} client {contender} failed:\n{done.stdout}{done.stderr}")
                result = json.loads(done.stdout.strip().splitlines()[-1])
                items = calls * (payloads.SHORT_STREAM_CHUNKS if stream else 1)
                # per chunk (seconds) for streams, requests per second for the async workload
                speed[contender].append(result["seconds"] / items if stream else result["req_per_s"])
                peak[contender].append(result["peak_rss_mib"])
                growth[contender].append(result["growth_mib"])
                cpu[contender].append(result["cpu_seconds"] / items)
                share[contender].append(result["cpu_seconds"] / result["seconds"])
            unit = "s" if stream else "rate"
            log(f"  {name} rep {rep + 1}/{reps}: " + _progress(speed, unit) + " | " + _progress(peak, "MiB"))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    extra = {
        "calls": calls,
        "concurrency": concurrency,
        "client_cpu_s_per_item_per_rep": cpu,  # the client process's CPU time over the timed calls
        "client_cpu_share_per_rep": share,  # that CPU time over the wall time: 1 = never waited
    }
    if stream:
        title = (
            f"many streams, {calls:,} \N{MULTIPLICATION SIGN} {payloads.SHORT_STREAM_CHUNKS} chunks, "
            f"{concurrency} in flight, loopback server"
        )
        timed = Row(name, f"{title}: per chunk", "s", speed, target=("<=", 2.0), item="chunk", extra=extra)
        memory_target = 1.0
    else:
        title = f"async, {calls:,} calls, {concurrency} in flight, loopback server"
        timed = Row(
            name, f"{title}: throughput", "rate", speed, target=(">=", 1.0), item="request", extra=extra
        )
        memory_target = 1.2
    memory = Row(
        f"{name}-memory",
        f"{title}: peak RSS",
        "MiB",
        peak,
        target=("<=", memory_target),
        extra={"growth_mib_per_rep": growth},
    )
    return [timed, memory]


def run_import(contenders: list[str], reps: int) -> Row:
    for contender in contenders:
        import_cost.measure(contender)  # writes the bytecode caches; not counted
    per_rep: dict[str, list[float]] = {c: [] for c in contenders}
    for _ in range(reps):
        for contender in contenders:
            per_rep[contender].append(import_cost.measure(contender))
    log("  import: " + _progress(per_rep, "s"))
    return Row(
        "import",
        "import + construct a client (fresh interpreter)",
        "s",
        per_rep,
        target=("<=", 1.2),
        extra={"snippets": import_cost.SNIPPETS},
    )


def _progress(per_rep: dict[str, list[float]], unit: str) -> str:
    return ", ".join(
        f"{c} {report.format_value(values[-1], unit, 'call')}" for c, values in per_rep.items() if values
    )


def _exit_on_terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds, so the loopback server is stopped too


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="3 repetitions and shorter timing blocks")
    parser.add_argument("--only", nargs="+", choices=WORKLOADS, metavar="WORKLOAD", help=", ".join(WORKLOADS))
    parser.add_argument("--reps", type=int, help="repetitions (default 7, --quick 3; import runs 3x as many)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="results JSON (the .md is written beside it)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument(
        "--contenders", nargs="+", choices=workloads.CONTENDERS, default=list(workloads.CONTENDERS),
        help="a subset of bare, openwire, openai (bare is needed for the ratios)",
    )  # fmt: skip
    parser.add_argument(
        "--floor-json", choices=floor.CHOICES, default=floor.DEFAULT,
        help="the floor's JSON library, both ways: orjson (default), the standard library's json, or "
        "pydantic-core's to_json/from_json; the loopback client processes use it too",
    )  # fmt: skip
    parser.add_argument(
        "--stream-read", type=int, default=payloads.STREAM_READ_BYTES, metavar="BYTES",
        help="bytes per read of the chat stream (default 4096; 0: one read per event)",
    )  # fmt: skip
    parser.add_argument(
        "--block", type=float, help="seconds of calls per contender per repetition (default 0.3, --quick 0.1)"
    )
    args = parser.parse_args(argv)
    reps = args.reps or (3 if args.quick else 7)
    block = args.block or (0.1 if args.quick else 0.3)
    selected = args.only or WORKLOADS
    contenders = [c for c in workloads.CONTENDERS if c in args.contenders]
    absent: dict[str, str] = {}
    if "openai" in contenders and importlib.util.find_spec("openai") is None:
        contenders.remove("openai")
        absent["openai"] = "not installed"
    payloads.STREAM_READ_BYTES = args.stream_read
    workloads.use_floor_json(args.floor_json)

    info = report.machine()
    log(f"machine: {report.machine_line(info)}")
    log(f"workloads: {', '.join(selected)}; contenders: {', '.join(contenders)}; {reps} repetitions")
    started = time.perf_counter()
    rows: list[Row] = []
    for name in selected:
        log(f"{name} ...")
        if name in workloads.WORKLOADS:
            rows.append(run_in_process(workloads.WORKLOADS[name], contenders, reps, block))
        elif name in LOOPBACK:
            rows.extend(run_loopback(name, contenders, reps, args.floor_json))
        else:
            rows.append(run_import(contenders, reps * 3))
    for row in rows:
        row.absent.update(absent)
    elapsed = time.perf_counter() - started

    command = " ".join(["python benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    results = {
        "command": command,
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(elapsed, 1),
        "repetitions": reps,
        "import_repetitions": reps * 3,
        "block_seconds": block,
        "floor_json": args.floor_json,
        "stream_read_bytes": args.stream_read,
        "machine": info,
        "contenders": contenders,
        "absent": absent,
        "workloads": {row.workload: row.to_json() for row in rows},
    }
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    out.with_suffix(".md").write_text(report.page(results) + "\n")
    print(report.table(results))
    print(f"\n{out} and {out.with_suffix('.md')} written ({elapsed:.0f} s)")
    missed = [row.title for row in rows if row.status() == "MISS"]
    if missed:
        print("targets missed: " + "; ".join(missed))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
