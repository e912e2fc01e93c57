"""How big the reliability tests run, and where their figures go.

The default suite runs a fast version of every test. `python scripts/reliability.py` runs the
heavy version (`OPENWIRE_HEAVY=1`: 10,000 streams, thousands of generated cases) and writes the
figures each test reports to a JSON file (`OPENWIRE_RELIABILITY_REPORT`), from which
docs/reliability.md quotes them.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from hypothesis import settings

__all__ = ["HEAVY", "examples", "record", "scale"]

HEAVY = os.environ.get("OPENWIRE_HEAVY") == "1"
"""Whether this is the heavy run."""

settings.register_profile("openwire-fast", max_examples=60, deadline=None)
settings.register_profile("openwire-heavy", max_examples=3000, deadline=None)

_LOCK = threading.Lock()


def scale(fast: int, heavy: int) -> int:
    """`heavy` in the heavy run, else `fast`."""
    return heavy if HEAVY else fast


def examples(fast: int = 60, heavy: int = 3000) -> settings:
    """Hypothesis settings for a property test: `fast` cases by default, `heavy` in the heavy run."""
    return settings(max_examples=scale(fast, heavy), deadline=None)


def record(figure: str, value: float | int | str) -> None:
    """Add `value` to the figure named `figure` in the report (numbers add up across tests; text
    replaces). Does nothing unless `OPENWIRE_RELIABILITY_REPORT` names a file."""
    path = os.environ.get("OPENWIRE_RELIABILITY_REPORT")
    if not path:
        return
    with _LOCK:
        file = Path(path)
        figures = json.loads(file.read_text()) if file.exists() else {}
        before = figures.get(figure)
        if isinstance(value, (int, float)) and isinstance(before, (int, float)):
            figures[figure] = before + value
        else:
            figures[figure] = value
        file.write_text(json.dumps(figures, indent=2, sort_keys=True))
