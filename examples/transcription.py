"""Transcribe an audio file: plain text, timed segments and words, and subtitles.

    OPENAI_API_KEY=sk-... python examples/transcription.py speech.mp3

Without an argument it transcribes `speech.mp3` in the examples' temporary folder (made by
`examples/speech.py`, or made here first).
"""

from __future__ import annotations

import sys
from pathlib import Path

import _local as local


def main() -> None:
    audio = Path(sys.argv[1]) if len(sys.argv) > 1 else local.output_dir() / "speech.mp3"
    with local.client() as client:  # OPENAI_BASE_URL if set, else openwire's built-in local server
        if not audio.exists():
            spoken = "Hello from openwire! This audio was made from text."
            client.audio.speech.create(model="gpt-4o-mini-tts", voice="alloy", input=spoken).write_to_file(
                audio
            )
        # A path is read and uploaded with its file name, so the server can tell the format.
        transcript = client.audio.transcriptions.create(file=audio, model="whisper-1")
        print("text:", transcript.text)

        verbose = client.audio.transcriptions.create(
            file=audio,
            model="whisper-1",
            response_format="verbose_json",
            timestamp_granularities=["segment", "word"],
        )
        print(f"language: {verbose.language}, duration: {verbose.duration:.1f} s")
        for segment in verbose.segments or []:
            print(f"  [{segment.start:6.2f} - {segment.end:6.2f}] {segment.text.strip()}")
        for word in (verbose.words or [])[:5]:
            print(f"  {word.word!r} at {word.start:.2f} s")

        subtitles = client.audio.transcriptions.create(file=audio, model="whisper-1", response_format="srt")
        print(subtitles)

        english = client.audio.translations.create(file=audio, model="whisper-1")
        print("in English:", english.text)


if __name__ == "__main__":
    main()
