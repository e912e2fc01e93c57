"""The `openwire` commands other than `chat` and `demo`: one function per command, each taking the
parsed arguments, a client and where to print."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

import openwire
from openwire.types.audio.transcriptions import Transcription, TranscriptionVerbose
from openwire.types.moderation import ModerationResult

from ._errors import CommandError, ExitCode
from ._io import lines_or_stdin, output_path, words_or_stdin
from ._output import Output

__all__ = [
    "clip",
    "preview",
    "run_embed",
    "run_image",
    "run_models",
    "run_moderate",
    "run_serve",
    "run_speak",
    "run_transcribe",
    "score",
]


def run_embed(args: argparse.Namespace, client: openwire.Client, out: Output) -> None:
    """Embed each text and show the start of each vector (the whole response with `--json`)."""
    texts = lines_or_stdin(args.texts, "texts to embed")
    params: dict[str, Any] = {"model": args.model, "input": texts}
    if args.dimensions is not None:
        params["dimensions"] = args.dimensions
    if args.encoding_format is not None:
        params["encoding_format"] = args.encoding_format
    response = client.embeddings.create(**params)
    if args.json:
        out.json(response.to_dict(mode="json"))
        return
    vectors = response.vectors
    size = len(vectors[0]) if vectors else 0
    tokens = f", {response.usage.total_tokens} tokens" if response.usage is not None else ""
    out.line(
        (f"{len(vectors)} vector{_s(vectors)}", "em"), f" of {size} dimensions from {response.model}{tokens}"
    )
    rows = [
        [str(index), clip(text, 40), preview(vector)]
        for index, (text, vector) in enumerate(zip(texts, vectors, strict=True))
    ]
    out.table(["#", "text", "vector"], rows)


def run_moderate(args: argparse.Namespace, client: openwire.Client, out: Output) -> None:
    """Classify the texts (or the texts and images together) and show each verdict."""
    labels: list[str]
    if args.image_url:
        parts: list[Any] = [{"type": "text", "text": text} for text in args.texts]
        parts += [{"type": "image_url", "image_url": {"url": url}} for url in args.image_url]
        moderation_input: Any = parts
        count = len(args.image_url)
        labels = [
            " + ".join([*(clip(text, 30) for text in args.texts), f"{count} image{_s(args.image_url)}"])
        ]
    else:
        moderation_input = lines_or_stdin(args.texts, "texts to check")
        labels = [clip(text, 40) for text in moderation_input]
    response = client.moderations.create(model=args.model, input=moderation_input)
    if args.json:
        out.json(response.to_dict(mode="json"))
        return
    rows = []
    for label, result in zip(labels, response.results, strict=False):
        rows.append([label, "FLAGGED" if result.flagged else "ok", _categories(result)])
    out.table(["input", "verdict", "categories"], rows, title=f"Moderation by {response.model}")


def run_image(args: argparse.Namespace, client: openwire.Client, out: Output) -> None:
    """Generate an image from the prompt and save it."""
    prompt = words_or_stdin(args.prompt, "prompt")
    output_path(args.out, "image", ".png")  # fail on a bad --out before paying for an image
    params: dict[str, Any] = {"model": args.model, "prompt": prompt}
    if args.size:
        params["size"] = args.size
    if args.quality:
        params["quality"] = args.quality
    with out.busy(f"Drawing with {args.model}"):
        result = client.images.generate(**params)
        if not result.data:
            raise CommandError("the server answered with no image", ExitCode.API_ERROR)
        path = output_path(args.out, "image", f".{result.output_format or 'png'}")
        result.data[0].save(path, client=client)  # a URL image downloads through this client
    if args.json:
        document = result.to_dict(mode="json")
        document["data"] = [
            {key: value for key, value in item.items() if key != "b64_json"} for item in document["data"]
        ]
        document["data"][0]["path"] = str(path.resolve())
        out.json(document)
        return
    facts = [f"{path.stat().st_size:,} bytes"]
    facts += [value for value in (result.size, result.output_format) if value]
    out.line("Saved ", (str(path), "path"), f" ({', '.join(facts)})")
    revised = result.data[0].revised_prompt
    if revised:
        out.info("revised prompt: ", (revised, "dim"))


def run_speak(args: argparse.Namespace, client: openwire.Client, out: Output) -> None:
    """Speak the text, streaming the audio into a file as it arrives."""
    text = words_or_stdin(args.text, "text to speak")
    path = output_path(args.out, "speech", f".{args.format}")
    params: dict[str, Any] = {"model": args.model, "voice": args.voice, "input": text}
    params["response_format"] = args.format
    if args.instructions:
        params["instructions"] = args.instructions
    with (
        out.busy(f"Speaking with {args.model} ({args.voice})"),
        client.audio.speech.with_streaming_response.create(**params) as response,
    ):
        content_type = response.headers.get("content-type")
        request_id = response.request_id
        try:
            response.write_to_file(path)
        except BaseException:
            path.unlink(missing_ok=True)  # no half-written audio left behind
            raise
    size = path.stat().st_size
    if args.json:
        out.json(
            {
                "path": str(path.resolve()),
                "bytes": size,
                "content_type": content_type,
                "model": args.model,
                "voice": args.voice,
                "format": args.format,
                "request_id": request_id,
            }
        )
        return
    out.line("Saved ", (str(path), "path"), f" ({size:,} bytes, {content_type or args.format})")


def run_transcribe(args: argparse.Namespace, client: openwire.Client, out: Output) -> None:
    """Transcribe the audio file in the format asked for."""
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise CommandError(f"no audio file at {path}")
    params: dict[str, Any] = {"file": path, "model": args.model, "response_format": args.format}
    if args.language:
        params["language"] = args.language
    with out.busy(f"Transcribing {path.name} with {args.model}"):
        result = client.audio.transcriptions.create(**params)
    if isinstance(result, str):  # text, srt, vtt
        if args.json:
            out.json({"format": args.format, "text": result})
        else:
            out.line(result.rstrip("\n"))
        return
    if args.json:
        out.json(result.to_dict(mode="json"))
        return
    if isinstance(result, TranscriptionVerbose):
        out.line(result.text)
        out.info(("language: ", "dim"), result.language, ("  duration: ", "dim"), f"{result.duration:.1f} s")
        for segment in result.segments or []:
            out.info((f"[{segment.start:7.2f} - {segment.end:7.2f}] ", "dim"), segment.text.strip())
    elif isinstance(result, Transcription):
        out.line(result.text)
    else:  # another shape the format led to
        out.line(str(getattr(result, "text", result)))


def run_models(args: argparse.Namespace, client: openwire.Client, out: Output) -> None:
    """List the server's models, or show one."""
    if args.model:
        model = client.models.retrieve(args.model)
        if args.json:
            out.json(model.to_dict(mode="json"))
            return
        pairs = [("id", model.id), ("owned by", model.owned_by or "-"), ("created", _date(model.created))]
        pairs += [(key, str(value)) for key, value in (model.model_extra or {}).items()]
        if model.shutdown_date:
            pairs.append(("shuts down", model.shutdown_date))
        out.fields(pairs)
        return
    page = client.models.list()
    if args.json:
        out.json(page.to_dict(mode="json"))
        return
    rows = [[model.id, model.owned_by or "-", _date(model.created)] for model in page]
    where = "the built-in server" if args.local else client.base_url
    out.table(["id", "owned by", "created"], rows, title=f"{len(rows)} model{_s(rows)} at {where}")


def run_serve(args: argparse.Namespace, out: Output) -> None:
    """Serve the built-in local server over HTTP until interrupted."""
    try:
        import uvicorn  # noqa: F401
    except ImportError:
        raise CommandError(
            "`openwire serve` runs on uvicorn, which is not installed: pip install 'openwire[server]'",
            ExitCode.MISSING_DEPENDENCY,
        ) from None
    from openwire.testing import run

    def ready(base_url: str) -> None:
        if args.json:  # on one line: whoever reads it is waiting for this line to connect
            out.json({"base_url": base_url, "api_key_required": bool(args.server_api_key)}, indent=None)
            return
        out.line("openwire's built-in server is listening on ", (base_url, "path"))
        key = "; requests must carry the API key you gave" if args.server_api_key else ""
        out.note(f"Try: openwire --base-url {base_url} models{key}. Stop it with Ctrl+C.")

    try:
        run(args.host, args.port, api_key=args.server_api_key, log_level=args.log_level, on_ready=ready)
    except OSError as error:
        raise CommandError(
            f"cannot listen on {args.host}:{args.port}: {error.strerror or error}", ExitCode.CONFIG
        ) from None


def clip(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def preview(vector: list[float], count: int = 4) -> str:
    """The first values of a vector, e.g. `[0.0123, -0.0456, ...]`."""
    head = ", ".join(f"{value:.4f}" for value in vector[:count])
    return f"[{head}, …]" if len(vector) > count else f"[{head}]"


def score(value: float) -> str:
    """A category score to read at a glance: two decimals, or the first significant ones when small."""
    return f"{value:.2f}" if value >= 0.01 else f"{value:.1e}"


def _categories(result: ModerationResult) -> str:
    scores = result.category_scores.as_dict()
    if result.flagged:
        hits = [f"{name} {score(scores.get(name) or 0.0)}" for name in result.flagged_categories]
        return ", ".join(hits)
    known = [(score, name) for name, score in scores.items() if score is not None]
    if not known:
        return "-"
    highest, name = max(known)
    return f"highest: {name} {score(highest)}"


def _date(timestamp: int | None) -> str:
    if timestamp is None:
        return "-"
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc).date().isoformat()


def _s(items: Any) -> str:
    return "" if len(items) == 1 else "s"
