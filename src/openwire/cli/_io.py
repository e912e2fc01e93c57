"""The commands' input and files: text from the arguments or stdin, and where to write what they make."""

from __future__ import annotations

import sys
from pathlib import Path

from ._errors import CommandError

__all__ = ["lines_or_stdin", "output_path", "words_or_stdin"]


def words_or_stdin(words: list[str], what: str) -> str:
    """The words of the command line joined by spaces, or else all of stdin when it is piped in.

    Raises `CommandError` (a usage error) when there is neither.
    """
    text = " ".join(words).strip() if words else _stdin().strip()
    if not text:
        raise CommandError(f"no {what}: give it as arguments, or pipe it in on stdin")
    return text


def lines_or_stdin(items: list[str], what: str) -> list[str]:
    """The items of the command line, or else the non-empty lines of stdin when it is piped in.

    Raises `CommandError` (a usage error) when there are none, or when one is empty.
    """
    if not items:
        items = [line.strip() for line in _stdin().splitlines() if line.strip()]
    if not items:
        raise CommandError(f"no {what}: give them as arguments, or pipe them in on stdin, one per line")
    for position, item in enumerate(items):
        if not item.strip():
            raise CommandError(f"{what} number {position + 1} is empty")
    return items


def output_path(requested: str | None, stem: str, suffix: str) -> Path:
    """Where to write a file the command made.

    `requested` is the `--out` value: a file path is used as given (replacing an existing file), a
    directory gets `<stem><suffix>` inside it. Without `--out`, `<stem><suffix>` in the current
    directory, numbered (`image-2.png`, ...) rather than replacing a file already there.
    """
    if requested is not None:
        path = Path(requested).expanduser()
        if path.is_dir():
            return _fresh(path, stem, suffix)
        if not path.parent.is_dir():
            raise CommandError(f"cannot write {path}: the directory {path.parent} does not exist")
        return path
    return _fresh(Path(), stem, suffix)


def _fresh(directory: Path, stem: str, suffix: str) -> Path:
    candidate = directory / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = directory / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def _stdin() -> str:
    stream = sys.stdin
    if stream is None or stream.isatty():
        return ""
    return stream.read()
