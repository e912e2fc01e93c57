"""Transcriptions: the parameters of `audio.transcriptions.create`, the transcript in each
`response_format`, and the events of a streamed transcription.

| `response_format` | returns |
|---|---|
| `json` (or left out) | `Transcription` |
| `verbose_json` | `TranscriptionVerbose`, with `segments` and `words` |
| `diarized_json` | `TranscriptionDiarized`, with speaker-labelled `segments` |
| `text`, `srt`, `vtt` | `str` |
| any, with `stream=True` | a stream of `TranscriptionStreamEvent`s |
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

from collections.abc import Sequence
from typing import Annotated, Literal, TypeAlias

from pydantic import Tag
from typing_extensions import Required, TypedDict

from openwire._files import FileTypes
from openwire._models import BaseModel, UnknownVariant, by_type

__all__ = [
    "AudioResponseFormat",
    "Transcription",
    "TranscriptionChunkingStrategyParam",
    "TranscriptionCreateParams",
    "TranscriptionCreateParamsBase",
    "TranscriptionCreateParamsDiarized",
    "TranscriptionCreateParamsJson",
    "TranscriptionCreateParamsStreaming",
    "TranscriptionCreateParamsText",
    "TranscriptionCreateParamsVerbose",
    "TranscriptionDiarized",
    "TranscriptionDiarizedSegment",
    "TranscriptionLanguage",
    "TranscriptionLogprob",
    "TranscriptionModel",
    "TranscriptionSegment",
    "TranscriptionStreamEvent",
    "TranscriptionTextDeltaEvent",
    "TranscriptionTextDoneEvent",
    "TranscriptionTextSegmentEvent",
    "TranscriptionUsage",
    "TranscriptionUsageDuration",
    "TranscriptionUsageInputDetails",
    "TranscriptionUsageTokens",
    "TranscriptionVerbose",
    "TranscriptionWord",
    "VadChunkingStrategyParam",
]

TranscriptionModel: TypeAlias = Literal[
    "gpt-4o-transcribe",
    "gpt-4o-mini-transcribe",
    "gpt-4o-mini-transcribe-2025-12-15",
    "gpt-4o-transcribe-diarize",
    "gpt-transcribe",
    "whisper-1",
]
"""The transcription models the API names; any other model id a server offers is accepted too."""

AudioResponseFormat: TypeAlias = Literal["json", "text", "srt", "verbose_json", "vtt", "diarized_json"]
"""The transcript formats; which ones a model supports varies (see the table in the module doc)."""


class VadChunkingStrategyParam(TypedDict, total=False):
    """Cut the audio into chunks where voice activity detection finds silence, with these settings."""

    type: Required[Literal["server_vad"]]
    """Always `server_vad`."""
    prefix_padding_ms: int
    """Audio to keep before detected speech, in milliseconds."""
    silence_duration_ms: int
    """How long a silence ends a chunk, in milliseconds."""
    threshold: float
    """How loud speech must be to count, from 0.0 to 1.0."""


TranscriptionChunkingStrategyParam: TypeAlias = Literal["auto"] | VadChunkingStrategyParam
"""How to cut long audio into chunks: `auto`, or voice activity detection with your settings."""


class TranscriptionCreateParamsBase(TypedDict, total=False):
    """The parameters `audio.transcriptions.create` takes whatever format it returns."""

    file: Required[FileTypes]
    """The audio: flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav or webm."""
    model: Required[TranscriptionModel | str]
    """The transcription model."""
    language: str
    """The spoken language as an ISO-639-1 code (`en`); helps accuracy and speed."""
    languages: Sequence[str]
    """Languages the audio may be in, as ISO-639-1 codes (`gpt-transcribe`)."""
    keywords: Sequence[str]
    """Words or phrases to listen for, such as names (`gpt-transcribe`)."""
    prompt: str
    """Text to guide the style, or the transcript of the audio just before this one."""
    temperature: float
    """Sampling temperature from 0 to 1."""
    timestamp_granularities: Sequence[Literal["word", "segment"]]
    """Timestamps per `word`, per `segment`, or both (needs `response_format="verbose_json"`)."""
    include: Sequence[Literal["logprobs"] | str]
    """Extra information to return: `logprobs` (with `json` and the `gpt-4o` models)."""
    chunking_strategy: TranscriptionChunkingStrategyParam | None
    """How to cut long audio into chunks; needed by the diarizing model for audio over 30 s."""
    known_speaker_names: Sequence[str]
    """Names for up to 4 known speakers, matching `known_speaker_references` (diarization)."""
    known_speaker_references: Sequence[str]
    """Audio samples of the known speakers, as data URLs (diarization)."""


class TranscriptionCreateParams(TranscriptionCreateParamsBase, total=False):
    """Every parameter of `audio.transcriptions.create`."""

    response_format: AudioResponseFormat | str
    """The transcript format (`json` by default)."""
    stream: bool | None
    """Stream the transcript as it is made (not for `whisper-1`)."""


class TranscriptionCreateParamsJson(TranscriptionCreateParamsBase, total=False):
    """The parameters of `audio.transcriptions.create` for a `Transcription`."""

    response_format: Literal["json"]
    """Leave out, or `json`."""
    stream: Literal[False] | None
    """Leave out, or `False`."""


class TranscriptionCreateParamsVerbose(TranscriptionCreateParamsBase, total=False):
    """The parameters of `audio.transcriptions.create` for a `TranscriptionVerbose`."""

    response_format: Required[Literal["verbose_json"]]
    """`verbose_json`: the text with its language, duration, segments and (if asked) words."""
    stream: Literal[False] | None
    """Leave out, or `False`."""


class TranscriptionCreateParamsText(TranscriptionCreateParamsBase, total=False):
    """The parameters of `audio.transcriptions.create` for the transcript as a `str`."""

    response_format: Required[Literal["text", "srt", "vtt"]]
    """`text` (plain text), `srt` or `vtt` (subtitles)."""
    stream: Literal[False] | None
    """Leave out, or `False`."""


class TranscriptionCreateParamsDiarized(TranscriptionCreateParamsBase, total=False):
    """The parameters of `audio.transcriptions.create` for a `TranscriptionDiarized`."""

    response_format: Required[Literal["diarized_json"]]
    """`diarized_json`: segments labelled by speaker (`gpt-4o-transcribe-diarize`)."""
    stream: Literal[False] | None
    """Leave out, or `False`."""


class TranscriptionCreateParamsStreaming(TranscriptionCreateParamsBase, total=False):
    """The parameters of `audio.transcriptions.create` for a stream of `TranscriptionStreamEvent`s."""

    response_format: AudioResponseFormat | str
    """The transcript format."""
    stream: Required[Literal[True]]
    """`True`: stream the transcript as it is made."""


class TranscriptionLogprob(BaseModel):
    """The log probability of one token of the transcript."""

    token: str | None = None
    """The token."""
    logprob: float | None = None
    """Its log probability."""
    bytes: list[int] | None = None
    """Its UTF-8 bytes."""


class TranscriptionLanguage(BaseModel):
    """A language detected in the audio."""

    code: str
    """Its ISO-639-1 code."""


class TranscriptionUsageInputDetails(BaseModel):
    """The input tokens by kind."""

    text_tokens: int | None = None
    """Tokens of the prompt."""
    audio_tokens: int | None = None
    """Tokens of the audio."""


class TranscriptionUsageTokens(BaseModel):
    """Usage of a model billed by tokens."""

    type: Literal["tokens"]
    """Always `tokens`."""
    input_tokens: int
    """Input tokens billed."""
    output_tokens: int
    """Output tokens generated."""
    total_tokens: int
    """Input plus output tokens."""
    input_token_details: TranscriptionUsageInputDetails | None = None
    """The input tokens by kind."""


class TranscriptionUsageDuration(BaseModel):
    """Usage of a model billed by the length of the audio."""

    type: Literal["duration"]
    """Always `duration`."""
    seconds: float
    """The length of the audio, in seconds."""


TranscriptionUsage: TypeAlias = Annotated[
    Annotated[TranscriptionUsageTokens, Tag("tokens")]
    | Annotated[TranscriptionUsageDuration, Tag("duration")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""Usage billed by tokens or by duration (or `UnknownVariant` for a new kind)."""


class Transcription(BaseModel):
    """A transcript (`response_format="json"`, the default)."""

    text: str
    """The transcribed text."""
    logprobs: list[TranscriptionLogprob] | None = None
    """Token log probabilities, when asked for with `include=["logprobs"]`."""
    languages: list[TranscriptionLanguage] | None = None
    """The languages detected (`gpt-transcribe`)."""
    usage: TranscriptionUsage | None = None
    """Usage of the request."""


class TranscriptionWord(BaseModel):
    """One word and when it is spoken."""

    word: str
    """The word."""
    start: float
    """When it starts, in seconds."""
    end: float
    """When it ends, in seconds."""


class TranscriptionSegment(BaseModel):
    """A stretch of the transcript with its timing and decoding statistics."""

    id: int
    """The segment's number."""
    start: float
    """When it starts, in seconds."""
    end: float
    """When it ends, in seconds."""
    text: str
    """Its text."""
    seek: int | None = None
    """The seek offset of the segment."""
    tokens: list[int] | None = None
    """The token ids of its text."""
    temperature: float | None = None
    """The sampling temperature the segment was decoded with."""
    avg_logprob: float | None = None
    """The mean log probability of its tokens; below -1 suggests the decoding failed."""
    compression_ratio: float | None = None
    """How well its text compresses; above 2.4 suggests repetitive, failed decoding."""
    no_speech_prob: float | None = None
    """The probability that the segment holds no speech."""


class TranscriptionVerbose(BaseModel):
    """A transcript with its timing (`response_format="verbose_json"`)."""

    text: str
    """The transcribed text."""
    language: str
    """The language of the audio."""
    duration: float
    """The length of the audio, in seconds."""
    segments: list[TranscriptionSegment] | None = None
    """The transcript in timed segments (with `timestamp_granularities` including `segment`, the
    default)."""
    words: list[TranscriptionWord] | None = None
    """Every word with its timing (with `timestamp_granularities` including `word`)."""
    task: Literal["transcribe"] | str | None = None
    """`transcribe`, where the server says."""
    usage: TranscriptionUsage | None = None
    """Usage of the request."""


class TranscriptionDiarizedSegment(BaseModel):
    """A stretch of a diarized transcript, spoken by one speaker."""

    id: str
    """The segment's id."""
    start: float
    """When it starts, in seconds."""
    end: float
    """When it ends, in seconds."""
    text: str
    """Its text."""
    speaker: str
    """Who speaks: a name from `known_speaker_names`, else a label such as `A`."""
    type: Literal["transcript.text.segment"] | str | None = None
    """Always `transcript.text.segment`."""


class TranscriptionDiarized(BaseModel):
    """A transcript split by speaker (`response_format="diarized_json"`)."""

    text: str
    """The whole transcribed text."""
    duration: float
    """The length of the audio, in seconds."""
    segments: list[TranscriptionDiarizedSegment]
    """The transcript in segments, each with its speaker."""
    task: Literal["transcribe"] | str | None = None
    """Always `transcribe`."""
    usage: TranscriptionUsage | None = None
    """Usage of the request."""


class TranscriptionTextDeltaEvent(BaseModel):
    """More of the transcript, in a transcription stream."""

    type: Literal["transcript.text.delta"]
    """Always `transcript.text.delta`."""
    delta: str
    """The text added."""
    logprobs: list[TranscriptionLogprob] | None = None
    """Log probabilities of the delta's tokens, when asked for with `include=["logprobs"]`."""
    segment_id: str | None = None
    """The diarized segment the delta belongs to (`gpt-4o-transcribe-diarize`)."""


class TranscriptionTextSegmentEvent(BaseModel):
    """A finished speaker segment, in a diarized transcription stream."""

    type: Literal["transcript.text.segment"]
    """Always `transcript.text.segment`."""
    id: str
    """The segment's id."""
    start: float
    """When it starts, in seconds."""
    end: float
    """When it ends, in seconds."""
    text: str
    """Its text."""
    speaker: str
    """Who speaks."""


class TranscriptionTextDoneEvent(BaseModel):
    """The last event of a transcription stream, with the whole transcript."""

    type: Literal["transcript.text.done"]
    """Always `transcript.text.done`."""
    text: str
    """The whole transcribed text."""
    logprobs: list[TranscriptionLogprob] | None = None
    """Log probabilities of every token, when asked for with `include=["logprobs"]`."""
    languages: list[TranscriptionLanguage] | None = None
    """The languages detected (`gpt-transcribe`)."""
    usage: TranscriptionUsageTokens | None = None
    """Usage of the request."""


TranscriptionStreamEvent: TypeAlias = Annotated[
    Annotated[TranscriptionTextDeltaEvent, Tag("transcript.text.delta")]
    | Annotated[TranscriptionTextSegmentEvent, Tag("transcript.text.segment")]
    | Annotated[TranscriptionTextDoneEvent, Tag("transcript.text.done")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""An event of a transcription stream: more text, a speaker segment, the end (or `UnknownVariant`)."""
