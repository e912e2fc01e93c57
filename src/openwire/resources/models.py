"""`client.models`: the models the server offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import Unpack

from openwire._models import page_parser, parser
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource
from openwire._types import RequestOptions
from openwire.types.model import Model, ModelDeleted

if TYPE_CHECKING:
    from openwire._pagination import AsyncPager, Page
    from openwire.resources._views.models import (  # noqa: F401 - named in the class bases below
        AsyncModelsWithRawResponse,
        AsyncModelsWithStreamingResponse,
        ModelsWithRawResponse,
        ModelsWithStreamingResponse,
    )

__all__ = ["AsyncModels", "Models"]

_LIST = Endpoint("GET", "/models", page_parser(Model), name="models.list")
_RETRIEVE = Endpoint("GET", "/models/{}", parser(Model), name="models.retrieve")
_DELETE = Endpoint("DELETE", "/models/{}", parser(ModelDeleted), name="models.delete")


class Models(SyncAPIResource["ModelsWithRawResponse", "ModelsWithStreamingResponse"]):
    """The models the server offers (`GET /models`)."""

    def list(self, **options: Unpack[RequestOptions]) -> Page[Model]:
        """List the models the server offers."""
        return self._call(_LIST, options)

    def retrieve(self, model: str, /, **options: Unpack[RequestOptions]) -> Model:
        """Retrieve one model by its id, e.g. `"gpt-4o"`."""
        return self._call(_RETRIEVE, options, model)

    def delete(self, model: str, /, **options: Unpack[RequestOptions]) -> ModelDeleted:
        """Delete a fine-tuned model you own."""
        return self._call(_DELETE, options, model)


class AsyncModels(AsyncAPIResource["AsyncModelsWithRawResponse", "AsyncModelsWithStreamingResponse"]):
    """The models the server offers (`GET /models`)."""

    def list(self, **options: Unpack[RequestOptions]) -> AsyncPager[Model]:
        """List the models the server offers."""
        return self._listed(_LIST, options)

    async def retrieve(self, model: str, /, **options: Unpack[RequestOptions]) -> Model:
        """Retrieve one model by its id, e.g. `"gpt-4o"`."""
        return await self._call(_RETRIEVE, options, model)

    async def delete(self, model: str, /, **options: Unpack[RequestOptions]) -> ModelDeleted:
        """Delete a fine-tuned model you own."""
        return await self._call(_DELETE, options, model)
