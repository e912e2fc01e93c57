"""`client.audio`: a namespace for `speech`, `transcriptions` and `translations`."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from openwire._resource import AsyncAPIResource, SyncAPIResource

if TYPE_CHECKING:
    from openwire.resources._views.audio import (  # noqa: F401 - named in the class bases below
        AsyncAudioWithRawResponse,
        AsyncAudioWithStreamingResponse,
        AudioWithRawResponse,
        AudioWithStreamingResponse,
    )

    from .speech import AsyncSpeech, Speech
    from .transcriptions import AsyncTranscriptions, Transcriptions
    from .translations import AsyncTranslations, Translations

__all__ = ["AsyncAudio", "Audio"]


class Audio(SyncAPIResource["AudioWithRawResponse", "AudioWithStreamingResponse"]):
    """`client.audio`: text to speech, and speech to text."""

    @cached_property
    def speech(self) -> Speech:
        """Turn text into spoken audio."""
        from .speech import Speech

        return self._sub(Speech)

    @cached_property
    def transcriptions(self) -> Transcriptions:
        """Turn speech into text in its own language."""
        from .transcriptions import Transcriptions

        return self._sub(Transcriptions)

    @cached_property
    def translations(self) -> Translations:
        """Turn speech into English text."""
        from .translations import Translations

        return self._sub(Translations)


class AsyncAudio(AsyncAPIResource["AsyncAudioWithRawResponse", "AsyncAudioWithStreamingResponse"]):
    """`client.audio`: text to speech, and speech to text."""

    @cached_property
    def speech(self) -> AsyncSpeech:
        """Turn text into spoken audio."""
        from .speech import AsyncSpeech

        return self._sub(AsyncSpeech)

    @cached_property
    def transcriptions(self) -> AsyncTranscriptions:
        """Turn speech into text in its own language."""
        from .transcriptions import AsyncTranscriptions

        return self._sub(AsyncTranscriptions)

    @cached_property
    def translations(self) -> AsyncTranslations:
        """Turn speech into English text."""
        from .translations import AsyncTranslations

        return self._sub(AsyncTranslations)
