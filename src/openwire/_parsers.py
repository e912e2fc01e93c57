"""Parsers for answers that are not one model: a union of event types, plain text, either."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from pydantic import TypeAdapter

from ._models import BaseModel, parse_model

__all__ = ["model_parser", "parse_text", "text_or_model", "union_parser"]

_M = TypeVar("_M", bound=BaseModel)


def model_parser(model: type[_M]) -> Callable[[bytes], _M]:
    """A `stream_parse` for events of one model (chat completion chunks).

    Calls pydantic-core's validator directly once the model is built: at thousands of chunks a
    second, the Python wrapper around it (`model_validate_json`) is a tenth of the cost of a chunk.
    """
    built: list[Callable[[bytes], _M]] = []

    def parse(data: bytes) -> _M:
        if built:
            return built[0](data)
        parsed = model.model_validate_json(data)  # builds the model's deferred validator
        built.append(model.__pydantic_validator__.validate_json)
        return parsed

    return parse


def union_parser(union: Any) -> Callable[[bytes], Any]:
    """A `stream_parse` for events of several types (`union`, tagged by `type`).

    The validator is built on first use, so importing a resource stays cheap.
    """
    built: list[Callable[[bytes], Any]] = []

    def parse(data: bytes) -> Any:
        if not built:
            built.append(TypeAdapter(union).validator.validate_json)
        return built[0](data)

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
