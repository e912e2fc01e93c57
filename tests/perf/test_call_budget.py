"""The performance regression guard: openwire's own work per call, against a checked-in budget.

Nothing is timed (CI machines are noisy). Each measure counts the Python calls into openwire's code
for one operation (see `call_counts.py`), which is the same on every machine and every supported
Python, httpx and pydantic; one also bounds the memory of decoding base64 embeddings. A measure
more than `tolerance` (10 %) above its budget in `budget.json` fails, naming the functions whose
counts grew; one below its budget passes and asks, in the terminal summary, for the budget to be
lowered with `python tests/perf/update_budget.py`, so that the gain is kept.
"""

from __future__ import annotations

import json
from typing import Any

import call_counts
import pytest

BUDGET = json.loads(call_counts.BUDGET_FILE.read_text())
UPDATE = "python tests/perf/update_budget.py"


class _Hints:
    """A plugin, registered on the first measure under budget, that lists them in the summary."""

    name = "openwire-performance-budget"

    def __init__(self) -> None:
        self.lines: list[str] = []

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        terminalreporter.section("performance budget")
        for line in self.lines:
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"Lower the budget to keep the gain: {UPDATE} (and commit budget.json)")


def _hint(config: pytest.Config, line: str) -> None:
    plugin = config.pluginmanager.get_plugin(_Hints.name)
    if plugin is None:
        plugin = _Hints()
        config.pluginmanager.register(plugin, _Hints.name)
    plugin.lines.append(line)


def _changes(before: dict[str, float], after: dict[str, float]) -> str:
    changed = [
        f"{name}: {before.get(name, 0):g} -> {after.get(name, 0):g}"
        for name in sorted(before.keys() | after.keys())
        if before.get(name, 0) != after.get(name, 0)
    ]
    return "\n  ".join(changed) or "(no per-function change recorded)"


@pytest.mark.parametrize("name", list(call_counts.MEASURES))
def test_within_budget(name: str, request: pytest.FixtureRequest) -> None:
    measure, needs_numpy, what = call_counts.MEASURES[name]
    if needs_numpy:
        pytest.importorskip("numpy")
    entry = BUDGET["measures"].get(name)
    assert entry is not None, f"{name} has no budget in {call_counts.BUDGET_FILE.name}: run {UPDATE}"
    value, breakdown = measure()
    budget = float(entry["budget"])
    allowed = budget * (1 + BUDGET["tolerance"])
    if value > allowed:
        pytest.fail(
            f"{name} ({what}) is {value:g}, over its budget of {budget:g} (+{BUDGET['tolerance']:.0%} "
            f"allowed: {allowed:g}).\nPer function, budget -> now:\n  "
            f"{_changes(entry.get('by_function', {}), breakdown)}\n"
            f"If the extra work is intended, raise the budget with `{UPDATE}` and say why in the commit."
        )
    if value < budget * (1 - call_counts.NOISE.get(name, 0)):
        _hint(request.config, f"{name}: {value:g}, under its budget of {budget:g}")


def test_budget_covers_every_measure() -> None:
    assert set(BUDGET["measures"]) == set(call_counts.MEASURES), f"run {UPDATE}"
    assert 0 < BUDGET["tolerance"] <= 0.25


def test_counting_sees_only_openwire() -> None:
    """The counter counts openwire's frames and nothing else (not httpx's, not the test's)."""
    import httpx

    def work() -> None:
        httpx.URL("https://example.test/a").join("b")
        from openwire._models import UnknownVariant

        UnknownVariant.model_validate({"type": "x"})

    _, counts = call_counts.count_calls(work)
    assert not counts
    from openwire._sse import SSEDecoder

    _, counts = call_counts.count_calls(lambda: SSEDecoder().feed(b"data: 1\n\n"))
    # The decoder's own functions, named by file and name (the event is a tuple: no call of ours).
    assert counts == {"_sse.py:__init__": 1, "_sse.py:feed": 1, "_sse.py:feed_raw": 1, "_sse.py:data": 1}
