"""The `openwire` command: the API from the terminal, and `openwire demo`, a tour with no key needed.

```
openwire demo                                   # every resource against the built-in server
openwire chat "Write a haiku about rivers"      # streams the reply as it is written
openwire --base-url http://localhost:11434/v1 models
openwire --json embed "first text" "second"     # one JSON document on stdout
```

Built on argparse; colour, tables and spinners come from rich when it is installed
(`pip install 'openwire[cli]'`), and the output is plain text without it. See `docs/cli.md` for
every command and option, and `ExitCode` for what the exit status means.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._errors import CommandError, ExitCode, describe

if TYPE_CHECKING:
    import openwire

    from ._output import Output

__all__ = ["ExitCode", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `openwire` command with `argv` (default: the process's arguments); return the exit code.

    Errors are printed on one line on stderr (with the traceback too under `--debug`) and turned
    into the exit codes of `ExitCode`; nothing is raised, not even for Ctrl+C.
    """
    from ._args import build_parser

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error argparse has already printed
        return stop.code if isinstance(stop.code, int) else ExitCode.USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    if args.local and args.base_url:  # one before the command, one after: argparse cannot see both
        try:
            parser.error("argument --local: not allowed with argument --base-url")
        except SystemExit:
            return ExitCode.USAGE

    from ._output import make_output

    out = make_output(plain=args.plain or args.json)
    if args.debug:
        _log_requests()
    base_url: str | None = None
    try:
        if args.command in ("serve", "demo"):
            _run_without_client(args, out)
        else:
            with _client(args) as client:
                base_url = client.base_url
                _run(args, client, out)
    except KeyboardInterrupt:
        out.error("interrupted", "stopped with Ctrl+C")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return ExitCode.BROKEN_PIPE
    except Exception as error:
        if args.debug:
            traceback.print_exc(file=sys.stderr)
        failure = describe(error, base_url=base_url)
        with contextlib.suppress(BrokenPipeError):
            out.error(failure.label, failure.message)
        return failure.code
    return ExitCode.OK


def _run(args: argparse.Namespace, client: openwire.Client, out: Output) -> None:
    """Run one of the commands that talk to a server."""
    if args.command == "chat":
        from ._chat import run_chat

        run_chat(args, client, out)
        return
    from . import _commands

    commands = {
        "embed": _commands.run_embed,
        "moderate": _commands.run_moderate,
        "image": _commands.run_image,
        "speak": _commands.run_speak,
        "transcribe": _commands.run_transcribe,
        "models": _commands.run_models,
    }
    commands[args.command](args, client, out)


def _run_without_client(args: argparse.Namespace, out: Output) -> None:
    """Run `serve` or `demo`, which make their own server."""
    if args.command == "serve":
        from ._commands import run_serve

        run_serve(args, out)
        return
    from ._demo import run_demo

    if args.base_url or args.api_key:
        out.note("(The demo always runs against the built-in server; --base-url and --api-key are not used.)")
    run_demo(args, out)


def _client(args: argparse.Namespace) -> openwire.Client:
    """The client the global options describe: the built-in server with `--local`, else the server
    at `--base-url` / `$OPENAI_BASE_URL` with `--api-key` / `$OPENAI_API_KEY`."""
    import openwire

    options: dict[str, Any] = {}
    if args.timeout is not None:
        options["timeout"] = args.timeout
    if args.max_retries is not None:
        options["max_retries"] = args.max_retries
    if args.local:
        from openwire.testing import LocalServer

        if args.api_key:
            options["api_key"] = args.api_key
        return LocalServer().client(**options)
    try:
        return openwire.Client(api_key=args.api_key, base_url=args.base_url, **options)
    except openwire.OpenwireError as error:
        hint = ""
        if "API key" in str(error):
            hint = " On the command line: --api-key KEY. To try openwire without a key: openwire --local ..."
        raise CommandError(f"{error}{hint}", ExitCode.CONFIG) from None


def _log_requests() -> None:
    """`--debug`: show openwire's log of each request and retry on stderr."""
    logger = logging.getLogger("openwire")
    logger.setLevel(logging.DEBUG)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[%(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)


def _silence_stdout() -> None:
    """After the reader of stdout went away, point stdout at /dev/null so that the interpreter's
    final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
