"""How many connections a client's pool has checked out: what every leak check of the reliability
tests counts."""

from __future__ import annotations

from typing import Any

__all__ = ["checked_out"]


def checked_out(client: Any) -> int:
    """Connections of the client's pool in use (not idle), plus requests waiting for one (none for
    a client of the in-process server, which has no pool)."""
    pool = getattr(client._http._transport, "_pool", None)
    if pool is None:
        return 0
    return len([c for c in pool.connections if not c.is_idle()]) + len(list(pool._requests))
