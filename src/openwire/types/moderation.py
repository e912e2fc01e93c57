"""Moderation results: one vocabulary for `moderations.create` (`ModerationCreateResponse`), the chat
`moderation` field (`ModerationOutcome`) and the Responses `moderation` field (one `ModerationResult`
or `ModerationError` per side, see `openwire.types.responses.ResponseModerationOutcome`).

The category maps have the known categories as attributes (`categories.self_harm_intent`) and stay
readable by the API's names (`categories["self-harm/intent"]`); categories this version of openwire
does not know are kept and readable the same way.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar, overload

from pydantic import Field, Tag

from openwire._models import (
    BaseModel,
    UnknownVariant,
    by_type,
    html_field_rows,
    html_scalar,
    html_table,
    sent_fields,
)
from openwire._pydantic import view_fields

__all__ = [
    "ModerationCategories",
    "ModerationCategoryAppliedInputTypes",
    "ModerationCategoryScores",
    "ModerationCreateResponse",
    "ModerationError",
    "ModerationOutcome",
    "ModerationResult",
    "ModerationResults",
]

ModerationInputType = Literal["text", "image"] | str
"""A kind of input a category score was computed from."""

_V = TypeVar("_V")


class _CategoryMap(Mapping[str, _V]):
    """A value per moderation category: by attribute (`categories.self_harm_intent`, `None` when
    the server did not send it) or by API name (`categories["self-harm/intent"]`), for every
    category the server sent, those openwire does not know included.

    A light view over the validated mapping the result holds (a dict, which is what `to_dict()`,
    copies, pickles and comparisons of the result see): building one costs nothing while a response
    is parsed, only when it is read.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, _V] | None = None, /) -> None:
        self._values: dict[str, _V] = dict(values or {})

    def __getitem__(self, category: str) -> _V:
        """The value for a category by its API name (`"self-harm/intent"`), known or not."""
        return self._values[category]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __getattr__(self, name: str) -> Any:
        # A category openwire does not know, sent under a name that is also an attribute name.
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no category {name!r}") from None

    def as_dict(self) -> dict[str, _V]:
        """Every category the server sent, by API name, including ones openwire does not know."""
        return dict(self._values)

    def to_dict(self) -> dict[str, _V]:
        """The same as `as_dict()`: what the server sent, as a plain dict."""
        return dict(self._values)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._values!r})"

    def __reduce__(self) -> tuple[type[_CategoryMap[_V]], tuple[dict[str, _V]]]:
        return (type(self), (self._values,))

    def __rich_repr__(self) -> Iterator[tuple[str, Any]]:
        """What rich's pretty printer shows: each category by its API name."""
        yield from self._values.items()

    def _repr_html_(self) -> str:
        """The categories as an HTML table (what Jupyter shows)."""
        return f'<div class="openwire-model">{self._html(0)}</div>'

    def _html(self, depth: int) -> str:
        """A two-column table: category (API name) | value; flagged rows highlighted."""
        column = _MAP_COLUMNS.get(type(self).__name__, "value")
        rows = [_category_row(name, {column: value}, flagged=value is True) for name, value in self.items()]
        return html_table(type(self).__name__, rows, header=("category", column))


class _Category(Generic[_V]):
    """A known category, read by attribute: `None` when the server did not send it."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name
        """The category's API name."""

    @overload
    def __get__(self, instance: None, owner: type[Any]) -> _Category[_V]: ...
    @overload
    def __get__(self, instance: _CategoryMap[Any], owner: type[Any]) -> _V | None: ...
    def __get__(self, instance: _CategoryMap[Any] | None, owner: type[Any]) -> _V | _Category[_V] | None:
        if instance is None:
            return self
        value: _V | None = instance._values.get(self.name)
        return value


class ModerationCategories(_CategoryMap[bool | None]):
    """For each category, whether the input was flagged under it."""

    __slots__ = ()

    harassment = _Category[bool]("harassment")
    harassment_threatening = _Category[bool]("harassment/threatening")
    hate = _Category[bool]("hate")
    hate_threatening = _Category[bool]("hate/threatening")
    illicit = _Category[bool]("illicit")
    illicit_violent = _Category[bool]("illicit/violent")
    self_harm = _Category[bool]("self-harm")
    self_harm_instructions = _Category[bool]("self-harm/instructions")
    self_harm_intent = _Category[bool]("self-harm/intent")
    sexual = _Category[bool]("sexual")
    sexual_minors = _Category[bool]("sexual/minors")
    violence = _Category[bool]("violence")
    violence_graphic = _Category[bool]("violence/graphic")


class ModerationCategoryScores(_CategoryMap[float | None]):
    """For each category, the model's score between 0 and 1."""

    __slots__ = ()

    harassment = _Category[float]("harassment")
    harassment_threatening = _Category[float]("harassment/threatening")
    hate = _Category[float]("hate")
    hate_threatening = _Category[float]("hate/threatening")
    illicit = _Category[float]("illicit")
    illicit_violent = _Category[float]("illicit/violent")
    self_harm = _Category[float]("self-harm")
    self_harm_instructions = _Category[float]("self-harm/instructions")
    self_harm_intent = _Category[float]("self-harm/intent")
    sexual = _Category[float]("sexual")
    sexual_minors = _Category[float]("sexual/minors")
    violence = _Category[float]("violence")
    violence_graphic = _Category[float]("violence/graphic")


class ModerationCategoryAppliedInputTypes(_CategoryMap[list[ModerationInputType] | None]):
    """For each category, which kinds of input (`text`, `image`) its score reflects."""

    __slots__ = ()

    harassment = _Category[list[ModerationInputType]]("harassment")
    harassment_threatening = _Category[list[ModerationInputType]]("harassment/threatening")
    hate = _Category[list[ModerationInputType]]("hate")
    hate_threatening = _Category[list[ModerationInputType]]("hate/threatening")
    illicit = _Category[list[ModerationInputType]]("illicit")
    illicit_violent = _Category[list[ModerationInputType]]("illicit/violent")
    self_harm = _Category[list[ModerationInputType]]("self-harm")
    self_harm_instructions = _Category[list[ModerationInputType]]("self-harm/instructions")
    self_harm_intent = _Category[list[ModerationInputType]]("self-harm/intent")
    sexual = _Category[list[ModerationInputType]]("sexual")
    sexual_minors = _Category[list[ModerationInputType]]("sexual/minors")
    violence = _Category[list[ModerationInputType]]("violence")
    violence_graphic = _Category[list[ModerationInputType]]("violence/graphic")


class ModerationResult(BaseModel):
    """The moderation of one input: flagged or not, and why."""

    flagged: bool
    """Whether any category flagged the input."""
    # The category maps are validated as dicts, at the speed of a dict (a response has three per
    # input), and read through typed views (see `view_fields` below).
    if TYPE_CHECKING:
        categories: ModerationCategories
        category_scores: ModerationCategoryScores
        category_applied_input_types: ModerationCategoryAppliedInputTypes | None = None
    else:
        categories: dict[str, bool | None]
        category_scores: dict[str, float | None]
        category_applied_input_types: dict[str, list[str] | None] | None = None
    model: str | None = None
    """The moderation model that produced this result (on chat and Responses moderation results;
    `moderations.create` names it once, on the whole answer)."""
    type: Literal["moderation_result"] | str | None = None
    """`moderation_result` on chat and Responses moderation results."""

    @property
    def flagged_categories(self) -> list[str]:
        """The API names of the categories that flagged the input."""
        return [name for name, hit in self.categories.items() if hit]

    def _html(self, depth: int) -> str:
        """A table of category | flagged | score | input types, flagged rows highlighted; fields
        other than the category maps follow as a small table."""
        return self._table(type(self).__name__)

    def _table(self, title: str, *, container_model: str | None = None) -> str:
        flags = self.categories.as_dict()
        scores = self.category_scores.as_dict()
        applied = self.category_applied_input_types
        kinds = applied.as_dict() if applied is not None else {}
        rows = [
            _category_row(
                name,
                {"flagged": flags.get(name), "score": scores.get(name), "input types": kinds.get(name)},
                flagged=flags.get(name) is True,
            )
            for name in dict.fromkeys([*flags, *scores, *kinds])
        ]
        hits = self.flagged_categories
        verdict = f"flagged: {', '.join(hits)}" if hits else ("flagged" if self.flagged else "not flagged")
        model = self.model if self.model != container_model else None
        note = " · ".join(part for part in (verdict, model) if part)
        table = html_table(title, rows, note=note, header=("category", "flagged", "score", "input types"))
        others = [field for field in sent_fields(self) if field[0] not in _RESULT_TABLE_FIELDS]
        if others:
            table += html_table("", html_field_rows(others, 1))
        return table


view_fields(
    ModerationResult,
    categories=("Per category, whether it flagged the input.", ModerationCategories),
    category_scores=("Per category, the score.", ModerationCategoryScores),
    category_applied_input_types=(
        "Per category, the input types the score applies to.",
        ModerationCategoryAppliedInputTypes,
    ),
)


class ModerationCreateResponse(BaseModel):
    """The answer to `moderations.create`: one `ModerationResult` per input."""

    id: str
    """The id of the moderation request."""
    model: str
    """The moderation model that classified the input."""
    results: list[ModerationResult]
    """One result per input (a list of multimodal parts counts as one input)."""

    @property
    def flagged(self) -> bool:
        """Whether any result was flagged."""
        return any(result.flagged for result in self.results)

    def _html(self, depth: int) -> str:
        """The id and model, then one category table per input."""
        request_id = f"request id {self.request_id}" if depth == 0 and self.request_id else ""
        parts = (self.id, self.model, _verdict(self.flagged), request_id)
        return _results_html(self, " · ".join(part for part in parts if part), self.results, "input")


class ModerationResults(BaseModel):
    """Moderation ran on the request input (or generated output): here are its results."""

    type: Literal["moderation_results"] = "moderation_results"
    """Always `moderation_results`."""
    model: str | None = None
    """The moderation model used."""
    results: list[ModerationResult] = Field(default_factory=list)
    """One result per moderated piece of content."""

    @property
    def flagged(self) -> bool:
        """Whether any result was flagged."""
        return any(result.flagged for result in self.results)

    def _html(self, depth: int) -> str:
        """The model, then one category table per moderated piece of content."""
        note = " · ".join(part for part in (self.model, _verdict(self.flagged)) if part)
        return _results_html(self, note, self.results, "result")


class ModerationError(BaseModel):
    """Moderation could not run on the request input (or generated output), on a chat completion or
    a Response."""

    type: Literal["error"] = "error"
    """Always `error`."""
    code: str | None = None
    """The error code."""
    message: str | None = None
    """What went wrong."""


ModerationOutcome = Annotated[
    Annotated[ModerationResults, Tag("moderation_results")]
    | Annotated[ModerationError, Tag("error")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""What moderation produced for one side of a chat completion: `ModerationResults`,
`ModerationError`, or (for a `type` openwire does not know yet) `UnknownVariant`."""


# -- display in notebooks ------------------------------------------------------------------------------

_MAP_COLUMNS = {
    "ModerationCategories": "flagged",
    "ModerationCategoryScores": "score",
    "ModerationCategoryAppliedInputTypes": "input types",
}
_RESULT_TABLE_FIELDS = frozenset(
    {"flagged", "categories", "category_scores", "category_applied_input_types", "model", "type"}
)
_FLAGGED_ROW = 'style="background-color:rgba(220,53,69,0.2);font-weight:bold"'
_CELL = 'style="text-align:left;vertical-align:top;padding:0.15em 0.6em 0.15em 0.3em"'


def _verdict(flagged: bool) -> str:
    return "flagged" if flagged else "not flagged"


def _cell(column: str, value: Any) -> str:
    if value is None:
        return ""  # not sent for this category
    if column == "flagged" and isinstance(value, bool):
        return "yes" if value else "no"
    if column == "score" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return html.escape(f"{value:.4f}" if value == 0 or abs(value) >= 0.001 else f"{value:.2e}")
    if column == "input types" and isinstance(value, list):
        return html.escape(", ".join(str(kind) for kind in value))
    return html_scalar(value)


def _category_row(name: str, cells: dict[str, Any], *, flagged: bool) -> str:
    style = f" {_FLAGGED_ROW}" if flagged else ""
    tds = "".join(f"<td {_CELL}>{_cell(column, value)}</td>" for column, value in cells.items())
    return f"<tr{style}><td {_CELL}>{html.escape(name)}</td>{tds}</tr>"


def _results_html(model: BaseModel, note: str, results: list[ModerationResult], label: str) -> str:
    """A heading, one category table per result, then any other fields the server sent."""
    container_model = getattr(model, "model", None)
    heading = f"<strong>{html.escape(type(model).__name__)}</strong>"
    if note:
        heading += f' <small style="opacity:0.6">{html.escape(note)}</small>'
    tables = [
        result._table(f"{label} {index}" if len(results) > 1 else "", container_model=container_model)
        for index, result in enumerate(results)
    ]
    if not results:
        tables.append('<div><em style="opacity:0.6">(no results)</em></div>')
    others = [field for field in sent_fields(model) if field[0] not in ("id", "model", "results", "type")]
    if others:
        tables.append(html_table("", html_field_rows(others, 1)))
    return f"<div>{heading}</div>{''.join(tables)}"
