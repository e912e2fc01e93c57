"""Text helpers shared by the endpoints: a toy tokenizer, message text, ids, and JSON made to fit a
JSON Schema (for tool-call arguments and structured replies)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

__all__ = [
    "count_tokens",
    "digest",
    "example_for_schema",
    "message_text",
    "new_id",
    "pieces",
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
    enum or const value, bounds respected. Used to make tool-call arguments and structured replies."""
    root = schema if isinstance(schema, dict) else {}
    return _example(root, root, name, 0)


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        if isinstance(target, dict):
            return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _example(schema: object, root: dict[str, Any], name: str, depth: int) -> Any:
    if not isinstance(schema, dict) or depth > 12:
        return None
    schema = _resolve(schema, root)
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
                return _example(merged, root, name, depth + 1)
            usable = [o for o in options if isinstance(o, dict) and o.get("type") != "null"]
            return _example(usable[0] if usable else options[0], root, name, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else "string"
    if kind == "object":
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            return {}
        return {key: _example(sub, root, key, depth + 1) for key, sub in properties.items()}
    if kind == "array":
        count = max(int(schema.get("minItems", 1)), 1)
        return [_example(schema.get("items", {}), root, name, depth + 1) for _ in range(count)]
    if kind == "integer":
        return int(max(schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1))
    if kind == "number":
        return float(max(schema.get("minimum", 1.0), schema.get("exclusiveMinimum", 0.0) + 0.5))
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string_example(schema, name)


def _string_example(schema: dict[str, Any], name: str) -> str:
    fmt = schema.get("format")
    if fmt == "date-time":
        return "2024-01-01T00:00:00Z"
    if fmt == "date":
        return "2024-01-01"
    if fmt == "email":
        return "someone@example.com"
    if fmt in ("uri", "url"):
        return "https://example.com/"
    if fmt == "uuid":
        return "00000000-0000-4000-8000-000000000000"
    text = f"example {name}".replace("_", " ")
    min_length = schema.get("minLength")
    if isinstance(min_length, int) and len(text) < min_length:
        text = text.ljust(min_length, "x")
    max_length = schema.get("maxLength")
    if isinstance(max_length, int):
        text = text[:max_length]
    return text
