"""pytest fixtures for openwire's local server, registered through the `pytest11` entry point.

```python
def test_my_app(openwire_server, openwire_client):
    openwire_server.reply("Paris")
    assert my_app.ask_capital(openwire_client, "France") == "Paris"
    assert openwire_server.last_request.json["model"] == "gpt-4o"
```

Fixtures:
    openwire_server: a fresh `LocalServer` for each test.
    openwire_client / openwire_async_client: an `openwire.Client` / `openwire.AsyncClient` wired to it.
    openwire_live_server: a `LiveServer` answering real HTTP on 127.0.0.1 (one per test module, its
        state reset for each test; needs `openwire[server]`).

Mark a test `@pytest.mark.openwire_live` to make `openwire_server` that live server's `LocalServer`
and the two clients talk to it over HTTP, with no other change to the test.

Record and replay: the `openwire_cassette` fixture makes every openwire client created during the
test (by the test or by the code it tests) replay `cassettes/<module>/<test>.json` next to the test
module, a `Cassette`; `--openwire-record=new` records what is missing, `--openwire-record=all`
records everything again (the default, `none`, only replays: no network). Name another file with
`@pytest.mark.openwire_cassette("name")` (relative to `cassettes/`), whose keyword arguments go to
the `Cassette` (`match_on`, `redact_fields`, ...). A whole module: `pytestmark =
pytest.mark.usefixtures("openwire_cassette")`.

Nothing is imported until a fixture is used, so the plugin costs nothing to projects that don't.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import openwire
    from openwire.testing import Cassette, LiveServer, LocalServer

__all__ = [
    "openwire_async_client",
    "openwire_cassette",
    "openwire_client",
    "openwire_live_server",
    "openwire_server",
    "pytest_addoption",
    "pytest_configure",
    "pytest_runtest_makereport",
]

_MARKER = "openwire_live"
_CASSETTE_MARKER = "openwire_cassette"
_CASSETTE: pytest.StashKey[Cassette] = pytest.StashKey()
_MODES = ("none", "new", "all")
_UNSAFE = re.compile(r"[^\w.\-\[\]]+")  # what may not stand in a file name everywhere


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add `--openwire-record`."""
    parser.getgroup("openwire").addoption(
        "--openwire-record",
        choices=_MODES,
        default="none",
        dest="openwire_record",
        help="what the openwire_cassette fixture does: none (replay only, the default), "
        "new (record requests not in the cassette yet), all (record everything again)",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the `openwire_live` and `openwire_cassette` markers."""
    config.addinivalue_line(
        "markers",
        f"{_MARKER}: run this test's openwire fixtures over real HTTP against a live local server "
        "(needs openwire[server])",
    )
    config.addinivalue_line(
        "markers",
        f"{_CASSETTE_MARKER}(name=None, **options): the openwire_cassette fixture's file, relative to "
        "cassettes/ next to the test module, and options for openwire.testing.Cassette",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    """Fail a test that passed although a request found no recording: the code under test may
    have caught the `CassetteMismatchError` and carried on with a fallback."""
    outcome = yield
    cassette = item.stash.get(_CASSETTE, None)
    if cassette is None or call.when != "call":
        return
    report: pytest.TestReport = outcome.get_result()
    if report.passed and cassette.mismatches:
        report.outcome = "failed"
        report.longrepr = (
            "The test passed, but a request found no recording in its cassette (the code under test "
            f"caught the error):\n{cassette.mismatches[0]}"
        )


def _cassette_path(request: pytest.FixtureRequest, name: str | None) -> Path:
    directory = request.path.parent / "cassettes"
    if name is not None:
        path = Path(name)
        return directory / (path if path.suffix in (".json", ".yaml", ".yml") else f"{name}.json")
    test = f"{request.cls.__name__}.{request.node.name}" if request.cls else request.node.name
    return directory / request.path.stem / (_UNSAFE.sub("_", test)[:150] + ".json")


@pytest.fixture
def openwire_cassette(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cassette]:
    """A `Cassette` in use for the whole test: every openwire client created meanwhile replays it
    (or records, with `--openwire-record=new|all`). Its file is `cassettes/<module>/<test>.json`
    next to the test module, or the name `@pytest.mark.openwire_cassette("name")` gives. When it
    only replays and `OPENAI_API_KEY` is not set, it is set to a placeholder for the test, so code
    that builds its client from the environment runs without a key."""
    from openwire.testing import Cassette

    mode = request.config.getoption("openwire_record")
    marker = request.node.get_closest_marker(_CASSETTE_MARKER)
    options = dict(marker.kwargs) if marker else {}
    if "mode" in options:
        raise TypeError(
            "@pytest.mark.openwire_cassette takes no mode: pytest's --openwire-record option sets it"
        )
    cassette = Cassette(
        _cassette_path(request, marker.args[0] if marker and marker.args else None), mode=mode, **options
    )
    if mode == "none" and not os.environ.get("OPENAI_API_KEY"):
        monkeypatch.setenv("OPENAI_API_KEY", "sk-openwire-replay-placeholder")
    request.node.stash[_CASSETTE] = cassette
    with cassette:
        yield cassette


def _is_live(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker(_MARKER) is not None


@pytest.fixture(scope="module")
def _openwire_live_module() -> Iterator[LiveServer]:
    """One live server per test module (starting one per test would cost ~0.1 s each)."""
    from openwire.testing import LocalServer

    live = LocalServer().serve()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def openwire_live_server(_openwire_live_module: LiveServer) -> LiveServer:
    """A local server answering real HTTP on 127.0.0.1; `.base_url` is its API root and `.server`
    the `LocalServer` to script. Shared by the tests of a module, reset before each."""
    _openwire_live_module.server.reset()
    return _openwire_live_module


@pytest.fixture
def openwire_server(request: pytest.FixtureRequest) -> LocalServer:
    """A fresh in-process `LocalServer` (the live server's, reset, under `@pytest.mark.openwire_live`)."""
    if _is_live(request):
        live: LiveServer = request.getfixturevalue("openwire_live_server")
        return live.server
    from openwire.testing import LocalServer

    return LocalServer()


@pytest.fixture
def openwire_client(
    openwire_server: LocalServer, request: pytest.FixtureRequest
) -> Iterator[openwire.Client]:
    """An `openwire.Client` wired to `openwire_server`, closed after the test."""
    if _is_live(request):
        live: LiveServer = request.getfixturevalue("openwire_live_server")
        client = live.client()
    else:
        client = openwire_server.client()
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def openwire_async_client(
    openwire_server: LocalServer, request: pytest.FixtureRequest
) -> openwire.AsyncClient:
    """An `openwire.AsyncClient` wired to `openwire_server`; use it from any async test plugin
    (anyio, pytest-asyncio, trio). It needs no closing: in-process it holds no connections, and
    over HTTP it keeps none open between requests."""
    if not _is_live(request):
        return openwire_server.async_client()
    import httpx

    live: LiveServer = request.getfixturevalue("openwire_live_server")
    # No keep-alive: a pooled connection would belong to the test's event loop, which is gone by
    # the time a synchronous fixture could close it.
    pool = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
    return live.async_client(http_client=pool)
