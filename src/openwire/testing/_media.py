"""Real media bytes from the standard library: PNG images (zlib + struct) and WAV audio (`wave`).

The WAV files carry the text they were made from in a RIFF `LIST/INFO` comment, so that a
transcription of the server's own speech gives the original text back.
"""

from __future__ import annotations

import io
import math
import struct
import wave
import zlib
from array import array

from ._text import digest

__all__ = ["SAMPLE_RATE", "png", "png_size", "wav", "wav_info"]

SAMPLE_RATE = 24_000
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def color_for(text: str) -> tuple[int, int, int]:
    """A colour derived from a text (the same text always gives the same colour)."""
    r, g, b = digest("colour", text)[:3]
    return r, g, b


def png(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    """An RGB PNG of the given size: a solid colour with a darker band across the middle."""
    dark = bytes(c // 2 for c in color)
    plain_row = b"\x00" + bytes(color) * width
    band_row = b"\x00" + dark * width
    top, bottom = height * 2 // 5, height * 3 // 5
    raw = plain_row * top + band_row * (bottom - top) + plain_row * (height - bottom)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        _PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(raw, 6))
        + _png_chunk(b"IEND", b"")
    )


def png_size(data: bytes) -> tuple[int, int] | None:
    """The width and height of a PNG, or None when the bytes are not a PNG."""
    if len(data) < 24 or not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _tone(frequency: float) -> array[int]:
    """One period of a sine tone at about `frequency` Hz, as 16-bit samples."""
    period = max(int(SAMPLE_RATE / frequency), 2)
    return array("h", (int(9000 * math.sin(2 * math.pi * i / period)) for i in range(period)))


def wav(text: str, *, voice: str = "alloy", speed: float = 1.0, raw: bool = False) -> bytes:
    """Speech-like audio for a text: a tone per word with short pauses, 24 kHz 16-bit mono.

    Returns a WAV file (with the text in its INFO comment), or with `raw=True` the bare PCM samples,
    as the API sends for `response_format="pcm"`.
    """
    frequency = 160 + digest("voice", voice)[0]
    period = _tone(frequency)
    samples = array("h")
    word_seconds, gap_seconds = 0.18 / speed, 0.06 / speed
    for word in text.split() or [""]:
        length = int(SAMPLE_RATE * word_seconds * min(max(len(word), 2), 8) / 5)
        samples.extend((period * (length // len(period) + 1))[:length])
        samples.extend(array("h", bytes(2 * int(SAMPLE_RATE * gap_seconds))))
    pcm = samples.tobytes() if struct.pack("=h", 1) == struct.pack("<h", 1) else _swapped(samples)
    if raw:
        return pcm
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)
    return _with_comment(buffer.getvalue(), text)


def _swapped(samples: array[int]) -> bytes:
    copy = array("h", samples)
    copy.byteswap()
    return copy.tobytes()


def _with_comment(data: bytes, text: str) -> bytes:
    """Append a `LIST/INFO/ICMT` chunk holding `text` and fix the RIFF size."""
    comment = text.encode() + b"\x00"
    if len(comment) % 2:
        comment += b"\x00"
    info = b"INFO" + b"ICMT" + struct.pack("<I", len(comment)) + comment
    body = data[12:] + b"LIST" + struct.pack("<I", len(info)) + info
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


def wav_info(data: bytes) -> tuple[float, str | None] | None:
    """The duration in seconds and the INFO comment of a WAV file, or None when it is not one."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    try:
        with wave.open(io.BytesIO(data), "rb") as audio:
            duration = audio.getnframes() / float(audio.getframerate() or 1)
    except (wave.Error, EOFError):
        return None
    comment = None
    position = 12
    while position + 8 <= len(data):
        kind, size = data[position : position + 4], struct.unpack("<I", data[position + 4 : position + 8])[0]
        chunk = data[position + 8 : position + 8 + size]
        if kind == b"LIST" and chunk[:4] == b"INFO":
            inner = 4
            while inner + 8 <= len(chunk):
                name, length = chunk[inner : inner + 4], struct.unpack("<I", chunk[inner + 4 : inner + 8])[0]
                if name == b"ICMT":
                    comment = chunk[inner + 8 : inner + 8 + length].rstrip(b"\x00").decode("utf-8", "replace")
                inner += 8 + length + (length % 2)
        position += 8 + size + (size % 2)
    return duration, comment
