"""The seam through which test tools (`openwire.testing.Cassette`) reach the clients a program
builds for itself: while a hook is set, a client that makes its own connection pool sends through
the hook's transport.

A plain module attribute rather than a `ContextVar`: the clients a test's code creates are often
made where a context variable set by the test does not reach (a worker thread, a web framework's
test client running the app on its own event loop thread, the task pytest's async runner keeps from
the first test). A client given its own `http_client=` is never hooked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import httpx

__all__ = ["TransportHook", "transport_hook"]


class TransportHook(Protocol):
    """What supplies the transports of new clients' connection pools."""

    def transport(self) -> httpx.BaseTransport:
        """A transport for a new `openwire.Client`'s pool."""
        ...

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """A transport for a new `openwire.AsyncClient`'s pool."""
        ...


transport_hook: TransportHook | None = None
"""Set (and restored) only by `openwire.testing`; None in normal use, which costs a client one
attribute read when it is created and nothing per call."""
