"""Failover: the services a client turns to, in order, when its own fails after its retries.

What fails over is decided here once (`fails_over`); the two clients only loop over the services,
one with blocking calls and one with awaits.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from ._exceptions import APIConnectionError, APIError, APIStatusError, OpenwireError
from ._pydantic import set_private
from ._redact import mask, redact_url

if TYPE_CHECKING:
    from ._client import AsyncClient, Client
    from ._config import ClientOptions

__all__ = ["Fallback", "Route", "fails_over", "mark_served_by"]

log = logging.getLogger("openwire")

_INHERITED = ("timeout", "retry", "deadline", "middleware")
"""The settings a fallback given by URL takes from the client it stands behind (how to call, not
where or as whom)."""


class Fallback:
    """A service to try when a call fails on the client's own, after its retries.

    Give the service by its URL and key (a client like the one it stands behind is made for it,
    sharing that client's connection pool, timeouts, retry policy and middleware), or give a whole
    client, such as an `AzureClient`. `models` renames the `model` of a call for this service:

    ```python
    client = openwire.Client(
        fallbacks=[
            openwire.Fallback(
                client=openwire.AzureClient(azure_endpoint=..., api_version=...),
                models={"gpt-4o": "my-gpt4o-deployment"},
            ),
            openwire.Fallback(base_url="http://localhost:11434/v1", models={"gpt-4o": "llama3.1"}),
        ]
    )
    ```
    """

    __slots__ = ("api_key", "base_url", "client", "models", "options")

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        models: Mapping[str, str] | None = None,
        client: Client | AsyncClient | None = None,
        options: ClientOptions | None = None,
    ) -> None:
        """
        Args:
            base_url: the service's API root (e.g. `"https://api.together.xyz/v1"`).
            api_key: its key (a URL on this machine needs none).
            models: the model names to send there instead of the ones the call asked for; a model
                not in it is sent as it is.
            client: a ready client for the service instead of `base_url` and `api_key`: it keeps
                its own settings and pool (and must be of the same kind, blocking or async).
            options: further settings for the client made from `base_url` (`organization`,
                `default_headers`, ...), on top of those it takes from the client it backs.
        """
        if (client is None) == (base_url is None):
            raise TypeError("Fallback needs either base_url=... (with api_key=...) or client=..., not both.")
        if client is not None and (api_key is not None or options):
            raise TypeError(
                "Fallback(client=...) uses that client's own settings: give api_key and other "
                "options to the client itself."
            )
        if base_url and api_key is None and not _is_local(base_url):
            # Never the client's own key, nor OPENAI_API_KEY: they are another service's.
            raise TypeError(
                f"Fallback(base_url={redact_url(base_url)!r}) needs that service's own api_key=... "
                "(only a server on this machine can do without one)."
            )
        names: list[object] = [*(models or {}).keys(), *(models or {}).values()]
        if not all(isinstance(name, str) for name in names):
            raise TypeError("Fallback models must map model names (str) to model names (str).")
        self.base_url = base_url
        self.api_key = api_key
        self.models: Mapping[str, str] = dict(models or {})
        self.client = client
        self.options: ClientOptions = options or {}

    def check_behind(self, primary: Client | AsyncClient) -> None:
        """Refuse, when the client is made, a fallback client of the other kind (blocking/async)."""
        from ._client import AsyncClient

        is_async = isinstance(primary, AsyncClient)
        if self.client is not None and isinstance(self.client, AsyncClient) != is_async:
            kind = "an AsyncClient" if is_async else "a Client"
            raise OpenwireError(f"A fallback of {kind} must be {kind} too, not {type(self.client).__name__}.")

    def client_behind(self, primary: Client | AsyncClient) -> Client | AsyncClient:
        """The client that calls this service in place of `primary`."""
        if self.client is not None:
            return self.client
        options: dict[str, Any] = {
            name: value for name, value in primary.config.options.items() if name in _INHERITED
        }
        # "" rather than None: None would let the environment's OPENAI_API_KEY go to this service.
        options.update(self.options, base_url=self.base_url, api_key=self.api_key or "")
        made: Client | AsyncClient = primary._plain_type(http_client=primary._http, **options)
        return made

    def __repr__(self) -> str:
        where = f"{redact_url(self.base_url)!r}" if self.base_url is not None else f"client={self.client!r}"
        models = f", models={self.models!r}" if self.models else ""
        key = f", api_key={mask(self.api_key)}" if self.api_key else ""
        return f"Fallback({where}{key}{models})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fallback):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # type: ignore[assignment]


class Route:
    """One call's way through a client's services, without I/O: each service in turn with the
    call's parameters as that service takes them, until one answers or an error must not move on.

    ```python
    route = Route(client._services, params, shape, deadline)
    for service, service_params, service_shape in route:
        try:
            value = service._call(endpoint, service_params, path_args, mode, service_shape)
        except APIError as error:
            route.failed(error)  # raises it unless the call moves on
            continue
        return route.answered(value)
    route.give_up()
    ```

    A deadline (the call's, else the client's) bounds the whole way, not each service.
    """

    __slots__ = ("_at", "_ends", "_error", "_params", "_services", "_shape")

    def __init__(
        self,
        services: Sequence[tuple[Mapping[str, str], Any]],
        params: Mapping[str, Any],
        shape: Callable[[Any], Any] | None,
        deadline: float | None,
    ) -> None:
        self._services = services
        self._params = params
        self._shape = shape
        deadline = params.get("deadline", deadline)
        self._ends = time.monotonic() + deadline if deadline else None
        self._error: APIError | None = None
        self._at = ""

    def __iter__(self) -> Iterator[tuple[Any, Mapping[str, Any], Callable[[Any], Any] | None]]:
        for models, service in self._services:
            params = renamed(self._params, models)
            if self._error is not None:
                if self._ends is not None:
                    left = self._ends - time.monotonic()
                    if left <= 0:
                        return  # no time for another service: `give_up` raises the last error
                    params = {**params, "deadline": left}
                failed = type(self._error).__name__
                log.warning("failing over from %s to %s after %s", self._at, service.base_url, failed)
            self._at = service.base_url
            yield service, params, marking(self._shape, service.base_url)

    def failed(self, error: APIError) -> None:
        """The service just tried failed: raise `error` unless the call should move on."""
        if not fails_over(error):
            raise error
        self._error = error

    def answered(self, value: Any) -> Any:
        """What the call returns, marked with the service that answered."""
        return mark_served_by(value, self._at)

    def give_up(self) -> NoReturn:
        """Every service failed (or the deadline left no time): raise the last one's error."""
        assert self._error is not None
        raise self._error


def renamed(params: Mapping[str, Any], models: Mapping[str, str]) -> Mapping[str, Any]:
    """A call's parameters with the model renamed as a service knows it (`Fallback.models`)."""
    model = params.get("model")
    if models and isinstance(model, str) and model in models:
        return {**params, "model": models[model]}
    return params


def fails_over(error: BaseException) -> bool:
    """Whether a call that ended with `error` (after its retries) should go to the next service:
    the service could not be reached, did not answer in time, was out of capacity (429) or failed
    (5xx). A request it refused for what it asked (other 4xx) would fail there too."""
    if isinstance(error, APIConnectionError):
        return True
    return isinstance(error, APIStatusError) and (error.status_code == 429 or error.status_code >= 500)


def marking(shape: Callable[[Any], Any] | None, base_url: str) -> Callable[[Any], Any] | None:
    """`shape`, given the page it shapes already marked with the service that sent it: a pager
    then asks that service for the next pages, where its cursor means something."""
    if shape is None:
        return None
    return lambda data: shape(mark_served_by(data, base_url))


def mark_served_by(value: Any, base_url: str) -> Any:
    """Record on what a call returned which service answered it (`.served_by`)."""
    from ._models import BaseModel
    from ._response import _ResponseInfo

    if isinstance(value, BaseModel):
        set_private(value, "served_by", base_url)
    elif hasattr(type(value), "served_by"):
        value.served_by = base_url
    if isinstance(value, _ResponseInfo):
        # What a raw response's parse() gives says so too, as the plain call's value does.
        parse = value._parse
        value._parse = lambda response: mark_served_by(parse(response), base_url)
    return value


def _is_local(base_url: str) -> bool:
    import httpx

    from ._config import is_loopback

    try:
        return is_loopback(httpx.URL(base_url).host)
    except httpx.InvalidURL:
        return False
