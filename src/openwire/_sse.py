"""An incremental decoder for server-sent events (the WHATWG event-stream format). No I/O here.

Bytes in, events out: lines end only at CRLF, LF or CR (never at the other characters
`str.splitlines` treats as line ends), a CR at the end of one read may pair with an LF at the start
of the next, and a UTF-8 character split across reads is whole again before anything is decoded,
because events are cut on ASCII bytes and only the fields that need text are decoded.

Speed matters here: a chat stream is thousands of events a second, almost all of them one
`data: {...}` line and a blank line. So the decoder first cuts the stream into blocks at blank lines
(`find`, in C) and takes a block that is a single `data:` line as it is; any other block (comments,
`event:`, several `data:` lines) goes through the line-by-line rules. The Responses API names
every event (`event: response.output_text.delta`) and repeats the name in the data's `type`: a
decoder made with `types_in_data=True` drops those lines (one regular-expression pass, in C) and
keeps only the name `error`, so that such a stream takes the same fast path.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["DataLines", "SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"
_TYPE_LINE = re.compile(rb"\n\nevent: (?!error\n)[^\n]*\n")
"""An `event: ...` line (not `error`) opening an event, with the blank line before it: how the
API writes every event. (Anchored on the blank line, not on `^`, so that the search runs at the
speed of a substring search.)"""


class ServerSentEvent(NamedTuple):
    """One dispatched event. `data` stays bytes: JSON parsers read bytes directly."""

    data: bytes
    """The event's data (its `data:` lines joined with `\\n`)."""
    event: str | None = None
    """The `event:` type, or None for the default (`message`)."""
    id: str | None = None
    """The last event id seen in the stream so far."""
    retry: int | None = None
    """The reconnection time in milliseconds the server last asked for."""

    @property
    def text(self) -> str:
        """The data as text."""
        return self.data.decode("utf-8", "replace")


class DataLines(NamedTuple):
    """Events that are each a single `data:` line of the default type (or, with `types_in_data`,
    of any type but `error`), with no id or retry: what nearly every read of an API stream
    completes."""

    text: bytes
    """The events as they came, less any `event:` lines: `data: A\\n\\ndata: B\\n\\n`."""
    number: int
    """How many events."""
    joined: bytes
    """Their data joined with `\\r,`, between the first `data: ` and the last blank line:
    `data: A\\r,B\\n\\n` (for JSON objects, `joined[6:-2]` is the inside of a JSON array). The
    carriage return is JSON whitespace between values but may not stand in a JSON string, so an
    event that leaves a string open cannot be closed by the next one."""

    def data(self) -> list[bytes]:
        """The data of each event."""
        return self.text[6:-2].split(b"\n\ndata: ")


class SSEDecoder:
    """Feed it the bytes of an event stream as they arrive; it returns the events they complete.

    ```python
    decoder = SSEDecoder()
    for chunk in response.iter_bytes():
        for event in decoder.feed(chunk):
            ...
    for event in decoder.flush():  # a last event the server did not end with a blank line
        ...
    ```
    """

    __slots__ = ("_buffer", "_data", "_event", "_id", "_retry", "_skip_lf", "_started", "_types_in_data")

    def __init__(self, *, types_in_data: bool = False) -> None:
        """`types_in_data`: the stream repeats each event's type in its data (as the API's
        streams do), so event types other than `error` are dropped: such events are of the
        default type, and take the fast path."""
        self._buffer = bytearray()  # what came after the last blank line: an unfinished event
        self._skip_lf = False  # the previous read ended in CR: an LF opening the next belongs to it
        self._started = False  # a byte-order mark may open the stream
        self._types_in_data = types_in_data
        self._data: list[bytes] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode the next bytes of the stream; returns the events they complete, in order."""
        events = self.feed_raw(chunk)
        if isinstance(events, DataLines):
            return [ServerSentEvent(data) for data in events.data()]
        return [event if isinstance(event, ServerSentEvent) else ServerSentEvent(event) for event in events]

    def flush(self) -> list[ServerSentEvent]:
        """The stream has ended: return a last event that was not followed by a blank line."""
        events: list[bytes | ServerSentEvent] = []
        if self._buffer:
            self._lines(bytes(self._buffer).split(b"\n"), events)
            self._buffer.clear()
        self._lines((b"",), events)
        self._started = True
        return [event if isinstance(event, ServerSentEvent) else ServerSentEvent(event) for event in events]

    def feed_raw(self, chunk: bytes) -> list[bytes | ServerSentEvent] | DataLines:
        """`feed` for the hot path of a stream, where making an object per event would cost more
        than the rest of the decoding.

        An event of the default type (with `types_in_data`, of any type but `error`), with no id
        or retry, is given as its data alone (`bytes`).
        When every event these bytes complete is one such `data:` line, as in nearly every read of
        an API stream, the result is not a list but `DataLines`, for the caller to handle them all
        at once.
        """
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[0] == 0x0A:
                chunk = chunk[1:]
        buffer = self._buffer
        if not self._started:
            buffer += chunk
            if len(buffer) < 3 and _BOM.startswith(buffer):
                return []
            self._started = True
            if buffer.startswith(_BOM):
                del buffer[:3]
            chunk = bytes(buffer)
            buffer.clear()
        if b"\r" in chunk:
            self._skip_lf = chunk[-1] == 0x0D
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        # Only the new bytes (and the one before them) can complete a blank line: an event that
        # spans many reads is not scanned again for each.
        if buffer:
            scan_from = len(buffer) - 1
            buffer += chunk
            last = buffer.rfind(b"\n\n", scan_from)
            if last < 0:
                return []
            whole = bytes(buffer[: last + 2])  # the complete events, each ending in a blank line
            del buffer[: last + 2]
        else:
            last = chunk.rfind(b"\n\n")
            if last < 0:
                buffer += chunk
                return []
            whole = chunk[: last + 2]
            buffer += chunk[last + 2 :]
        if self._id is not None or self._retry is not None:
            return self._mixed(whole, [whole])  # events carry an id or retry: no shortcut
        typeless = not self._types_in_data
        while True:  # twice at most: as the events came, then without their `event:` lines
            # Cut where one event ends and the next is a `data:` line: every piece but the first
            # is the data of an event, and is all of it when it holds no line break.
            pieces = whole.split(b"\n\ndata: ")
            if whole[:6] == b"data: ":
                # Join them as a JSON array's items: if no line break is left but the last blank
                # line, every event was a single `data:` line (line ends are all LF by now).
                joined = b"\r,".join(pieces)
                if joined.find(b"\n") == len(joined) - 2:
                    return DataLines(whole, len(pieces), joined)
            if typeless or b"event: " not in whole:
                break
            # Dropping whole lines keeps every other line, and so every event, as it was; an
            # event that was only a type is then nothing, as an event without data is. Other
            # `event:` lines stay, and send their block through the rules below.
            whole = _TYPE_LINE.sub(b"\n\n", b"\n\n" + whole)[2:]
            typeless = True
        return self._mixed(whole, pieces)

    def _mixed(self, whole: bytes, pieces: list[bytes]) -> list[bytes | ServerSentEvent]:
        """The events of a block that are not all single `data:` lines (`pieces` is the block cut
        at each `\\n\\ndata: `): the single ones as their data, the others by the rules."""
        events: list[bytes | ServerSentEvent] = []
        if len(pieces) == 1:
            self._lines(whole.split(b"\n"), events)
            return events
        self._lines(pieces[0].split(b"\n"), events)
        self._lines((b"",), events)
        for data in pieces[1:-1]:
            # A line break means other fields; an id or retry (set by an earlier event of this
            # block) must be carried by every event after it.
            if b"\n" in data or self._id is not None or self._retry is not None:
                self._lines((b"data: " + data + b"\n").split(b"\n"), events)
            else:
                events.append(data)
        self._lines((b"data: " + pieces[-1]).split(b"\n"), events)
        return events

    def _lines(self, lines: list[bytes] | tuple[bytes, ...], events: list[bytes | ServerSentEvent]) -> None:
        data = self._data
        for line in lines:
            if line[:6] == b"data: ":
                data.append(line[6:])
            elif not line:
                if data:
                    events.append(ServerSentEvent(b"\n".join(data), self._event, self._id, self._retry))
                    data.clear()
                self._event = None
            elif line[0] != 0x3A:  # a line opening with ':' is a comment
                self._field(line)

    def _field(self, line: bytes) -> None:
        name, colon, value = line.partition(b":")
        if colon and value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._data.append(value)
        elif name == b"event":
            kept = not self._types_in_data or value == b"error"
            self._event = value.decode("utf-8", "replace") if kept else None
        elif name == b"id":
            if b"\0" not in value:
                self._id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():
            self._retry = int(value)
