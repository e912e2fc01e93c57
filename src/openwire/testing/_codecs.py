"""Compressed speech the standard library can write: real, minimal files in the formats the speech
endpoint offers, each carrying the text it was made from so that a transcription gives it back.

- FLAC: the speech's own samples, stored verbatim (FLAC's uncompressed subframes), so it sounds
  like the WAV; the text in a Vorbis comment.
- MP3 (MPEG-2 Layer III, 24 kHz, 32 kbps), AAC (ADTS, AAC-LC, 24 kHz) and Opus (in Ogg, 20 ms
  frames): silence of the speech's length, since encoding sound needs a real encoder; the text in
  an ID3v2 tag (MP3, AAC) or in the Opus tags.

`speech_info` reads the duration and the text back from any of these and from the server's WAV.
"""

from __future__ import annotations

import struct

from ._media import SAMPLE_RATE, wav_info

__all__ = ["aac", "flac", "mp3", "opus", "speech_info"]

_TEXT_KEY = "OPENWIRE_TEXT"

# One MPEG-2 Layer III frame of silence: a mono 24 kHz, 32 kbps header, then side information and
# main data all zero (no Huffman data: every spectral value is zero). 576 samples, 96 bytes.
_MP3_HEADER = b"\xff\xf3\x44\xc0"
_MP3_FRAME = _MP3_HEADER + bytes(92)
_MP3_SAMPLES = 576

# One ADTS frame of AAC-LC silence, mono 24 kHz: a 7-byte header (frame length 11), then a raw
# data block with one channel element holding no scale factor bands, and the end element.
_AAC_FRAME = b"\xff\xf1\x58\x40\x01\x7f\xfc" + b"\x01\x40\x20\x07"
_AAC_SAMPLES = 1024

# A 20 ms CELT-only Opus packet that decodes to silence (TOC 0xf8: full band, mono, one frame).
_OPUS_PACKET = b"\xf8\xff\xfe"
_OPUS_SAMPLES = 960  # Opus always counts at 48 kHz
_OPUS_PRE_SKIP = 312

_FLAC_BLOCK = 4096


def mp3(seconds: float, text: str) -> bytes:
    """An MP3 of `seconds` of silence with `text` in an ID3v2 tag."""
    return _id3(text) + _MP3_FRAME * _count(seconds * SAMPLE_RATE, _MP3_SAMPLES)


def aac(seconds: float, text: str) -> bytes:
    """An AAC (ADTS) stream of `seconds` of silence with `text` in an ID3v2 tag before it."""
    return _id3(text) + _AAC_FRAME * _count(seconds * SAMPLE_RATE, _AAC_SAMPLES)


def opus(seconds: float, text: str) -> bytes:
    """An Ogg Opus file of `seconds` of silence with `text` in its tags."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, _OPUS_PRE_SKIP, SAMPLE_RATE, 0, 0)
    tags = b"OpusTags" + _vorbis_comments(text)
    pages = [_ogg_page([head], 0, 0, 0x02), _ogg_page([tags], 0, 1, 0)]
    samples = max(round(seconds * 48_000), 1)
    packets = _count(samples, _OPUS_SAMPLES)
    sequence = 2
    for first in range(0, packets, 255):
        count = min(255, packets - first)
        last = first + count == packets
        # The last page's position says where the audio ends, trimming the final packet.
        granule = _OPUS_PRE_SKIP + (samples if last else (first + count) * _OPUS_SAMPLES)
        pages.append(_ogg_page([_OPUS_PACKET] * count, granule, sequence, 0x04 if last else 0))
        sequence += 1
    return b"".join(pages)


def flac(pcm: bytes, text: str) -> bytes:
    """A FLAC file of 16-bit mono 24 kHz samples (little-endian `pcm`), stored verbatim, with `text`
    in a Vorbis comment."""
    count = len(pcm) // 2
    samples = struct.unpack(f"<{count}h", pcm[: count * 2])
    # sample rate (20 bits), channels - 1 (3), bits per sample - 1 (5), total samples (36)
    packed = (SAMPLE_RATE << 44) | (0 << 41) | (15 << 36) | count
    info = struct.pack(">HH", _FLAC_BLOCK, _FLAC_BLOCK) + bytes(6) + packed.to_bytes(8, "big") + bytes(16)
    comments = _vorbis_comments(text)
    out = [b"fLaC", _flac_block(0, info, last=False), _flac_block(4, comments, last=True)]
    for number, start in enumerate(range(0, count, _FLAC_BLOCK)):
        block = samples[start : start + _FLAC_BLOCK]
        # fixed block size; "block size - 1 in 16 bits at the end"; 24 kHz; mono; 16-bit samples
        header = b"\xff\xf8\x77\x08" + _utf8_number(number) + struct.pack(">H", len(block) - 1)
        header += bytes([_crc8(header)])
        frame = header + b"\x02" + struct.pack(f">{len(block)}h", *block)  # a VERBATIM subframe
        out.append(frame + struct.pack(">H", _crc16(frame)))
    return b"".join(out)


def speech_info(data: bytes) -> tuple[float, str | None] | None:
    """The duration in seconds and the text of speech from this server (WAV, FLAC, MP3, AAC or
    Ogg Opus), or None for audio it did not make."""
    if data[:4] == b"RIFF":
        return wav_info(data)
    if data[:4] == b"fLaC":
        return _flac_info(data)
    if data[:4] == b"OggS":
        return _opus_info(data)
    if data[:3] == b"ID3" and len(data) >= 10:
        size = _unsyncsafe(data[6:10])
        text = _id3_text(data[10 : 10 + size])
        frames = data[10 + size :]
        if frames.startswith(_MP3_HEADER):
            return len(frames) // len(_MP3_FRAME) * _MP3_SAMPLES / SAMPLE_RATE, text
        if frames.startswith(_AAC_FRAME[:2]):
            return len(frames) // len(_AAC_FRAME) * _AAC_SAMPLES / SAMPLE_RATE, text
    return None


def _count(samples: float, per_frame: int) -> int:
    return max(-(-int(samples) // per_frame), 1)


# -- ID3v2.4 ------------------------------------------------------------------------------------


def _syncsafe(value: int) -> bytes:
    return bytes((value >> shift) & 0x7F for shift in (21, 14, 7, 0))


def _unsyncsafe(data: bytes) -> int:
    value = 0
    for byte in data:
        value = (value << 7) | (byte & 0x7F)
    return value


def _id3(text: str) -> bytes:
    # A TXXX frame: UTF-8 (encoding 3), a description, then the value.
    body = b"\x03" + _TEXT_KEY.encode() + b"\x00" + text.encode()
    frame = b"TXXX" + _syncsafe(len(body)) + b"\x00\x00" + body
    return b"ID3\x04\x00\x00" + _syncsafe(len(frame)) + frame


def _id3_text(tag: bytes) -> str | None:
    position = 0
    while position + 10 <= len(tag):
        kind, size = tag[position : position + 4], _unsyncsafe(tag[position + 4 : position + 8])
        body = tag[position + 10 : position + 10 + size]
        if kind == b"TXXX" and body[1:].startswith(_TEXT_KEY.encode() + b"\x00"):
            return body[2 + len(_TEXT_KEY) :].decode("utf-8", "replace")
        if not size:
            break
        position += 10 + size
    return None


# -- Vorbis comments (FLAC, Opus) ----------------------------------------------------------------


def _vorbis_comments(text: str) -> bytes:
    vendor = b"openwire"
    comment = f"{_TEXT_KEY}={text}".encode()
    return struct.pack("<I", len(vendor)) + vendor + struct.pack("<II", 1, len(comment)) + comment


def _comment_text(data: bytes) -> str | None:
    try:
        (vendor,) = struct.unpack_from("<I", data, 0)
        position = 4 + vendor
        (count,) = struct.unpack_from("<I", data, position)
        position += 4
        for _ in range(count):
            (size,) = struct.unpack_from("<I", data, position)
            key, _, value = data[position + 4 : position + 4 + size].partition(b"=")
            if key.decode("ascii", "replace").upper() == _TEXT_KEY:
                return value.decode("utf-8", "replace")
            position += 4 + size
    except struct.error:
        return None
    return None


# -- Ogg ------------------------------------------------------------------------------------------


def _ogg_crc_table() -> list[int]:
    table = []
    for index in range(256):
        crc = index << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        table.append(crc & 0xFFFFFFFF)
    return table


_OGG_CRC = _ogg_crc_table()


def _ogg_page(packets: list[bytes], granule: int, sequence: int, flags: int) -> bytes:
    lacing = bytearray()
    for packet in packets:
        lacing += b"\xff" * (len(packet) // 255) + bytes([len(packet) % 255])
    header = b"OggS" + struct.pack("<BBqIIIB", 0, flags, granule, 1, sequence, 0, len(lacing))
    page = header + bytes(lacing) + b"".join(packets)
    crc = 0
    for byte in page:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC[(crc >> 24) ^ byte]
    return page[:22] + struct.pack("<I", crc) + page[26:]


def _opus_info(data: bytes) -> tuple[float, str | None] | None:
    text: str | None = None
    granule = 0
    position = 0
    while data[position : position + 4] == b"OggS" and position + 27 <= len(data):
        granule = max(granule, struct.unpack_from("<q", data, position + 6)[0])
        segments = data[position + 26]
        size = sum(data[position + 27 : position + 27 + segments])
        body = data[position + 27 + segments : position + 27 + segments + size]
        if body.startswith(b"OpusTags"):
            text = _comment_text(body[8:])
        position += 27 + segments + size
    return max(granule - _OPUS_PRE_SKIP, 0) / 48_000, text


# -- FLAC -----------------------------------------------------------------------------------------


def _flac_block(kind: int, data: bytes, *, last: bool) -> bytes:
    return bytes([(0x80 if last else 0) | kind]) + len(data).to_bytes(3, "big") + data


def _flac_info(data: bytes) -> tuple[float, str | None] | None:
    text: str | None = None
    duration = 0.0
    position = 4
    while position + 4 <= len(data):
        kind, size = data[position] & 0x7F, int.from_bytes(data[position + 1 : position + 4], "big")
        body = data[position + 4 : position + 4 + size]
        if kind == 0 and len(body) >= 18:
            packed = int.from_bytes(body[10:18], "big")
            rate, total = packed >> 44, packed & ((1 << 36) - 1)
            duration = total / rate if rate else 0.0
        elif kind == 4:
            text = _comment_text(body)
        position += 4 + size
        if data[position - 4 - size] & 0x80:  # the last metadata block
            break
    return duration, text


def _utf8_number(value: int) -> bytes:
    """A frame number as FLAC writes it: UTF-8's byte pattern, for numbers up to 36 bits."""
    if value < 0x80:
        return bytes([value])
    tail = []
    while True:
        tail.append(0x80 | (value & 0x3F))
        value >>= 6
        lead_bits = 6 - len(tail)  # room left in the first byte
        if value < (1 << lead_bits):
            marker = (0xFF << (7 - len(tail))) & 0xFF
            return bytes([marker | value, *reversed(tail)])


def _crc8(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def _crc16_table() -> list[int]:
    table = []
    for index in range(256):
        crc = index << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
        table.append(crc)
    return table


_CRC16 = _crc16_table()


def _crc16(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC16[(crc >> 8) ^ byte]
    return crc
