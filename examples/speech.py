"""Turn text into speech: once into memory, once streamed straight to disk.

OPENAI_API_KEY=sk-... python examples/speech.py "Hello from openwire!"
"""

from __future__ import annotations

import sys

import _local as local

MODEL = "gpt-4o-mini-tts"


def main() -> None:
    text = " ".join(sys.argv[1:]) or "Hello from openwire! This audio was made from text."
    with local.client() as client:  # OPENAI_BASE_URL if set, else openwire's built-in local server
        folder = local.output_dir()  # a temporary folder, not the one this runs from
        # The whole file in memory: fine for short texts.
        audio = client.audio.speech.create(model=MODEL, voice="coral", input=text, response_format="mp3")
        audio.write_to_file(folder / "speech.mp3")
        print(f"speech.mp3: {len(audio.content)} bytes, {audio.content_type}")

        # Long audio: write it to disk as it arrives, never holding all of it in memory.
        with client.audio.speech.with_streaming_response.create(
            model=MODEL, voice="coral", input=text, response_format="wav", instructions="Speak slowly."
        ) as response:
            response.write_to_file(folder / "speech.wav")
        print(f"speech.wav: {(folder / 'speech.wav').stat().st_size} bytes, streamed to disk")
        print(f"saved in {folder}")


if __name__ == "__main__":
    main()
