"""Typed reads of the fields other services add to the API's objects (Azure's content filter
results, reasoning text, OpenRouter's and Groq's extras).

Such a field is kept as the server sent it, among the model's extra fields, as any field openwire
does not know: a response without it (nearly every OpenAI one, every chunk of most streams) costs
nothing more to parse, and a server that sends it in another shape cannot make the response fail.
The model's class gets a typed property for it instead: reading it gives the value validated as
its type (a model is built on each read, only when read), or, when it has another shape, the value
as it came. `to_dict()`, copies, pickles and comparisons see the plain data.
"""

from __future__ import annotations

import types
import typing
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pydantic

__all__ = ["provider_fields"]

_PLAIN = (str, int, float, bool, type(None))


def provider_fields(model: type[pydantic.BaseModel], **fields: Any) -> None:
    """Give `model` a typed property for each provider field `name=type` (the class declares the
    same names under `if TYPE_CHECKING:` with their documentation, for type checkers and docs)."""
    for name, annotation in fields.items():
        type.__setattr__(model, name, _field(name, annotation))


def _field(name: str, annotation: Any) -> property:
    plain = all(arg in _PLAIN for arg in _members(annotation))
    adapter: Any = None

    def read(self: Any) -> Any:
        extra = self.__pydantic_extra__
        value = extra.get(name) if extra else None
        if value is None or plain:
            # Text and numbers are what they are; another shape is passed on as it came.
            return value
        nonlocal adapter
        if adapter is None:
            from pydantic import TypeAdapter

            adapter = TypeAdapter(annotation)
        from pydantic import ValidationError

        try:
            return adapter.validate_python(value)
        except ValidationError:
            return value

    def write(self: Any, value: Any) -> None:
        if self.__pydantic_extra__ is None:
            object.__setattr__(self, "__pydantic_extra__", {})
        self.__pydantic_extra__[name] = value
        self.__pydantic_fields_set__.add(name)

    return property(read, write, doc=f"The `{name}` field some services add (see the class's documentation).")


def _members(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)
