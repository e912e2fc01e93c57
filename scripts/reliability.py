"""Run the reliability tests at full size and print their figures for docs/reliability.md.

    .venv/bin/python scripts/reliability.py            # the heavy run (10,000 streams, ...)
    .venv/bin/python scripts/reliability.py --fast     # the sizes the default suite uses
    .venv/bin/python scripts/reliability.py -k faults  # other arguments go to pytest

The tests in tests/reliability/ run in the default suite at small sizes; `OPENWIRE_HEAVY=1` makes
them run at full size, and `OPENWIRE_RELIABILITY_REPORT` names the JSON file their figures are
added to. This script sets both, runs pytest on tests/reliability/, and prints the figures as a
Markdown table with the run's duration and outcome. The exit status is pytest's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fast", action="store_true", help="the default suite's sizes, not the heavy ones")
    args, passed_on = parser.parse_known_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "figures.json"
        env = {**os.environ, "OPENWIRE_RELIABILITY_REPORT": str(report)}
        if not args.fast:
            env["OPENWIRE_HEAVY"] = "1"
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/reliability",
            *passed_on,
        ]
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, env=env, check=False)
        seconds = time.monotonic() - started
        figures = json.loads(report.read_text()) if report.exists() else {}
    size = "fast (the default suite's sizes)" if args.fast else "heavy (OPENWIRE_HEAVY=1)"
    print()
    machine = f"Python {platform.python_version()} on {platform.system()} {platform.release()}"
    status = f"pytest exit status {done.returncode}"
    print(f"Run: {size}, {seconds:.0f} s, {status}, {machine}, {os.cpu_count()} cores")
    print()
    print("| figure | value |")
    print("|---|---:|")
    for name, value in sorted(figures.items()):
        shown = (
            f"{value:,}"
            if isinstance(value, int)
            else (f"{value:,.1f}" if isinstance(value, float) else value)
        )
        print(f"| {name} | {shown} |")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
