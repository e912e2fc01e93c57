"""`POST /audio/speech`, `/audio/transcriptions` and `/audio/translations`.

Speech is real audio in the format asked for: a tone per word in WAV, FLAC and bare PCM; silence
of the same length in MP3, AAC and Opus, which would need a real encoder to carry sound (those
answers say so in `x-openwire-audio: silence`). See `_codecs`.

A transcription's text is, in order: the next scripted transcript, the text speech from this server
was made from (so speech -> transcription round-trips, in every format), or a sentence naming the
uploaded file.
"""

from __future__ import annotations

import base64
import math
from typing import Any

from ._checks import check_enum, check_number, missing, require_string, wrong_type
from ._codecs import aac, flac, mp3, opus, speech_info
from ._media import SAMPLE_RATE, wav
from ._state import State
from ._text import count_tokens, digest, tokens
from ._wire import ApiError, Request, Response, UploadedFile, json_response, sse, text_response

__all__ = ["create_speech", "create_transcription"]

_CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/opus",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}
_LANGUAGES = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "ja": "japanese",
    "zh": "chinese",
    "ru": "russian",
}
_TRANSCRIPTION_FORMATS = ("json", "text", "srt", "verbose_json", "vtt", "diarized_json")
_TRANSLATION_FORMATS = ("json", "text", "srt", "verbose_json", "vtt")


def create_speech(state: State, request: Request, body: dict[str, Any]) -> Response:
    """`POST /audio/speech` (JSON body) -> audio bytes, or an event stream for `stream_format="sse"`."""
    model = require_string(body, "model")
    state.check_model(model)
    text = require_string(body, "input")
    if len(text) > 4096:
        raise ApiError(400, "Invalid 'input': string too long (at most 4096 characters).", param="input")
    if "voice" not in body:
        raise missing("voice")
    voice = body["voice"]
    if isinstance(voice, dict):
        voice = voice.get("id")
    if not isinstance(voice, str) or not voice:
        raise wrong_type("voice", "a voice name or {'id': ...}", body["voice"])
    check_enum(body, "response_format", tuple(_CONTENT_TYPES))
    check_number(body, "speed", 0.25, 4.0)
    check_enum(body, "stream_format", ("audio", "sse"))
    response_format = body.get("response_format") or "mp3"
    audio = _speech(text, voice, float(body.get("speed") or 1.0), response_format)
    if body.get("stream_format") == "sse":
        step = 24_000
        events: list[Any] = [
            {"type": "speech.audio.delta", "audio": base64.b64encode(audio[i : i + step]).decode("ascii")}
            for i in range(0, len(audio), step)
        ]
        used = count_tokens(text)
        output_tokens = len(audio) // 2400
        events.append(
            {
                "type": "speech.audio.done",
                "usage": {
                    "input_tokens": used,
                    "output_tokens": output_tokens,
                    "total_tokens": used + output_tokens,
                },
            }
        )
        return sse(events)
    response = text_response(audio, _CONTENT_TYPES[response_format])
    if response_format in _SILENT:
        response.set_header("x-openwire-audio", "silence")
    return response


_SILENT = {"mp3": mp3, "aac": aac, "opus": opus}


def _speech(text: str, voice: str, speed: float, response_format: str) -> bytes:
    if response_format == "wav":
        return wav(text, voice=voice, speed=speed)
    pcm = wav(text, voice=voice, speed=speed, raw=True)
    if response_format == "flac":
        return flac(pcm, text)
    if response_format in _SILENT:
        return _SILENT[response_format](len(pcm) / 2 / SAMPLE_RATE, text)
    return pcm


def _fields(fields: dict[str, list[str]], key: str) -> str | None:
    values = fields.get(key)
    return values[-1] if values else None


def _text_for(state: State, upload: UploadedFile, translate: bool) -> tuple[str, float]:
    info = speech_info(upload.data)
    duration = info[0] if info else max(round(len(upload.data) / 16_000, 2), 0.1)
    text = state.next_transcript() or (info[1] if info and info[1] else None)
    if text is None:
        kind = "translation" if translate else "transcript"
        text = f"This is a {kind} of {upload.filename} ({len(upload.data)} bytes of audio)."
    return text, round(duration, 3)


def _segments(text: str, duration: float) -> list[tuple[float, float, str]]:
    """The text in segments of up to twelve words, with times spread over the duration."""
    words = text.split()
    groups = [" ".join(words[i : i + 12]) for i in range(0, len(words), 12)] or [""]
    total = max(len(words), 1)
    out: list[tuple[float, float, str]] = []
    start = 0.0
    for group in groups:
        end = round(start + duration * max(len(group.split()), 1) / total, 3)
        out.append((round(start, 3), min(end, duration), group))
        start = end
    return out


def _words(text: str, duration: float) -> list[dict[str, Any]]:
    words = text.split()
    step = duration / max(len(words), 1)
    return [
        {"word": word.strip(".,!?;:\"'"), "start": round(i * step, 3), "end": round((i + 1) * step, 3)}
        for i, word in enumerate(words)
    ]


def _timestamp(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _usage(model: str, text: str, duration: float) -> dict[str, Any]:
    if model.startswith("gpt-"):
        audio_tokens = max(int(duration * 10), 1)
        output = count_tokens(text)
        return {
            "type": "tokens",
            "input_tokens": audio_tokens,
            "input_token_details": {"text_tokens": 0, "audio_tokens": audio_tokens},
            "output_tokens": output,
            "total_tokens": audio_tokens + output,
        }
    return {"type": "duration", "seconds": max(math.ceil(duration), 1)}


def create_transcription(
    state: State,
    request: Request,
    fields: dict[str, list[str]],
    files: dict[str, list[UploadedFile]],
    *,
    translate: bool = False,
) -> Response:
    """`POST /audio/transcriptions` or `/audio/translations` (multipart) in every response format."""
    uploads = files.get("file")
    if not uploads:
        raise missing("file")
    model = require_string({"model": _fields(fields, "model")}, "model")
    state.check_model(model)
    formats = _TRANSLATION_FORMATS if translate else _TRANSCRIPTION_FORMATS
    check_enum({"response_format": _fields(fields, "response_format")}, "response_format", formats)
    granularities = fields.get("timestamp_granularities[]", []) + fields.get("timestamp_granularities", [])
    for value in granularities:
        check_enum({"timestamp_granularities": value}, "timestamp_granularities", ("word", "segment"))
    response_format = _fields(fields, "response_format") or "json"
    if not translate:
        for value in fields.get("include[]", []) + fields.get("include", []):
            check_enum({"include": value}, "include", ("logprobs",))
    if granularities and response_format != "verbose_json":
        raise ApiError(
            400,
            "timestamp_granularities is only supported with response_format 'verbose_json'.",
            param="timestamp_granularities",
        )
    text, duration = _text_for(state, uploads[0], translate)
    segments = _segments(text, duration)
    if _fields(fields, "stream") == "true" and not translate:
        events: list[Any] = [{"type": "transcript.text.delta", "delta": piece} for piece in tokens(text)]
        events.append({"type": "transcript.text.done", "text": text, "usage": _usage(model, text, duration)})
        return sse(events)
    if response_format == "text":
        return text_response(text + "\n")
    if response_format == "srt":
        cues = [
            f"{n}\n{_timestamp(start, ',')} --> {_timestamp(end, ',')}\n{line}\n"
            for n, (start, end, line) in enumerate(segments, 1)
        ]
        return text_response("\n".join(cues) + "\n")
    if response_format == "vtt":
        cues = [
            f"{_timestamp(start, '.')} --> {_timestamp(end, '.')}\n{line}\n" for start, end, line in segments
        ]
        return text_response("WEBVTT\n\n" + "\n".join(cues) + "\n", "text/vtt; charset=utf-8")
    usage = _usage(model, text, duration)
    if response_format == "json":
        return json_response({"text": text} if translate else {"text": text, "usage": usage})
    task = "translate" if translate else "transcribe"
    if response_format == "diarized_json":
        diarized = [
            {
                "type": "transcript.text.segment",
                "id": f"seg_{n}",
                "start": start,
                "end": end,
                "text": line,
                "speaker": "AB"[n % 2],
            }
            for n, (start, end, line) in enumerate(segments)
        ]
        return json_response(
            {"task": task, "duration": duration, "text": text, "segments": diarized, "usage": usage}
        )
    language = "english" if translate else _LANGUAGES.get(_fields(fields, "language") or "en", "english")
    verbose: dict[str, Any] = {"task": task, "language": language, "duration": duration, "text": text}
    if not granularities or "segment" in granularities:
        verbose["segments"] = [
            {
                "id": n,
                "seek": 0,
                "start": start,
                "end": end,
                "text": " " + line,
                "tokens": [int.from_bytes(digest(t)[:2], "big") for t in tokens(line)],
                "temperature": 0.0,
                "avg_logprob": -0.25,
                "compression_ratio": 1.2,
                "no_speech_prob": 0.01,
            }
            for n, (start, end, line) in enumerate(segments)
        ]
    if "word" in granularities:
        verbose["words"] = _words(text, duration)
    verbose["usage"] = usage
    return json_response(verbose)
