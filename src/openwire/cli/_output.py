"""Where the `openwire` command's output goes, and how it looks: plain text, or rich's colour,
tables and spinners when rich is installed (`pip install 'openwire[cli]'`).

Results go to stdout; notes, progress and errors go to stderr, so `openwire chat ... > reply.txt`
keeps only the reply. Commands describe what to show with a few semantic styles (`"ok"`, `"bad"`,
`"warn"`, `"dim"`, `"em"`, `"path"`); the plain renderer ignores them, the rich one colours them.
Text from the server is never interpreted as markup.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = ["Output", "RichOutput", "Segment", "make_output"]

Segment: TypeAlias = str | tuple[str, str]
"""A piece of a line: plain text, or `(text, style)` with one of the semantic styles."""

_RICH_STYLES = {
    "ok": "bold green",
    "bad": "bold red",
    "warn": "yellow",
    "dim": "dim",
    "em": "bold",
    "path": "cyan",
    "head": "bold magenta",
    "code": "bright_blue",
}


class Output:
    """Plain-text output (when rich is not installed, or with `--plain`); the rich renderer
    overrides how things look."""

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr

    @property
    def rich(self) -> bool:
        """Whether output is rendered with rich."""
        return False

    # -- stdout -------------------------------------------------------------------------------

    def line(self, *parts: Segment) -> None:
        """Print one line of results on stdout."""
        self._write(self.stdout, _plain(parts) + "\n")

    def stream(self, text: str) -> None:
        """Print text as it arrives (a streamed reply), without a newline, flushed at once."""
        self.stdout.write(text)
        self.stdout.flush()

    def json(self, document: Any, *, indent: int | None = 2) -> None:
        """Print one JSON document on stdout (the `--json` output of a command)."""
        self._write(self.stdout, json.dumps(document, indent=indent, ensure_ascii=False) + "\n")

    def heading(self, title: str) -> None:
        """Start a section of output with a title."""
        self._write(self.stdout, f"\n== {title} ==\n")

    def table(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], *, title: str | None = None
    ) -> None:
        """Print rows as aligned columns under a header."""
        widths = [len(name) for name in columns]
        for row in rows:
            widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=False)]
        lines = [title] if title else []
        for row in [list(columns), *rows]:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            lines.append("  ".join(cells).rstrip())
        self._write(self.stdout, "\n".join(lines) + "\n")

    def fields(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Print `name: value` lines with the values aligned."""
        width = max((len(name) for name, _ in pairs), default=0)
        self._write(self.stdout, "".join(f"{name + ':':<{width + 1}} {value}\n" for name, value in pairs))

    # -- stderr -------------------------------------------------------------------------------

    def info(self, *parts: Segment) -> None:
        """Print a line about the results (a verdict, a file written) on stderr."""
        self._write(self.stderr, _plain(parts) + "\n")

    def note(self, text: str) -> None:
        """Print a quiet remark (usage, timing) on stderr."""
        self._write(self.stderr, text + "\n")

    def error(self, label: str, message: str) -> None:
        """Print an error on one line on stderr: `openwire: <label>: <message>`."""
        self._write(self.stderr, f"openwire: {label}: {message}\n")

    @contextlib.contextmanager
    def busy(self, message: str) -> Iterator[None]:
        """Say what is being waited for while the block runs (a spinner with rich; plain text says
        it once, only to a terminal, and wipes it out when the block ends)."""
        if not _is_terminal(self.stderr):
            yield
            return
        # Cut to the terminal's width: a line that wrapped could not be taken back by "\r".
        line = f"{message}..."[: max(shutil.get_terminal_size().columns - 1, 20)]
        self._write(self.stderr, line)
        try:
            yield
        finally:
            # Spaces over it and back to the start: no escape codes, which not every terminal reads.
            self._write(self.stderr, "\r" + " " * len(line) + "\r")

    @staticmethod
    def _write(stream: TextIO, text: str) -> None:
        stream.write(text)
        stream.flush()


class RichOutput(Output):
    """Colour, tables and spinners with rich; still plain text when stdout is not a terminal."""

    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None) -> None:
        super().__init__(stdout, stderr)
        from rich.console import Console

        options: dict[str, Any] = {"highlight": False, "markup": False, "emoji": False}
        self._out: Console = Console(file=self.stdout, **options)
        self._err: Console = Console(file=self.stderr, **options)
        for console in (self._out, self._err):
            # Wrap at word boundaries for a person; never break lines for a program reading a pipe.
            console.soft_wrap = not console.is_terminal

    @property
    def rich(self) -> bool:
        """Whether output is rendered with rich (always, here)."""
        return True

    def line(self, *parts: Segment) -> None:
        """Print one line of results on stdout, coloured."""
        self._out.print(_text(parts))

    def heading(self, title: str) -> None:
        """Start a section with a rule carrying its title."""
        from rich.rule import Rule

        self._out.print()
        self._out.print(Rule(_text([(title, "head")]), align="left", style="magenta"))

    def table(
        self, columns: Sequence[str], rows: Sequence[Sequence[str]], *, title: str | None = None
    ) -> None:
        """Print rows as a rich table."""
        from rich.table import Table

        table = Table(
            title=title,
            title_justify="left",
            header_style="bold",
            box=_box(),
            show_edge=False,
            pad_edge=False,
        )
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*row)
        self._out.print(table, soft_wrap=False)

    def fields(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Print `name: value` lines with the names in bold."""
        width = max((len(name) for name, _ in pairs), default=0)
        for name, value in pairs:
            self._out.print(_text([(f"{name + ':':<{width + 1}} ", "em"), value]))

    def info(self, *parts: Segment) -> None:
        """Print a coloured line about the results on stderr."""
        self._err.print(_text(parts))

    def note(self, text: str) -> None:
        """Print a dim remark on stderr."""
        self._err.print(_text([(text, "dim")]))

    def error(self, label: str, message: str) -> None:
        """Print an error on one line on stderr, its label in red."""
        self._err.print(_text([("openwire: ", "bad"), (f"{label}: ", "bad"), message]))

    @contextlib.contextmanager
    def busy(self, message: str) -> Iterator[None]:
        """Show a spinner on stderr while the block runs (nothing when stderr is not a terminal)."""
        with self._err.status(_text([message]), spinner="dots"):
            yield


def make_output(*, plain: bool = False, stdout: TextIO | None = None, stderr: TextIO | None = None) -> Output:
    """The renderer to use: rich when it is installed and `plain` is false, else plain text."""
    if not plain:
        try:
            import rich  # noqa: F401
        except ImportError:
            pass
        else:
            return RichOutput(stdout, stderr)
    return Output(stdout, stderr)


def _plain(parts: Sequence[Segment]) -> str:
    return "".join(part if isinstance(part, str) else part[0] for part in parts)


def _text(parts: Sequence[Segment]) -> Text:
    from rich.text import Text

    text = Text()
    for part in parts:
        if isinstance(part, str):
            text.append(part)
        else:
            text.append(part[0], style=_RICH_STYLES.get(part[1], part[1]))
    return text


def _box() -> Any:
    from rich import box

    return box.SIMPLE_HEAD


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
