"""`client.moderations`: classify text and images against the moderation categories."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from openwire._models import parser
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._types import RequestOptions
from openwire.types.moderation import ModerationCreateResponse
from openwire.types.moderation_params import ModerationCreateParams

if TYPE_CHECKING:
    from openwire.resources._views.moderations import (  # noqa: F401 - named in the class bases below
        AsyncModerationsWithRawResponse,
        AsyncModerationsWithStreamingResponse,
        ModerationsWithRawResponse,
        ModerationsWithStreamingResponse,
    )

__all__ = ["AsyncModerations", "Moderations"]


# The keyword arguments of `create`: the API's parameters plus the per-call options.
class _Create(ModerationCreateParams, RequestOptions, total=False): ...


_CREATE = Endpoint(
    "POST",
    "/moderations",
    parser(ModerationCreateResponse),
    params=ModerationCreateParams,
    name="moderations.create",
)


class Moderations(SyncAPIResource["ModerationsWithRawResponse", "ModerationsWithStreamingResponse"]):
    """Classify text and images against the moderation categories."""

    def create(self, **params: Unpack[_Create]) -> ModerationCreateResponse:
        """Classify a text, a list of texts, or text and image parts: whether each is flagged, under
        which categories, and each category's score."""
        return self._call(_CREATE, params)


class AsyncModerations(
    AsyncAPIResource["AsyncModerationsWithRawResponse", "AsyncModerationsWithStreamingResponse"]
):
    """Classify text and images against the moderation categories."""

    async def create(self, **params: Unpack[_Create]) -> ModerationCreateResponse:
        """Classify a text, a list of texts, or text and image parts: whether each is flagged, under
        which categories, and each category's score."""
        return await self._call(_CREATE, params)
