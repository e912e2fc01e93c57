"""Which recorded request answers a new one, and, when none does, an error saying what differed
from the closest. No I/O: requests are compared in the form the cassette writes them (redacted),
so a redacted field matches whatever the code sends in its place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from ._cassette_format import REDACTED

__all__ = ["DEFAULT_MATCH_ON", "CassetteMismatchError", "check_match_on", "differences", "mismatch"]

DEFAULT_MATCH_ON = ("method", "path", "query", "body")
_PARTS = ("method", "host", "path", "query", "body")
_SHOWN = 8  # differences listed in an error; the rest are counted


class _Absent:
    def __repr__(self) -> str:
        return "(absent)"


ABSENT: Any = _Absent()


class CassetteMismatchError(Exception):
    """A cassette in replay was sent a request it has no recording of. The message names the
    closest recorded request and each part that differs (`body.messages[0].content: recorded
    'Hello', sent 'Hi'`).

    Not an `openwire.OpenwireError` (nor an httpx error): code under test that handles API
    failures must not take a test's mismatch for one, and the client does not retry it.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        closest: int | None = None,
        differences: Sequence[tuple[str, Any, Any]] = (),
    ) -> None:
        super().__init__(message)
        self.method = method
        """The method of the request that found no recording."""
        self.url = url
        """Its URL (credentials masked)."""
        self.closest = closest
        """The index in `Cassette.interactions` of the closest recorded request, if any."""
        self.differences = list(differences)
        """What differed from it: `(where, recorded, sent)` for each difference."""


def check_match_on(match_on: Sequence[str]) -> tuple[str, ...]:
    """`match_on` checked: each item a part of the request, or `body.<field path>`."""
    if isinstance(match_on, str):
        raise TypeError(f"match_on must be a sequence of names, like ({match_on!r},), not a string")
    for part in match_on:
        if part not in _PARTS and not (part.startswith("body.") and len(part) > len("body.")):
            raise ValueError(
                f"Unknown match_on item {part!r}: use {', '.join(map(repr, _PARTS))}, or "
                "'body.<field>' for one field of a JSON body (a dotted path, like 'body.messages')."
            )
    return tuple(match_on)


def _body_value(body: dict[str, Any] | None) -> Any:
    if not body:
        return None
    if "json" in body:
        return body["json"]
    if "multipart" in body:
        return body["multipart"]["fields"]
    return body.get("text", body.get("base64"))


def _lookup(value: Any, path: list[str]) -> Any:
    for step in path:
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return ABSENT
    return value


def _part(request: dict[str, Any], part: str) -> Any:
    url = httpx.URL(request["url"])
    if part == "method":
        return request["method"]
    if part == "host":
        return url.host
    if part == "path":
        return url.path
    if part == "query":
        return sorted(url.params.multi_items())
    if part == "body":
        return request.get("body")
    return _lookup(_body_value(request.get("body")), part.split(".")[1:])


def _diff(recorded: Any, sent: Any, where: str, found: list[tuple[str, Any, Any]]) -> None:
    if recorded in (sent, REDACTED):  # a value redacted when recorded matches any
        return
    if isinstance(recorded, dict) and isinstance(sent, dict):
        for key in [*recorded, *(key for key in sent if key not in recorded)]:
            _diff(recorded.get(key, ABSENT), sent.get(key, ABSENT), f"{where}.{key}", found)
    elif isinstance(recorded, list) and isinstance(sent, list):
        if len(recorded) != len(sent):
            found.append((f"{where} (length)", len(recorded), len(sent)))
        for index, (old, new) in enumerate(zip(recorded, sent, strict=False)):
            _diff(old, new, f"{where}[{index}]", found)
    else:
        found.append((where, recorded, sent))


def differences(
    recorded: dict[str, Any], sent: dict[str, Any], match_on: Sequence[str]
) -> list[tuple[str, Any, Any]]:
    """How a sent request differs from a recorded one in the parts compared: `(where, recorded,
    sent)` for each, empty when it matches."""
    found: list[tuple[str, Any, Any]] = []
    for part in match_on:
        old, new = _part(recorded, part), _part(sent, part)
        if old == new:
            continue
        if part == "body":
            old_kind, new_kind = _kind(old), _kind(new)
            if old_kind != new_kind:
                found.append(("body", old_kind, new_kind))
            else:
                _diff(_body_value(old), _body_value(new), "body", found)
        elif part.startswith("body."):
            _diff(old, new, part, found)
        else:
            found.append((part, old, new))
    return found


def _kind(body: dict[str, Any] | None) -> str:
    if not body:
        return "no body"
    kind = next(iter(body))
    return {"json": "a JSON body", "multipart": "a multipart form", "text": "a text body"}.get(
        kind, "a binary body"
    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def mismatch(
    sent: dict[str, Any],
    *,
    recorded: Sequence[dict[str, Any]],
    used: Sequence[bool],
    match_on: Sequence[str],
    where: str,
    advice: str,
) -> CassetteMismatchError:
    """The error for a request no unused recording matches, naming the closest recorded request.

    `where` names the cassette, `advice` (the message's last line) how to record the request."""
    method, url = sent["method"], sent["url"]
    target = f"{method} {httpx.URL(url).raw_path.decode('ascii', 'replace')}"
    if not recorded:
        return CassetteMismatchError(
            f"No recording of {target}: {where} holds no interactions.\n{advice}", method=method, url=url
        )
    matching = [
        index for index, interaction in enumerate(recorded) if not differences(interaction, sent, match_on)
    ]
    if matching:
        return CassetteMismatchError(
            f"{target} was sent once more than when {where} was recorded: its {len(matching)} "
            f"recording{'s were' if len(matching) > 1 else ' was'} already replayed (identical requests "
            "replay in the order they were recorded).\n" + advice,
            method=method,
            url=url,
            closest=matching[-1],
        )
    scored = [
        (len({d[0].split(".")[0].split("[")[0] for d in found}), len(found), used[index], index, found)
        for index, interaction in enumerate(recorded)
        for found in [differences(interaction, sent, match_on)]
    ]
    _, _, _, closest, found = min(scored, key=lambda score: score[:4])
    lines = [f"  {name}: recorded {_show(old)}, sent {_show(new)}" for name, old, new in found[:_SHOWN]]
    if len(found) > _SHOWN:
        lines.append(f"  ... and {len(found) - _SHOWN} more")
    closest_request = recorded[closest]
    closest_target = (
        f"{closest_request['method']} {httpx.URL(closest_request['url']).raw_path.decode('ascii', 'replace')}"
    )
    return CassetteMismatchError(
        f"No recording of {target} in {where}. The closest recorded request "
        f"(#{closest}, {closest_target}{', already replayed' if used[closest] else ''}) differs in:\n"
        + "\n".join([*lines, advice]),
        method=method,
        url=url,
        closest=closest,
        differences=found,
    )
