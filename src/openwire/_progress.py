"""How far a bulk run has got, and the ways to show it: a callback, rich's progress bar, or a line
of text on stderr."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["BulkProgress", "progress_display"]


@dataclass(frozen=True)
class BulkProgress:
    """How far a bulk run has got; what a `progress=` callback receives after each call.

    Attributes:
        done: calls finished (succeeded, failed or restored).
        failed: of those, the calls that failed.
        restored: of those, the calls whose value came from the journal.
        total: how many calls there are, when the input has a length (None for an iterator).
    """

    done: int
    failed: int
    restored: int
    total: int | None


class _Silent:
    def update(self, progress: BulkProgress) -> None:
        pass

    def close(self) -> None:
        pass


class _Callback(_Silent):
    def __init__(self, callback: Callable[[BulkProgress], None]) -> None:
        self._callback = callback

    def update(self, progress: BulkProgress) -> None:
        self._callback(progress)


class _RichBar(_Silent):
    def __init__(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(stderr=True))
        self._task = self._bar.add_task("bulk", total=total)
        self._bar.start()

    def update(self, progress: BulkProgress) -> None:
        failed = f" ({progress.failed} failed)" if progress.failed else ""
        self._bar.update(self._task, completed=progress.done, description="bulk" + failed)

    def close(self) -> None:
        self._bar.stop()


class _TextLine(_Silent):
    """A line of text on stderr, rewritten at most ten times a second (when rich is not installed)."""

    def __init__(self) -> None:
        self._shown = 0.0
        self._last: BulkProgress | None = None

    def update(self, progress: BulkProgress) -> None:
        self._last = progress
        now = time.monotonic()
        if now - self._shown >= 0.1:
            self._shown = now
            self._write(progress)

    def _write(self, progress: BulkProgress) -> None:
        total = f"/{progress.total}" if progress.total is not None else ""
        sys.stderr.write(f"\rbulk: {progress.done}{total} done, {progress.failed} failed")
        sys.stderr.flush()

    def close(self) -> None:
        if self._last is not None:
            self._write(self._last)
            sys.stderr.write("\n")


def progress_display(progress: bool | Callable[[BulkProgress], None], total: int | None) -> _Silent:
    """What shows a run's progress: nothing, the caller's function, or a bar on stderr (rich's
    when it is installed; it is optional)."""
    if callable(progress):
        return _Callback(progress)
    if not progress:
        return _Silent()
    try:
        return _RichBar(total)
    except ImportError:
        return _TextLine()
