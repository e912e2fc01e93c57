"""The fixture the reliability tests over real sockets share: one live `LocalServer` per module,
reset for each test. Loaded with
`pytest_plugins = ["live_fixtures"]` (not a conftest.py, whose module name would clash with the
suite's top-level one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from openwire.testing import LiveServer, LocalServer


@pytest.fixture(scope="module")
def running() -> Iterator[LiveServer]:
    with LocalServer().serve() as live:
        yield live


@pytest.fixture
def live(running: LiveServer) -> LiveServer:
    running.server.reset()
    return running
