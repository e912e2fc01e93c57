"""Rewrite tests/perf/budget.json from what the current code measures.

    .venv/bin/python tests/perf/update_budget.py          # show old -> new and write
    .venv/bin/python tests/perf/update_budget.py --dry-run

Run it after an optimization lowered a count (the test run says which), or after a change that
adds work on purpose (say why in the commit). The numbers are deterministic: any machine, any
supported Python, httpx or pydantic gives the same counts (the peak ratio moves by < 1 %).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import call_counts

ABOUT = (
    "Budgets of the performance regression guard (tests/perf/test_call_budget.py). Counts are "
    "Python calls into openwire's own code (sys.setprofile), deterministic on any machine; the peak "
    "ratio is tracemalloc's. A measure above its budget by more than `tolerance` fails the suite; one "
    "below it prints a hint to lower the budget. Regenerate: python tests/perf/update_budget.py"
)


def _plain(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true", help="show the new numbers without writing")
    args = parser.parse_args()
    if not call_counts.HAS_NUMPY:
        raise SystemExit("numpy is needed to measure every budget: pip install -e '.[dev]'")
    old = json.loads(call_counts.BUDGET_FILE.read_text()) if call_counts.BUDGET_FILE.exists() else {}
    old_measures = old.get("measures", {})
    measures = {}
    for name, (value, breakdown) in call_counts.measure_all().items():
        before = old_measures.get(name, {}).get("budget")
        print(f"{name}: {before if before is not None else '(new)'} -> {value:g}")
        entry: dict[str, object] = {"budget": _plain(value), "what": call_counts.MEASURES[name][2]}
        if breakdown:
            entry["by_function"] = {function: _plain(count) for function, count in breakdown.items()}
        measures[name] = entry
    budget = {"about": ABOUT, "tolerance": old.get("tolerance", 0.10), "measures": measures}
    if not args.dry_run:
        call_counts.BUDGET_FILE.write_text(json.dumps(budget, indent=2) + "\n")
        print(f"wrote {call_counts.BUDGET_FILE}")


if __name__ == "__main__":
    main()
