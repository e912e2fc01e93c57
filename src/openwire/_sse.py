"""An incremental decoder for server-sent events (the WHATWG event-stream format). No I/O here.

Bytes in, events out: lines end only at CRLF, LF or CR (never at the other characters
`str.splitlines` treats as line ends), a CR at the end of one read may pair with an LF at the start
of the next, and a UTF-8 character split across reads is whole again before anything is decoded,
because lines are cut on ASCII bytes and only the fields that need text are decoded.
"""

from __future__ import annotations

__all__ = ["SSEDecoder", "ServerSentEvent"]

_BOM = b"\xef\xbb\xbf"


class ServerSentEvent:
    """One dispatched event. `data` stays bytes: JSON parsers read bytes directly."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self,
        data: bytes,
        event: str | None = None,
        id: str | None = None,
        retry: int | None = None,
    ) -> None:
        self.data = data
        self.event = event
        """The `event:` type, or None for the default (`message`)."""
        self.id = id
        """The last event id seen in the stream so far."""
        self.retry = retry
        """The reconnection time in milliseconds the server last asked for."""

    @property
    def text(self) -> str:
        """The data as text."""
        return self.data.decode("utf-8", "replace")

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (self.data, self.event, self.id, self.retry) == (
            other.data,
            other.event,
            other.id,
            other.retry,
        )

    def __repr__(self) -> str:
        fields = f"data={self.data!r}, event={self.event!r}, id={self.id!r}, retry={self.retry!r}"
        return f"ServerSentEvent({fields})"


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

    __slots__ = ("_data", "_event", "_id", "_partial", "_retry", "_skip_lf", "_started")

    def __init__(self) -> None:
        self._partial = b""  # an unfinished line from the previous read
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
        if self._partial:
            chunk = self._partial + chunk
        if not self._started:
            if len(chunk) < 3 and _BOM.startswith(chunk):
                self._partial = chunk
                return []
            self._started = True
            if chunk.startswith(_BOM):
                chunk = chunk[3:]
        if b"\r" in chunk:
            self._skip_lf = chunk[-1] == 0x0D
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = chunk.split(b"\n")
        self._partial = lines.pop()
        return self._lines(lines)

    def flush(self) -> list[ServerSentEvent]:
        """The stream has ended: return a last event that was not followed by a blank line."""
        lines = [self._partial, b""] if self._partial else [b""]
        self._partial = b""
        self._started = True
        return self._lines(lines)

    def _lines(self, lines: list[bytes]) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        data = self._data
        for line in lines:
            if line[:6] == b"data: ":  # by far the most common line: take it first
                data.append(line[6:])
            elif not line:
                if data:
                    events.append(ServerSentEvent(b"\n".join(data), self._event, self._id, self._retry))
                    data.clear()
                self._event = None
            elif line[0] != 0x3A:  # a line opening with ':' is a comment
                self._field(line)
        return events

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
