"""Reading the source documents in tests: the seeds, and the OpenAPI spec (schemas by location, their
properties and required names, the parameters of an operation, the keys of a TypedDict, the fields of a
model, the members of a tagged union).

They are read from `../shared` (next to the repository): `seed_text` and `load_spec` skip the test when
the document is absent, as in a plain clone, with a reason that says what is missing and that CI (which
lays `shared/` beside the clone) runs the test.
"""

from __future__ import annotations

import functools
import json
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import Tag

from openwire._models import BaseModel

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
SPEC = SHARED / "spec" / "openapi.yaml"


_MISSING = (
    f"is not under {SHARED}): a plain clone has no ../shared, so this test skips there; "
    "CI lays the reference data beside the clone and runs it"
)


# Seeds


def seed_text(prefix: str) -> str:
    """The text of the seed file whose name starts with `prefix`; skips the test when it is absent."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(
            f"needs the seed documents in ../shared/seeds beside the repository ({prefix}_*.txt {_MISSING}"
        )
    return found[0].read_text(encoding="utf-8")


def json_objects(text: str) -> Iterator[dict[str, Any]]:
    """Every top-level JSON object embedded in prose, in order."""
    decoder = json.JSONDecoder()
    position = text.find("{")
    while position != -1:
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            position = text.find("{", position + 1)
            continue
        if isinstance(value, dict):
            yield value
        position = text.find("{", end)


def added_moderation_blocks(text: str) -> Iterator[tuple[bool, dict[str, Any]]]:
    """The `"moderation"` objects the diffs in seeds 001/002 add to example responses.

    Yields `(on_a_chat_completion, moderation)`: the context line before the block says whether the
    example is a chat completion (`"object": "chat.completion"`) or another object (a Response).
    Diff lines start with the old and/or new line number, run together with the content.
    """
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if not re.fullmatch(r'\d+ "moderation": \{', line):
            continue
        body, depth = [], 0
        for raw in lines[i:]:
            content = re.sub(r"^\d+ ", "", raw)
            body.append(content)
            depth += content.count("{") - content.count("}")
            if depth == 0:
                break
        on_chat = any('"object": "chat.completion"' in before for before in lines[max(0, i - 3) : i])
        yield on_chat, json.loads("{" + "\n".join(body).rstrip(",") + "}")["moderation"]


# The OpenAPI spec


def load_spec() -> dict[str, Any]:
    """The spec as plain data (read once per session); skips the test when it or PyYAML is absent."""
    if not SPEC.is_file():
        pytest.skip(
            f"needs the OpenAPI spec in ../shared/spec beside the repository (openapi.yaml {_MISSING}"
        )
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


def model_fields(model: type[BaseModel]) -> tuple[set[str], set[str]]:
    """A model's fields and required fields, by API name."""
    fields = {info.alias or name: info for name, info in model.model_fields.items()}
    return set(fields), {name for name, info in fields.items() if info.is_required()}


def union_members(alias: Any) -> list[tuple[str, Any]]:
    """`(tag, member)` for each member of a tagged union alias (`Annotated[X | Y, by_type()]`)."""
    union = typing.get_args(alias)[0] if typing.get_origin(alias) is typing.Annotated else alias
    members = []
    for member in typing.get_args(union):
        (tag,) = [meta.tag for meta in member.__metadata__ if isinstance(meta, Tag)]
        members.append((tag, typing.get_args(member)[0]))
    return members
