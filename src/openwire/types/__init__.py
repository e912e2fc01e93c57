"""Response models and request parameter types, laid out like the API reference."""

from __future__ import annotations

from .completion_usage import CompletionTokensDetails, CompletionUsage, PromptTokensDetails
from .model import Model, ModelDeleted

__all__ = [
    "CompletionTokensDetails",
    "CompletionUsage",
    "Model",
    "ModelDeleted",
    "PromptTokensDetails",
]
