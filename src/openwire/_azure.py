"""Azure OpenAI: `AzureClient` and `AsyncAzureClient`, the same clients with Azure's settings.

Azure differs from the API in three ways, each handled once here and nothing else changed:
- settings: `azure_endpoint`, `api_version`, `azure_deployment`, keys in an `api-key` header
  (`AzureConfig`, a `ClientConfig` with those options and their environment variables);
- routing: the endpoints served per deployment go to `/openai/deployments/{name}/...` with an
  `api-version` query, the others to the v1 API under `/openai/v1` (`AzureService.on_request`);
- Entra ID tokens: asked of a provider when needed, never sent once expired, asked again once
  after a 401 (`_Tokens`, through the middleware hooks every call passes).
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
import os
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
from typing_extensions import Self, Unpack

from ._client import AsyncClient, Client
from ._config import ClientConfig, ClientOptions, check_api_key, is_loopback
from ._exceptions import AuthenticationError, InvalidInputError, OpenwireError
from ._middleware import Middleware
from ._types import NotGiven

if TYPE_CHECKING:
    from ._exceptions import APIError
    from ._middleware import CallInfo

__all__ = ["AsyncAzureClient", "AzureClient", "AzureClientOptions", "AzureConfig", "AzureService"]

DEPLOYMENT_PATHS = frozenset(
    {
        "/completions",
        "/chat/completions",
        "/embeddings",
        "/audio/speech",
        "/audio/transcriptions",
        "/audio/translations",
        "/images/generations",
        "/images/edits",
        "/images/variations",
    }
)
"""The endpoints Azure serves per deployment (`/openai/deployments/{name}/...`); every other one
is on the v1 API (`/openai/v1/...`), where the model is named in the request as usual."""

_DEPLOYMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

_REFRESH_MARGIN = 60.0
"""Seconds before its expiry that a token counts as expired: it must still be valid on arrival."""

TokenProvider = Callable[[], Any]
"""A function giving an Entra ID token: a `str`, or an object with `token` and `expires_on` (as
`azure.identity`'s `AccessToken`); for `AsyncAzureClient` it may be `async`."""


class AzureClientOptions(ClientOptions, total=False):
    """The settings of `AzureClient` and `AsyncAzureClient`: every `ClientOptions` setting plus
    Azure's, with the official SDK's names so that code moves over unchanged."""

    azure_endpoint: str | NotGiven | None
    """The resource's endpoint, e.g. `https://my-resource.openai.azure.com`; defaults to
    `$AZURE_OPENAI_ENDPOINT`. An endpoint ending in `/openai/v1` is used as the v1 API root
    as it is, with no deployment routing."""
    api_version: str | NotGiven | None
    """The `api-version` sent with calls routed to a deployment (e.g. `"2024-10-21"`); defaults
    to `$OPENAI_API_VERSION`. Calls on the v1 API need none."""
    azure_deployment: str | NotGiven | None
    """The deployment to call; when left out, each call's `model` names the deployment."""
    azure_ad_token: str | NotGiven | None
    """A Microsoft Entra ID token (sent as `Authorization: Bearer ...`); defaults to
    `$AZURE_OPENAI_AD_TOKEN`. Refused once expired: prefer `azure_ad_token_provider`."""
    azure_ad_token_provider: TokenProvider | NotGiven | None
    """A function that returns a fresh Entra ID token (`async` allowed on `AsyncAzureClient`),
    e.g. `azure.identity.get_bearer_token_provider(...)`. Called when no valid token is at hand
    and once more after a 401."""


_AZURE_OPTIONS = frozenset(AzureClientOptions.__annotations__) - frozenset(ClientOptions.__annotations__)


@dataclass(frozen=True, repr=False)
class AzureConfig(ClientConfig):
    """A client configuration for Azure OpenAI (see `AzureClientOptions`)."""

    deployments_root: str | None = None
    """`{endpoint}/openai/deployments`, or None when calls are not routed to deployments."""
    api_version: str | None = None
    deployment: str | None = None
    ad_token: str | None = None
    ad_token_provider: TokenProvider | None = None

    @classmethod
    def option_names(cls) -> frozenset[str]:
        """The options of an Azure client: a client's and Azure's."""
        return super().option_names() | _AZURE_OPTIONS

    @classmethod
    def _resolve(cls, given: dict[str, Any]) -> tuple[dict[str, Any], Any]:
        environ = os.environ
        given = dict(given)
        azure = {name: given.pop(name) for name in _AZURE_OPTIONS if name in given}
        endpoint = azure.get("azure_endpoint") or environ.get("AZURE_OPENAI_ENDPOINT")
        deployments_root = None
        derived = given.get("base_url") is None
        if derived:
            if not endpoint:
                raise OpenwireError(
                    "AzureClient needs azure_endpoint='https://<resource>.openai.azure.com' (or the "
                    "AZURE_OPENAI_ENDPOINT environment variable)."
                )
            root = str(endpoint).strip().rstrip("/")
            if root.endswith("/openai/v1"):
                given["base_url"] = root
            else:
                root = root.removesuffix("/openai")
                given["base_url"] = root + "/openai/v1"
                deployments_root = root + "/openai/deployments"
        if given.get("api_key") is None:
            given["api_key"] = environ.get("AZURE_OPENAI_API_KEY")
        token = azure.get("azure_ad_token") or environ.get("AZURE_OPENAI_AD_TOKEN")
        provider = azure.get("azure_ad_token_provider")
        if provider is not None and not callable(provider):
            raise TypeError(
                f"azure_ad_token_provider must be a function returning a token, not {type(provider).__name__}"
            )
        if not given["api_key"] and not token and provider is None:
            # A local stand-in (the built-in server, a proxy on this machine) needs no credential.
            url = given["base_url"]
            if not is_loopback(httpx.URL(str(url)).host):
                raise OpenwireError(
                    "AzureClient needs a credential: api_key=... (or AZURE_OPENAI_API_KEY), "
                    "azure_ad_token=... (or AZURE_OPENAI_AD_TOKEN), or azure_ad_token_provider=..."
                )
        resolved, kept = super()._resolve(given)
        resolved.update(
            deployments_root=deployments_root,
            api_version=azure.get("api_version") or environ.get("OPENAI_API_VERSION"),
            deployment=azure.get("azure_deployment"),
            ad_token=token,
            ad_token_provider=provider,
        )
        kept = {
            **kept,
            "azure_endpoint": endpoint,
            "api_version": resolved["api_version"],
            "azure_deployment": resolved["deployment"],
            "azure_ad_token": azure.get("azure_ad_token"),  # not the environment's: read again
            "azure_ad_token_provider": provider,
        }
        if derived:
            del kept["base_url"]  # made from the endpoint, and made again from it
        return resolved, kept

    @classmethod
    def _checked_key(cls, key: str | None, base_url: str) -> str | None:
        # Azure may do without a key (Entra ID tokens): `_resolve` has checked there is a credential.
        return check_api_key(key, base_url) if key else None

    def _credential_headers(self) -> dict[str, str]:
        return {"api-key": self.api_key} if self.api_key else {}

    def _middleware_chain(self) -> tuple[Any, ...]:
        return (AzureService(self), *self.middleware)

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values never to show in an error or a log line."""
        return tuple(secret for secret in (self.api_key, self.ad_token) if secret)


class AzureService(Middleware):
    """What makes a call an Azure call: its route, and its Entra ID token. The first middleware of
    every Azure client (before the user's)."""

    def __init__(self, config: AzureConfig) -> None:
        root = httpx.URL(config.base_url)
        self._origin = (root.scheme, root.host, root.port)
        self._root_path = root.path.rstrip("/")
        self._deployments = config.deployments_root
        self._deployment = config.deployment
        self._api_version = config.api_version
        self._tokens = _Tokens(config.ad_token, config.ad_token_provider)

    def on_request(self, request: httpx.Request, call: CallInfo) -> Any:
        """Route a deployment's endpoint to it, and carry a valid token."""
        url = request.url
        if (url.scheme, url.host, url.port) != self._origin:
            # A URL the API handed out (an image on a storage host), or a redirect to another host:
            # the token is for the resource only, as the client's other credentials are.
            return None
        # Only the POSTs (`GET /chat/completions` lists stored completions, on the v1 API), and
        # only as built under the v1 root: a redirect the server asked for is followed as it is.
        if (
            self._deployments is not None
            and call.method == "POST"
            and call.path in DEPLOYMENT_PATHS
            and url.path == self._root_path + call.path
        ):
            request = self._routed(request, call, self._deployments)
            return self._tokens.authorize(request, replaced=True)
        return self._tokens.authorize(request, replaced=False)

    def on_error(self, error: APIError, call: CallInfo) -> bool:
        """After a 401, send the call once more with a fresh token (when a provider can give one)."""
        return isinstance(error, AuthenticationError) and self._tokens.forget()

    def _routed(self, request: httpx.Request, call: CallInfo, deployments: str) -> httpx.Request:
        deployment = self._deployment or call.params.get("model")
        if not isinstance(deployment, str) or not _DEPLOYMENT_NAME.fullmatch(deployment):
            raise InvalidInputError(
                f"{call.name}() on Azure needs a deployment name (letters, digits, '-', '_', '.'), "
                f"not {deployment!r}: pass azure_deployment=... to the client, or model='<deployment name>'."
            )
        if not self._api_version:
            raise OpenwireError(
                f"{call.name}() on Azure goes to a deployment, which needs an API version: pass "
                "api_version='2024-10-21' (or newer) to the client, or set OPENAI_API_VERSION."
            )
        url = request.url.copy_with(path=f"{httpx.URL(deployments).path}/{deployment}{call.path}")
        url = url.copy_merge_params({"api-version": self._api_version})
        return httpx.Request(
            request.method, url, headers=request.headers, stream=request.stream, extensions=request.extensions
        )

    def __repr__(self) -> str:
        return f"AzureService(deployments={self._deployments!r}, api_version={self._api_version!r})"


class _Tokens:
    """The Entra ID token calls carry: the one given, or the provider's latest while it is valid."""

    __slots__ = ("_expires", "_provider", "_token")

    def __init__(self, token: str | None, provider: TokenProvider | None) -> None:
        self._token = token
        self._expires = _expiry_of(token) if token else None
        self._provider = provider

    def authorize(self, request: httpx.Request, *, replaced: bool) -> Any:
        """Put a valid token on `request` (what `on_request` returns: the request if it was
        `replaced`, else None; awaitable when an async provider has to be asked)."""
        answer = request if replaced else None
        if self._token is None and self._provider is None:
            return answer  # an API key, in the client's headers
        token = self._valid()
        if token is None:
            if self._provider is None:
                assert self._expires is not None
                expired = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self._expires))
                raise OpenwireError(
                    f"The azure_ad_token expired at {expired} (an expired token is not sent): give the "
                    "client azure_ad_token_provider=... so that it can ask for a fresh one."
                )
            fetched = self._provider()
            if inspect.isawaitable(fetched):
                return self._authorize_later(fetched, request, answer)
            token = self._keep(fetched)
        request.headers["Authorization"] = f"Bearer {token}"
        return answer

    def _valid(self) -> str | None:
        """The token at hand, if it can be sent: it will not expire on the way. A provider's token
        whose expiry is unknown is not kept: the provider is asked each time (and keeps its own)."""
        if self._token is None:
            return None
        if self._expires is None:
            return self._token if self._provider is None else None
        return self._token if self._expires - _REFRESH_MARGIN > time.time() else None

    async def _authorize_later(
        self, fetched: Awaitable[Any], request: httpx.Request, answer: httpx.Request | None
    ) -> httpx.Request | None:
        request.headers["Authorization"] = f"Bearer {self._keep(await fetched)}"
        return answer

    def _keep(self, fetched: Any) -> str:
        token = getattr(fetched, "token", fetched)
        if not isinstance(token, str) or not token:
            raise OpenwireError(
                f"azure_ad_token_provider returned {type(fetched).__name__}, not a token: it must "
                "return the token as a str (or an object with .token and .expires_on)."
            )
        expires = getattr(fetched, "expires_on", None)
        self._token = token
        self._expires = float(expires) if isinstance(expires, (int, float)) else _expiry_of(token)
        return token

    def forget(self) -> bool:
        """Drop the token after a 401: whether a provider can be asked for another."""
        if self._provider is None:
            return False
        self._token = self._expires = None
        return True


def _expiry_of(token: str) -> float | None:
    """The `exp` claim of a JWT (seconds since the epoch), or None for a token that is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, (int, float)) and not isinstance(exp, bool) else None


class AzureClient(Client):
    """A synchronous client for Azure OpenAI: the same `Client`, with Azure's settings.

    ```python
    client = openwire.AzureClient(
        azure_endpoint="https://my-resource.openai.azure.com",
        api_version="2024-10-21",
        api_key=...,  # or azure_ad_token_provider=...
    )
    client.chat.completions.create(model="my-gpt-4o-deployment", messages=[...])
    ```
    """

    _config_type = AzureConfig

    def __init__(
        self, *, http_client: httpx.Client | None = None, **options: Unpack[AzureClientOptions]
    ) -> None:
        """Create a client for Azure OpenAI. Every argument is optional; see `AzureClientOptions`.
        What is left out comes from `AZURE_OPENAI_ENDPOINT`, `AZURE_OPENAI_API_KEY`,
        `OPENAI_API_VERSION` and `AZURE_OPENAI_AD_TOKEN`."""
        if _is_async_function(options.get("azure_ad_token_provider")):
            # Said now, not at the first call: this client could never await it.
            raise TypeError(
                "azure_ad_token_provider is async, and a blocking AzureClient cannot await it: use "
                "openwire.AsyncAzureClient, or give a plain (def) function (get_bearer_token_provider "
                "from azure.identity, not from azure.identity.aio)."
            )
        super().__init__(http_client=http_client, **options)  # type: ignore[misc]

    def with_options(self, **options: Unpack[AzureClientOptions]) -> Self:
        """A copy of this client with some settings changed, sharing its connection pool."""
        return super().with_options(**options)  # type: ignore[misc]


def _is_async_function(function: object) -> bool:
    # An object whose __call__ is `async def` (azure.identity.aio's providers are) counts too.
    return inspect.iscoroutinefunction(function) or inspect.iscoroutinefunction(
        getattr(type(function), "__call__", None)  # noqa: B004 - the method, to ask if it is async
    )


class AsyncAzureClient(AsyncClient):
    """An asyncio (or trio) client for Azure OpenAI: the same `AsyncClient`, with Azure's settings.
    Its `azure_ad_token_provider` may be `async`.

    ```python
    client = openwire.AsyncAzureClient(azure_endpoint=..., api_version=..., azure_ad_token_provider=...)
    ```
    """

    _config_type = AzureConfig

    def __init__(
        self, *, http_client: httpx.AsyncClient | None = None, **options: Unpack[AzureClientOptions]
    ) -> None:
        """Create an async client for Azure OpenAI (see `AzureClient`)."""
        super().__init__(http_client=http_client, **options)  # type: ignore[misc]

    def with_options(self, **options: Unpack[AzureClientOptions]) -> Self:
        """A copy of this client with some settings changed, sharing its connection pool."""
        return super().with_options(**options)  # type: ignore[misc]
