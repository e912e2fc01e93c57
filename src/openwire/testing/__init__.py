"""A local OpenAI-compatible server for trying openwire and testing code that uses it: no account,
no network, deterministic answers.

In-process, for fast tests (no sockets):

```python
from openwire.testing import LocalServer

server = LocalServer()
with server.client() as client:
    for model in client.models.list():
        print(model.id)
server.reply("Scripted answer")       # the next chat completion or response says this
server.fail(429, retry_after=1)       # the next request is rate limited
print(server.requests[-1].path)       # what the client sent
```

Over real HTTP on 127.0.0.1, for other programs, curl and other SDKs (`pip install 'openwire[server]'`):

```python
with LocalServer().serve(port=0) as live:
    print(live.base_url)              # http://127.0.0.1:<port>/v1
```

With pytest, the `openwire_server`, `openwire_client` and `openwire_async_client` fixtures are
available as soon as openwire is installed; mark a test `@pytest.mark.openwire_live` to run it
over real HTTP instead, or use the `openwire_live_server` fixture.

Record a test's real exchanges with the API into a readable file and replay them offline with a
`Cassette` (`cassette.client()`, or `with cassette:` for the clients your code creates), or with
the `openwire_cassette` fixture and `pytest --openwire-record=none|new|all`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from openwire._lazy import lazy_attributes

if TYPE_CHECKING:
    from ._cassette import Cassette, RecordMode
    from ._cassette_match import CassetteMismatchError
    from ._faults import Fault
    from ._http import ASGIApp, LiveServer
    from ._server import LocalServer
    from ._state import MODERATION_CATEGORIES, Reply, Responder, ToolCall
    from ._wire import RecordedRequest, Request, Response, UploadedFile

__all__ = [
    "MODERATION_CATEGORIES",
    "ASGIApp",
    "Cassette",
    "CassetteMismatchError",
    "Fault",
    "LiveServer",
    "LocalServer",
    "RecordMode",
    "RecordedRequest",
    "Reply",
    "Request",
    "Responder",
    "Response",
    "ToolCall",
    "UploadedFile",
    "run",
]

# Loaded on first use: the pytest plugin imports this package in every test session of every
# project that has openwire installed, and most of those never touch the server.
_WHERE = {
    "Cassette": "._cassette",
    "CassetteMismatchError": "._cassette_match",
    "RecordMode": "._cassette",
    "Fault": "._faults",
    "ASGIApp": "._http",
    "LiveServer": "._http",
    "LocalServer": "._server",
    "MODERATION_CATEGORIES": "._state",
    "Reply": "._state",
    "Responder": "._state",
    "ToolCall": "._state",
    "RecordedRequest": "._wire",
    "Request": "._wire",
    "Response": "._wire",
    "UploadedFile": "._wire",
}


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE, __all__)


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    api_key: str | None = None,
    log_level: str = "info",
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve a fresh `LocalServer` over HTTP until interrupted (what `openwire serve` runs).

    Port 0 picks any free port; `on_ready(base_url)` is called once it is listening. Requires
    `pip install 'openwire[server]'` (raises `ImportError` saying so otherwise).
    """
    from ._server import LocalServer

    LocalServer(api_key=api_key).run(host, port, log_level=log_level, on_ready=on_ready)
