"""The `openwire` command's exit codes, and how a failure becomes one line on stderr and a code."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import openwire

__all__ = ["CommandError", "ExitCode", "Failure", "describe"]


class ExitCode(enum.IntEnum):
    """What the `openwire` command's exit status means."""

    OK = 0
    """The command did what it was asked."""
    FAILED = 1
    """The command failed while running: the server answered with an error status, an error event,
    or an answer that could not be read; or a file could not be read or written."""
    API_ERROR = 1
    """Another name for `FAILED` (the same code), after its most common cause."""
    USAGE = 2
    """The command line was wrong: argparse's own code, a missing argument, an input file that does
    not exist, an output directory that does not exist."""
    CONNECTION = 3
    """No answer: the server could not be reached, the connection broke, or the request timed out."""
    CONFIG = 4
    """The client could not be configured: no API key for a remote server, or a bad base URL."""
    MISSING_DEPENDENCY = 5
    """An optional dependency the command needs is not installed (e.g. uvicorn for `serve`)."""
    INTERNAL = 70
    """A bug: something failed that openwire did not expect (run with `--debug` for the traceback)."""
    INTERRUPTED = 130
    """Stopped with Ctrl+C."""
    BROKEN_PIPE = 141
    """Whatever read the output stopped reading (`openwire models | head -1`)."""


class CommandError(Exception):
    """A failure a command detected itself, with the exit code it stands for.

    Raise it from a command with a message that says what to do instead; `main` prints the message
    on one line, after `label` (by default the kind of error `code` stands for), and exits with `code`.
    """

    def __init__(self, message: str, code: ExitCode = ExitCode.USAGE, *, label: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.label = label


@dataclass(frozen=True)
class Failure:
    """How an exception is reported: the exit code, a label and the one-line message."""

    code: ExitCode
    label: str
    message: str


def describe(error: BaseException, *, base_url: str | None = None) -> Failure:
    """The exit code and the message for an exception a command raised.

    `base_url` (the server the command talked to, if it got that far) lets a connection error say
    which server could not be reached.
    """
    if isinstance(error, CommandError):
        label = error.label or {
            ExitCode.USAGE: "error",
            ExitCode.API_ERROR: "API error",
            ExitCode.CONFIG: "configuration error",
            ExitCode.MISSING_DEPENDENCY: "missing dependency",
        }.get(error.code, "error")
        return Failure(error.code, label, error.message)
    if isinstance(error, openwire.APIConnectionError):
        message = str(error)
        if base_url and not isinstance(error, openwire.APITimeoutError):
            message = (
                message.rstrip(". ") + f". Is a server running at {base_url}? (--base-url, OPENAI_BASE_URL)"
            )
        return Failure(ExitCode.CONNECTION, "connection error", message)
    if isinstance(error, openwire.APIError):
        # Status errors, error events inside a stream, and answers that are not what was expected.
        return Failure(ExitCode.API_ERROR, "API error", str(error))
    if isinstance(error, openwire.InvalidInputError):
        return Failure(ExitCode.USAGE, "error", str(error))
    if isinstance(error, openwire.OpenwireError):
        return Failure(ExitCode.API_ERROR, "error", str(error))
    if isinstance(error, OSError):  # a file that could not be read or written while running
        where = f": {error.filename}" if error.filename else ""
        return Failure(ExitCode.FAILED, "error", f"{error.strerror or error}{where}")
    name = type(error).__name__
    return Failure(
        ExitCode.INTERNAL, "internal error", f"{name}: {error} (run with --debug for the traceback)"
    )
