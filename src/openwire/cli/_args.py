"""The `openwire` command line: global options and one subcommand per API resource."""

from __future__ import annotations

import argparse
from typing import Any, TypeAlias

from openwire._version import __version__

__all__ = ["DEFAULT_MODELS", "build_parser"]

DEFAULT_MODELS = {
    "chat": "gpt-4o-mini",
    "embed": "text-embedding-3-small",
    "moderate": "omni-moderation-latest",
    "image": "gpt-image-1",
    "speak": "gpt-4o-mini-tts",
    "transcribe": "whisper-1",
}
"""The model each command uses unless `--model` says otherwise (names the OpenAI API knows)."""

SPEECH_FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")
TRANSCRIPT_FORMATS = ("text", "json", "srt", "vtt", "verbose_json")
CHAT_APIS = ("chat", "responses")
"""What `chat --api` talks through: `chat` (completions, `POST /chat/completions`) or `responses`."""

_Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

_DESCRIPTION = """\
Talk to the OpenAI API, or any server that speaks it (Ollama, vLLM, LM Studio, ...), from the
terminal. New here? Run `openwire demo`: it needs no key and no network."""

_EPILOG = """\
environment:
  OPENAI_API_KEY    the API key (a server on localhost needs none)
  OPENAI_BASE_URL   the API root, e.g. http://localhost:11434/v1 (default https://api.openai.com/v1)

exit codes:
  0 ok, 1 the server answered with an error, 2 usage error, 3 connection error or timeout,
  4 configuration error (no key, bad URL), 5 optional dependency missing, 70 internal error,
  130 interrupted

Run `openwire COMMAND --help` for a command's options."""


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {text}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 0 and 65535, not {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `openwire` command."""
    parser = argparse.ArgumentParser(
        prog="openwire",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"openwire {__version__}")
    _global_options(parser)

    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for add in (_chat, _embed, _moderate, _image, _speak, _transcribe, _models, _serve, _demo):
        add(commands)
    for name, command in commands.choices.items():
        # `openwire models --json` works as well as `openwire --json models`: each command accepts
        # the global options too, hidden from its help, and without defaults of its own, so that
        # one given before the command is not undone.
        _global_options(command, after_command=True, key=name != "serve")
    return parser


def _global_options(
    parser: argparse.ArgumentParser, *, after_command: bool = False, key: bool = True
) -> None:
    """Add the global options to the main parser, or (`after_command`) to a command's parser.

    `serve` has an `--api-key` of its own (the key its clients must send): `key=False` leaves the
    global one out there.
    """
    hidden: dict[str, Any] = (
        {"help": argparse.SUPPRESS, "default": argparse.SUPPRESS} if after_command else {}
    )
    where = parser.add_mutually_exclusive_group()

    def add(*flags: str, to: Any = parser, **options: Any) -> None:
        to.add_argument(*flags, **{**options, **hidden})

    add(
        "--base-url",
        to=where,
        metavar="URL",
        help="the API root (default: $OPENAI_BASE_URL, else the OpenAI API)",
    )
    add(
        "--local",
        to=where,
        action="store_true",
        help="use openwire's built-in local server, in-process: no key, no network",
    )
    if key:
        add("--api-key", metavar="KEY", help="the API key (default: $OPENAI_API_KEY)")
    add("--timeout", type=_positive_float, metavar="SECONDS", help="give up on a request after this long")
    add(
        "--max-retries",
        type=_non_negative_int,
        metavar="N",
        help="retry failed requests this many times (default 2)",
    )
    add("--json", action="store_true", help="print one JSON document on stdout")
    add("--plain", action="store_true", help="plain text output, even when rich is installed")
    add("--debug", action="store_true", help="log each request and show tracebacks on errors")


def _chat(commands: _Commands) -> None:
    chat = commands.add_parser(
        "chat",
        help="chat with a model, streaming the reply as it is written",
        description="Send a message to a chat model and print its reply as it arrives: through chat "
        "completions, or with --api responses through the Responses API (which can continue a stored "
        "response with --previous-response).",
    )
    chat.add_argument("message", nargs="*", help="the message (words are joined; read from stdin if absent)")
    chat.add_argument("-m", "--model", default=DEFAULT_MODELS["chat"], help="default: %(default)s")
    chat.add_argument("-s", "--system", metavar="TEXT", help="a system message to put first")
    chat.add_argument("--no-stream", action="store_true", help="wait for the whole reply instead")
    chat.add_argument("-t", "--temperature", type=float, help="sampling temperature (0-2)")
    chat.add_argument("--max-tokens", type=int, metavar="N", help="stop the reply after N tokens")
    chat.add_argument(
        "--moderate",
        metavar="MODEL",
        help="moderate the input and the reply with this model (e.g. omni-moderation-latest)",
    )
    chat.add_argument(
        "--api",
        choices=CHAT_APIS,
        default="chat",
        help="the API to talk through: chat completions or the Responses API (default: %(default)s)",
    )
    chat.add_argument(
        "--previous-response",
        metavar="ID",
        help="continue from this stored response (its id is printed after each reply; --api responses)",
    )


def _embed(commands: _Commands) -> None:
    embed = commands.add_parser(
        "embed",
        help="embed texts as vectors",
        description="Embed each text as a vector (read one text per line from stdin if none are given).",
    )
    embed.add_argument("texts", nargs="*", metavar="TEXT", help="the texts to embed, one vector each")
    embed.add_argument("-m", "--model", default=DEFAULT_MODELS["embed"], help="default: %(default)s")
    embed.add_argument("--dimensions", type=int, metavar="N", help="shorten the vectors to N dimensions")
    embed.add_argument(
        "--encoding-format", choices=("float", "base64"), help="how the vectors travel (default: float)"
    )


def _moderate(commands: _Commands) -> None:
    moderate = commands.add_parser(
        "moderate",
        help="check texts (and images) against the moderation categories",
        description="Classify each text against the moderation categories. With --image-url, the texts "
        "and the images are judged together, as one input.",
    )
    moderate.add_argument("texts", nargs="*", metavar="TEXT", help="the texts to check")
    moderate.add_argument(
        "--image-url", action="append", default=[], metavar="URL", help="an image to check (repeatable)"
    )
    moderate.add_argument("-m", "--model", default=DEFAULT_MODELS["moderate"], help="default: %(default)s")


def _image(commands: _Commands) -> None:
    image = commands.add_parser(
        "image",
        help="generate an image from a prompt and save it",
        description="Generate an image from a prompt and save it to a file.",
    )
    image.add_argument("prompt", nargs="*", help="what to draw (words are joined; stdin if absent)")
    image.add_argument("-m", "--model", default=DEFAULT_MODELS["image"], help="default: %(default)s")
    image.add_argument("--size", help="e.g. 1024x1024, 1536x1024, 1024x1536, auto")
    image.add_argument("--quality", help="e.g. low, medium, high, auto")
    image.add_argument(
        "-o", "--out", metavar="PATH", help="where to save it (a file or a directory; default ./image.png)"
    )


def _speak(commands: _Commands) -> None:
    speak = commands.add_parser(
        "speak",
        help="turn text into speech and save it",
        description="Speak a text and stream the audio to a file as it arrives.",
    )
    speak.add_argument("text", nargs="*", help="what to say (words are joined; stdin if absent)")
    speak.add_argument("-m", "--model", default=DEFAULT_MODELS["speak"], help="default: %(default)s")
    speak.add_argument("-v", "--voice", default="alloy", help="default: %(default)s")
    speak.add_argument("-f", "--format", choices=SPEECH_FORMATS, default="mp3", help="default: %(default)s")
    speak.add_argument("--instructions", metavar="TEXT", help="how to speak (tone, pace; gpt-4o-mini-tts)")
    speak.add_argument(
        "-o",
        "--out",
        metavar="PATH",
        help="where to save it (a file or a directory; default ./speech.FORMAT)",
    )


def _transcribe(commands: _Commands) -> None:
    transcribe = commands.add_parser(
        "transcribe",
        help="turn speech in an audio file into text",
        description="Transcribe an audio file (mp3, wav, m4a, webm, ...).",
    )
    transcribe.add_argument("file", help="the audio file")
    transcribe.add_argument(
        "-m", "--model", default=DEFAULT_MODELS["transcribe"], help="default: %(default)s"
    )
    transcribe.add_argument(
        "-f",
        "--format",
        choices=TRANSCRIPT_FORMATS,
        default="json",
        help="the transcript's format (default: %(default)s); srt and vtt are subtitles",
    )
    transcribe.add_argument("--language", metavar="CODE", help="the language spoken (ISO-639-1, e.g. en)")


def _models(commands: _Commands) -> None:
    models = commands.add_parser(
        "models",
        help="list the models the server offers, or show one",
        description="List the models the server offers, or show one of them.",
    )
    models.add_argument("model", nargs="?", metavar="ID", help="show this model only")


def _serve(commands: _Commands) -> None:
    serve = commands.add_parser(
        "serve",
        help="run the built-in local server over HTTP",
        description="Serve openwire's built-in OpenAI-compatible server over HTTP until Ctrl+C, for "
        "other programs, curl and other SDKs. Needs uvicorn: pip install 'openwire[server]'.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: %(default)s)")
    serve.add_argument(
        "--port", type=_port, default=8000, help="0 picks any free port (default: %(default)s)"
    )
    serve.add_argument(
        "--api-key", dest="server_api_key", metavar="KEY", help="require this key on every request"
    )
    serve.add_argument(
        "--log-level",
        choices=("critical", "error", "warning", "info", "debug"),
        default="info",
        help="default: %(default)s",
    )


def _demo(commands: _Commands) -> None:
    demo = commands.add_parser(
        "demo",
        help="a tour of every resource against the built-in server (no key, no network)",
        description="Start the built-in server and call every resource through the SDK, explaining "
        "what each result is. Needs no key and no network.",
    )
    demo.add_argument(
        "-o", "--out", metavar="DIR", help="where to write the files it makes (default: a new temporary dir)"
    )
