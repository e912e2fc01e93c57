"""Response models and request parameter types, laid out like the API reference."""

from __future__ import annotations

from .model import Model, ModelDeleted

__all__ = ["Model", "ModelDeleted"]
