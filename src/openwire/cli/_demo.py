"""`openwire demo`: every resource called through the SDK against the built-in server, explained.

It needs no key and no network: the server runs in this process (`openwire.testing.LocalServer`),
answers deterministically, and is scripted here and there to show a branch a real server only
takes sometimes (a stream arriving slowly, moderation that could not run, a reply that gets flagged).
"""

from __future__ import annotations

import argparse
import io
import math
import tempfile
import time
from pathlib import Path
from typing import Any

import openwire
from openwire.testing import LocalServer
from openwire.types.chat import ChatCompletion
from openwire.types.moderation import (
    ModerationError,
    ModerationOutcome,
    ModerationResult,
    ModerationResults,
)
from openwire.types.responses import ResponseModerationOutcome

from ._chat import verdict
from ._commands import clip, preview, score
from ._output import Output, Segment

__all__ = ["run_demo"]

CHAT_MODEL = "gpt-4o-mini"
MODERATION_MODEL = "omni-moderation-latest"


def run_demo(args: argparse.Namespace, out: Output) -> None:
    """Walk through every resource, printing what each call returned and what it means.

    With `--json`, the narrative is left out and one JSON document sums up what was done.
    """
    directory = _out_dir(args.out)
    # With --json nobody watches the stream arrive, so it is not slowed down either.
    tour = (
        _Tour(Output(io.StringIO(), io.StringIO()), directory, slow=False)
        if args.json
        else _Tour(out, directory)
    )
    started = time.perf_counter()
    tour.run()
    summary = {**tour.summary, "out_dir": str(directory), "seconds": round(time.perf_counter() - started, 3)}
    if args.json:
        out.json(summary)


def _out_dir(requested: str | None) -> Path:
    if requested is None:
        return Path(tempfile.mkdtemp(prefix="openwire-demo-"))
    directory = Path(requested).expanduser()
    directory.mkdir(parents=True, exist_ok=True)
    return directory


class _Tour:
    """The demo's sections, in order, sharing one server and one client."""

    def __init__(self, out: Output, directory: Path, *, slow: bool = True) -> None:
        self.out = out
        self.directory = directory
        self.slow = slow
        self.server = LocalServer()
        self.client = self.server.client()
        self.summary: dict[str, Any] = {"files": {}}
        self.numbers: dict[str, int] = {}
        """Each section's number, by title."""

    def run(self) -> None:
        """Every section, then what to try next."""
        out = self.out
        out.line(("openwire demo", "head"), ": the whole API, called through the Python SDK.")
        out.line(
            "The other end is openwire's built-in server, running in this process: no key, no network, "
            "the same answers every time."
        )
        out.line("Files it makes go to ", (str(self.directory), "path"))
        with self.client:
            self.models()
            self.chat()
            self.stream()
            self.moderated_chat()
            self.responses()
            self.embeddings()
            self.moderation()
            image = self.image()
            speech = self.speech()
            self.transcription(speech)
        self.summary["files"] = {"image": str(image), "speech": str(speech)}
        self.next_steps()

    def section(self, title: str, call: str) -> None:
        """A numbered heading with the SDK call the section makes."""
        number = self.numbers[title] = len(self.numbers) + 1
        self.out.heading(f"{number}. {title}")
        self.code(call)

    def code(self, call: str) -> None:
        """A line of code the section runs."""
        self.out.line(("  " + call, "code"))

    def models(self) -> None:
        """List the models, and show that a failed call is an exception with a readable message."""
        self.section("Models", "client.models.list()")
        page = self.client.models.list()
        names = ", ".join(model.id for model in page.data[:5])
        self.out.line(
            f"A Page of {len(page)} Model objects (iterate it, index it, take len()). "
            f"The first few: {names}, ..."
        )
        try:
            self.client.models.retrieve("no-such-model")
        except openwire.NotFoundError as error:
            self.out.line(
                "Errors are exceptions with the server's message. ",
                ("client.models.retrieve('no-such-model')", "code"),
                " raised ",
                (type(error).__name__, "warn"),
                f" (status {error.status_code}).",
            )
        self.summary["models"] = len(page)

    def chat(self) -> None:
        """One chat completion, whole."""
        self.section(
            "Chat", 'client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", ...}])'
        )
        question = "What is the capital of France?"
        completion = self.client.chat.completions.create(
            model=CHAT_MODEL, messages=[{"role": "user", "content": question}]
        )
        choice = completion.choices[0]
        self.out.line(
            "A ChatCompletion. The built-in server echoes your message; a real model would answer it."
        )
        self.out.line(("  you:       ", "dim"), question)
        self.out.line(("  assistant: ", "dim"), (choice.message.content or "", "em"))
        usage = completion.usage
        tokens = f"{usage.prompt_tokens} + {usage.completion_tokens} = {usage.total_tokens}" if usage else "-"
        self.out.line(
            ("  ", ""),
            f"finish_reason={choice.finish_reason!r}, tokens {tokens}, request id {completion.request_id}",
        )
        self.summary["chat"] = choice.message.content

    def stream(self) -> None:
        """A stream, printed chunk by chunk as it arrives (slowed down so that it can be seen)."""
        self.section("A stream", "client.chat.completions.create(..., stream=True)")
        self.out.line(
            "A Stream of ChatCompletionChunk objects: each carries a few tokens, printed as they arrive "
            "(the server is slowed down here so you can watch)."
        )
        if self.slow:
            self.server.delay(per_chunk=0.05, path="/chat/completions")
        stream = self.client.chat.completions.create(
            model=CHAT_MODEL,
            messages=[{"role": "user", "content": "Tell me a short story about a lighthouse keeper."}],
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = 0
        pieces: list[str] = []
        total = None
        self.out.stream("  assistant: ")
        with stream:
            for chunk in stream:
                chunks += 1
                for choice in chunk.choices:
                    if choice.delta.content:
                        pieces.append(choice.delta.content)
                        self.out.stream(choice.delta.content)
                if chunk.usage is not None:
                    total = chunk.usage.total_tokens
        self.out.stream("\n")
        self.out.line(
            f"  {chunks} chunks; the last has no choices and carries the usage ({total} tokens), "
            'because stream_options={"include_usage": True} asked for it.'
        )
        self.summary["stream"] = {"chunks": chunks, "text": "".join(pieces)}

    def moderated_chat(self) -> None:
        """A moderated chat: both sides' verdicts, and the branch where moderation could not run."""
        self.section(
            "A moderated chat",
            f'client.chat.completions.create(..., moderation={{"model": "{MODERATION_MODEL}"}})',
        )
        self.out.line(
            "completion.moderation.input and .output are each a union: ModerationResults when moderation "
            "ran, ModerationError when it could not. Branch with isinstance()."
        )
        text = "I will kill the weeds in my garden."
        completion = self._moderated(text)
        self.out.line(("  you: ", "dim"), text)
        verdicts = self._verdicts(completion.moderation)
        self.out.line(
            "  Now the server is told that input moderation fails (",
            ('server.fail_moderation("input")', "code"),
            "):",
        )
        self.server.fail_moderation("input")
        failed = self._moderated("Tell me about gardening.")
        self.out.line(("  you: ", "dim"), "Tell me about gardening.")
        verdicts += self._verdicts(failed.moderation)
        self.summary["moderated_chat"] = verdicts

    def _moderated(self, text: str) -> ChatCompletion:
        return self.client.chat.completions.create(
            model=CHAT_MODEL,
            messages=[{"role": "user", "content": text}],
            moderation={"model": MODERATION_MODEL},
        )

    def _verdicts(self, moderation: Any) -> list[str]:
        """Print the verdict of each side (of a chat completion or a response); return their type names."""
        names = []
        for side in ("input", "output"):
            outcome: ModerationOutcome | ResponseModerationOutcome | None = getattr(moderation, side, None)
            name = type(outcome).__name__
            names.append(name)
            self.out.line(
                f"  The moderation verdict for the {side + ':':<7} ",
                (name, "code"),
                " — ",
                *_meaning(outcome),
            )
        return names

    def responses(self) -> None:
        """The Responses API: a response and its output_text, a streamed one, a follow-up with
        previous_response_id, and moderation with one result per side."""
        self.section("The Responses API", 'client.responses.create(model="gpt-4o-mini", input="...")')
        out = self.out
        out.line(
            "A Response: its output is a list of items (messages, tool calls, reasoning); "
            "response.output_text joins the text of its messages."
        )
        question = "What is the capital of France?"
        response = self.client.responses.create(model=CHAT_MODEL, input=question)
        out.line(("  you:       ", "dim"), question)
        out.line(("  assistant: ", "dim"), (response.output_text, "em"))
        kinds = ", ".join(item.type or "?" for item in response.output)
        usage = response.usage
        tokens = f"{usage.input_tokens} + {usage.output_tokens} = {usage.total_tokens}" if usage else "-"
        out.line(f"  status={response.status!r}, output [{kinds}], tokens {tokens}, id {response.id[:16]}...")

        out.line(
            "Streamed: responses.stream() is a context manager; text_stream gives the text as it is "
            "written, get_final_response() the finished Response."
        )
        self.code('with client.responses.stream(model="gpt-4o-mini", input="...") as stream:')
        pieces: list[str] = []
        out.stream("  assistant: ")
        with self.client.responses.stream(model=CHAT_MODEL, input="Write one line about rivers.") as stream:
            for text in stream.text_stream:
                pieces.append(text)
                out.stream(text)
            final = stream.get_final_response()
        out.stream("\n")
        total = final.usage.total_tokens if final.usage else "?"
        out.line(
            f"  {len(pieces)} text deltas, then get_final_response(): status {final.status!r}, {total} tokens"
        )

        out.line(
            "Stored responses can be continued: previous_response_id makes the earlier input and output "
            "the context of the next one."
        )
        self.code('client.responses.create(..., input="And of Italy?", previous_response_id=response.id)')
        follow_up = self.client.responses.create(
            model=CHAT_MODEL, input="And of Italy?", previous_response_id=response.id
        )
        out.line(("  assistant: ", "dim"), (follow_up.output_text, "em"))
        before = usage.input_tokens if usage else "?"
        after = follow_up.usage.input_tokens if follow_up.usage else "?"
        out.line(f"  input tokens: {before} for the first, {after} for the follow-up (the first came along)")

        out.line(
            "Moderation on a response gives one verdict per side, ModerationResult or ModerationError. "
            "The server is scripted to answer with a flagged word (",
            ('server.reply("Pull them up, or kill them with boiling water.")', "code"),
            "):",
        )
        self.code(f'client.responses.create(..., moderation={{"model": "{MODERATION_MODEL}"}})')
        self.server.reply("Pull them up, or kill them with boiling water.")
        text = "How do I get rid of the weeds in my garden?"
        moderated = self.client.responses.create(
            model=CHAT_MODEL, input=text, moderation={"model": MODERATION_MODEL}
        )
        out.line(("  you:       ", "dim"), text)
        out.line(("  assistant: ", "dim"), moderated.output_text)
        verdicts = self._verdicts(moderated.moderation)
        self.summary["responses"] = {
            "text": response.output_text,
            "streamed": "".join(pieces),
            "follow_up": follow_up.output_text,
            "continued": follow_up.previous_response_id == response.id,
            "moderation": verdicts,
        }

    def embeddings(self) -> None:
        """Embed a question and a few sentences, and rank the sentences by cosine similarity."""
        self.section("Embeddings", 'client.embeddings.create(model="text-embedding-3-small", input=[...])')
        question = "Where is the cat sleeping?"
        sentences = [
            "A kitten is sleeping on the windowsill.",
            "The cat sat on the warm windowsill.",
            "Stock markets fell sharply on Monday.",
        ]
        response = self.client.embeddings.create(model="text-embedding-3-small", input=[question, *sentences])
        vectors = response.vectors
        self.out.line(
            f"A CreateEmbeddingResponse: {len(vectors)} vectors of {len(vectors[0])} floats "
            f"(.vectors, or .to_numpy()). The first one starts {preview(vectors[0], 3)}"
        )
        self.out.line(
            f"  Closest to {question!r} (cosine similarity; texts that share meaning score higher):"
        )
        scored = sorted(
            (
                (_cosine(vectors[0], vector), text)
                for text, vector in zip(sentences, vectors[1:], strict=True)
            ),
            reverse=True,
        )
        for similarity, text in scored:
            self.out.line(f"    {similarity:6.3f}  {text}")
        self.summary["embeddings"] = {"vectors": len(vectors), "dimensions": len(vectors[0])}

    def moderation(self) -> None:
        """Classify two texts with the moderation endpoint."""
        self.section("Moderation", f'client.moderations.create(model="{MODERATION_MODEL}", input=[...])')
        texts = ["Have a lovely day!", "I will kill you."]
        response = self.client.moderations.create(model=MODERATION_MODEL, input=texts)
        self.out.line("A ModerationCreateResponse with one ModerationResult per input:")
        rows = []
        for text, result in zip(texts, response.results, strict=True):
            top = max(result.category_scores.items(), key=lambda item: item[1] or 0.0)
            rows.append(
                [
                    clip(text, 40),
                    "FLAGGED" if result.flagged else "ok",
                    ", ".join(result.flagged_categories) or "-",
                    f"{top[0]} {score(top[1] or 0.0)}",
                ]
            )
        self.out.table(["input", "verdict", "flagged for", "highest score"], rows)
        self.summary["moderation"] = [result.flagged for result in response.results]

    def image(self) -> Path:
        """Generate an image and save it."""
        self.section("An image", 'client.images.generate(model="gpt-image-1", prompt=...)')
        prompt = "A lighthouse on a cliff at dawn, in watercolor"
        result = self.client.images.generate(model="gpt-image-1", prompt=prompt, quality="low")
        path = self.directory / "lighthouse.png"
        result.data[0].save(path, client=self.client)
        self.out.line(
            "An ImagesResponse; image.save(path, client=client) writes the picture, decoded when it came "
            "inline (b64_json), downloaded through the client when it came as a URL."
        )
        self.out.line(
            "  Saved ", (str(path), "path"), f" ({path.stat().st_size:,} bytes, {result.size or '?'})"
        )
        return path

    def speech(self) -> Path:
        """Speak a sentence, streaming the audio into a WAV file."""
        self.section(
            "Speech",
            "client.audio.speech.with_streaming_response.create(...)  +  response.write_to_file(path)",
        )
        text = "Hello from openwire! This audio was made from text."
        path = self.directory / "hello.wav"
        with self.client.audio.speech.with_streaming_response.create(
            model="gpt-4o-mini-tts", voice="coral", input=text, response_format="wav"
        ) as response:
            response.write_to_file(path)
            content_type = response.headers.get("content-type", "?")
        self.out.line("The audio streamed straight to disk as it arrived, never held whole in memory.")
        self.out.line(("  said: ", "dim"), repr(text))
        self.out.line("  Saved ", (str(path), "path"), f" ({path.stat().st_size:,} bytes, {content_type})")
        return path

    def transcription(self, audio: Path) -> None:
        """Transcribe the speech just saved."""
        self.section("Transcription", 'client.audio.transcriptions.create(file=path, model="whisper-1")')
        transcript = self.client.audio.transcriptions.create(file=audio, model="whisper-1")
        step = self.numbers["Speech"]
        self.out.line(f"The WAV from step {step}, uploaded and turned back into text (a Transcription):")
        self.out.line(("  heard: ", "dim"), (repr(transcript.text), "em"))
        self.summary["transcription"] = transcript.text

    def next_steps(self) -> None:
        """What to try after the demo."""
        out = self.out
        out.heading("What next")
        out.line(
            "  - With a real key:   ",
            ("export OPENAI_API_KEY=sk-...", "code"),
            "  then  ",
            ('openwire chat "Hello!"', "code"),
        )
        out.line(
            "  - Any compatible server: ",
            ("export OPENAI_BASE_URL=http://localhost:11434/v1", "code"),
            " (Ollama; vLLM is http://localhost:8000/v1)",
        )
        out.line(
            "  - No server at all:  ",
            ('openwire --local chat "Hi"', "code"),
            "  or serve this one over HTTP: ",
            ("openwire serve", "code"),
            " (pip install 'openwire[server]')",
        )
        out.line(
            "  - In your tests:     ",
            ("from openwire.testing import LocalServer", "code"),
            " (and the openwire_client pytest fixture)",
        )
        out.line(
            "  - The same calls in Python: the examples/ folder; every command: openwire --help, docs/cli.md"
        )


def _meaning(outcome: ModerationOutcome | ResponseModerationOutcome | None) -> list[Segment]:
    """What a verdict of each kind means, in words."""
    if isinstance(outcome, (ModerationResults, ModerationResult)):
        return ["it ran; ", *verdict(outcome)]
    if isinstance(outcome, ModerationError):
        return ["it could not run: ", (outcome.code or "no code", "warn")]
    return verdict(outcome)


def _cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / ((math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))) or 1.0)
