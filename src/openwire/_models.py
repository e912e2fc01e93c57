"""The base class of every response model, and parsing a response body into one."""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args, overload

import pydantic
from pydantic import ConfigDict

from ._exceptions import UNION_LABEL, request_id_of, validation_error
from ._pydantic import JsonValidator, private_of_model, request_id_of_model

if TYPE_CHECKING:
    import httpx

    from ._pagination import CursorPageData, Page

__all__ = ["BaseModel", "UnknownVariant", "by_type", "parser", "tags_of", "variant_of"]

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
        return request_id_of_model(self)

    @property
    def served_by(self) -> str | None:
        """The base URL of the service that answered, on the top-level object of a call made by a
        client with `fallbacks` (None otherwise: then it is the client's own)."""
        return private_of_model(self, "served_by")  # type: ignore[no-any-return]

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

    # Display in notebooks and with rich. Methods only: nothing runs while a response is parsed and
    # nothing is stored per object.

    def _repr_html_(self) -> str:
        """The object as a compact HTML table (what Jupyter shows): the fields the server sent,
        unknown ones included, nested objects as nested tables, long values shortened."""
        return f'<div class="openwire-model">{self._html(0)}</div>'

    def _html(self, depth: int) -> str:
        """This object as an HTML table; `depth` counts the tables it is nested in."""
        note = f"request id {self.request_id}" if depth == 0 and self.request_id else ""
        return html_table(type(self).__name__, html_field_rows(sent_fields(self), depth), note=note)

    def __rich_repr__(self) -> Iterator[tuple[str, Any]]:
        """What rich's pretty printer shows: the fields the server sent, unknown ones included."""
        for name, value, _known in sent_fields(self):
            yield name, value


class UnknownVariant(BaseModel):
    """An object whose `type` this version of openwire does not know yet.

    Servers add new kinds of objects before libraries learn them; rather than fail, openwire keeps
    the object with all its fields (`obj.type`, `obj.some_field`, `obj.to_dict()`).
    """

    type: str | None = None
    """The type the server gave."""


def variant_of(*known: str) -> Callable[[Any], str]:
    """A discriminator function for a union tagged by `type` that falls back to `UnknownVariant`:
    the `type` when it is one of `known`, else `"unknown"`. The building block of the
    discriminators `by_type` is given for unions that need more than the `type`."""
    names = frozenset(known)

    def discriminate(value: Any) -> str:
        kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
        return kind if kind in names else "unknown"

    return discriminate


def tags_of(union: object) -> tuple[str, ...]:
    """The tags of the members of an `Annotated[X, Tag("x")] | ...` union, in order."""
    return tuple(tag for tag in map(_tag, get_args(union)) if tag is not None)


def _tag(member: object) -> str | None:
    return next(
        (meta.tag for meta in getattr(member, "__metadata__", ()) if isinstance(meta, pydantic.Tag)), None
    )


class by_type:
    """Marks a union of models tagged by `type`: `Annotated[A | B | UnknownVariant, by_type()]`,
    each member `Annotated[Model, Tag("its type")]` and `Annotated[UnknownVariant, Tag("unknown")]`.

    A member is chosen by its `type` in Rust (pydantic-core's lookup of a JSON key), with no Python
    call per object: a callable `pydantic.Discriminator` would be called, on a copy of the object
    made into Python data, for every item and every stream event. Only when that lookup finds no
    member (a `type` openwire does not know, none at all, or a member whose fields do not match)
    does `discriminate` choose, as a callable discriminator would: by default the member tagged
    with the `type` or else `UnknownVariant`, so a known kind with the wrong fields is still an
    error and never passes as unknown. A union whose choice needs more than the `type` passes its
    own `discriminate`, and names in `not_by_type` the tags a `type` alone does not decide.
    """

    __slots__ = ("_discriminate", "_not_by_type")

    def __init__(
        self, discriminate: Callable[[Any], str] | None = None, *, not_by_type: Iterable[str] = ()
    ) -> None:
        self._discriminate = discriminate
        self._not_by_type = frozenset(not_by_type)

    def __get_pydantic_core_schema__(self, source: Any, handler: pydantic.GetCoreSchemaHandler) -> Any:
        from pydantic_core import core_schema

        schemas: dict[str, Any] = {}
        for member in get_args(source):
            tag = _tag(member)
            if tag is None:
                raise TypeError(f"{member!r} in a by_type() union is not Annotated[Model, Tag('its type')]")
            schemas[tag] = handler.generate_schema(get_args(member)[0])
        known = [tag for tag in schemas if tag != "unknown"]
        discriminate = self._discriminate or variant_of(*known)
        fast = {tag: schemas[tag] for tag in known if tag not in self._not_by_type}
        return core_schema.union_schema(
            [
                (core_schema.tagged_union_schema(fast, discriminator="type"), UNION_LABEL),
                (core_schema.tagged_union_schema(schemas, discriminator=discriminate), UNION_LABEL),
            ],
            mode="left_to_right",
        )


@overload
def parser(model: type[_M]) -> Callable[[httpx.Response], _M]: ...
@overload
def parser(model: Any) -> Callable[[httpx.Response], Any]: ...
def parser(model: Any) -> Callable[[httpx.Response], Any]:
    """The response parser of an endpoint that returns `model` (a model, or a union of models
    tagged by `type`): validates the body from bytes and stamps the result with the response's
    request id.

    Raises `APIResponseValidationError` (never a JSON or pydantic error) for a body that is not JSON
    or not of the model's shape.
    """
    validate: JsonValidator[Any] = JsonValidator(model)
    name = getattr(model, "__name__", "the object expected")

    def parse(response: httpx.Response) -> Any:
        try:
            return validate.stamped(response.content, request_id_of(response.headers))
        except pydantic.ValidationError as error:
            raise validation_error(response, name, error) from None

    return parse


def page_parser(item: type[_M]) -> Callable[[httpx.Response], Page[_M]]:
    """The parser of a `Page` (a whole list) of `item`s."""
    return _page_parser("Page", item)


@overload
def cursor_page_parser(item: type[_M]) -> Callable[[httpx.Response], CursorPageData[_M]]: ...
@overload
def cursor_page_parser(item: Any) -> Callable[[httpx.Response], CursorPageData[Any]]: ...
def cursor_page_parser(item: Any) -> Callable[[httpx.Response], CursorPageData[Any]]:
    """The parser of one page of a cursor-paginated list of `item`s (a model, or a union of models
    tagged by `type`)."""
    return _page_parser("CursorPageData", item)


def _page_parser(kind: str, item: Any) -> Callable[[httpx.Response], Any]:
    # The page model (`Page[Model]`) is made on the first list call, not when a resource module is
    # imported: a program that never lists anything need not load the page models and pydantic's
    # generics machinery (about 0.5 MiB, a good part of the client's memory over bare httpx).
    @functools.cache
    def page_parse() -> Callable[[httpx.Response], Any]:
        from . import _pagination

        return parser(getattr(_pagination, kind)[item])

    def parse(response: httpx.Response) -> Any:
        return page_parse()(response)

    return parse


# -- display helpers (HTML for notebooks) -------------------------------------------------------------

_MAX_TEXT = 200
"""Characters of a text shown before it is cut."""
_MAX_ITEMS = 20
"""Rows of a list or mapping shown before the rest is only counted."""
_MAX_INLINE = 8
"""Plain values of a list shown in one line (`[0.1, 0.2, ...]`)."""
_MAX_DEPTH = 4
"""Tables nested inside each other; deeper values are shown as short text."""

_TABLE = 'style="border-collapse:collapse;margin:0.2em 0"'
_CAPTION = 'style="caption-side:top;text-align:left;padding:0.1em 0.3em"'
_TH = 'style="text-align:left;vertical-align:top;padding:0.15em 0.6em 0.15em 0.3em;white-space:nowrap"'
_TD = 'style="text-align:left;vertical-align:top;padding:0.15em 0.3em"'
_MUTED = 'style="opacity:0.6"'


def sent_fields(model: BaseModel) -> list[tuple[str, Any, bool]]:
    """`(name, value, known)` for each field the server sent (or the caller set): declared fields in
    declaration order, then the fields openwire does not know, as they came."""
    sent = model.model_fields_set
    # By attribute, not from __dict__: a field read through a view (`view_fields`) shows as one.
    known = [(name, getattr(model, name), True) for name in type(model).model_fields if name in sent]
    extra = model.__pydantic_extra__ or {}
    return known + [(name, value, False) for name, value in extra.items()]


def html_table(title: str, rows: Iterable[str], *, note: str = "", header: Iterable[str] = ()) -> str:
    """A table with a caption (`title`, escaped, and an optional escaped `note`) around `rows`,
    which must already be HTML."""
    caption = f"<strong>{html.escape(title)}</strong>" if title else ""
    if note:
        caption += f" <small {_MUTED}>{html.escape(note)}</small>"
    head = "".join(f"<th {_TH}>{html.escape(name)}</th>" for name in header)
    body = "".join(rows) or f"<tr><td {_TD}><em {_MUTED}>(nothing)</em></td></tr>"
    return (
        f"<table {_TABLE}>"
        + (f"<caption {_CAPTION}>{caption.strip()}</caption>" if caption else "")
        + (f"<thead><tr>{head}</tr></thead>" if head else "")
        + f"<tbody>{body}</tbody></table>"
    )


def html_field_rows(fields: Iterable[tuple[str, Any, bool]], depth: int) -> list[str]:
    """One `name | value` row per field; the names of fields openwire does not know are in italics."""
    rows = []
    for name, value, known in fields:
        label = html.escape(str(name))
        if not known:
            label = f'<em title="a field this version of openwire does not know, kept as sent">{label}</em>'
        rows.append(f"<tr><th {_TH}>{label}</th><td {_TD}>{html_value(value, depth + 1)}</td></tr>")
    return rows


def html_value(value: Any, depth: int) -> str:
    """Any value as HTML: objects and lists of objects as tables, text escaped and shortened."""
    if isinstance(value, BaseModel) or hasattr(type(value), "_html"):
        return value._html(depth) if depth <= _MAX_DEPTH else html_text(repr(value))
    if isinstance(value, dict):
        if not value:
            return html_text("{}")
        if depth > _MAX_DEPTH:
            return html_text(repr(value))
        items = list(value.items())
        rows = html_field_rows(((k, v, True) for k, v in items[:_MAX_ITEMS]), depth)
        return html_table("", _with_rest(rows, len(items)))
    if isinstance(value, (list, tuple)):
        return _html_list(value, depth)
    return html_scalar(value)


def _html_list(items: list[Any] | tuple[Any, ...], depth: int) -> str:
    if not items:
        return html_text("[]")
    if all(not isinstance(item, (BaseModel, dict, list, tuple)) for item in items):
        shown = ", ".join(_short(repr(item), 60) for item in items[:_MAX_INLINE])
        more = f", … ({len(items)} items)" if len(items) > _MAX_INLINE else ""
        return html_text(f"[{shown}{more}]")
    if depth > _MAX_DEPTH:
        return html_text(repr(items))
    rows = [
        f"<tr><th {_TH}>{index}</th><td {_TD}>{html_value(item, depth + 1)}</td></tr>"
        for index, item in enumerate(items[:_MAX_ITEMS])
    ]
    return html_table("", _with_rest(rows, len(items)))


def _with_rest(rows: list[str], total: int) -> list[str]:
    if total > len(rows):
        rows.append(f'<tr><td {_TD} colspan="2"><em {_MUTED}>… {total - len(rows)} more</em></td></tr>')
    return rows


def html_scalar(value: object) -> str:
    """A plain value as escaped HTML: `None` muted, text as it is (shortened), others as `repr`."""
    if value is None:
        return f"<span {_MUTED}>None</span>"
    if isinstance(value, str):
        return html_text(value) if value else html_text('""')
    return html_text(repr(value))


def html_text(text: str) -> str:
    """Text escaped for HTML, cut after `_MAX_TEXT` characters, line breaks kept."""
    return f'<span style="white-space:pre-wrap">{html.escape(_short(text, _MAX_TEXT))}</span>'


def _short(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"
