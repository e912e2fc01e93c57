"""`openwire._pydantic`: each behaviour of pydantic (and of `typing`) the seam relies on, checked on
whatever pydantic is installed; CI runs the suite on the oldest supported (2.7) and the newest."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Annotated, Any, Literal, Optional, get_args

import httpx
import pydantic
import pytest
from pydantic import Discriminator, Tag
from typing_extensions import NotRequired, Required, TypedDict

from openwire._exceptions import validation_error
from openwire._models import BaseModel, UnknownVariant, by_type, tags_of, variant_of
from openwire._pydantic import (
    JsonValidator,
    dumps,
    request_id_of_model,
    set_request_id,
    typeddict_bool_keys,
    typeddict_keys,
)


class Inner(BaseModel):
    value: int


class Outer(BaseModel):
    id: str
    inner: Inner | None = None


class Dog(BaseModel):
    type: Literal["dog"] = "dog"
    name: str


Animal = Annotated[
    Annotated[Dog, Tag("dog")] | Annotated[UnknownVariant, Tag("unknown")],
    Discriminator(variant_of("dog")),
]


# --- the private slot --------------------------------------------------------------------------


def test_a_model_without_private_attributes_has_an_empty_slot() -> None:
    outer = Outer(id="a")
    assert outer.__pydantic_private__ is None
    assert request_id_of_model(outer) is None


def test_the_request_id_survives_copies_and_pickles_and_stays_out_of_dumps() -> None:
    outer = Outer.model_validate_json(b'{"id": "a", "inner": {"value": 1}}')
    set_request_id(outer, "req_1")
    for same in (
        outer.model_copy(),
        copy.copy(outer),
        copy.deepcopy(outer),
        pickle.loads(pickle.dumps(outer)),
    ):
        assert request_id_of_model(same) == "req_1"
        assert same.id == "a"
    assert "req_1" not in outer.model_dump_json()
    assert outer.model_dump() == {"id": "a", "inner": {"value": 1}}
    assert request_id_of_model(outer.inner) is None  # only the object it was set on  # type: ignore[arg-type]


# --- validators --------------------------------------------------------------------------------


def test_a_model_validator_is_built_on_first_use_and_then_called_directly() -> None:
    class Late(BaseModel):
        x: int

    validate = JsonValidator(Late)
    assert validate._validate is None
    assert validate(b'{"x": 1}').x == 1
    assert validate._validate is not None  # pydantic-core's own validate_json from now on
    assert validate(b'{"x": 2, "extra": true}').x == 2
    with pytest.raises(pydantic.ValidationError):
        validate(b'{"x": "not a number"}')
    with pytest.raises(pydantic.ValidationError):
        validate(b"not json")


def test_a_union_validator_falls_back_to_unknown_variants() -> None:
    validate: JsonValidator[Any] = JsonValidator(Animal)
    assert isinstance(validate(b'{"type": "dog", "name": "rex"}'), Dog)
    other = validate(b'{"type": "cat", "lives": 9}')
    assert isinstance(other, UnknownVariant)
    assert other.type == "cat"


def test_many_validates_a_json_array_in_one_call() -> None:
    validate = JsonValidator(Outer)
    items = validate.many(b'[{"id": "a"}, {"id": "b", "inner": {"value": 2}}]')
    assert [item.id for item in items] == ["a", "b"]
    with pytest.raises(pydantic.ValidationError):
        validate.many(b'[{"id": "a"}, {"no_id": 1}]')


def test_with_request_id_stamps_every_result_with_one_shared_dict() -> None:
    one, many = JsonValidator(Outer).with_request_id("req_9")
    first = one(b'{"id": "a"}')
    rest = many(b'[{"id": "b"}, {"id": "c"}]')
    assert [request_id_of_model(item) for item in (first, *rest)] == ["req_9"] * 3
    assert rest[0].__pydantic_private__ is rest[1].__pydantic_private__
    plain_one, _ = JsonValidator(Outer).with_request_id(None)
    assert request_id_of_model(plain_one(b'{"id": "a"}')) is None


# --- unions tagged by `type` (by_type) ---------------------------------------------------------


class Cat(BaseModel):
    type: Literal["cat"] = "cat"
    lives: int


class Said(BaseModel):
    type: Literal["said"] = "said"
    text: str
    role: str


class Heard(BaseModel):
    type: Literal["said"] = "said"
    text: str
    role: str
    heard_by: str | None = None


Pet = Annotated[
    Annotated[Dog, Tag("dog")] | Annotated[Cat, Tag("cat")] | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]


def _said_or_heard(value: Any) -> str:
    role = value.get("role") if isinstance(value, dict) else getattr(value, "role", None)
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    if kind != "said":
        return variant_of("dog")(value)
    return "said" if role == "assistant" else "heard"


Line = Annotated[
    Annotated[Said, Tag("said")]
    | Annotated[Heard, Tag("heard")]
    | Annotated[Dog, Tag("dog")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(_said_or_heard, not_by_type=("said", "heard")),
]


class Home(BaseModel):
    pets: list[Pet]


def test_by_type_chooses_each_member_by_its_type_and_keeps_unknown_ones() -> None:
    home = Home.model_validate_json(
        b'{"pets": [{"type": "dog", "name": "rex"}, {"type": "cat", "lives": 9},'
        b' {"type": "fox", "tail": true}, {"name": "no type"}]}'
    )
    dog, cat, fox, untyped = home.pets
    assert isinstance(dog, Dog)
    assert dog.name == "rex"
    assert isinstance(cat, Cat)
    assert cat.lives == 9
    assert isinstance(fox, UnknownVariant)
    assert fox.type == "fox"
    assert fox.to_dict() == {"type": "fox", "tail": True}
    assert isinstance(untyped, UnknownVariant)
    assert untyped.type is None
    # Python data and models already built take the same way.
    again = Home.model_validate({"pets": [dog, {"type": "cat", "lives": 1}, {"type": "emu"}]})
    assert [type(pet) for pet in again.pets] == [Dog, Cat, UnknownVariant]
    assert again.pets[0] == dog


def test_by_type_never_passes_a_known_type_with_wrong_fields_as_unknown() -> None:
    body = b'{"pets": [{"type": "cat", "lives": "many"}]}'
    with pytest.raises(pydantic.ValidationError) as caught:
        Home.model_validate_json(body)
    response = httpx.Response(200, content=body, request=httpx.Request("GET", "https://api.test/v1/home"))
    error = validation_error(response, "Home", caught.value)
    # pydantic reports the mismatch once per way of choosing; the user reads it once, without the label.
    assert error.errors == [
        "pets.0.cat.lives: Input should be a valid integer, unable to parse string as an integer"
    ]
    assert "(by type)" not in str(error)


def test_by_type_with_its_own_discriminator_decides_what_the_type_alone_cannot() -> None:
    validate: JsonValidator[Any] = JsonValidator(Line)
    said = validate(b'{"type": "said", "text": "hi", "role": "assistant"}')
    heard = validate(b'{"type": "said", "text": "hi", "role": "user", "heard_by": "me"}')
    dog = validate(b'{"type": "dog", "name": "rex"}')
    other = validate(b'{"type": "owl"}')
    assert (type(said), type(heard), type(dog), type(other)) == (Said, Heard, Dog, UnknownVariant)
    assert isinstance(heard, Heard)
    assert heard.heard_by == "me"


def test_by_type_wants_every_member_tagged() -> None:
    class Untagged(BaseModel):
        loose: Annotated[Dog | Annotated[UnknownVariant, Tag("unknown")], by_type()]

    with pytest.raises(TypeError, match="is not Annotated"):
        Untagged.model_validate({"loose": {"type": "dog", "name": "rex"}})
    assert tags_of(get_args(Pet)[0]) == ("dog", "cat", "unknown")


# --- JSON out --------------------------------------------------------------------------------


def test_dumps_takes_dicts_lists_tuples_and_models() -> None:
    assert json.loads(dumps({"a": None, "b": (1, 2), "c": [Inner(value=3)]})) == {
        "a": None,
        "b": [1, 2],
        "c": [{"value": 3}],
    }
    outer = Outer.model_validate_json(b'{"id": "x"}')
    assert json.loads(dumps({"m": outer})) == {"m": {"id": "x"}}  # only the fields that were set


def test_dumps_a_model_that_was_only_ever_validated_nested() -> None:
    # Before pydantic 2.10 such a model has a placeholder serializer until something asks for it.
    class OnlyNested(BaseModel):
        v: int

    class Holder(BaseModel):
        item: OnlyNested

    held = Holder.model_validate_json(b'{"item": {"v": 5}}').item
    assert json.loads(dumps([held])) == [{"v": 5}]


def test_dumps_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(ValueError, match=r"ellipsis|serialize"):
        dumps({"x": ...})


# --- TypedDicts --------------------------------------------------------------------------------


class _Params(TypedDict, total=False):  # under `from __future__ import annotations`: strings only
    model: Required[str]
    stream: Required[Literal[True]]
    note: NotRequired[str]
    store: bool | None
    flag: Optional[bool]  # noqa: UP045 - the spelling is what is tested
    temperature: float | None


class _Total(TypedDict):
    name: str
    maybe: NotRequired[int]


def test_required_keys_are_read_from_annotation_strings() -> None:
    required, optional = typeddict_keys(_Params)
    assert required == {"model", "stream"}
    assert optional == {"note", "store", "flag", "temperature"}
    assert typeddict_keys(_Total) == (frozenset({"name"}), frozenset({"maybe"}))
    assert typeddict_keys(None) == (frozenset(), frozenset())


def test_boolean_keys_from_strings_and_from_objects() -> None:
    assert typeddict_bool_keys(_Params) == {"stream", "store", "flag"}
    runtime = TypedDict(  # noqa: UP013 - with objects, not strings, as annotations
        "runtime",
        {"a": bool, "b": "bool | None", "c": Optional[int], "d": Literal[True, False]},  # noqa: UP045
    )
    assert typeddict_bool_keys(runtime) == {"a", "b", "d"}
    assert typeddict_bool_keys(None) == frozenset()


def test_dumps_writes_any_mapping_and_iterable_and_refuses_non_finite_numbers_when_asked() -> None:
    import types as builtin_types

    from openwire._pydantic import NonFiniteNumberError

    value = {"m": builtin_types.MappingProxyType({"a": 1}), "r": range(3), "nan": float("nan")}
    assert json.loads(dumps(value)) == {"m": {"a": 1}, "r": [0, 1, 2], "nan": None}
    with pytest.raises(NonFiniteNumberError):
        dumps({"t": float("inf")}, allow_nan=False)
    assert (
        dumps({"text": "NaN and Infinity are words"}, allow_nan=False)
        == b'{"text":"NaN and Infinity are words"}'
    )
