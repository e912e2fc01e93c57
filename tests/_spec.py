"""Reading the OpenAPI spec in tests: schemas by location, their properties and required names, the
parameters of an operation, and the keys of a TypedDict.

The spec is read from `../shared/spec/openapi.yaml` (next to the repository); `load_spec` skips the
test when it is absent.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "openapi.yaml"


def load_spec() -> dict[str, Any]:
    """The spec as plain data (read once per session); skips the test when it or PyYAML is absent."""
    if not SPEC.is_file():
        pytest.skip(f"the OpenAPI spec is not at {SPEC}")
    pytest.importorskip("yaml", reason="PyYAML reads the OpenAPI spec")
    return _load()


@functools.cache
def _load() -> dict[str, Any]:
    import yaml

    with SPEC.open("rb") as file:
        loaded: dict[str, Any] = yaml.load(file, Loader=yaml.CSafeLoader)
    return loaded


def deref(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, following `$ref`s to the component they name."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The properties and required names of an object schema, following `$ref`, merging `allOf`, and
    looking through a nullable `anyOf`/`oneOf` (`X | null`) to its object."""
    schema = deref(spec, schema)
    properties: dict[str, Any] = dict(schema.get("properties", {}))
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        more, more_required = resolve(spec, part)
        properties.update(more)
        required |= more_required
    for key in ("anyOf", "oneOf"):
        branches = [b for b in schema.get(key, []) if b.get("type") != "null"]
        if not properties and len(branches) == 1:
            return resolve(spec, branches[0])
    return properties, required


def schema_at(spec: dict[str, Any], name: str, *path: str | int) -> dict[str, Any]:
    """The schema at `path` below component `name`: property names, `"[]"` for array items, `"{}"`
    for the values of a map, and integers for the branches of a `oneOf` (or `anyOf`)."""
    schema: dict[str, Any] = {"$ref": f"#/components/schemas/{name}"}
    for step in path:
        if isinstance(step, int):
            schema = deref(spec, schema)
            schema = (schema.get("oneOf") or schema["anyOf"])[step]
        elif step == "[]":
            schema = deref(spec, schema)
            if "items" not in schema:  # a nullable array: `anyOf: [array, null]`
                (schema,) = [b for b in schema["anyOf"] if b.get("type") == "array"]
            schema = schema["items"]
        elif step == "{}":
            schema = deref(spec, schema)
            if "additionalProperties" not in schema:  # a nullable map: `anyOf: [object, null]`
                (schema,) = [b for b in schema["anyOf"] if b.get("type") == "object"]
            schema = schema["additionalProperties"]
        else:
            schema = resolve(spec, schema)[0][step]
    return schema


def operation(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    """The operation with this `operationId`."""
    (found,) = [
        op
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and op.get("operationId") == operation_id
    ]
    return found


def operation_params(spec: dict[str, Any], operation_id: str) -> tuple[set[str], set[str]]:
    """The names and the required names of an operation's JSON body properties and query parameters
    (path parameters are the methods' arguments, not parameters)."""
    found = operation(spec, operation_id)
    names: set[str] = set()
    required: set[str] = set()
    if "requestBody" in found:
        properties, required = resolve(spec, found["requestBody"]["content"]["application/json"]["schema"])
        names = set(properties)
    for parameter in found.get("parameters", []):
        if parameter["in"] == "query":
            names.add(parameter["name"])
            if parameter.get("required"):
                required.add(parameter["name"])
    return names, required


def typed_dict_keys(params: type) -> tuple[set[str], set[str]]:
    """A TypedDict's keys and required keys."""
    required: frozenset[str] = params.__required_keys__  # type: ignore[attr-defined]
    optional: frozenset[str] = params.__optional_keys__  # type: ignore[attr-defined]
    return set(required | optional), set(required)
