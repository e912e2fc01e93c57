"""`Cassette`: record a test's real HTTP exchanges into a readable file, and replay them offline.

It works at the httpx transport level, so every call the client makes (retries, streams, uploads,
downloads) is recorded and replayed as it went over the wire.
"""

from __future__ import annotations

import importlib
import json
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

import httpx
from typing_extensions import Self, Unpack

from openwire import _hooks

from ._cassette_format import Redactor, document, dumps, store_request, store_response, to_response
from ._cassette_match import DEFAULT_MATCH_ON, CassetteMismatchError, check_match_on, differences, mismatch

if TYPE_CHECKING:
    import openwire
    from openwire._config import ClientOptions

__all__ = ["AsyncCassetteTransport", "Cassette", "CassetteTransport", "RecordMode"]

RecordMode = Literal["none", "new", "all"]
"""`none`: replay only, a request with no recording is an error; `new`: replay what was recorded
and record what was not; `all`: record everything again (the old recordings are dropped)."""

_MODES = ("none", "new", "all")
_VERSION = 1
# The key a replaying client sends when none is configured (nothing reaches a server in replay).
_PLACEHOLDER_KEY = "sk-openwire-replay-placeholder"

# Cassettes in use (`with cassette:`), innermost last; the innermost supplies new clients' transports.
_in_use: list[Cassette] = []
_in_use_lock = threading.Lock()


class Cassette:
    """A file of recorded HTTP exchanges that clients replay instead of using the network.

    ```python
    from openwire.testing import Cassette

    cassette = Cassette("tests/cassettes/capital.json", mode="new")  # replay, record what's missing
    with cassette.client() as client:  # an openwire.Client whose requests go through it
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Hi"}])

    with cassette:  # every openwire client created inside, in any thread, uses it
        my_app.main()
    ```

    Args:
        path: the cassette file: JSON, or YAML when it ends in `.yaml`/`.yml` (needs pyyaml).
        mode: `"none"` (the default: replay only, a request with no recording raises
            `CassetteMismatchError`), `"new"` (replay what was recorded, record what was not) or
            `"all"` (record everything again).
        match_on: what a request must share with a recording to replay it: `"method"`, `"host"`,
            `"path"`, `"query"`, `"body"` (the whole body, compared as JSON when it is JSON), or
            `"body.<field>"` for one field of it (a dotted path, like `"body.model"`). Headers are
            never compared. Identical requests replay their recordings in order.
        redact_headers: more header names whose values are written as `***` (`Authorization`,
            `api-key`, `x-api-key`, cookies and `Set-Cookie` always are).
        redact_fields: JSON body fields written as `***`, as dotted paths (`"user"`,
            `"metadata.email"`, `"messages.*.content"`: `*` is any key or list index), in requests,
            responses and stream events. Matching compares them redacted, so any value matches.
        secrets: more strings to replace by `***` wherever they appear. The API key each request
            carries, and `OPENAI_API_KEY`, always are, as is anything shaped like a key or token.
        transport / async_transport: the transport recording sends through (default: a new
            `httpx.HTTPTransport` / `httpx.AsyncHTTPTransport` per client). You stay its owner.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        mode: RecordMode = "none",
        match_on: Sequence[str] = DEFAULT_MATCH_ON,
        redact_headers: Iterable[str] = (),
        redact_fields: Iterable[str] = (),
        secrets: Iterable[str] = (),
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if mode not in _MODES:
            raise ValueError(f"mode must be 'none', 'new' or 'all', not {mode!r}")
        self._path = Path(path)
        self._yaml = self._path.suffix.lower() in (".yaml", ".yml")
        if self._yaml:
            _yaml()  # a missing pyyaml is an error now, not after a recording
        self._mode: RecordMode = mode
        self._match_on = check_match_on(match_on)
        self._redactor = Redactor(redact_headers, redact_fields, secrets)
        self._transport = transport
        self._async_transport = async_transport
        self._lock = threading.Lock()
        self._interactions: list[dict[str, Any]] = [] if mode == "all" else self._load()
        self._used = [False] * len(self._interactions)
        self._texts: list[str] = []  # the interactions written so far, as JSON
        self._recorded = 0
        self.mismatches: list[CassetteMismatchError] = []
        """Every `CassetteMismatchError` raised so far, even those the code under test caught."""

    @property
    def path(self) -> Path:
        """The cassette file."""
        return self._path

    @property
    def mode(self) -> RecordMode:
        """`none`, `new` or `all`."""
        return self._mode

    @property
    def match_on(self) -> tuple[str, ...]:
        """What a request must share with a recording to replay it."""
        return self._match_on

    @property
    def interactions(self) -> list[dict[str, Any]]:
        """The recorded exchanges, each `{"request": ..., "response": ...}` as written in the file
        (oldest first, those recorded now included)."""
        with self._lock:
            return list(self._interactions)

    @property
    def replayed(self) -> int:
        """How many requests were answered from the cassette."""
        with self._lock:
            return sum(self._used) - self._recorded

    @property
    def recorded(self) -> int:
        """How many exchanges were recorded (and written) by this cassette."""
        return self._recorded

    @property
    def unplayed(self) -> list[int]:
        """The indexes of the recordings no request has used yet: what the code no longer asks."""
        with self._lock:
            return [index for index, used in enumerate(self._used) if not used]

    # -- plugging in -------------------------------------------------------------------------

    def transport(self) -> httpx.BaseTransport:
        """An httpx transport through this cassette, for `httpx.Client(transport=...)`."""
        return CassetteTransport(self, self._transport)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An httpx transport through this cassette, for `httpx.AsyncClient(transport=...)`."""
        return AsyncCassetteTransport(self, self._async_transport)

    def client(self, **options: Unpack[ClientOptions]) -> openwire.Client:
        """An `openwire.Client` whose requests go through this cassette (it owns and closes its
        pool). In mode `none` a missing API key is filled in with a placeholder: nothing is sent."""
        import openwire

        with self:
            return openwire.Client(**self._replay_key(options))

    def async_client(self, **options: Unpack[ClientOptions]) -> openwire.AsyncClient:
        """An `openwire.AsyncClient` whose requests go through this cassette."""
        import openwire

        with self:
            return openwire.AsyncClient(**self._replay_key(options))

    def _replay_key(self, options: ClientOptions) -> ClientOptions:
        if self._mode == "none" and not options.get("api_key") and not os.environ.get("OPENAI_API_KEY"):
            options["api_key"] = _PLACEHOLDER_KEY
        return options

    def __enter__(self) -> Self:
        """Make every openwire client created until the block ends, in any thread, use this
        cassette (unless given its own `http_client=`). Blocks nest: the innermost wins."""
        with _in_use_lock:
            _in_use.append(self)
            _hooks.transport_hook = self
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        with _in_use_lock:
            for index in range(len(_in_use) - 1, -1, -1):
                if _in_use[index] is self:
                    del _in_use[index]
                    break
            _hooks.transport_hook = _in_use[-1] if _in_use else None

    # -- what the transports ask -------------------------------------------------------------

    def _replay(self, request: httpx.Request, content: bytes) -> tuple[dict[str, Any], httpx.Response | None]:
        """The request as it would be written, and its recorded response (None: record it)."""
        sent = store_request(request, content, self._redactor)
        with self._lock:
            if self._mode != "all":
                for index, interaction in enumerate(self._interactions):
                    if not self._used[index] and not differences(
                        interaction["request"], sent, self._match_on
                    ):
                        self._used[index] = True
                        return sent, to_response(interaction["response"])
            if self._mode == "none":
                error = mismatch(
                    sent,
                    recorded=[interaction["request"] for interaction in self._interactions],
                    used=self._used,
                    match_on=self._match_on,
                    where=f"the cassette {self._path}"
                    + ("" if self._path.exists() else " (the file does not exist)"),
                    advice="To record it, run pytest with --openwire-record=new (or use "
                    'Cassette(..., mode="new")); to compare less of each request, set match_on.',
                )
                self.mismatches.append(error)
                raise error
        return sent, None

    def _keep(self, sent: dict[str, Any], response: httpx.Response) -> httpx.Response:
        """Record an exchange (its response read), write the file, and answer as a replay would:
        a test sees the same thing whether it records or replays."""
        stored = store_response(response, self._redactor)
        with self._lock:
            self._interactions.append({"request": sent, "response": stored})
            self._used.append(True)
            self._recorded += 1
            self._save()
        return to_response(stored)

    # -- the file ----------------------------------------------------------------------------

    def _load(self) -> list[dict[str, Any]]:
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        try:
            document = _yaml().safe_load(text) if self._yaml else json.loads(text)
        except ValueError as exc:  # yaml's errors are ValueErrors too
            raise self._unreadable(f"it is not valid {'YAML' if self._yaml else 'JSON'} ({exc})") from None
        if not isinstance(document, dict) or not isinstance(document.get("interactions"), list):
            raise self._unreadable("it has no list of interactions")
        if document.get("openwire_cassette") != _VERSION:
            raise self._unreadable(
                f"its format version is {document.get('openwire_cassette')!r}, not {_VERSION}"
            )
        interactions: list[Any] = document["interactions"]
        for index, interaction in enumerate(interactions):
            if not (
                isinstance(interaction, dict)
                and isinstance(interaction.get("request"), dict)
                and {"method", "url"} <= interaction["request"].keys()
                and isinstance(interaction.get("response"), dict)
                and "status" in interaction["response"]
            ):
                raise self._unreadable(
                    f"interaction #{index} needs a request (method, url) and a response (status)"
                )
        return interactions

    def _unreadable(self, why: str) -> ValueError:
        return ValueError(
            f"{self._path} is not an openwire cassette: {why}. Fix or delete it, or record it "
            "again (--openwire-record=all, or mode='all')."
        )

    def _save(self) -> None:
        if self._yaml:
            text = _yaml().safe_dump(
                {"openwire_cassette": _VERSION, "interactions": self._interactions},
                sort_keys=False,
                allow_unicode=True,
                width=100,
            )
        else:
            self._texts += [dumps(item) for item in self._interactions[len(self._texts) :]]
            text = document(_VERSION, self._texts)
        # Every key seen so far, once more over the whole text: one learned after an earlier
        # exchange was stored is still taken out of it.
        for secret in self._redactor.secrets:
            text = text.replace(secret, "***")
        self._path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._path.with_name(self._path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, self._path)  # never a half-written cassette

    def __repr__(self) -> str:
        return (
            f"<openwire.testing.Cassette {str(self._path)!r} mode={self._mode!r} "
            f"interactions={len(self._interactions)}>"
        )


def _yaml() -> Any:
    try:
        return importlib.import_module("yaml")
    except ImportError:
        raise ImportError(
            "A cassette ending in .yaml or .yml needs pyyaml (pip install pyyaml); "
            "or name it .json, which needs nothing."
        ) from None


class CassetteTransport(httpx.BaseTransport):
    """The blocking transport of a `Cassette`: replays, or records through the real transport."""

    def __init__(self, cassette: Cassette, real: httpx.BaseTransport | None) -> None:
        self._cassette = cassette
        self._real = real
        self._owns_real = real is None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer from the cassette, or send, record and answer as a replay would."""
        sent, replay = self._cassette._replay(request, request.read())
        if replay is not None:
            return replay
        if self._real is None:
            self._real = httpx.HTTPTransport()
        response = self._real.handle_request(request)
        try:
            response.read()  # the whole exchange is recorded, however much the code under test reads
        finally:
            response.close()
        return self._cassette._keep(sent, response)

    def close(self) -> None:
        """Close the real transport, if this transport made it."""
        if self._owns_real and self._real is not None:
            self._real.close()


class AsyncCassetteTransport(httpx.AsyncBaseTransport):
    """The awaiting transport of a `Cassette`."""

    def __init__(self, cassette: Cassette, real: httpx.AsyncBaseTransport | None) -> None:
        self._cassette = cassette
        self._real = real
        self._owns_real = real is None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer from the cassette, or send, record and answer as a replay would."""
        sent, replay = self._cassette._replay(request, await request.aread())
        if replay is not None:
            return replay
        if self._real is None:
            self._real = httpx.AsyncHTTPTransport()
        response = await self._real.handle_async_request(request)
        try:
            await response.aread()
        finally:
            await response.aclose()
        return self._cassette._keep(sent, response)

    async def aclose(self) -> None:
        """Close the real transport, if this transport made it."""
        if self._owns_real and self._real is not None:
            await self._real.aclose()
