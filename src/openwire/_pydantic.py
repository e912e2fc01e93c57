"""Everything openwire relies on beyond pydantic's public API, in one place.

pydantic's public API is slower than openwire needs on its hot paths and lacks two things it needs
(a request id on a model without private attributes, JSON of any value in Rust). Each function
below leans on one behaviour of pydantic (or of `typing`) that is not promised by its public API;
`tests/test_pydantic_seam.py` checks every one of them, and CI runs it on the oldest supported
pydantic (2.7) and the newest.

- `set_request_id`, `request_id_of_model`, `JsonValidator.with_request_id`: `__pydantic_private__`,
  a slot every model has, `None` unless the model declares private attributes, kept by
  `model_copy`, `copy` and pickle.
- `JsonValidator`: `Model.__pydantic_validator__.validate_json`, pydantic-core's validator, built by
  the first `model_validate_json` of a `defer_build` model; `TypeAdapter(...).validator` for a
  union and for a list.
- `dumps`: `pydantic_core.SchemaSerializer` over `any_schema()` serializes dicts, lists and models,
  hands what it does not know to `to_json(fallback=...)`, and writes NaN and infinity as bare
  `NaN` / `Infinity` under `ser_json_inf_nan="constants"`; before pydantic 2.10 a model only ever
  validated nested inside another has a placeholder serializer (`MockValSer`) until something
  asks for it.
- `view_fields`: a field's value lives in the instance `__dict__` and is read by ordinary attribute
  lookup, so a property set on the class after pydantic built it comes first; `__setattr__` calls
  a property's setter.
- `partial_json`: `pydantic_core.from_json(..., allow_partial=...)`, which takes
  `"trailing-strings"` (an unfinished string kept as far as it arrived) from pydantic-core 2.27
  (pydantic 2.10) and only a bool before.
- `typeddict_keys`, `typeddict_bool_keys`: a TypedDict declared under
  `from __future__ import annotations` keeps `Required[...]` (and every type) only in its
  annotation strings.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ForwardRef, Generic, TypeVar

import typing_extensions

if TYPE_CHECKING:
    import pydantic
    from pydantic_core import SchemaSerializer

__all__ = [
    "JsonValidator",
    "NonFiniteNumberError",
    "dumps",
    "partial_json",
    "private_of_model",
    "request_id_of_model",
    "set_private",
    "set_request_id",
    "typeddict_bool_keys",
    "typeddict_keys",
    "view_fields",
]

_T = TypeVar("_T")


def set_request_id(obj: pydantic.BaseModel, request_id: str) -> None:
    """Record the response's request id on a parsed object, in the private slot pydantic keeps for
    every model. A slot rather than a private attribute: declaring one makes pydantic run Python
    code for every instance it builds, which more than doubles the cost of parsing."""
    object.__setattr__(obj, "__pydantic_private__", {"request_id": request_id})


def set_private(obj: pydantic.BaseModel, key: str, value: object) -> None:
    """Record one more value in the private slot (see `set_request_id`). The slot's dict may be
    shared by the chunks of a stream, so it is copied, never changed."""
    private = obj.__pydantic_private__
    object.__setattr__(obj, "__pydantic_private__", {**(private or {}), key: value})


def private_of_model(obj: pydantic.BaseModel, key: str) -> Any:
    """A value `set_private` recorded on `obj`, or None."""
    private = obj.__pydantic_private__
    return private.get(key) if private else None


def request_id_of_model(obj: pydantic.BaseModel) -> str | None:
    """The request id `set_request_id` recorded on `obj`, if any."""
    private = obj.__pydantic_private__
    return private.get("request_id") if private else None


class JsonValidator(Generic[_T]):
    """Validates JSON bytes as a model, or as a union of models (events tagged by `type`), calling
    pydantic-core directly once the validator is built; `many` validates a JSON array of them in
    one call.

    At thousands of stream chunks a second, the Python wrapper around the validator
    (`model_validate_json`) would be a tenth of the cost of a chunk, and one call per chunk more
    than validating a whole read's chunks at once. Nothing is built when a resource module is
    imported: a model's validator is deferred (`defer_build`) until the first
    `model_validate_json`, and the `TypeAdapter`s are made on first use.
    """

    __slots__ = ("_is_model", "_target", "_validate", "_validate_many")

    def __init__(self, target: Any) -> None:
        self._target = target
        self._validate: Callable[[bytes], _T] | None = None
        self._validate_many: Callable[[bytes], list[_T]] | None = None
        self._is_model = False

    def __call__(self, data: bytes) -> _T:
        validate = self._validate
        return validate(data) if validate is not None else self._first(data)

    def stamped(self, data: bytes, request_id: str | None) -> _T:
        """Validate `data`, and record `request_id` on the result (see `set_request_id`)."""
        validate = self._validate
        item = validate(data) if validate is not None else self._first(data)
        if request_id is not None:
            _set_slot(item, "__pydantic_private__", {"request_id": request_id})
        return item

    def _first(self, data: bytes) -> _T:
        target = self._target
        if isinstance(target, type) and hasattr(target, "model_validate_json"):
            parsed: _T = target.model_validate_json(data)  # builds the deferred validator
            self._validate = target.__pydantic_validator__.validate_json  # type: ignore[attr-defined]
            return parsed
        from pydantic import TypeAdapter

        validate: Callable[[bytes], _T] = TypeAdapter(target).validator.validate_json
        self._validate = validate
        return validate(data)

    def many(self, array: bytes) -> list[_T] | None:
        """Validate a JSON array of the target; `None` when one of them is an error the server
        sent (an object with a top-level `error` the target does not declare), so that the
        caller can look at each alone.

        For a model, such an error either fails validation (a chunk without its `id`) or is kept
        among the model's extra fields, where it is found without scanning the text; a union
        with a catch-all member would take anything, so its text is searched first.
        """
        return self._many(array, None)

    def _many(self, array: bytes, private: dict[str, Any] | None) -> list[_T] | None:
        validate = self._validate_many
        if validate is None:
            from pydantic import TypeAdapter

            target = self._target
            validate = TypeAdapter(list[target]).validator.validate_json  # type: ignore[valid-type]
            self._validate_many = validate
            self._is_model = isinstance(target, type) and hasattr(target, "model_validate_json")
        if not self._is_model:
            if b'"error"' in array:
                return None
            items = validate(array)
            if private is not None:
                for item in items:
                    _set_slot(item, "__pydantic_private__", private)
            return items
        items = validate(array)
        for item in items:
            extra = item.__pydantic_extra__  # type: ignore[union-attr]
            if extra and extra.get("error") is not None:
                return None
            if private is not None:
                _set_slot(item, "__pydantic_private__", private)
        return items

    def with_request_id(
        self, request_id: str | None
    ) -> tuple[Callable[[bytes], _T], Callable[[bytes], list[_T] | None]]:
        """`(one, many)`: this validator and `many`, with every result carrying `request_id` (see
        `set_request_id`). One dict is shared by all the results: a chunk of a stream pays one
        attribute write."""
        if request_id is None:
            return self, self.many
        private = {"request_id": request_id}

        def one(data: bytes) -> _T:
            validate = self._validate
            item = validate(data) if validate is not None else self._first(data)
            _set_slot(item, "__pydantic_private__", private)
            return item

        def many(array: bytes) -> list[_T] | None:
            return self._many(array, private)

        return one, many


_set_slot = object.__setattr__


def view_fields(model: type[pydantic.BaseModel], **views: tuple[str, Callable[[Any], Any]]) -> None:
    """Read some fields of `model` through view objects: `name=(docstring, view)`.

    Each field is declared (for pydantic) as plain data, a dict, which pydantic-core validates
    without a Python call per object; it is stored as such, so dumps, copies, pickles and
    comparisons see plain data; and reading the attribute gives `view(data)` (`None` stays
    `None`). Relies on pydantic keeping a field's value in the instance `__dict__` and reading it
    by ordinary attribute lookup, so that a property set on the class once pydantic has built it
    comes first; and on `BaseModel.__setattr__` calling a property's setter.
    """
    for name, (doc, view) in views.items():

        def read(self: Any, name: str = name, view: Callable[[Any], Any] = view) -> Any:
            value = self.__dict__[name]
            return None if value is None else view(value)

        def write(self: Any, value: Any, name: str = name) -> None:
            self.__dict__[name] = None if value is None else dict(value)
            self.__pydantic_fields_set__.add(name)

        type.__setattr__(model, name, property(read, write, doc=doc))


def dumps(value: object, *, exclude_unset: bool = True, allow_nan: bool = True) -> bytes:
    """`value` (dicts, lists, tuples, iterables, pydantic models: a message from a response can be
    sent back as it came) as compact JSON, in Rust. Raises `ValueError` for a value JSON cannot hold.

    `exclude_unset` applies to models only (a `None` the caller wrote in a dict is a real JSON
    null): a model from a response is sent with just the fields the server sent; a model a program
    made (a tool's result) is written whole with `exclude_unset=False`. Any other mapping (a
    `MappingProxyType`, a `UserDict`) is written as an object, any other iterable (a `range`) as
    an array. NaN and infinity, which JSON has no words for, are written as `null`; with
    `allow_nan=False` they raise `NonFiniteNumberError` instead.
    """
    serializer = _any_serializer() if allow_nan else _finite_serializer()
    try:
        text = serializer.to_json(value, exclude_unset=exclude_unset, fallback=_plain)
    except ValueError as error:  # pydantic-core's PydanticSerializationError
        if "MockValSer" not in str(error) or not _build_serializers(value):
            raise
        text = serializer.to_json(value, exclude_unset=exclude_unset, fallback=_plain)
    if not allow_nan and (b"NaN" in text or b"Infinity" in text):
        # Most likely inside a string; only a bare constant fails `json.loads` below.
        import json

        json.loads(text, parse_constant=_refuse_constant)
    return text


class NonFiniteNumberError(ValueError):
    """A NaN or an infinity, which JSON cannot hold."""


def _refuse_constant(name: str) -> object:
    raise NonFiniteNumberError(f"{name} is not a JSON number")


def _plain(value: object) -> object:
    """The JSON form of a container pydantic-core does not know (see `dumps`)."""
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray)):
        return list(value)
    raise ValueError(f"Unable to serialize unknown type: {type(value)}")


@functools.cache
def _any_serializer() -> SchemaSerializer:
    # Built on first use: importing pydantic-core is a noticeable part of `import openwire`.
    from pydantic_core import SchemaSerializer, core_schema

    return SchemaSerializer(core_schema.any_schema())


@functools.cache
def _finite_serializer() -> SchemaSerializer:
    from pydantic_core import SchemaSerializer, core_schema

    return SchemaSerializer(core_schema.any_schema(), core_schema.CoreConfig(ser_json_inf_nan="constants"))


def _build_serializers(value: object) -> bool:
    """Build the serializers of the models inside `value`; whether any was missing (pydantic < 2.10,
    where asking for a placeholder serializer is what builds it)."""
    import pydantic

    built = False
    if isinstance(value, pydantic.BaseModel):
        serializer = type(value).__pydantic_serializer__
        if type(serializer).__name__ == "MockValSer":
            serializer.to_json  # noqa: B018 - touching the placeholder makes pydantic build it
            built = True
        value = dict(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        for item in value:
            built = _build_serializers(item) or built
    return built


def partial_json(text: str) -> Any:
    """The JSON value a text begins with, as far as it goes: what a structured output or tool
    arguments say while they are still being written. Complete values are as they are; an
    unfinished string is kept as far as it arrived (pydantic 2.10 and later; left out before), an
    unfinished number as far as it arrived, an unfinished `true`, `false` or `null` or an object
    key without its value left out. `None` when the text does not begin a JSON value."""
    from pydantic_core import from_json

    data = text.encode()
    try:
        return from_json(data, allow_partial=_PARTIAL_MODE[0])
    except TypeError:
        if _PARTIAL_MODE[0] is True:
            raise
        _PARTIAL_MODE[0] = True  # pydantic-core before 2.27 takes only a bool
        return partial_json(text)
    except ValueError:
        return None


_PARTIAL_MODE: list[Any] = ["trailing-strings"]


def typeddict_keys(params: type | None) -> tuple[frozenset[str], frozenset[str]]:
    """The required and the optional keys of a TypedDict (of `None`: none).

    Under `from __future__ import annotations` a TypedDict cannot see `Required[...]` and
    `NotRequired[...]` (its annotations are strings) and files every key by `total=` alone, so the
    qualifiers are also read from the annotation text.
    """
    required = set(getattr(params, "__required_keys__", ()))
    optional = set(getattr(params, "__optional_keys__", ()))
    for key, text in _annotation_texts(params).items():
        qualifier = text.split("[", 1)[0].strip().rsplit(".", 1)[-1]
        if qualifier == "Required":
            required.add(key)
            optional.discard(key)
        elif qualifier == "NotRequired":
            optional.add(key)
            required.discard(key)
    return frozenset(required), frozenset(optional)


def typeddict_bool_keys(params: type | None) -> frozenset[str]:
    """The keys of a TypedDict whose values the API types as booleans (`bool`, `bool | None`,
    `Literal[True]`, with or without `Required[...]`), from the whole class hierarchy."""
    found = set()
    for cls in reversed(getattr(params, "__mro__", ())):
        for key, annotation in vars(cls).get("__annotations__", {}).items():
            if _is_bool(annotation):
                found.add(key)
    return frozenset(found)


def _annotation_texts(params: type | None) -> dict[str, str]:
    texts = {}
    for key, annotation in getattr(params, "__annotations__", {}).items():
        text = annotation.__forward_arg__ if isinstance(annotation, ForwardRef) else annotation
        if isinstance(text, str):
            texts[key] = text
    return texts


def _is_bool(annotation: object) -> bool:
    """Whether an annotation (an object, or its text) admits booleans and nothing else but `None`."""
    if isinstance(annotation, ForwardRef):
        annotation = annotation.__forward_arg__
    if isinstance(annotation, str):
        return _is_bool_text(annotation)
    origin = typing.get_origin(annotation)
    if origin in _QUALIFIERS:
        return _is_bool(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return all(isinstance(arg, bool) for arg in typing.get_args(annotation))
    if origin is typing.Union or origin is types.UnionType:
        members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return bool(members) and all(_is_bool(arg) for arg in members)
    return annotation is bool


def _is_bool_text(text: str) -> bool:
    text = text.replace(" ", "").replace("typing.", "").replace("typing_extensions.", "")
    for wrapper in ("Required[", "NotRequired[", "Optional["):
        if text.startswith(wrapper) and text.endswith("]"):
            text = text[len(wrapper) : -1]
    parts = set(text.split("|"))
    return bool(parts - {"None"}) and parts <= {"bool", "None", "Literal[True]", "Literal[False]"}


_QUALIFIERS = frozenset({typing_extensions.Required, typing_extensions.NotRequired})
