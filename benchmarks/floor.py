"""The floor's JSON: the library that serializes its requests and parses its answers.

The floor is what a performance-minded user writes by hand: bare httpx and a fast JSON library,
by default orjson (`orjson.dumps` gives the body's bytes, `orjson.loads` reads bytes directly).
`run.py --floor-json json` gives it the standard library's instead (`json.dumps(...).encode()`,
`json.loads`), `--floor-json pydantic-core` pydantic-core's (`to_json`, `from_json`), for
comparison. The library is imported only when `codec` is called, so that a client process of
another contender never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CHOICES = ("orjson", "json", "pydantic-core")
DEFAULT = "orjson"

Dumps = Callable[[Any], bytes]
Loads = Callable[[bytes], Any]


def codec(name: str = DEFAULT) -> tuple[Dumps, Loads]:
    """`(dumps, loads)` of the named library: a value to JSON bytes, and JSON bytes to a value."""
    if name == "orjson":
        import orjson

        return orjson.dumps, orjson.loads
    if name == "json":
        import json

        return (lambda value: json.dumps(value).encode()), json.loads
    if name == "pydantic-core":
        from pydantic_core import from_json, to_json

        return to_json, from_json
    raise ValueError(f"unknown floor JSON library {name!r}; one of {', '.join(CHOICES)}")
