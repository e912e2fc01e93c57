"""Keeping secrets out of text a person or a log will read."""

from __future__ import annotations

import functools
import logging
import re
from urllib.parse import quote

import httpx

__all__ = ["SECRET_PARAMS", "guard_http_loggers", "mask", "redact_secrets", "redact_text", "redact_url"]

# Query parameters that carry credentials on some gateways (Azure's `api-key`, proxies' `key`).
SECRET_PARAMS = frozenset({"api-key", "api_key", "apikey", "key", "token", "access_token", "sig"})


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
    """The URL as a string with its password (`user:***@`) and credential-like query values
    masked."""
    url = httpx.URL(url) if isinstance(url, str) else url
    user = url.username
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    if url.query:
        pairs = [
            f"{quote(k, safe='')}={'***' if k.lower() in SECRET_PARAMS else quote(v, safe='')}"
            for k, v in url.params.multi_items()
        ]
        url = url.copy_with(query="&".join(pairs).encode())
    text = str(url)
    if user:
        scheme, _, rest = text.partition("://")
        text = f"{scheme}://{quote(user, safe='')}:***@{rest}"
    return text


# Secrets recognisable by their shape, in text that mentions no particular key: a password in a
# URL, a credential-like query value, a bearer token, a credential header's value.
@functools.cache
def _shapes() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The patterns of `redact_secrets`, compiled on first use (a few milliseconds that importing
    openwire need not pay)."""
    header_names = r"(?:authorization|proxy-authorization|api-key|x-api-key|cookie)"
    return (
        (re.compile(r"(\w+://[^/@\s:'\"]+):[^/@\s'\"]+@"), r"\1:***@"),
        (
            re.compile(
                r"([?&](?:" + "|".join(map(re.escape, sorted(SECRET_PARAMS))) + r")=)[^&#\s'\"]+", re.I
            ),
            r"\1***",
        ),
        # a header in a dumped dict or tuple list: 'authorization': 'Bearer sk-...', (b'api-key', b'...')
        (re.compile(r"(" + header_names + r"['\"]\s*[:,]\s*b?)(['\"])(?:(?!\2).)*\2", re.I), r"\1\2***\2"),
        # a header line: Authorization: Bearer sk-...
        (re.compile(r"(\b" + header_names + r"\s*:[ \t]*)(?![ \t'\"]|b['\"])[^\r\n]+", re.I), r"\1***"),
        # a token after its scheme: long, of token characters, with a digit or a mark, so that prose
        # ("basic information") stays
        (
            re.compile(r"(\b(?:bearer|basic)\s+)(?=[A-Za-z0-9._~+/=-]*[0-9=_-])[A-Za-z0-9._~+/=-]{8,}", re.I),
            r"\1***",
        ),
        # an OpenAI-style key anywhere (sk-..., sk-proj-...)
        (re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}"), "sk-***"),
    )


def redact_secrets(text: str) -> str:
    """`text` with every secret recognisable by its shape masked: URL passwords, `api-key=`-like
    query values, bearer tokens, the values of credential headers, OpenAI-style keys (`sk-...`)."""
    for pattern, replacement in _shapes():
        text = pattern.sub(replacement, text)
    return text


class _Redacting(logging.Filter):
    """Rewrites a record whose message shows a secret, so that no handler ever sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact_secrets(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


# The loggers of the HTTP stack under openwire: httpx logs each request's URL at INFO, and HTTP/2's
# header compression (hpack) logs header values at DEBUG. A logger's filters apply to the records
# logged on it, not to its children's, so each is named.
_HTTP_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack",
    "hpack.hpack",
    "hpack.table",
)
_FILTER = _Redacting()


def guard_http_loggers() -> None:
    """Make the HTTP stack's own log records of openwire's requests carry no credential (once)."""
    for name in _HTTP_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
