"""Parsers for answers that are not one model: a union of event types, plain text, either."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from ._models import BaseModel, parse_model

__all__ = ["parse_text", "text_or_model", "union_parser"]

_M = TypeVar("_M", bound=BaseModel)


def union_parser(union: Any) -> Callable[[bytes], Any]:
    """A `stream_parse` for events of several types (`union`, tagged by `type`).

    The validator is built on first use, so importing a resource stays cheap.
    """
    built: list[TypeAdapter[Any]] = []

    def parse(data: bytes) -> Any:
        if not built:
            built.append(TypeAdapter(union))
        return built[0].validate_json(data)

    return parse


def parse_text(response: httpx.Response) -> str:
    """The body as text (transcripts in `text`, `srt` or `vtt` format)."""
    return response.text


def text_or_model(model: type[_M]) -> Callable[[httpx.Response], _M | str]:
    """A parser for answers of a format openwire does not know: JSON becomes `model`, anything else
    is returned as text."""

    def parse(response: httpx.Response) -> _M | str:
        if "json" in response.headers.get("content-type", ""):
            return parse_model(model, response)
        return response.text

    return parse
