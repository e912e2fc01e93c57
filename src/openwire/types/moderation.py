"""Moderation results: one vocabulary for `moderations.create` (`ModerationCreateResponse`) and the
chat `moderation` field.

The category maps have the known categories as attributes (`categories.self_harm_intent`) and stay
readable by the API's names (`categories["self-harm/intent"]`); categories this version of openwire
does not know are kept and readable the same way.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from openwire._models import (
    BaseModel,
    UnknownVariant,
    html_field_rows,
    html_scalar,
    html_table,
    sent_fields,
    variant_of,
)

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


class _CategoryMap(BaseModel):
    """A value per moderation category, by attribute or by API name."""

    def __getitem__(self, category: str) -> Any:
        """The value for a category by its API name (`"self-harm/intent"`), known or not."""
        return self.as_dict()[category]

    def __contains__(self, category: object) -> bool:
        return category in self.as_dict()

    def as_dict(self) -> dict[str, Any]:
        """Every category the server sent, by API name, including ones openwire does not know."""
        return self.model_dump(by_alias=True, exclude_unset=True)

    def items(self) -> Iterator[tuple[str, Any]]:
        """`(API name, value)` for every category the server sent."""
        return iter(self.as_dict().items())

    def _html(self, depth: int) -> str:
        """A two-column table: category (API name) | value; flagged rows highlighted."""
        column = _MAP_COLUMNS.get(type(self).__name__, "value")
        rows = [_category_row(name, {column: value}, flagged=value is True) for name, value in self.items()]
        return html_table(type(self).__name__, rows, header=("category", column))


# The three maps spell out their fields rather than share them through a generic base: the first
# use of a pydantic generic loads machinery worth ~1.7 MiB, paid by every program that only chats.


class ModerationCategories(_CategoryMap):
    """For each category, whether the input was flagged under it."""

    harassment: bool | None = None
    harassment_threatening: bool | None = Field(None, alias="harassment/threatening")
    hate: bool | None = None
    hate_threatening: bool | None = Field(None, alias="hate/threatening")
    illicit: bool | None = None
    illicit_violent: bool | None = Field(None, alias="illicit/violent")
    self_harm: bool | None = Field(None, alias="self-harm")
    self_harm_instructions: bool | None = Field(None, alias="self-harm/instructions")
    self_harm_intent: bool | None = Field(None, alias="self-harm/intent")
    sexual: bool | None = None
    sexual_minors: bool | None = Field(None, alias="sexual/minors")
    violence: bool | None = None
    violence_graphic: bool | None = Field(None, alias="violence/graphic")


class ModerationCategoryScores(_CategoryMap):
    """For each category, the model's score between 0 and 1."""

    harassment: float | None = None
    harassment_threatening: float | None = Field(None, alias="harassment/threatening")
    hate: float | None = None
    hate_threatening: float | None = Field(None, alias="hate/threatening")
    illicit: float | None = None
    illicit_violent: float | None = Field(None, alias="illicit/violent")
    self_harm: float | None = Field(None, alias="self-harm")
    self_harm_instructions: float | None = Field(None, alias="self-harm/instructions")
    self_harm_intent: float | None = Field(None, alias="self-harm/intent")
    sexual: float | None = None
    sexual_minors: float | None = Field(None, alias="sexual/minors")
    violence: float | None = None
    violence_graphic: float | None = Field(None, alias="violence/graphic")


class ModerationCategoryAppliedInputTypes(_CategoryMap):
    """For each category, which kinds of input (`text`, `image`) its score reflects."""

    harassment: list[ModerationInputType] | None = None
    harassment_threatening: list[ModerationInputType] | None = Field(None, alias="harassment/threatening")
    hate: list[ModerationInputType] | None = None
    hate_threatening: list[ModerationInputType] | None = Field(None, alias="hate/threatening")
    illicit: list[ModerationInputType] | None = None
    illicit_violent: list[ModerationInputType] | None = Field(None, alias="illicit/violent")
    self_harm: list[ModerationInputType] | None = Field(None, alias="self-harm")
    self_harm_instructions: list[ModerationInputType] | None = Field(None, alias="self-harm/instructions")
    self_harm_intent: list[ModerationInputType] | None = Field(None, alias="self-harm/intent")
    sexual: list[ModerationInputType] | None = None
    sexual_minors: list[ModerationInputType] | None = Field(None, alias="sexual/minors")
    violence: list[ModerationInputType] | None = None
    violence_graphic: list[ModerationInputType] | None = Field(None, alias="violence/graphic")


class ModerationResult(BaseModel):
    """The moderation of one input: flagged or not, and why."""

    flagged: bool
    """Whether any category flagged the input."""
    categories: ModerationCategories
    """Per category, whether it flagged the input."""
    category_scores: ModerationCategoryScores
    """Per category, the score."""
    category_applied_input_types: ModerationCategoryAppliedInputTypes | None = None
    """Per category, the input types the score applies to."""
    model: str | None = None
    """The moderation model that produced this result (on chat moderation results)."""
    type: Literal["moderation_result"] | str | None = None
    """`moderation_result` on chat moderation results."""

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
    """Moderation could not run on the request input (or generated output)."""

    type: Literal["error"] = "error"
    code: str | None = None
    """The error code."""
    message: str | None = None
    """What went wrong."""


ModerationOutcome = Annotated[
    Annotated[ModerationResults, Tag("moderation_results")]
    | Annotated[ModerationError, Tag("error")]
    | Annotated[UnknownVariant, Tag("unknown")],
    Discriminator(variant_of("moderation_results", "error")),
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
