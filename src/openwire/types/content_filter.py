"""Azure OpenAI's content filtering results: what its filters found in the prompt and in each choice.

Azure (and resellers that run on it) adds them to chat completions and their chunks:
`prompt_filter_results` on the completion (one entry per prompt, the first chunk of a stream) and
`content_filter_results` on each choice. Every field is optional: Azure sends only the filters a
deployment runs, and a category openwire does not know is kept (`results.some_new_filter`, and in
`to_dict()`). A server that sends these fields in another shape does not make the response fail:
the field then holds the value as it came.

```python
choice = completion.choices[0]
if choice.finish_reason == "content_filter" and choice.content_filter_results:
    for name, result in choice.content_filter_results.flagged():
        print(name, result.severity or "detected")
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from openwire._models import BaseModel

__all__ = [
    "ContentFilterBlocklistIdResult",
    "ContentFilterBlocklistResult",
    "ContentFilterCitation",
    "ContentFilterDetectedResult",
    "ContentFilterDetectedWithCitationResult",
    "ContentFilterError",
    "ContentFilterOffsets",
    "ContentFilterResults",
    "ContentFilterSeverity",
    "ContentFilterSeverityResult",
    "PromptFilterResult",
]

ContentFilterSeverity = Literal["safe", "low", "medium", "high"] | str
"""How severe the content found is, from `safe` (annotated, never filtered) to `high`."""


class ContentFilterSeverityResult(BaseModel):
    """The verdict of a filter that grades severity (`hate`, `self_harm`, `sexual`, `violence`)."""

    filtered: bool | None = None
    """Whether the content was blocked under this category."""
    severity: ContentFilterSeverity | None = None
    """How severe the content is: `safe`, `low`, `medium` or `high`."""


class ContentFilterDetectedResult(BaseModel):
    """The verdict of a filter that only detects (`jailbreak`, `indirect_attack`, `profanity`,
    `protected_material_text`)."""

    filtered: bool | None = None
    """Whether the content was blocked by this filter."""
    detected: bool | None = None
    """Whether the filter found what it looks for (also reported when it only annotates)."""


class ContentFilterCitation(BaseModel):
    """Where protected code was found."""

    URL: str | None = None
    """The public repository the code matches (Azure spells the field `URL`)."""
    license: str | None = None
    """That repository's license."""


class ContentFilterDetectedWithCitationResult(ContentFilterDetectedResult):
    """The verdict of the protected material filter for code, with the source it matched."""

    citation: ContentFilterCitation | None = None
    """The repository and license of the matching code, when the filter found any."""


class ContentFilterBlocklistIdResult(BaseModel):
    """The verdict of one custom blocklist."""

    id: str | None = None
    """The blocklist's name."""
    filtered: bool | None = None
    """Whether a term of this blocklist matched and the content was blocked."""


class ContentFilterBlocklistResult(BaseModel):
    """The verdicts of the deployment's custom blocklists."""

    filtered: bool | None = None
    """Whether any blocklist blocked the content."""
    details: list[ContentFilterBlocklistIdResult] | None = None
    """One entry per blocklist that ran."""


class ContentFilterError(BaseModel):
    """Why the filters could not run (then the other fields are absent)."""

    code: str | None = None
    """A code for the failure."""
    message: str | None = None
    """What went wrong."""


class ContentFilterResults(BaseModel):
    """What Azure's content filters found in a prompt or in a choice: one entry per filter that ran.

    A prompt's results can hold `jailbreak` and `indirect_attack`; a choice's can hold
    `protected_material_text` and `protected_material_code`. Filters openwire does not know yet
    are kept as extra fields, and `flagged()` reports them too.
    """

    hate: ContentFilterSeverityResult | None = None
    """Hate and fairness."""
    self_harm: ContentFilterSeverityResult | None = None
    """Self-harm."""
    sexual: ContentFilterSeverityResult | None = None
    """Sexual content."""
    violence: ContentFilterSeverityResult | None = None
    """Violence."""
    profanity: ContentFilterDetectedResult | None = None
    """Profanity."""
    jailbreak: ContentFilterDetectedResult | None = None
    """A user prompt attack (prompt only)."""
    indirect_attack: ContentFilterDetectedResult | None = None
    """An attack hidden in documents given to the model (prompt only)."""
    protected_material_text: ContentFilterDetectedResult | None = None
    """Known text such as song lyrics or articles (completion only)."""
    protected_material_code: ContentFilterDetectedWithCitationResult | None = None
    """Source code from a public repository (completion only), with its citation."""
    ungrounded_material: ContentFilterDetectedResult | None = None
    """Statements not grounded in the given sources (groundedness detection)."""
    custom_blocklists: ContentFilterBlocklistResult | list[ContentFilterBlocklistIdResult] | None = None
    """The custom blocklists: `{filtered, details: [...]}`, or (older API versions) a list of
    `{id, filtered}`."""
    error: ContentFilterError | None = None
    """Set instead of the verdicts when the filters could not run."""

    def flagged(self) -> Iterator[tuple[str, object]]:
        """`(filter name, result)` for each filter that blocked the content or detected something,
        those openwire does not know included (their result as it came)."""
        for name, value in self:
            if name == "error" or value is None:
                continue
            if isinstance(value, BaseModel):
                if getattr(value, "filtered", None) or getattr(value, "detected", None):
                    yield name, value
            elif isinstance(value, dict) and (value.get("filtered") or value.get("detected")):
                yield name, value


class ContentFilterOffsets(BaseModel):
    """Which part of a streamed answer the content filter has checked (Azure, streaming)."""

    check_offset: int | None = None
    """Characters checked so far."""
    start_offset: int | None = None
    """Where the checked part begins."""
    end_offset: int | None = None
    """Where the checked part ends."""


class PromptFilterResult(BaseModel):
    """What the content filters found in one prompt of the request."""

    prompt_index: int | None = None
    """Which prompt this is about (for chat, the whole conversation is prompt 0; some deployments
    number an image part's prompt separately)."""
    content_filter_results: ContentFilterResults | None = None
    """The filters' verdicts, as Azure documents the field."""
    content_filter_result: ContentFilterResults | None = None
    """The same under the singular name some deployments and resellers send; `results` reads
    whichever is present."""

    @property
    def results(self) -> ContentFilterResults | None:
        """The verdicts, under whichever of the two names the server used."""
        return self.content_filter_results or self.content_filter_result
