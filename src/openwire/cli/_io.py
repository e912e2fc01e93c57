"""The commands' input and files: text from the arguments or stdin, and where to write what they make."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ._errors import CommandError, ExitCode

__all__ = ["lines_or_stdin", "output_path", "words_or_stdin"]


def words_or_stdin(words: list[str], what: str) -> str:
    """The words of the command line joined by spaces, or else all of stdin when it is piped in.

    Raises `CommandError` (a usage error) when there is neither.
    """
    text = " ".join(words).strip() if words else _stdin().strip()
    if not text:
        raise CommandError(f"no {what}: give it as arguments, or pipe it in on stdin")
    return text


def lines_or_stdin(items: list[str], what: str, item_name: str = "text") -> list[str]:
    """The items of the command line, or else the non-empty lines of stdin when it is piped in.

    Raises `CommandError` (a usage error) when there are none (`no <what>`), or when one is empty
    (`<item_name> number 2 is empty`).
    """
    if not items:
        items = [line.strip() for line in _stdin().splitlines() if line.strip()]
    if not items:
        raise CommandError(f"no {what}: give them as arguments, or pipe them in on stdin, one per line")
    for position, item in enumerate(items):
        if not item.strip():
            raise CommandError(
                f"{item_name} number {position + 1} is empty: give each {item_name} some words, "
                f"or leave that argument out"
            )
    return items


def output_path(requested: str | None, stem: str, suffix: str) -> Path:
    """Where to write a file the command made, checked to be writable before any request is sent.

    `requested` is the `--out` value: a file path is used as given (replacing an existing file); a
    directory, or a path ending in `/` (made if it does not exist yet), gets `<stem><suffix>` inside
    it. Without `--out`, `<stem><suffix>` in the current directory, numbered (`image-2.png`, ...)
    rather than replacing a file already there.

    Raises `CommandError`: a usage error when the directory of a file path does not exist, a
    runtime error (`ExitCode.FAILED`) when the place exists but cannot be written.
    """
    if requested is None:
        return _fresh(_writable_directory(Path()), stem, suffix)
    path = Path(requested).expanduser()
    if requested.endswith(("/", os.sep)) or path.is_dir():
        if not path.is_dir():
            try:
                path.mkdir(parents=True)
            except OSError as error:
                raise _cannot_write(path, error) from None
        return _fresh(_writable_directory(path), stem, suffix)
    if not path.parent.is_dir():
        raise CommandError(
            f"cannot write {path}: the directory {path.parent} does not exist "
            f"(end --out with / to have it made: {path.parent}{os.sep})"
        )
    _check_writable(path)
    return path


def _writable_directory(directory: Path) -> Path:
    try:
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as error:
        raise _cannot_write(directory, error) from None
    return directory


def _check_writable(path: Path) -> None:
    # Append mode opens an existing file without truncating it; a new one is removed again, so a
    # request that then fails leaves nothing behind.
    existed = path.exists()
    try:
        with path.open("ab"):
            pass
    except OSError as error:
        raise _cannot_write(path, error) from None
    if not existed:
        path.unlink(missing_ok=True)


def _cannot_write(path: Path, error: OSError) -> CommandError:
    return CommandError(f"cannot write {path}: {error.strerror or error}", ExitCode.FAILED, label="error")


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
