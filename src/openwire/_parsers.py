"""Parsers for answers that are not one model: a union of event types, plain text, either."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx

from ._models import BaseModel, parser

__all__ = ["parse_text", "text_or_model"]

_M = TypeVar("_M", bound=BaseModel)


def parse_text(response: httpx.Response) -> str:
    """The body as text (transcripts in `text`, `srt` or `vtt` format)."""
    return response.text


def text_or_model(model: type[_M]) -> Callable[[httpx.Response], _M | str]:
    """A parser for answers of a format openwire does not know: JSON becomes `model`, anything else
    is returned as text."""
    parse_json = parser(model)

    def parse(response: httpx.Response) -> _M | str:
        if "json" in response.headers.get("content-type", ""):
            return parse_json(response)
        return response.text

    return parse
