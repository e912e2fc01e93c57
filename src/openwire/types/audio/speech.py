"""Speech: the parameters of `audio.speech.create`, and the events of a speech stream
(`stream_format="sse"`). The audio itself comes back as a `BinaryContent`.

```python
audio = client.audio.speech.create(model="gpt-4o-mini-tts", voice="coral", input="Hello!")
audio.write_to_file("hello.mp3")
```
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required.

import base64
from typing import Annotated, Literal, TypeAlias

from pydantic import Tag
from typing_extensions import Required, TypedDict

from openwire._models import BaseModel, UnknownVariant, by_type
from openwire.types.chat.params import CustomVoiceParam

__all__ = [
    "SpeechAudioDeltaEvent",
    "SpeechAudioDoneEvent",
    "SpeechCreateParams",
    "SpeechCreateParamsBase",
    "SpeechCreateParamsNonStreaming",
    "SpeechCreateParamsStreaming",
    "SpeechModel",
    "SpeechResponseFormat",
    "SpeechStreamEvent",
    "SpeechUsage",
    "SpeechVoice",
]

SpeechModel: TypeAlias = Literal["gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15", "tts-1", "tts-1-hd"]
"""The speech models the API names; any other model id a server offers is accepted too."""

SpeechVoice: TypeAlias = Literal[
    "alloy",
    "ash",
    "ballad",
    "cedar",
    "coral",
    "echo",
    "fable",
    "marin",
    "nova",
    "onyx",
    "sage",
    "shimmer",
    "verse",
]
"""The built-in voices the API names; servers such as local TTS engines accept their own names."""

SpeechResponseFormat: TypeAlias = Literal["mp3", "opus", "aac", "flac", "wav", "pcm"]
"""The audio formats: `pcm` is raw 24 kHz 16-bit little-endian mono samples, with no header."""


class SpeechCreateParamsBase(TypedDict, total=False):
    """The parameters `audio.speech.create` takes whatever it streams."""

    model: Required[SpeechModel | str]
    """The speech model."""
    input: Required[str]
    """The text to speak (up to 4096 characters)."""
    voice: Required[SpeechVoice | str | CustomVoiceParam]
    """A built-in voice by name, or a custom voice as `{"id": "voice_..."}`."""
    instructions: str
    """How to speak: tone, pace, accent... (not for `tts-1` and `tts-1-hd`)."""
    response_format: SpeechResponseFormat | str
    """The audio format (`mp3` by default)."""
    speed: float
    """From 0.25 to 4.0; 1.0 is normal speed."""


class SpeechCreateParams(SpeechCreateParamsBase, total=False):
    """Every parameter of `audio.speech.create`."""

    stream_format: Literal["audio", "sse"] | str
    """`audio` (the default): the audio file itself; `sse`: events carrying base64 audio chunks."""


class SpeechCreateParamsNonStreaming(SpeechCreateParamsBase, total=False):
    """The parameters of `audio.speech.create` for the audio file itself."""

    stream_format: Literal["audio"]
    """Leave out, or `audio`, for the audio file (which still arrives as it is made: see
    `with_streaming_response`)."""


class SpeechCreateParamsStreaming(SpeechCreateParamsBase):
    """The parameters of `audio.speech.create` for a stream of `SpeechStreamEvent`s."""

    stream_format: Required[Literal["sse"]]
    """`sse`: server-sent events with the audio in base64 chunks, then the usage."""


class SpeechAudioDeltaEvent(BaseModel):
    """A chunk of the audio, in a speech event stream."""

    type: Literal["speech.audio.delta"]
    """Always `speech.audio.delta`."""
    audio: str
    """The chunk, base64-encoded (`audio_bytes` decodes it)."""

    @property
    def audio_bytes(self) -> bytes:
        """The chunk of audio, decoded."""
        return base64.b64decode(self.audio)


class SpeechUsage(BaseModel):
    """Token usage of a speech request."""

    input_tokens: int
    """Tokens of the input text (and instructions)."""
    output_tokens: int
    """Audio tokens generated."""
    total_tokens: int
    """Input plus output tokens."""


class SpeechAudioDoneEvent(BaseModel):
    """The last event of a speech event stream: all audio has been sent."""

    type: Literal["speech.audio.done"]
    """Always `speech.audio.done`."""
    usage: SpeechUsage | None = None
    """Token usage of the request."""


SpeechStreamEvent: TypeAlias = Annotated[
    Annotated[SpeechAudioDeltaEvent, Tag("speech.audio.delta")]
    | Annotated[SpeechAudioDoneEvent, Tag("speech.audio.done")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""An event of a speech stream: audio, the end with usage, or `UnknownVariant` for a new kind."""
