"""The JSON schema of a Python type, rewritten to what OpenAI's strict mode accepts.

Strict mode (`strict: true` on a structured output or a function tool) makes the model's JSON
follow the schema exactly, but only for a subset of JSON Schema: every object closed and every
property required, an object at the root, a short list of keywords. pydantic's schemas are close;
`strict_json_schema` closes the gap where it can and says where and why where it cannot.
"""

from __future__ import annotations

import copy
import functools
import re
import typing
from collections.abc import Hashable
from typing import Any

from ._exceptions import StrictSchemaError

__all__ = ["schema_name", "strict_json_schema"]

MAX_PROPERTIES = 5000
"""Object properties in all (every object counted once, definitions included) that strict mode takes."""
MAX_DEPTH = 10
"""Levels of nested objects strict mode takes, the root object being the first."""
MAX_ENUM_VALUES = 1000
"""Enum values in all that strict mode takes."""

_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "anyOf",
        "$ref",
        "$defs",
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
_FORMATS = ("date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid")

# What to write instead of a keyword strict mode rejects, for the ones pydantic emits most often.
_INSTEAD = {
    "minLength": "leave the length out of the type (check it after parsing) or say it in the description",
    "maxLength": "leave the length out of the type (check it after parsing) or say it in the description",
    "minProperties": "use a model with named fields",
    "maxProperties": "use a model with named fields",
    "patternProperties": "use a model with named fields",
    "propertyNames": "use a model with named fields",
    "examples": "move the examples into the description",
    "allOf": "use one model (combine the fields in a subclass)",
    "not": "express the constraint as an enum (a Literal) or a union",
    "if": "express the condition as a union of models",
    "then": "express the condition as a union of models",
    "else": "express the condition as a union of models",
}

_NAME_CHARACTERS = re.compile(r"[^a-zA-Z0-9_-]")


def strict_json_schema(target: type[Any]) -> dict[str, Any]:
    """The JSON schema of `target` (a pydantic model, a TypedDict or a dataclass) in the form strict
    mode accepts, for `response_format` / `text.format` or a function tool's `parameters`.

    ```python
    class Step(BaseModel):
        explanation: str
        output: str

    class Solution(BaseModel):
        steps: list[Step]
        answer: str | None = None

    schema = strict_json_schema(Solution)  # every object closed, every property required
    ```

    The rewrite:

    - every object gets `"additionalProperties": false` and lists all its properties as `required`.
      A field typed `X | None` stays nullable, so the model writes `null` for it; a field that has
      a default but is not nullable becomes one the model must always fill. `default` is removed
      everywhere (strict mode rejects it), so the model never relies on a default;
    - definitions stay in `$defs` and `$ref`s stay refs (strict mode follows `#/$defs/...`
      refs, recursion included). pydantic's `{"allOf": [{"$ref": ...}]}` wrapper becomes the plain
      `$ref`. Beside a `$ref`, `title` is dropped but `description` is kept: JSON Schema 2020-12
      allows keywords beside a `$ref`, and the description is what tells the model what to put
      in that field; inlining the definition instead would repeat it and could not express
      recursion;
    - `oneOf` (a discriminated union) becomes `anyOf` without its `discriminator`, and `const`
      becomes a one-value `enum`.

    Raises `StrictSchemaError`, naming the place (`Order.lines[].extras`) and what to use instead,
    for what strict mode cannot express: a root that is not an object, a `dict` (an object with
    arbitrary keys), `Any`, a tuple, a set, a keyword outside strict mode's list (such as
    `minLength`), a string `format` other than date-time, time, date, duration, email, hostname,
    ipv4, ipv6 and uuid, and schemas past the API's limits (5000 object properties, 10 levels of
    nested objects, 1000 enum values).

    The result for each type is computed once; every call returns a new copy, free to change.
    """
    try:
        cached = _cached(typing.cast("Hashable", target))  # a class is; a type form may not be
    except TypeError as error:  # an unhashable type form: not cached
        if "unhashable" not in str(error):
            raise
        cached = rewrite(json_schema_of(target), _root_name(target))
    return copy.deepcopy(cached)


def schema_name(target: type[Any]) -> str:
    """A name for `target`'s schema that the API accepts (`^[a-zA-Z0-9_-]{1,64}$`): its class name,
    every other character made `_` (`Page[Item]` gives `Page_Item_`), cut at 64 characters."""
    name = _NAME_CHARACTERS.sub("_", _root_name(target))[:64]
    return name or "schema"


@functools.lru_cache(maxsize=256)
def _cached(target: Hashable) -> dict[str, Any]:
    return rewrite(json_schema_of(target), _root_name(target))


def json_schema_of(target: Any) -> dict[str, Any]:
    """pydantic's JSON schema (validation mode) of a model class, a TypedDict, a dataclass or any type."""
    import pydantic

    if _is_model(target):
        schema: dict[str, Any] = target.model_json_schema()
        return schema
    return pydantic.TypeAdapter(target).json_schema()


def rewrite(schema: dict[str, Any], root: str, *, hint: str = "") -> dict[str, Any]:
    """`schema` (a pydantic JSON schema, left unchanged) rewritten for strict mode, as
    `strict_json_schema` describes; `root` names the root in error locations, and `hint` is added
    to every error's advice (a tool adds "or pass strict=False")."""
    return _Rewriter(schema, root, hint).run()


def _root_name(target: object) -> str:
    """A class's name (`Page[Item]` for a parametrized pydantic model), or a type form's text
    without module prefixes (`list[int]`, `Cat | Dog`)."""
    if isinstance(target, type) and typing.get_origin(target) is None:
        return target.__name__
    return _QUALIFIED.sub("", repr(target))


_QUALIFIED = re.compile(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])")


class _Rewriter:
    """One rewrite: the source definitions, the rewritten ones, and the running totals."""

    def __init__(self, schema: dict[str, Any], root: str, hint: str) -> None:
        self.schema = schema
        self.root = root
        self.hint = hint
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self.done: dict[str, dict[str, Any]] = {}
        self.started: set[str] = set()
        self.properties = 0
        self.enum_values = 0

    def fail(self, where: str, problem: str) -> StrictSchemaError:
        return StrictSchemaError(where, problem + self.hint)

    def run(self) -> dict[str, Any]:
        root = {key: value for key, value in self.schema.items() if key != "$defs"}
        wrapped = root.get("allOf")
        if isinstance(wrapped, list) and len(wrapped) == 1 and isinstance(wrapped[0], dict):
            # pydantic before 2.9 or so writes a recursive root as `allOf: [{"$ref": ...}]`
            root = {**{k: v for k, v in root.items() if k != "allOf"}, **wrapped[0]}
        ref = root.get("$ref")
        if isinstance(ref, str) and set(root) <= {"$ref", "title", "description"}:
            # A recursive root model comes as a ref to its own definition: strict mode wants the
            # object itself at the root, and the definition stays for the recursion to refer to.
            root = {**self._definition(ref, self.root), **{k: v for k, v in root.items() if k != "$ref"}}
        if not _is_object(root):
            raise self.fail(
                self.root,
                f"strict mode needs an object at the root, not {_kind(root)}; "
                "wrap the value in a model with one field (class Result(BaseModel): items: list[int])",
            )
        out = self.node(root, self.root)
        if self.done:
            order = list(self.defs)
            out = {"$defs": {name: self.done[name] for name in order if name in self.done}, **out}
        self.check_limits(out)
        return out

    def node(self, source: Any, where: str) -> dict[str, Any]:
        if source is True or source == {}:
            raise self.fail(where, _ANY)
        if not isinstance(source, dict):
            raise self.fail(where, f"{source!r} is not a JSON schema strict mode can use")
        node: dict[str, Any] = {k: v for k, v in source.items() if k not in ("default", "discriminator")}
        if "allOf" in node:
            parts = node["allOf"]
            if not isinstance(parts, list) or len(parts) != 1:
                raise self.fail(where, f"strict mode does not support 'allOf'; {_INSTEAD['allOf']}")
            # pydantic (before 2.9 or so) wraps a ref that has a description as allOf: [ref].
            siblings = {k: v for k, v in node.items() if k != "allOf"}
            node = {**parts[0], **siblings}
        if "oneOf" in node:
            if "anyOf" in node:
                raise self.fail(where, "a schema with both 'oneOf' and 'anyOf' cannot be expressed")
            node = {("anyOf" if k == "oneOf" else k): v for k, v in node.items()}
        if "const" in node:
            if node.get("enum") == [node["const"]]:  # how pydantic before 2.9 or so writes a Literal
                del node["enum"]
            if "enum" in node:
                raise self.fail(where, "a schema with both 'const' and 'enum' cannot be expressed")
            node = {k: v for k, v in node.items() if k != "const"} | {"enum": [node["const"]]}
        if "$ref" in node:
            node.pop("title", None)
        self.check_keywords(node, where)
        if not any(key in node for key in ("type", "$ref", "anyOf", "enum")):
            raise self.fail(where, _ANY)
        if _is_object(node):
            return self.object(node, where)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "items":
                out[key] = self.node(value, f"{where}[]")
            elif key == "anyOf":
                out[key] = [self.node(member, where) for member in value]
            elif key == "$ref":
                self._definition(value, where)
                out[key] = value
            elif key == "enum":
                self.enum_values += len(value)
                out[key] = copy.deepcopy(value)
            else:
                out[key] = copy.deepcopy(value)
        return out

    def object(self, node: dict[str, Any], where: str) -> dict[str, Any]:
        extra = node.get("additionalProperties", False)
        if extra is not False or "properties" not in node:
            raise self.fail(where, _DICT)
        properties: dict[str, Any] = node["properties"]
        self.properties += len(properties)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties":
                out[key] = {name: self.node(sub, f"{where}.{name}") for name, sub in properties.items()}
                out["required"] = list(properties)
            elif key in ("required", "additionalProperties"):
                continue  # rewritten beside `properties`
            elif key in ("anyOf", "items", "$ref", "enum"):
                raise self.fail(where, f"an object schema with {key!r} cannot be expressed")
            else:
                out[key] = copy.deepcopy(value)
        out["additionalProperties"] = False
        return out

    def check_keywords(self, node: dict[str, Any], where: str) -> None:
        if "prefixItems" in node or isinstance(node.get("items"), list):
            raise self.fail(
                where,
                "a tuple (an array with an item type per position) cannot be expressed in strict mode; "
                "use a model with a named field per position, or a list of one type",
            )
        if node.get("uniqueItems"):
            raise self.fail(
                where,
                "a set (an array of unique items) cannot be expressed in strict mode; "
                "use a list (and drop repeats after parsing)",
            )
        if "patternProperties" in node or node.get("additionalProperties") not in (None, False):
            raise self.fail(where, _DICT)
        unknown = [key for key in node if key not in _KEYWORDS]
        if unknown:
            key = unknown[0]
            instead = _INSTEAD.get(key, "leave it out of the type and check it after parsing")
            raise self.fail(where, f"strict mode does not support {key!r}; {instead}")
        if "$ref" in node and set(node) - {"$ref", "description"}:
            others = ", ".join(repr(key) for key in node if key not in ("$ref", "description"))
            raise self.fail(where, f"strict mode takes only 'description' beside a '$ref', not {others}")
        fmt = node.get("format")
        if fmt is not None and fmt not in _FORMATS:
            raise self.fail(
                where,
                f"strict mode does not support the string format {fmt!r} (only {', '.join(_FORMATS)}); "
                "type it as str and say the format in the description, or give a pattern",
            )

    def _definition(self, ref: Any, where: str) -> dict[str, Any]:
        """The source definition `ref` names, rewritten (once, found from `where`) into `done`."""
        name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else None
        if name is None or name == ref or name not in self.defs:
            raise self.fail(where, f"the reference {ref!r} does not name a definition in '$defs'")
        source: dict[str, Any] = self.defs[name]
        if name not in self.started:
            self.started.add(name)  # before the rewrite, so that recursion stops here
            self.done[name] = self.node(source, where)
        return source

    def check_limits(self, out: dict[str, Any]) -> None:
        if self.properties > MAX_PROPERTIES:
            raise self.fail(
                self.root,
                f"{self.properties} object properties in all; strict mode takes at most {MAX_PROPERTIES}: "
                "split the schema, or move rarely used fields out of it",
            )
        if self.enum_values > MAX_ENUM_VALUES:
            raise self.fail(
                self.root,
                f"{self.enum_values} enum values in all; strict mode takes at most {MAX_ENUM_VALUES}: "
                "type the largest enums as str and list the values in the description",
            )
        depth = _depth(out, out.get("$defs", {}), {}, set())
        if depth > MAX_DEPTH:
            raise self.fail(
                self.root,
                f"objects nested {depth} levels deep; strict mode takes at most {MAX_DEPTH}: "
                "flatten some of the nested models",
            )


_ANY = (
    "a value of any type (Any, object, or an empty schema) cannot be expressed in strict mode; "
    "give it a concrete type"
)
_DICT = (
    "an object with arbitrary keys (a dict, or extra='allow') cannot be expressed in strict mode, "
    "which needs every key named; use a model with named fields, or a list of key/value models"
)


def _is_object(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return kind == "object" or (isinstance(kind, list) and "object" in kind) or "properties" in node


def _kind(node: dict[str, Any]) -> str:
    if "anyOf" in node or "oneOf" in node:
        return "a union"
    kinds = {"array": "a list", "string": "a string", "integer": "an integer", "number": "a number"}
    kind = node.get("type")
    if isinstance(kind, str):
        return kinds.get(kind, f"a {kind}")
    return "a value of any type" if not node else "this schema"


def _depth(node: dict[str, Any], defs: dict[str, Any], memo: dict[str, int], active: set[str]) -> int:
    """Levels of nested objects in `node`, refs followed; a ref back into its own definition adds
    nothing (recursion is allowed whatever its depth)."""
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.removeprefix("#/$defs/")
        if name in active:
            return 0
        if name not in memo:
            active.add(name)
            memo[name] = _depth(defs[name], defs, memo, active)
            active.discard(name)
        return memo[name]
    children: list[dict[str, Any]] = [*node.get("properties", {}).values(), *node.get("anyOf", ())]
    if isinstance(node.get("items"), dict):
        children.append(node["items"])
    inner = max((_depth(child, defs, memo, active) for child in children), default=0)
    return inner + (1 if _is_object(node) else 0)


def _is_model(target: Any) -> bool:
    import pydantic

    # On Python 3.10 `list[int]` passes `isinstance(..., type)` but not `issubclass`.
    try:
        return isinstance(target, type) and issubclass(target, pydantic.BaseModel)
    except TypeError:
        return False
