"""Translations: the parameters of `audio.translations.create` (speech in any language to English
text) and the translation in each `response_format`: `json` (or left out) gives `Translation`,
`verbose_json` gives `TranslationVerbose`, `text`, `srt` and `vtt` give a `str`."""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

from typing import Literal

from typing_extensions import Required, TypedDict

from openwire._files import FileTypes
from openwire._models import BaseModel
from openwire.types.audio.transcriptions import TranscriptionSegment

__all__ = [
    "Translation",
    "TranslationCreateParams",
    "TranslationCreateParamsBase",
    "TranslationCreateParamsJson",
    "TranslationCreateParamsText",
    "TranslationCreateParamsVerbose",
    "TranslationVerbose",
]


class TranslationCreateParamsBase(TypedDict, total=False):
    """The parameters `audio.translations.create` takes whatever format it returns."""

    file: Required[FileTypes]
    """The audio: flac, mp3, mp4, mpeg, mpga, m4a, ogg, wav or webm."""
    model: Required[Literal["whisper-1"] | str]
    """The translation model."""
    prompt: str
    """English text to guide the style, or the translation of the audio just before this one."""
    temperature: float
    """Sampling temperature from 0 to 1."""


class TranslationCreateParams(TranslationCreateParamsBase, total=False):
    """Every parameter of `audio.translations.create`."""

    response_format: Literal["json", "text", "srt", "verbose_json", "vtt"] | str
    """The translation's format (`json` by default)."""


class TranslationCreateParamsJson(TranslationCreateParamsBase, total=False):
    """The parameters of `audio.translations.create` for a `Translation`."""

    response_format: Literal["json"]
    """Leave out, or `json`."""


class TranslationCreateParamsVerbose(TranslationCreateParamsBase, total=False):
    """The parameters of `audio.translations.create` for a `TranslationVerbose`."""

    response_format: Required[Literal["verbose_json"]]
    """`verbose_json`: the text with the language, duration and timed segments."""


class TranslationCreateParamsText(TranslationCreateParamsBase, total=False):
    """The parameters of `audio.translations.create` for the translation as a `str`."""

    response_format: Required[Literal["text", "srt", "vtt"]]
    """`text` (plain text), `srt` or `vtt` (subtitles)."""


class Translation(BaseModel):
    """Speech translated into English text (`response_format="json"`, the default)."""

    text: str
    """The English text."""


class TranslationVerbose(BaseModel):
    """A translation with its timing (`response_format="verbose_json"`)."""

    text: str
    """The English text."""
    language: str
    """The language of the output (`english`)."""
    duration: float
    """The length of the audio, in seconds."""
    segments: list[TranscriptionSegment] | None = None
    """The translation in timed segments."""
    task: Literal["translate"] | str | None = None
    """`translate`, where the server says."""
