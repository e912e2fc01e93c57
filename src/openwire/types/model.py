"""The model object: `GET /models`, `GET /models/{model}`, `DELETE /models/{model}`."""

from __future__ import annotations

from typing import Literal

from openwire._models import BaseModel

__all__ = ["Model", "ModelDeleted"]


class Model(BaseModel):
    """A model the server offers."""

    id: str
    """The model identifier, used as `model=` in other calls."""
    created: int | None = None
    """When the model was created, in Unix seconds (some servers leave it out)."""
    object: Literal["model"] | str = "model"
    """Always `model`."""
    owned_by: str | None = None
    """The organization that owns the model."""
    shutdown_date: str | None = None
    """The date (YYYY-MM-DD) the model will shut down, if announced."""


class ModelDeleted(BaseModel):
    """The answer to deleting a fine-tuned model."""

    id: str
    """The id of the deleted model."""
    deleted: bool
    """Whether the model was deleted."""
    object: str | None = None
    """The object type, usually `model`."""
