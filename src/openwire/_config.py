"""A client's immutable configuration: arguments, environment defaults, and the headers they imply."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from ._exceptions import OpenwireError
from ._redact import mask
from ._retry import RetryPolicy
from ._types import NOT_GIVEN, NotGiven, Timeout
from ._version import __version__

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "ClientConfig", "to_timeout"]

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
USER_AGENT = f"openwire/{__version__}"


def to_timeout(value: Timeout) -> httpx.Timeout:
    """A timeout argument as an `httpx.Timeout`: seconds for every phase with connect capped at 5 s."""
    if isinstance(value, httpx.Timeout):
        return value
    if value is None:
        return httpx.Timeout(None)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:  # type: ignore[redundant-expr]
        raise TypeError(
            f"timeout must be seconds (a positive number), an httpx.Timeout or None, not {value!r}"
        )
    return httpx.Timeout(float(value), connect=min(float(value), 5.0))


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine (where local servers such as Ollama or vLLM listen)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


@dataclass(frozen=True, repr=False)
class ClientConfig:
    """Everything a client needs to build requests; replaced, never changed, by `with_options`."""

    api_key: str | None
    base_url: str
    organization: str | None = None
    project: str | None = None
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    deadline: float | None = None
    default_headers: Mapping[str, str | NotGiven] = field(default_factory=dict)
    default_query: Mapping[str, object] = field(default_factory=dict)
    headers: dict[str, str] = field(init=False)
    """The headers every request starts from (derived from the fields above)."""

    def __post_init__(self) -> None:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        if self.organization:
            headers["OpenAI-Organization"] = self.organization
        if self.project:
            headers["OpenAI-Project"] = self.project
        for name, value in self.default_headers.items():
            # Header names are case-insensitive: a default header replaces a built-in one however
            # it is spelt, instead of going out next to it.
            headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
            if not isinstance(value, NotGiven):
                headers[name] = value
        object.__setattr__(self, "headers", headers)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values never to show in an error or a log line."""
        return (self.api_key,) if self.api_key else ()

    @classmethod
    def resolve(
        cls,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        organization: str | None = None,
        project: str | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        deadline: float | None = None,
        default_headers: Mapping[str, str | NotGiven] | None = None,
        default_query: Mapping[str, object] | None = None,
    ) -> ClientConfig:
        """Build a configuration from constructor arguments, falling back to the environment."""
        url, base_query = _split_base_url(base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL)
        key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY")
        key = _check_api_key(key.strip() if key else None, url)
        policy = retry or RetryPolicy()
        if max_retries is not None:
            policy = replace(policy, max_retries=max_retries)
        return cls(
            api_key=key,
            base_url=url,
            organization=organization or os.environ.get("OPENAI_ORG_ID") or None,
            project=project or os.environ.get("OPENAI_PROJECT_ID") or None,
            timeout=DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else to_timeout(timeout),
            retry=policy,
            deadline=_check_deadline(deadline),
            default_headers=dict(default_headers or {}),
            default_query={**base_query, **(default_query or {})},
        )

    def replace(self, **changes: Any) -> ClientConfig:
        """A copy with some settings changed (arguments as for `resolve`; NOT_GIVEN keeps a value)."""
        changes = {k: v for k, v in changes.items() if not isinstance(v, NotGiven)}
        if "base_url" in changes:
            changes["base_url"], base_query = _split_base_url(changes["base_url"])
            if base_query:
                changes["default_query"] = {**base_query, **changes.get("default_query", {})}
        if "api_key" in changes or "base_url" in changes:
            key = changes.get("api_key", self.api_key)
            key = key.strip() if isinstance(key, str) else key
            changes["api_key"] = _check_api_key(key, changes.get("base_url", self.base_url))
        if "timeout" in changes:
            changes["timeout"] = to_timeout(changes["timeout"])
        if "deadline" in changes:
            changes["deadline"] = _check_deadline(changes["deadline"])
        max_retries = changes.pop("max_retries", None)
        if max_retries is not None:
            changes["retry"] = replace(changes.get("retry", self.retry), max_retries=max_retries)
        for name in ("default_headers", "default_query"):
            if name in changes:
                changes[name] = {**getattr(self, name), **(changes[name] or {})}
        return replace(self, **changes)

    def __repr__(self) -> str:
        return (
            f"ClientConfig(base_url={self.base_url!r}, api_key={mask(self.api_key)}, "
            f"organization={self.organization!r}, project={self.project!r}, timeout={self.timeout!r}, "
            f"retry={self.retry!r}, deadline={self.deadline!r})"
        )


def _split_base_url(value: str | httpx.URL) -> tuple[str, dict[str, str]]:
    """The base URL without its query string, and that query (Azure-style `?api-version=...`), which
    is sent with every request instead of being buried under the paths appended to the URL."""
    text = str(value).strip()
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as error:
        raise OpenwireError(f"base_url {text!r} is not a valid URL: {error}") from None
    if url.scheme not in ("http", "https") or not url.host:
        hint = f" Did you mean 'http://{text}'?" if "://" not in text else ""
        raise OpenwireError(f"base_url must be an http:// or https:// URL, not {text!r}.{hint}")
    query = dict(url.params.multi_items())
    if query or url.fragment:
        url = url.copy_with(query=None, fragment=None)
    return str(url).rstrip("/"), query


def _check_api_key(key: str | None, base_url: str) -> str | None:
    if not key:
        if is_loopback(httpx.URL(base_url).host):
            return None  # local servers (Ollama, vLLM, LM Studio, ...) usually take no key
        raise OpenwireError(
            "No API key: pass api_key=... to the client or set the OPENAI_API_KEY environment variable. "
            "(A server on localhost needs no key.)"
        )
    if not key.isascii() or not key.isprintable():
        raise OpenwireError(
            "The API key contains characters that cannot be sent in an HTTP header "
            "(non-ASCII or control characters): check what was copied into it."
        )
    return key


def _check_deadline(deadline: float | None) -> float | None:
    if deadline is not None and (isinstance(deadline, bool) or deadline <= 0):
        raise TypeError(f"deadline must be a positive number of seconds or None, not {deadline!r}")
    return deadline
