"""The in-process transport: an httpx transport that answers every request with canned bytes.

No sockets and no server code run, so what is timed is the client: building and sending the
request through httpx, and reading and parsing the answer. The request body is read (as a network
transport would write it); the response body is handed over in the reads the `Canned` response
holds, through httpx's ordinary streaming machinery. All three contenders get an `httpx.Client`
with this transport (the `openai` package accepts an `httpx.Client` as `http_client`).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
from payloads import Canned


class _Reads(httpx.SyncByteStream):
    __slots__ = ("_reads",)

    def __init__(self, reads: tuple[bytes, ...]) -> None:
        self._reads = reads

    def __iter__(self) -> Iterator[bytes]:
        yield from self._reads

    def close(self) -> None:
        pass


class CannedTransport(httpx.BaseTransport):
    """Answers every request with the same canned response."""

    def __init__(self, canned: Canned) -> None:
        self.canned = canned
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests += 1
        canned = self.canned
        return httpx.Response(canned.status, headers=canned.headers, stream=_Reads(canned.reads))


def http_client(canned: Canned) -> httpx.Client:
    """The `httpx.Client` each contender uses: default settings, the canned transport."""
    return httpx.Client(transport=CannedTransport(canned))
