"""Moderation results: one vocabulary for `moderations.create` (`ModerationCreateResponse`) and the
chat `moderation` field.

The category maps have the known categories as attributes (`categories.self_harm_intent`) and stay
readable by the API's names (`categories["self-harm/intent"]`); categories this version of openwire
does not know are kept and readable the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import Discriminator, Field, Tag

from openwire._models import BaseModel, UnknownVariant, variant_of

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

T = TypeVar("T")

ModerationInputType = Literal["text", "image"] | str
"""A kind of input a category score was computed from."""


class _CategoryMap(BaseModel, Generic[T]):
    """A value per moderation category, by attribute or by API name."""

    harassment: T | None = None
    harassment_threatening: T | None = Field(None, alias="harassment/threatening")
    hate: T | None = None
    hate_threatening: T | None = Field(None, alias="hate/threatening")
    illicit: T | None = None
    illicit_violent: T | None = Field(None, alias="illicit/violent")
    self_harm: T | None = Field(None, alias="self-harm")
    self_harm_instructions: T | None = Field(None, alias="self-harm/instructions")
    self_harm_intent: T | None = Field(None, alias="self-harm/intent")
    sexual: T | None = None
    sexual_minors: T | None = Field(None, alias="sexual/minors")
    violence: T | None = None
    violence_graphic: T | None = Field(None, alias="violence/graphic")

    def __getitem__(self, category: str) -> T | None:
        """The value for a category by its API name (`"self-harm/intent"`), known or not."""
        return self.as_dict()[category]

    def __contains__(self, category: object) -> bool:
        return category in self.as_dict()

    def as_dict(self) -> dict[str, T | None]:
        """Every category the server sent, by API name, including ones openwire does not know."""
        return self.model_dump(by_alias=True, exclude_unset=True)

    def items(self) -> Iterator[tuple[str, T | None]]:
        """`(API name, value)` for every category the server sent."""
        return iter(self.as_dict().items())


class ModerationCategories(_CategoryMap[bool]):
    """For each category, whether the input was flagged under it."""


class ModerationCategoryScores(_CategoryMap[float]):
    """For each category, the model's score between 0 and 1."""


class ModerationCategoryAppliedInputTypes(_CategoryMap[list[ModerationInputType]]):
    """For each category, which kinds of input (`text`, `image`) its score reflects."""


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
