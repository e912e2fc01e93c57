"""Strict-mode JSON Schema checks, for structured outputs and strict function tools.

With `strict: true` the API only takes the subset of JSON Schema it can enforce while the model
writes: every object closed (`additionalProperties: false`) with every property required, an
object at the root, a short list of keywords, and `$ref`s that resolve inside the schema. A schema
outside that subset is a 400 naming the schema, where in it the problem is (`context=(...)`, the
path of keys from the root) and the rule, in the API's words.
"""

from __future__ import annotations

from typing import Any

from ._text import resolve_ref
from ._wire import ApiError

__all__ = ["FORMATS", "SUPPORTED_KEYWORDS", "check_strict_schema", "strict_problem"]

SUPPORTED_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "const",
        "anyOf",
        "$ref",
        "$defs",
        "definitions",
        "description",
        "title",
        "pattern",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
    }
)
_DEFINITIONS = ("$defs", "definitions")
FORMATS = ("date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid")
"""The string formats strict mode supports."""


def check_strict_schema(schema: object, *, kind: str, name: str, param: str, code: str | None) -> None:
    """Raise the API's 400 if `schema` breaks a strict-mode rule. `kind` and `name` name it in the
    message (`Invalid schema for function 'get_weather': ...`)."""
    problem = strict_problem(schema)
    if problem is not None:
        raise ApiError(400, f"Invalid schema for {kind} '{name}': {problem}", param=param, code=code)


def strict_problem(schema: object) -> str | None:
    """The first strict-mode rule `schema` breaks, in the API's words, or None if it keeps them."""
    if not isinstance(schema, dict):
        return "schema must be a JSON Schema object."
    kind = schema.get("type")
    if kind != "object":
        shown = kind if isinstance(kind, str) else None
        return f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{shown}\"'."
    return _problem(schema, schema, ())


def _problem(node: object, root: dict[str, Any], path: tuple[str, ...]) -> str | None:
    where = f"In context={path!r}, "
    if not isinstance(node, dict):
        return where + "schema must be a JSON Schema object."
    for key in node:
        if key not in SUPPORTED_KEYWORDS:
            return where + f"'{key}' is not permitted."
    fmt = node.get("format")
    if fmt is not None and fmt not in FORMATS:
        return where + f"'{fmt}' is not a valid format."
    ref = node.get("$ref")
    if ref is not None:
        if not isinstance(ref, str) or resolve_ref(root, ref) is None:
            return where + f"reference '{ref}' could not be resolved: it must point inside the schema."
    elif "anyOf" in node:
        options = node["anyOf"]
        if not isinstance(options, list) or not options:
            return where + "'anyOf' must be a non-empty array of schemas."
        for index, option in enumerate(options):
            found = _problem(option, root, (*path, "anyOf", str(index)))
            if found is not None:
                return found
    elif "type" not in node and "enum" not in node and "const" not in node:
        return where + "schema must have a 'type' key."
    kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "object" in kinds or "properties" in node:
        found = _object_problem(node, root, path)
        if found is not None:
            return found
    if "array" in kinds or "items" in node:
        if "items" not in node:
            return where + "'items' is required to be supplied for an array schema."
        found = _problem(node["items"], root, (*path, "items"))
        if found is not None:
            return found
    for key in _DEFINITIONS:
        definitions = node.get(key)
        if definitions is None:
            continue
        if not isinstance(definitions, dict):
            return where + f"'{key}' must be an object of schemas."
        for name, definition in definitions.items():
            found = _problem(definition, root, (*path, key, name))
            if found is not None:
                return found
    return None


def _object_problem(node: dict[str, Any], root: dict[str, Any], path: tuple[str, ...]) -> str | None:
    where = f"In context={path!r}, "
    if node.get("additionalProperties") is not False:
        return where + "'additionalProperties' is required to be supplied and to be false."
    properties = node.get("properties", {})
    if not isinstance(properties, dict):
        return where + "'properties' must be an object of schemas."
    required = node.get("required", [] if not properties else None)
    rule = "'required' is required to be supplied and to be an array including every key in properties."
    if not isinstance(required, list):
        return where + rule
    missing = [key for key in properties if key not in required]
    if missing:
        return where + f"{rule} Missing '{missing[0]}'."
    extra = [key for key in required if key not in properties]
    if extra:
        return where + f"{rule} Extra required key '{extra[0]}' supplied."
    for key, sub in properties.items():
        found = _problem(sub, root, (*path, "properties", key))
        if found is not None:
            return found
    return None
