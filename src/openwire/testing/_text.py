"""Text helpers shared by the endpoints: a toy tokenizer, message text, ids, and JSON made to fit a
JSON Schema (for tool-call arguments and structured replies)."""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

__all__ = [
    "count_tokens",
    "digest",
    "example_for_schema",
    "message_text",
    "new_id",
    "pieces",
    "resolve_ref",
    "tokens",
]

# A word or one punctuation mark, with the whitespace before it. Joining the pieces gives the text
# back exactly, which is what lets a stream's deltas add up to the whole reply.
_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])|\s+$")


def tokens(text: str) -> list[str]:
    """Split text into token-like pieces whose concatenation is the text."""
    return _TOKEN.findall(text)


def count_tokens(text: str) -> int:
    """A stand-in for a real tokenizer's count: words and punctuation marks."""
    return len(_TOKEN.findall(text))


def pieces(text: str) -> list[str]:
    """Split a reply into deltas of one to three tokens, as a model's output arrives."""
    parts = tokens(text)
    out: list[str] = []
    sizes = (1, 2, 3, 2)
    position = 0
    while position < len(parts):
        size = sizes[len(out) % len(sizes)]
        out.append("".join(parts[position : position + size]))
        position += size
    return out


def digest(*parts: object) -> bytes:
    """A stable hash of some values (the same on every run and machine, unlike `hash()`)."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()


_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def new_id(prefix: str, *seed: object, length: int = 24) -> str:
    """A deterministic id that looks like the API's, e.g. `chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT`."""
    number = int.from_bytes(digest(prefix, *seed), "big")
    chars = []
    for _ in range(length):
        number, rest = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[rest])
    return prefix + "".join(chars)


_TEXT_PARTS = ("text", "input_text", "output_text", "summary_text", "reasoning_text")


def message_text(content: object) -> str:
    """The text of a message's `content`: a string, or the text of its parts, chat's or the
    Responses API's (other parts are named in brackets, e.g. `[image]`)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if not isinstance(part, dict):
                continue
            kind = part.get("type")
            if kind in _TEXT_PARTS and isinstance(part.get("text"), str):
                texts.append(part["text"])
            elif kind in ("image_url", "input_image"):
                texts.append("[image]")
            elif kind == "input_audio":
                texts.append("[audio]")
            elif kind in ("file", "input_file"):
                texts.append("[file]")
            elif kind == "refusal" and isinstance(part.get("refusal"), str):
                texts.append(part["refusal"])
        return " ".join(texts)
    return str(content)


def example_for_schema(schema: object, name: str = "value") -> Any:
    """A value valid against a (reasonable) JSON Schema: every listed property filled in, the first
    enum or const value, numbers, strings and arrays within their bounds, formats honoured. `$ref`s
    resolve inside the schema; a recursive one is followed once, then null branches and empty
    arrays end it. Used to make tool-call arguments and structured replies."""
    root = schema if isinstance(schema, dict) else {}
    return _example(root, root, name, 0, ())


# Past this depth (or once a `$ref` comes round again) the example winds down: null branches and
# the fewest array items, so recursive schemas end.
_WIND_DOWN = 8
_LIMIT = 24


def resolve_ref(root: dict[str, Any], ref: str) -> dict[str, Any] | None:
    """The schema a local `$ref` (`#`, `#/$defs/Name`, JSON-pointer escapes) points to, or None."""
    if ref == "#":
        return root
    if not ref.startswith("#/"):
        return None
    target: Any = root
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and part in target:
            target = target[part]
        elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        else:
            return None
    return target if isinstance(target, dict) else None


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target = resolve_ref(root, ref)
        if target is not None:
            return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _example(schema: object, root: dict[str, Any], name: str, depth: int, refs: tuple[str, ...]) -> Any:
    if not isinstance(schema, dict) or depth > _LIMIT:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str):
        refs = (*refs, ref)
        schema = _resolve(schema, root)
    winding = depth >= _WIND_DOWN or len(set(refs)) < len(refs)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            if key == "allOf":
                merged: dict[str, Any] = {}
                for option in options:
                    if isinstance(option, dict):
                        merged.update(_resolve(option, root))
                return _example(merged, root, name, depth + 1, refs)
            return _example(_branch(options, root, winding), root, name, depth + 1, refs)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = "null" if winding and "null" in kind else next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    if kind == "object":
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            return {}
        return {key: _example(sub, root, key, depth + 1, refs) for key, sub in properties.items()}
    if kind == "array":
        fewest = schema.get("minItems")
        low = fewest if isinstance(fewest, int) else 0
        count = low if winding else max(low, 1)
        high = schema.get("maxItems")
        if isinstance(high, int):
            count = min(count, high)
        return [_example(schema.get("items", {}), root, name, depth + 1, refs) for _ in range(count)]
    if kind in ("integer", "number"):
        return _number_example(schema, integer=kind == "integer")
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string_example(schema, name)


def _branch(options: list[Any], root: dict[str, Any], winding: bool) -> Any:
    """The `anyOf` branch to follow: a value's at first, the null one (or one that does not
    recurse) when winding down."""
    schemas = [o for o in options if isinstance(o, dict)]
    nulls = [o for o in schemas if _resolve(o, root).get("type") == "null"]
    if winding:
        plain = [o for o in schemas if "$ref" not in o]
        return (nulls or plain or schemas or options)[0]
    values = [o for o in schemas if o not in nulls]
    return (values or schemas or options)[0]


def _number_example(schema: dict[str, Any], *, integer: bool) -> int | float:
    """1 when the bounds allow it, else the nearest value inside them (a multiple of `multipleOf`
    if that is set)."""

    def bound(key: str) -> float | None:
        value = schema.get(key)
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    low, high = bound("minimum"), bound("maximum")
    low_ex, high_ex = bound("exclusiveMinimum"), bound("exclusiveMaximum")
    step = 1.0 if integer else 0.5
    if low_ex is not None:
        low = max(low, low_ex + step) if low is not None else low_ex + step
    if high_ex is not None:
        high = min(high, high_ex - step) if high is not None else high_ex - step
    if integer:
        low = float(math.ceil(low)) if low is not None else None
        high = float(math.floor(high)) if high is not None else None
    value = 1.0
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high if low is None or integer else (low + high) / 2
    multiple = bound("multipleOf")
    if multiple:
        value = math.ceil(value / multiple) * multiple
        if high is not None and value > high:
            value = math.floor(high / multiple) * multiple
        value = round(value, 10)
    return int(value) if integer else float(value)


_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00",
    "duration": "P1D",
    "email": "someone@example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
}
# Tried in turn against a `pattern` the plain example does not match.
_PATTERN_GUESSES = (
    "example",
    "a",
    "A",
    "0",
    "00",
    "000",
    "abc",
    "ABC",
    "abc123",
    "A1",
    "a-b",
    "someone@example.com",
    "https://example.com/",
    "+15555550100",
    *_FORMATS.values(),
)


def _string_example(schema: dict[str, Any], name: str) -> str:
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in _FORMATS:
        return _FORMATS[fmt]
    text = f"example {name}".replace("_", " ")
    min_length = schema.get("minLength")
    if isinstance(min_length, int) and len(text) < min_length:
        text = text.ljust(min_length, "x")
    max_length = schema.get("maxLength")
    if isinstance(max_length, int):
        text = text[:max_length]
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            compiled = re.compile(pattern)
        except re.error:
            return text
        if not compiled.search(text):
            text = next((g for g in _PATTERN_GUESSES if compiled.search(g)), text)
    return text
