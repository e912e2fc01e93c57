"""The base class of every response model, and parsing a response body into one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import pydantic
from pydantic import ConfigDict

from ._exceptions import request_id_of, validation_error

if TYPE_CHECKING:
    import httpx

__all__ = ["BaseModel", "UnknownVariant", "parse_model", "parser", "variant_of"]

_M = TypeVar("_M", bound="BaseModel")


class BaseModel(pydantic.BaseModel):
    """A response object from the API, validated straight from the JSON bytes by pydantic-core.

    Lenient by design, because many servers speak this API: fields the library does not know are
    kept (`obj.some_new_field`, `obj.model_extra`, and in `model_dump()`), enum values it does not
    know are kept as plain strings, and optional fields the server left out read as `None`.

    ```python
    completion.request_id        # the x-request-id of the response it came from
    completion.to_dict()         # what the server sent, as plain Python data
    print(completion.to_json())  # the same, as indented JSON
    ```
    """

    # No private attributes on purpose: declaring one makes pydantic run Python code for every
    # instance it builds, which more than doubles the cost of parsing a response.
    model_config = ConfigDict(extra="allow", protected_namespaces=(), defer_build=True)

    @property
    def request_id(self) -> str | None:
        """The `x-request-id` of the HTTP response this object came from (on the top-level object)."""
        private = self.__pydantic_private__
        return private.get("request_id") if private else None

    def to_dict(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        exclude_unset: bool = True,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The object as a plain dict, by default with just the fields the server sent.

        `mode="json"` makes every value JSON-compatible; `exclude_unset=False` adds the fields the
        server left out (as `None`); `exclude_none=True` drops `None` values.
        """
        return self.model_dump(
            mode=mode, by_alias=True, exclude_unset=exclude_unset, exclude_none=exclude_none
        )

    def to_json(
        self, *, indent: int | None = 2, exclude_unset: bool = True, exclude_none: bool = False
    ) -> str:
        """The object as a JSON string (indented by default), with just the fields the server sent."""
        return self.model_dump_json(
            indent=indent, by_alias=True, exclude_unset=exclude_unset, exclude_none=exclude_none
        )


class UnknownVariant(BaseModel):
    """An object whose `type` this version of openwire does not know yet.

    Servers add new kinds of objects before libraries learn them; rather than fail, openwire keeps
    the object with all its fields (`obj.type`, `obj.some_field`, `obj.to_dict()`).
    """

    type: str | None = None
    """The type the server gave."""


def variant_of(*known: str) -> Callable[[Any], str]:
    """A discriminator for a union tagged by `type` that falls back to `UnknownVariant`.

    Use with `pydantic.Discriminator`, tagging each known member with its `type` and
    `UnknownVariant` with `"unknown"`.
    """
    names = frozenset(known)

    def discriminate(value: Any) -> str:
        kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
        return kind if kind in names else "unknown"

    return discriminate


def parser(model: type[_M]) -> Callable[[httpx.Response], _M]:
    """The response parser of an endpoint that returns `model`."""
    return partial(parse_model, model)


def parse_model(model: type[_M], response: httpx.Response) -> _M:
    """Validate the response body as `model` and stamp it with the response's request id.

    Raises `APIResponseValidationError` (never a JSON or pydantic error) for a body that is not JSON
    or not of the model's shape.
    """
    try:
        parsed = model.model_validate_json(response.content)
    except pydantic.ValidationError as error:
        raise validation_error(response, model.__name__, error) from None
    request_id = request_id_of(response.headers)
    if request_id is not None:
        stamp_request_id(parsed, request_id)
    return parsed


def stamp_request_id(obj: BaseModel, request_id: str) -> None:
    """Record the response's request id on a parsed object."""
    # pydantic keeps private state in this slot; using it costs nothing for objects that never get one.
    object.__setattr__(obj, "__pydantic_private__", {"request_id": request_id})
