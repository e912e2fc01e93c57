"""Multipart form bodies: upload parameters and the form fields that travel with them."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from typing import Any

__all__ = ["multipart_fields"]


def multipart_fields(body: Mapping[str, Any], caller: str) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Split a request body into form fields and files, encoded the way the API expects."""
    data: dict[str, Any] = {}
    files: list[tuple[str, Any]] = []
    for name, value in body.items():
        if value is None:
            continue
        if _is_file(value):
            files.append((name, value))
        elif isinstance(value, (list, tuple)) and value and all(_is_file(v) for v in value):
            files.extend((f"{name}[]", v) for v in value)
        elif isinstance(value, (list, tuple)):
            data[f"{name}[]"] = [_form_value(v) for v in value]
        else:
            data[name] = _form_value(value)
    return data, files


def _is_file(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, os.PathLike, io.IOBase)) or (
        isinstance(value, tuple) and 2 <= len(value) <= 3 and isinstance(value[0], (str, type(None)))
    )


def _form_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
