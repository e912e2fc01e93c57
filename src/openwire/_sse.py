"""An incremental decoder for server-sent events (the WHATWG event-stream format). No I/O here.

Bytes in, events out: lines end only at CRLF, LF or CR (never at the other characters
`str.splitlines` treats as line ends), a CR at the end of one read may pair with an LF at the start
of the next, and a UTF-8 character split across reads is whole again before anything is decoded,
because events are cut on ASCII bytes and only the fields that need text are decoded.

Speed matters here: a chat stream is thousands of events a second, almost all of them one
`data: {...}` line and a blank line. So the decoder first cuts the stream into blocks at blank lines
(`find`, in C) and takes a block that is a single `data:` line as it is; any other block (comments,
`event:`, several `data:` lines) goes through the line-by-line rules.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"


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


_new_event = tuple.__new__  # builds a ServerSentEvent without NamedTuple's Python-level __new__


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

    __slots__ = ("_buffer", "_data", "_event", "_id", "_retry", "_skip_lf", "_started")

    def __init__(self) -> None:
        self._buffer = bytearray()  # what came after the last blank line: an unfinished event
        self._skip_lf = False  # the previous read ended in CR: an LF opening the next belongs to it
        self._started = False  # a byte-order mark may open the stream
        self._data: list[bytes] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """Decode the next bytes of the stream; returns the events they complete, in order."""
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
        scan_from = len(buffer) - 1 if buffer else 0
        if buffer:
            buffer += chunk
            if buffer.find(b"\n\n", scan_from) < 0:
                return []
            region = bytes(buffer)
        else:
            if chunk.find(b"\n\n") < 0:
                buffer += chunk
                return []
            region = chunk
        events: list[ServerSentEvent] = []
        find = region.find
        start = 0
        end = find(b"\n\n")
        while end >= 0:
            if region.startswith(b"data: ", start) and find(b"\n", start, end) < 0:
                # One `data:` line: by far the most common event.
                events.append(_new_event(ServerSentEvent, (region[start + 6 : end], None, self._id, self._retry)))
            else:
                self._lines(region[start:end].split(b"\n"), events)
                self._lines((b"",), events)
            start = end + 2
            end = find(b"\n\n", start)
        if buffer:
            del buffer[:start]
        else:
            buffer += region[start:]
        return events

    def flush(self) -> list[ServerSentEvent]:
        """The stream has ended: return a last event that was not followed by a blank line."""
        events: list[ServerSentEvent] = []
        if self._buffer:
            self._lines(bytes(self._buffer).split(b"\n"), events)
            self._buffer.clear()
        self._lines((b"",), events)
        self._started = True
        return events

    def _lines(self, lines: list[bytes] | tuple[bytes, ...], events: list[ServerSentEvent]) -> None:
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
            self._event = value.decode("utf-8", "replace")
        elif name == b"id":
            if b"\0" not in value:
                self._id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():
            self._retry = int(value)
