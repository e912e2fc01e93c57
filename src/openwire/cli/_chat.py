"""`openwire chat`: a reply streamed to the terminal as it is written (through chat completions or
the Responses API), and moderation verdicts in words."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

import openwire
from openwire.types.chat import ChatCompletion, ChatCompletionChunk
from openwire.types.moderation import (
    ModerationError,
    ModerationOutcome,
    ModerationResult,
    ModerationResults,
)

from ._errors import CommandError, ExitCode
from ._io import words_or_stdin
from ._output import Output, Segment

if TYPE_CHECKING:
    from openwire.types.responses import Response, ResponseModerationOutcome

__all__ = ["StreamedCompletion", "run_chat", "verdict"]


def run_chat(args: argparse.Namespace, client: openwire.Client, out: Output) -> None:
    """Send the message and print the reply: streamed unless `--no-stream`, or as JSON with `--json`;
    through chat completions, or the Responses API with `--api responses`."""
    if args.previous_response and args.api != "responses":
        raise CommandError("--previous-response continues a stored response: add --api responses")
    text = words_or_stdin(args.message, "message")
    if args.max_tokens is not None and args.max_tokens < 1:
        raise CommandError(f"--max-tokens must be at least 1, not {args.max_tokens}")
    if args.api == "responses":
        _respond(args, client, out, text)
    else:
        _complete(args, client, out, text)


def _complete(args: argparse.Namespace, client: openwire.Client, out: Output, text: str) -> None:
    """`chat` through chat completions."""
    messages: list[Any] = []
    if args.system:
        messages.append({"role": "system", "content": args.system})
    messages.append({"role": "user", "content": text})
    params: dict[str, Any] = {"model": args.model, "messages": messages}
    if args.temperature is not None:
        params["temperature"] = args.temperature
    if args.max_tokens is not None:
        params["max_completion_tokens"] = args.max_tokens
    if args.moderate:
        params["moderation"] = {"model": args.moderate}

    if args.no_stream:
        with out.busy(f"Waiting for {args.model}"):
            completion: ChatCompletion = client.chat.completions.create(**params)
        if args.json:
            out.json(completion.to_dict(mode="json"))
            return
        message = completion.choices[0].message if completion.choices else None
        if message is not None and message.refusal:
            out.line((message.refusal, "warn"))
        else:
            out.line((message.content or "") if message else "")
        finish = _finish(completion)
        _summary(out, completion.model, completion.usage, completion.moderation, _fact("finish", finish))
        return

    collected = StreamedCompletion()
    stream = client.chat.completions.create(**params, stream=True, stream_options={"include_usage": True})
    printed = False
    try:
        with stream:
            for chunk in stream:
                collected.add(chunk)
                if args.json:
                    continue
                for choice in chunk.choices:
                    piece = (choice.delta.content or "") + (choice.delta.refusal or "")
                    if choice.index == 0 and piece:
                        out.stream(piece)
                        printed = True
    except BaseException:
        if printed:  # end the half-written line before the error is reported
            out.stream("\n")
        raise
    if args.json:
        out.json(collected.to_dict())
        return
    out.stream("\n")
    finish = collected.finish_reason
    _summary(out, collected.model, collected.usage, collected.moderation, _fact("finish", finish))


def _respond(args: argparse.Namespace, client: openwire.Client, out: Output, text: str) -> None:
    """`chat --api responses`: the same conversation through `client.responses`, `--system` as the
    response's `instructions`; `--json` prints the `Response`, streamed or not."""
    params: dict[str, Any] = {"model": args.model, "input": text}
    if args.system:
        params["instructions"] = args.system
    if args.temperature is not None:
        params["temperature"] = args.temperature
    if args.max_tokens is not None:
        params["max_output_tokens"] = args.max_tokens
    if args.moderate:
        params["moderation"] = {"model": args.moderate}
    if args.previous_response:
        params["previous_response_id"] = args.previous_response

    printed = False
    if args.no_stream:
        with out.busy(f"Waiting for {args.model}"):
            response: Response = client.responses.create(**params)
    else:
        try:
            with client.responses.stream(**params) as stream:
                if not args.json:
                    for piece in stream.text_stream:
                        out.stream(piece)
                        printed = True
                response = stream.get_final_response()
        except BaseException:
            if printed:  # end the half-written line before the error is reported
                out.stream("\n")
            raise
    if response.status == "failed":
        if printed:
            out.stream("\n")
        raise _failure(response)
    if args.json:
        out.json(response.to_dict(mode="json"))
        return
    refusal = _refusal(response)
    if args.no_stream:
        if response.output_text or not refusal:
            out.line(response.output_text)
    elif printed or not refusal:
        out.stream("\n")  # end the streamed line (an empty one when nothing came, as chat does)
    if refusal:
        out.line((refusal, "warn"))
    facts = (_status(response), _fact("id", response.id))  # the id, to continue with --previous-response
    _summary(out, response.model, response.usage, response.moderation, *facts)


def _status(response: Response) -> str:
    """`status: completed`, or `status: incomplete (max_output_tokens)` with the reason."""
    details = response.incomplete_details
    reason = f" ({details.reason})" if details is not None and details.reason else ""
    return f"status: {response.status}{reason}"


def _failure(response: Response) -> CommandError:
    """A response that ended `failed`, as an API error (exit code 1) with the server's reason."""
    error = response.error
    code = f" ({error.code})" if error is not None and error.code else ""
    message = (error.message if error is not None else None) or "no reason given"
    return CommandError(f"the response {response.id} failed{code}: {message}", ExitCode.API_ERROR)


def _refusal(response: Response) -> str:
    """The refusals in the response's messages, joined (`""` when the model did not refuse)."""
    from openwire.types.responses import ResponseOutputMessage, ResponseOutputRefusal

    return "".join(
        part.refusal
        for item in response.output
        if isinstance(item, ResponseOutputMessage)
        for part in item.content
        if isinstance(part, ResponseOutputRefusal)
    )


class StreamedCompletion:
    """The chunks of a streamed chat completion put back together, shaped like a `ChatCompletion`."""

    def __init__(self) -> None:
        self.id: str | None = None
        self.model: str | None = None
        self.created: int | None = None
        self.usage: Any = None
        self.moderation: Any = None
        self.chunks = 0
        self._text: dict[int, list[str]] = {}
        self._refusal: dict[int, list[str]] = {}
        self._finish: dict[int, str | None] = {}

    def add(self, chunk: ChatCompletionChunk) -> None:
        """Take in one chunk."""
        self.chunks += 1
        self.id = self.id or chunk.id
        self.model = self.model or chunk.model
        self.created = self.created or chunk.created
        if chunk.usage is not None:
            self.usage = chunk.usage
        if chunk.moderation is not None:
            self.moderation = chunk.moderation
        for choice in chunk.choices:
            self._finish.setdefault(choice.index, None)
            if choice.delta.content:
                self._text.setdefault(choice.index, []).append(choice.delta.content)
            if choice.delta.refusal:
                self._refusal.setdefault(choice.index, []).append(choice.delta.refusal)
            if choice.finish_reason is not None:
                self._finish[choice.index] = choice.finish_reason

    @property
    def text(self) -> str:
        """The text of the first choice so far."""
        return "".join(self._text.get(0, []))

    @property
    def finish_reason(self) -> str | None:
        """Why the first choice ended, once it has."""
        return self._finish.get(0)

    def to_dict(self) -> dict[str, Any]:
        """The completion as JSON-ready data, in the shape of a non-streamed `ChatCompletion`."""
        choices = []
        for index in sorted(self._finish):
            message: dict[str, Any] = {"role": "assistant", "content": "".join(self._text.get(index, []))}
            if index in self._refusal:
                message["refusal"] = "".join(self._refusal[index])
            choices.append({"index": index, "message": message, "finish_reason": self._finish[index]})
        document: dict[str, Any] = {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": choices,
        }
        if self.usage is not None:
            document["usage"] = self.usage.to_dict(mode="json")
        if self.moderation is not None:
            document["moderation"] = self.moderation.to_dict(mode="json")
        return document


def verdict(outcome: ModerationOutcome | ResponseModerationOutcome | None) -> list[Segment]:
    """One side's moderation verdict in words, e.g. `flagged for violence (0.98)`: a chat
    completion's (`ModerationResults`, a result per choice) or a response's (one `ModerationResult`)."""
    if isinstance(outcome, (ModerationResults, ModerationResult)):
        results = outcome.results if isinstance(outcome, ModerationResults) else [outcome]
        flagged = [result for result in results if result.flagged]
        if not flagged:
            return [("clean", "ok"), f" ({outcome.model})" if outcome.model else ""]
        hits = []
        for result in flagged:
            for name in result.flagged_categories:
                score = result.category_scores[name]
                hits.append(f"{name} ({score:.2f})" if score is not None else name)
        by = f" by {outcome.model}" if outcome.model else ""
        return [(f"flagged for {', '.join(hits)}", "bad"), by]
    if isinstance(outcome, ModerationError):
        code = f"{outcome.code}: " if outcome.code else ""
        return [("moderation could not run", "warn"), f" ({code}{outcome.message or 'no message'})"]
    if outcome is None:
        return [("not moderated", "dim")]
    return [("a kind of verdict this openwire does not know", "warn"), f" (type {outcome.type!r})"]


def _finish(completion: ChatCompletion) -> str | None:
    return completion.choices[0].finish_reason if completion.choices else None


def _fact(name: str, value: str | None) -> str:
    return f"{name}: {value}" if value else ""


def _summary(out: Output, model: str | None, usage: Any, moderation: Any, *facts: str | None) -> None:
    """The reply's moderation verdicts and a quiet line of usage (and the other `facts`), on stderr."""
    if moderation is not None:
        out.info("moderation of the input:  ", *verdict(moderation.input))
        out.info("moderation of the output: ", *verdict(moderation.output))
    shown = [model or "?"]
    if usage is not None:
        shown.append(f"{usage.total_tokens} tokens")
    shown += [fact for fact in facts if fact]
    out.note("[" + " · ".join(shown) + "]")
