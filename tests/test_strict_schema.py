"""`strict_json_schema`: pydantic's schemas rewritten to what strict mode accepts, and clear errors
naming the place for what it cannot express.

`assert_strict` checks the strict-mode rules on its own, from the rules rather than from the
rewriter's code, and every schema the tests make goes through it (`test_tools.py` uses it too).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import enum
import uuid
from typing import Annotated, Any, Generic, Literal, TypeVar

import pydantic
import pytest
from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import NotRequired, TypedDict

from openwire._exceptions import InvalidInputError, StrictSchemaError
from openwire._strict_schema import rewrite, schema_name, strict_json_schema

# --- an independent check of the strict-mode rules ------------------------------------------------

STRICT_KEYWORDS = {
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
STRICT_FORMATS = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}


def strict_violations(schema: dict[str, Any]) -> list[str]:
    """Every way `schema` breaks the strict-mode rules, as `path: rule` lines (empty: it is strict)."""
    found: list[str] = []
    defs = schema.get("$defs", {})
    if schema.get("type") != "object":
        found.append("(root): the root is not an object")

    def visit(node: Any, path: str) -> None:
        if not isinstance(node, dict) or not node:
            found.append(f"{path}: not a non-empty schema object")
            return
        for key in node:
            if key not in STRICT_KEYWORDS:
                found.append(f"{path}: keyword {key!r} is not supported")
        if "$defs" in node and path != "(root)":
            found.append(f"{path}: $defs below the root")
        if not {"type", "$ref", "anyOf", "enum"} & set(node):
            found.append(f"{path}: no type")
        ref = node.get("$ref")
        if ref is not None:
            if not (isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs):
                found.append(f"{path}: $ref {ref!r} does not resolve")
            if set(node) - {"$ref", "description"}:
                found.append(f"{path}: keywords beside $ref: {sorted(set(node) - {'$ref', 'description'})}")
        if node.get("type") == "object" or "properties" in node:
            properties = node.get("properties")
            if not isinstance(properties, dict):
                found.append(f"{path}: an object without properties")
                properties = {}
            if node.get("additionalProperties") is not False:
                found.append(f"{path}: additionalProperties is not false")
            if sorted(node.get("required", [])) != sorted(properties):
                found.append(f"{path}: required is not every property")
            for name, sub in properties.items():
                visit(sub, f"{path}.{name}")
        if "format" in node and node["format"] not in STRICT_FORMATS:
            found.append(f"{path}: format {node['format']!r}")
        if "items" in node:
            visit(node["items"], f"{path}[]")
        for index, member in enumerate(node.get("anyOf", [])):
            visit(member, f"{path}|{index}")

    visit(schema, "(root)")
    for name, definition in defs.items():
        visit(definition, f"$defs.{name}")
    return found


def assert_strict(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, after checking that it keeps every strict-mode rule."""
    assert strict_violations(schema) == []
    return schema


def test_the_checker_itself_finds_broken_schemas() -> None:
    broken = {
        "type": "object",
        "properties": {
            "a": {"type": "string", "default": "x"},
            "b": {"$ref": "#/$defs/Missing", "title": "B"},
            "c": {"type": "object", "properties": {"d": {}}},
        },
        "required": ["a"],
    }
    problems = strict_violations(broken)
    assert "(root): additionalProperties is not false" in problems
    assert "(root): required is not every property" in problems
    assert "(root).a: keyword 'default' is not supported" in problems
    assert "(root).b: $ref '#/$defs/Missing' does not resolve" in problems
    assert "(root).b: keywords beside $ref: ['title']" in problems
    assert "(root).c.d: not a non-empty schema object" in problems
    assert strict_violations({"type": "array", "items": {"type": "integer"}}) == [
        "(root): the root is not an object"
    ]


# --- models -------------------------------------------------------------------------------------


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Address(BaseModel):
    street: str
    city: str = Field(description="The city, in English.")


class Person(BaseModel):
    """Someone."""

    name: str
    age: int | None = None
    nickname: str = "none"
    address: Address
    home: Address | None = None
    work: Address = Field(description="Where they work.")
    tags: list[str] = []
    favourite: Color = Color.RED
    mood: Literal["happy", "sad"] = "happy"
    level: Literal[3] = 3


class Cat(BaseModel):
    kind: Literal["cat"]
    lives: int = 9


class Dog(BaseModel):
    kind: Literal["dog"]
    good: bool


class Owner(BaseModel):
    pet: Annotated[Cat | Dog, Field(discriminator="kind")]
    maybe: int | str | None


class Node(BaseModel):
    name: str
    children: list[Node] = []


class Forest(BaseModel):
    trees: list[Node]


class Measures(BaseModel):
    ratio: float = Field(ge=0, le=1)
    step: int = Field(gt=0, lt=100, multiple_of=5)
    code: str = Field(pattern=r"^[A-Z]{3}$")
    when: datetime.datetime
    day: datetime.date
    id: uuid.UUID
    few: list[int] = Field(min_length=1, max_length=3)


def test_every_object_is_closed_and_every_property_required() -> None:
    schema = assert_strict(strict_json_schema(Person))
    assert schema["required"] == [
        "name",
        "age",
        "nickname",
        "address",
        "home",
        "work",
        "tags",
        "favourite",
        "mood",
        "level",
    ]
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Address"]["required"] == ["street", "city"]
    assert schema["$defs"]["Address"]["additionalProperties"] is False
    assert schema["description"] == "Someone."


def test_optional_fields_stay_nullable_and_defaults_go() -> None:
    properties = strict_json_schema(Person)["properties"]
    assert properties["age"] == {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Age"}
    # a default on a non-nullable field: required, and still not nullable
    assert properties["nickname"] == {"title": "Nickname", "type": "string"}
    assert properties["tags"] == {"items": {"type": "string"}, "title": "Tags", "type": "array"}
    assert properties["home"] == {"anyOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]}
    assert "default" not in repr(strict_json_schema(Person))


def test_enums_and_literals() -> None:
    schema = strict_json_schema(Person)
    assert schema["$defs"]["Color"] == {"enum": ["red", "blue"], "title": "Color", "type": "string"}
    assert schema["properties"]["favourite"] == {"$ref": "#/$defs/Color"}
    assert schema["properties"]["mood"]["enum"] == ["happy", "sad"]
    # const becomes a one-value enum, its type kept
    assert schema["properties"]["level"] == {"enum": [3], "title": "Level", "type": "integer"}


def test_a_ref_keeps_its_description_and_drops_its_title() -> None:
    properties = strict_json_schema(Person)["properties"]
    assert properties["work"] == {"$ref": "#/$defs/Address", "description": "Where they work."}
    assert properties["address"] == {"$ref": "#/$defs/Address"}


def test_pydantic_s_allof_wrapper_becomes_a_plain_ref() -> None:
    # How pydantic before 2.9 or so writes a described reference.
    schema = {
        "$defs": {"Address": {"type": "object", "properties": {"city": {"type": "string"}}}},
        "type": "object",
        "properties": {
            "work": {"allOf": [{"$ref": "#/$defs/Address"}], "description": "Where.", "title": "Work"},
            "home": {"allOf": [{"$ref": "#/$defs/Address"}], "default": None},
        },
        "required": ["work"],
    }
    before = copy.deepcopy(schema)
    out = assert_strict(rewrite(schema, "Person"))
    assert out["properties"] == {
        "work": {"$ref": "#/$defs/Address", "description": "Where."},
        "home": {"$ref": "#/$defs/Address"},
    }
    assert schema == before  # the input is left as it was


def test_discriminated_union_becomes_anyof_without_discriminator() -> None:
    schema = assert_strict(strict_json_schema(Owner))
    assert schema["properties"]["pet"] == {
        "anyOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}],
        "title": "Pet",
    }
    assert "discriminator" not in repr(schema)
    assert "oneOf" not in repr(schema)
    assert schema["$defs"]["Cat"]["properties"]["kind"] == {
        "enum": ["cat"],
        "title": "Kind",
        "type": "string",
    }
    assert schema["$defs"]["Cat"]["required"] == ["kind", "lives"]
    assert schema["properties"]["maybe"]["anyOf"] == [
        {"type": "integer"},
        {"type": "string"},
        {"type": "null"},
    ]


def test_recursive_models_keep_their_refs() -> None:
    forest = assert_strict(strict_json_schema(Forest))
    assert forest["properties"]["trees"]["items"] == {"$ref": "#/$defs/Node"}
    assert forest["$defs"]["Node"]["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    # a recursive model at the root: the object itself at the root, its definition kept for the refs
    node = assert_strict(strict_json_schema(Node))
    assert node["type"] == "object"
    assert node["required"] == ["name", "children"]
    assert node["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert node["$defs"]["Node"]["required"] == ["name", "children"]


def test_supported_constraints_and_formats_are_kept() -> None:
    properties = assert_strict(strict_json_schema(Measures))["properties"]
    assert properties["ratio"] == {"maximum": 1, "minimum": 0, "title": "Ratio", "type": "number"}
    assert properties["step"]["exclusiveMinimum"] == 0
    assert properties["step"]["exclusiveMaximum"] == 100
    assert properties["step"]["multipleOf"] == 5
    assert properties["code"]["pattern"] == "^[A-Z]{3}$"
    assert properties["when"]["format"] == "date-time"
    assert properties["day"]["format"] == "date"
    assert properties["id"]["format"] == "uuid"
    assert properties["few"]["minItems"] == 1
    assert properties["few"]["maxItems"] == 3


class Movie(TypedDict):
    title: str
    year: NotRequired[int]


@dataclasses.dataclass
class Point:
    x: float
    y: float = 0.0


def test_typeddicts_and_dataclasses() -> None:
    movie = assert_strict(strict_json_schema(Movie))
    assert movie["required"] == ["title", "year"]
    point = assert_strict(strict_json_schema(Point))
    assert point["required"] == ["x", "y"]
    assert point["properties"]["y"] == {"title": "Y", "type": "number"}


def test_an_empty_model_is_an_empty_closed_object() -> None:
    class Nothing(BaseModel):
        pass

    schema = assert_strict(strict_json_schema(Nothing))
    assert schema["properties"] == {}
    assert schema["required"] == []


def test_each_call_returns_an_independent_copy() -> None:
    first = strict_json_schema(Person)
    first["properties"]["name"]["type"] = "changed"
    first["$defs"].clear()
    second = strict_json_schema(Person)
    assert second["properties"]["name"]["type"] == "string"
    assert "Address" in second["$defs"]
    assert second is not strict_json_schema(Person)
    assert second == strict_json_schema(Person)


def test_the_output_is_deterministic() -> None:
    import json

    texts = {json.dumps(rewrite(Person.model_json_schema(), "Person")) for _ in range(3)}
    assert len(texts) == 1


# --- what strict mode cannot express --------------------------------------------------------------


class Line(BaseModel):
    sku: str
    extras: dict[str, int]


class Order(BaseModel):
    lines: list[Line]


class Loose(BaseModel):
    model_config = ConfigDict(extra="allow")
    a: int


class Anything(BaseModel):
    value: Any


class Pair(BaseModel):
    pair: tuple[int, str]


class Unique(BaseModel):
    ids: set[int]


class Named(BaseModel):
    name: str = Field(min_length=1)


class Blob(BaseModel):
    data: bytes


class Shown(BaseModel):
    name: str = Field(examples=["Ada"])


@pytest.mark.parametrize(
    ("target", "location", "match"),
    [
        (list[int], "list[int]", "an object at the root, not a list; wrap the value in a model"),
        (Cat | Dog, "Cat | Dog", "an object at the root, not a union"),
        (dict[str, int], "dict[str, int]", "arbitrary keys"),
        (Order, "Order.lines[].extras", r"arbitrary keys \(a dict.*use a model with named fields"),
        (Loose, "Loose", "arbitrary keys"),
        (Anything, "Anything.value", "any type .*give it a concrete type"),
        (Pair, "Pair.pair", "a tuple .*use a model with a named field per position"),
        (Unique, "Unique.ids", r"a set .*use a list"),
        (Named, "Named.name", "does not support 'minLength'; leave the length out"),
        (Blob, "Blob.data", "string format 'binary' .*date-time, time, date"),
        (Shown, "Shown.name", "'examples'; move the examples into the description"),
    ],
)
def test_what_strict_mode_cannot_express_is_an_error_naming_the_place(
    target: Any, location: str, match: str
) -> None:
    with pytest.raises(StrictSchemaError, match=match) as caught:
        strict_json_schema(target)
    assert caught.value.location == location
    assert str(caught.value).startswith(f"{location}: ")
    assert isinstance(caught.value, InvalidInputError)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("node", "match"),
    [
        ({"type": "object", "properties": {}, "patternProperties": {"^x": {}}}, "arbitrary keys"),
        ({"not": {"type": "string"}}, "'not'; express the constraint as an enum"),
        ({"type": "string", "if": {}, "then": {}}, "'if'; express the condition as a union"),
        ({"allOf": [{"type": "string"}, {"type": "integer"}]}, "'allOf'"),
        ({"$ref": "#/definitions/X"}, "does not name a definition"),
        ({"type": "string", "maxLength": 3}, "'maxLength'"),
        ({"type": "object"}, "arbitrary keys"),
        ({"description": "anything"}, "any type"),
    ],
)
def test_unsupported_keywords(node: dict[str, Any], match: str) -> None:
    schema = {"type": "object", "properties": {"field": node}}
    with pytest.raises(StrictSchemaError, match=f"^Thing.field: .*{match}"):
        rewrite(schema, "Thing")


def test_the_limits() -> None:
    at_limit = {"type": "object", "properties": {f"p{i}": {"type": "integer"} for i in range(5000)}}
    assert_strict(rewrite(at_limit, "Wide"))
    past = {"type": "object", "properties": {f"p{i}": {"type": "integer"} for i in range(5001)}}
    with pytest.raises(StrictSchemaError, match=r"^Wide: 5001 object properties in all; .* at most 5000"):
        rewrite(past, "Wide")

    Big = enum.Enum("Big", {f"v{i}": i for i in range(1001)})  # type: ignore[misc]
    Choice = pydantic.create_model("Choice", pick=(Big, ...))
    with pytest.raises(StrictSchemaError, match=r"^Choice: 1001 enum values in all; .* at most 1000"):
        strict_json_schema(Choice)


def _nested(levels: int) -> type[BaseModel]:
    chain: list[type[BaseModel]] = [pydantic.create_model("Level1", value=(int, ...))]
    for level in range(2, levels + 1):
        chain.append(pydantic.create_model(f"Level{level}", inner=(chain[-1], ...)))
    return chain[-1]


def test_nesting_deeper_than_ten_levels_of_objects_is_an_error() -> None:
    assert_strict(strict_json_schema(_nested(10)))
    with pytest.raises(StrictSchemaError, match=r"^Level11: objects nested 11 levels deep; .* at most 10"):
        strict_json_schema(_nested(11))
    # recursion is not depth: a tree may be as deep as the model writes it
    assert_strict(strict_json_schema(Forest))


# --- names --------------------------------------------------------------------------------------

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]


def test_schema_name() -> None:
    assert schema_name(Person) == "Person"
    assert schema_name(Page[Cat]) == "Page_Cat_"
    assert schema_name(Page[Page[Cat]]) == "Page_Page_Cat__"
    long = pydantic.create_model("A" * 80, x=(int, ...))
    assert schema_name(long) == "A" * 64
    assert schema_name(list[int]) == "list_int_"
    assert assert_strict(strict_json_schema(Page[Cat]))["properties"]["items"]["items"] == {
        "$ref": "#/$defs/Cat"
    }
