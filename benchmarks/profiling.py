"""Profile one contender on one in-process workload with cProfile, and print the top entries.

    python benchmarks/profiling.py stream                       # openwire, by cumulative time
    python benchmarks/profiling.py chat --contender bare --sort tottime --limit 30

The same canned bytes and transport as `run.py`; one untimed call first. For the loopback
workloads, profile a client process directly:
`python -m cProfile -s tottime benchmarks/loopback.py client openwire http://127.0.0.1:PORT/v1`
(with `python benchmarks/loopback.py serve` running; for many-streams, `serve --stream` and
`client ... --workload stream`); for imports, `python -X importtime -c 'import openwire'`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads
from canned import http_client


def profile(name: str, contender: str, seconds: float, sort: str, limit: int) -> str:
    workload = workloads.WORKLOADS[name]
    canned = workload.canned()
    with http_client(canned) as http:
        operation = workload.factory(contender)(http)
        workload.check(contender, operation())
        started = time.perf_counter()
        operation()
        count = max(1, round(seconds / (time.perf_counter() - started)))
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(count):
            operation()
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)
    return f"{name} / {contender}: {count} operations\n{out.getvalue()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workload", choices=list(workloads.WORKLOADS))
    parser.add_argument("--contender", choices=workloads.CONTENDERS, default="openwire")
    parser.add_argument("--seconds", type=float, default=2.0, help="about how long to profile")
    parser.add_argument("--sort", default="cumulative", help="a pstats sort key (cumulative, tottime, ...)")
    parser.add_argument("--limit", type=int, default=15)
    args = parser.parse_args()
    print(profile(args.workload, args.contender, args.seconds, args.sort, args.limit))


if __name__ == "__main__":
    main()
