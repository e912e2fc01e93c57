"""A client's immutable configuration: arguments, environment defaults, and the headers they imply."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import httpx
from typing_extensions import Self, TypedDict

from ._exceptions import OpenwireError
from ._middleware import Hooks, Middleware
from ._redact import mask, redact_secrets, redact_url
from ._retry import RetryPolicy
from ._types import NotGiven, Timeout
from ._version import __version__

if TYPE_CHECKING:
    from ._failover import Fallback

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_TIMEOUT", "ClientConfig", "ClientOptions", "to_timeout"]

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


class ClientOptions(TypedDict, total=False):
    """The settings of a client: the keyword arguments of `Client(...)`, `AsyncClient(...)` and
    `with_options(...)`, declared once here. Every one is optional; `NOT_GIVEN` means left out.

    ```python
    client = openwire.Client(base_url="http://localhost:8000/v1", timeout=30, max_retries=5)
    fast = client.with_options(timeout=5, max_retries=0)
    ```
    """

    api_key: str | NotGiven | None
    """The key sent as `Authorization: Bearer ...`; defaults to `$OPENAI_API_KEY`. Not needed when
    `base_url` is on this machine (localhost, 127.0.0.1, ::1)."""
    base_url: str | httpx.URL | NotGiven | None
    """The API root; defaults to `$OPENAI_BASE_URL`, else `https://api.openai.com/v1`. A query string
    in it (`?api-version=...`) is sent with every request."""
    organization: str | NotGiven | None
    """Sent as `OpenAI-Organization`; defaults to `$OPENAI_ORG_ID`."""
    project: str | NotGiven | None
    """Sent as `OpenAI-Project`; defaults to `$OPENAI_PROJECT_ID`."""
    timeout: Timeout | NotGiven
    """Seconds (connect capped at 5 s), an `httpx.Timeout`, or `None` for no limit; by default 600 s
    with 5 s to connect."""
    max_retries: int | NotGiven | None
    """How many times a failed call is retried (default 2); shorthand for
    `retry=RetryPolicy(max_retries=...)`."""
    retry: RetryPolicy | NotGiven | None
    """The `RetryPolicy` deciding what is retried and how long to wait."""
    deadline: float | NotGiven | None
    """Seconds that bound a whole call with all its retries (default: no bound)."""
    default_headers: Mapping[str, str | NotGiven] | NotGiven | None
    """Headers for every request; a `NOT_GIVEN` value removes one openwire would send.
    `with_options` merges them with the client's."""
    default_query: Mapping[str, object] | NotGiven | None
    """Query parameters for every request (e.g. `{"api-version": ...}`). `with_options` merges them
    with the client's."""
    middleware: Sequence[Middleware] | NotGiven | None
    """`Middleware` every call passes through, outermost first (see docs/observability.md).
    `with_options(middleware=...)` replaces the list."""
    fallbacks: Sequence[Fallback] | NotGiven | None
    """Services to try in order when a call fails here after its retries with a connection error,
    a timeout, a 429 or a 5xx (never once a stream has started): see docs/providers.md."""


@dataclass(frozen=True, repr=False)
class ClientConfig:
    """Everything a client needs to build requests, resolved from its `ClientOptions` and the
    environment; replaced, never changed, by `with_options`."""

    api_key: str | None
    base_url: str
    organization: str | None = None
    project: str | None = None
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    deadline: float | None = None
    default_headers: Mapping[str, str | NotGiven] = field(default_factory=dict)
    default_query: Mapping[str, object] = field(default_factory=dict)
    middleware: tuple[Middleware, ...] = ()
    fallbacks: tuple[Fallback, ...] = ()
    options: ClientOptions = field(default_factory=ClientOptions, compare=False)
    """The options this configuration was resolved from (environment defaults filled in)."""
    headers: dict[str, str] = field(init=False)
    """The headers every request starts from (derived from the fields above)."""
    idempotency_key_given: bool = field(init=False)
    """Whether `default_headers` set an `Idempotency-Key` (then openwire sends that one)."""
    hooks: Hooks | None = field(init=False)
    """The middleware's hooks, resolved once (None without middleware)."""

    def __post_init__(self) -> None:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **self._credential_headers()}
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
        object.__setattr__(
            self, "idempotency_key_given", any(k.lower() == "idempotency-key" for k in headers)
        )
        chain = self._middleware_chain()
        object.__setattr__(self, "hooks", Hooks.of(chain) if chain else None)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values never to show in an error or a log line."""
        return (self.api_key,) if self.api_key else ()

    @classmethod
    def resolve(cls, options: ClientOptions | None = None, /, **more: Any) -> Self:
        """Build a configuration from options (a mapping, or keyword arguments), falling back to the
        environment for what they leave out. This is the one place each option gets its meaning."""
        given: dict[str, Any] = {
            k: v for k, v in {**(options or {}), **more}.items() if not isinstance(v, NotGiven)
        }
        unknown = given.keys() - cls.option_names()
        if unknown:
            raise TypeError(_unknown_options(unknown, cls.option_names()))
        resolved, kept = cls._resolve(given)
        # The options as resolved (environment defaults filled in) are kept for `merge`.
        return cls(**resolved, options=kept)

    @classmethod
    def option_names(cls) -> frozenset[str]:
        """The options this kind of configuration takes."""
        return frozenset(ClientOptions.__annotations__)

    @classmethod
    def _resolve(cls, given: dict[str, Any]) -> tuple[dict[str, Any], Any]:
        """The fields of a configuration from the options given, and the options to keep."""
        environ = os.environ
        url, base_query = _split_base_url(
            given.get("base_url") or environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        )
        key = given["api_key"] if given.get("api_key") is not None else environ.get("OPENAI_API_KEY")
        key = cls._checked_key(key.strip() if isinstance(key, str) and key else None, url)
        policy = given.get("retry") or RetryPolicy()
        if given.get("max_retries") is not None:
            policy = replace(policy, max_retries=given["max_retries"])
        resolved: dict[str, Any] = {
            "api_key": key,
            "base_url": url,
            "organization": _env_default(given, "organization", "OPENAI_ORG_ID"),
            "project": _env_default(given, "project", "OPENAI_PROJECT_ID"),
            "timeout": to_timeout(given["timeout"]) if "timeout" in given else DEFAULT_TIMEOUT,
            "retry": policy,
            "deadline": _check_deadline(given.get("deadline")),
            "default_headers": dict(given.get("default_headers") or {}),
            "default_query": {**base_query, **(given.get("default_query") or {})},
            "middleware": _check_middleware(given.get("middleware")),
            "fallbacks": _check_fallbacks(given.get("fallbacks")),
        }
        return resolved, ClientOptions(**resolved)  # type: ignore[typeddict-item]

    @classmethod
    def _checked_key(cls, key: str | None, base_url: str) -> str | None:
        """The API key, once it is known to be usable (and present where one is needed)."""
        return check_api_key(key, base_url)

    def _credential_headers(self) -> dict[str, str]:
        """The headers that carry the API key."""
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def _middleware_chain(self) -> tuple[Middleware, ...]:
        """Every middleware a call passes through: the user's (a service can add its own)."""
        return self.middleware

    def merge(self, changes: ClientOptions) -> ClientOptions:
        """This configuration's options with some changed (`NOT_GIVEN` or left out keeps a value):
        headers and query parameters are merged with the current ones; a new `retry` policy brings
        its own `max_retries`."""
        given: dict[str, Any] = {k: v for k, v in changes.items() if not isinstance(v, NotGiven)}
        merged: dict[str, Any] = {**self.options}
        for name in ("default_headers", "default_query"):
            if name in given:
                given[name] = {**(merged.get(name) or {}), **(given[name] or {})}
        merged.update(given)
        return merged  # type: ignore[return-value]

    def replace(self, changes: ClientOptions | None = None, /, **more: Any) -> Self:
        """A copy with some options changed (see `merge`)."""
        return type(self).resolve(self.merge({**(changes or {}), **more}))  # type: ignore[typeddict-item]

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={redact_url(self.base_url)!r}, api_key={mask(self.api_key)}, "
            f"organization={self.organization!r}, project={self.project!r}, timeout={self.timeout!r}, "
            f"retry={self.retry!r}, deadline={self.deadline!r})"
        )


def _env_default(given: dict[str, Any], name: str, variable: str) -> str | None:
    # Only when left out: `organization=None` means none, whatever the environment says.
    value = given[name] if name in given else os.environ.get(variable)
    return value or None


def _unknown_options(unknown: set[str], known: frozenset[str]) -> str:
    import difflib

    parts = []
    for name in sorted(unknown):
        close = difflib.get_close_matches(name, known, n=1)
        parts.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return f"unexpected client option(s): {', '.join(parts)}"


def _split_base_url(value: str | httpx.URL) -> tuple[str, dict[str, str]]:
    """The base URL without its query string, and that query (Azure-style `?api-version=...`), which
    is sent with every request instead of being buried under the paths appended to the URL."""
    text = str(value).strip()
    try:
        url = httpx.URL(text)
    except httpx.InvalidURL as error:
        raise OpenwireError(f"base_url {redact_secrets(text)!r} is not a valid URL: {error}") from None
    if url.scheme not in ("http", "https") or not url.host:
        hint = f" Did you mean 'http://{text}'?" if "://" not in text else ""
        raise OpenwireError(
            f"base_url must be an http:// or https:// URL, not {redact_secrets(text)!r}.{hint}"
        )
    query = dict(url.params.multi_items())
    if query or url.fragment:
        url = url.copy_with(query=None, fragment=None)
    return str(url).rstrip("/"), query


def check_api_key(key: str | None, base_url: str) -> str | None:
    """`key`, refused with advice if it is missing for a server not on this machine, or holds what
    no HTTP header can carry."""
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


def _check_middleware(middleware: Sequence[Middleware] | None) -> tuple[Middleware, ...]:
    if middleware is None:
        return ()
    given: object = middleware
    if isinstance(given, (str, bytes)) or not isinstance(given, Sequence):
        raise TypeError(
            f"middleware must be a list of openwire.Middleware, not {type(middleware).__name__}: "
            "pass middleware=[...] even for one."
        )
    return tuple(middleware)


def _check_fallbacks(fallbacks: Sequence[Fallback] | None) -> tuple[Fallback, ...]:
    if not fallbacks:
        return ()
    from ._failover import Fallback

    given: object = fallbacks
    if isinstance(given, (str, bytes, Fallback)) or not isinstance(given, Sequence):
        raise TypeError(
            f"fallbacks must be a list of openwire.Fallback, not {type(fallbacks).__name__}: "
            "pass fallbacks=[...] even for one."
        )
    for item in fallbacks:
        if not isinstance(item, Fallback):
            raise TypeError(
                f"fallbacks take openwire.Fallback(...) items, not {type(item).__name__}: write "
                "openwire.Fallback(base_url=..., api_key=...) or openwire.Fallback(client=...)."
            )
    return tuple(fallbacks)


def _check_deadline(deadline: float | None) -> float | None:
    if deadline is not None and (isinstance(deadline, bool) or deadline <= 0):
        raise TypeError(f"deadline must be a positive number of seconds or None, not {deadline!r}")
    return deadline
