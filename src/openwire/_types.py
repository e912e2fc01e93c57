"""Sentinels and the type aliases shared across the package."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeAlias, TypeVar

import httpx
from typing_extensions import TypedDict, final

__all__ = [
    "NOT_GIVEN",
    "Body",
    "Headers",
    "NotGiven",
    "Query",
    "RequestOptions",
    "Timeout",
]

_T = TypeVar("_T")


@final
class NotGiven:
    """The type of `NOT_GIVEN`: "leave this out", as opposed to `None`, which is sent as JSON `null`.

    ```python
    client.chat.completions.create(..., temperature=t if t is not None else NOT_GIVEN)
    client.with_options(timeout=NOT_GIVEN)                   # keep the client's timeout
    client.models.list(extra_headers={"OpenAI-Project": NOT_GIVEN})  # drop a default header
    ```
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # One instance, so that `is NOT_GIVEN` is the test everywhere (and survives copy/pickle).
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Headers: TypeAlias = Mapping[str, str | NotGiven]
"""Request headers; a `NOT_GIVEN` value removes a header the client would otherwise send."""

Query: TypeAlias = Mapping[str, object]
"""Query-string parameters; values are encoded as the API expects (booleans as `true`/`false`)."""

Body: TypeAlias = Mapping[str, object]
"""Extra JSON body fields, merged over the typed parameters."""

Timeout: TypeAlias = float | httpx.Timeout | None
"""Seconds for every phase (connect capped at 5 s), an `httpx.Timeout`, or `None` for no limit."""


class RequestOptions(TypedDict, total=False):
    """Per-call options every API method accepts next to its own parameters."""

    extra_headers: Headers
    """Headers to add to this request (or remove, with `NOT_GIVEN`)."""
    extra_query: Query
    """Query parameters to add to this request."""
    extra_body: Body
    """Fields to merge into the JSON or form body: for parameters openwire does not know yet, or that
    only one provider accepts."""
    timeout: Timeout
    """Overrides the client's timeout for this call; `None` waits forever."""
    deadline: float | None
    """Overall seconds for this call including every retry and backoff; `None` for no bound."""
