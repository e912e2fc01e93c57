"""Keeping secrets out of text a person or a log will read."""

from __future__ import annotations

from urllib.parse import quote

import httpx

__all__ = ["mask", "redact_text", "redact_url"]

# Query parameters that carry credentials on some gateways (Azure's `api-key`, proxies' `key`).
_SECRET_PARAMS = frozenset({"api-key", "api_key", "apikey", "key", "token", "access_token", "sig"})


def mask(secret: str | None) -> str:
    """How a secret shows in a repr: whether it is set, never any of its characters."""
    return "'***'" if secret else "None"


def redact_text(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with every occurrence of each secret replaced by `***`."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, "***")
    return text


def redact_url(url: httpx.URL | str) -> str:
    """The URL as a string with user info and credential-like query values masked."""
    url = httpx.URL(url) if isinstance(url, str) else url
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    if not url.query:
        return str(url)
    pairs = [
        f"{quote(k, safe='')}={'***' if k.lower() in _SECRET_PARAMS else quote(v, safe='')}"
        for k, v in url.params.multi_items()
    ]
    return str(url.copy_with(query="&".join(pairs).encode()))
