"""`client.audio`: a namespace for `speech`, `transcriptions` and `translations`."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openwire._client import AsyncClient, Client

    from .speech import AsyncSpeech, Speech
    from .transcriptions import AsyncTranscriptions, Transcriptions
    from .translations import AsyncTranslations, Translations

__all__ = ["AsyncAudio", "Audio"]


class Audio:
    """`client.audio`: text to speech, and speech to text."""

    def __init__(self, client: Client) -> None:
        self._client = client

    @cached_property
    def speech(self) -> Speech:
        """Turn text into spoken audio."""
        from .speech import Speech

        return Speech(self._client)

    @cached_property
    def transcriptions(self) -> Transcriptions:
        """Turn speech into text in its own language."""
        from .transcriptions import Transcriptions

        return Transcriptions(self._client)

    @cached_property
    def translations(self) -> Translations:
        """Turn speech into English text."""
        from .translations import Translations

        return Translations(self._client)


class AsyncAudio:
    """`client.audio` on `AsyncClient`: text to speech, and speech to text."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    @cached_property
    def speech(self) -> AsyncSpeech:
        """Turn text into spoken audio."""
        from .speech import AsyncSpeech

        return AsyncSpeech(self._client)

    @cached_property
    def transcriptions(self) -> AsyncTranscriptions:
        """Turn speech into text in its own language."""
        from .transcriptions import AsyncTranscriptions

        return AsyncTranscriptions(self._client)

    @cached_property
    def translations(self) -> AsyncTranslations:
        """Turn speech into English text."""
        from .translations import AsyncTranslations

        return AsyncTranslations(self._client)
