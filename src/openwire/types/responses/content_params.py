"""The content parts of Responses input: text, images and files the model reads, and the text and
refusals of earlier model output sent back.

`type` tags stay exact, so type checkers tell the parts apart; other values the API takes from a fixed
set are typed `Literal[...] | str`.
"""

# No `from __future__ import annotations` here: it would turn `Required[...]` into strings, and the
# TypedDicts would no longer know at runtime which keys are required. Names defined further down the
# module are written as strings instead.

from collections.abc import Iterable, Sequence
from typing import Literal, TypeAlias

from typing_extensions import Required, TypedDict

from openwire.types.chat.params import PromptCacheBreakpointParam

__all__ = [
    "ResponseInputContentParam",
    "ResponseInputFileParam",
    "ResponseInputImageParam",
    "ResponseInputTextParam",
    "ResponseOutputMessageContentParam",
    "ResponseOutputRefusalParam",
    "ResponseOutputTextAnnotationParam",
    "ResponseOutputTextContainerFileCitationParam",
    "ResponseOutputTextFileCitationParam",
    "ResponseOutputTextFilePathParam",
    "ResponseOutputTextLogprobParam",
    "ResponseOutputTextParam",
    "ResponseOutputTextTopLogprobParam",
    "ResponseOutputTextURLCitationParam",
]


# What the model reads


class ResponseInputTextParam(TypedDict, total=False):
    """A text part."""

    type: Required[Literal["input_text"]]
    """Always `input_text`."""
    text: Required[str]
    """The text."""
    prompt_cache_breakpoint: PromptCacheBreakpointParam | None
    """Mark the end of this part as the end of a reusable prompt prefix."""


class ResponseInputImageParam(TypedDict, total=False):
    """An image part: give `image_url` or `file_id`."""

    type: Required[Literal["input_image"]]
    """Always `input_image`."""
    image_url: str | None
    """The image's URL, or its data as a base64 `data:` URL."""
    file_id: str | None
    """The id of an uploaded image."""
    detail: Literal["low", "high", "auto", "original"] | str | None
    """The detail level to read the image at (`auto` by default)."""
    prompt_cache_breakpoint: PromptCacheBreakpointParam | None
    """Mark the end of this part as the end of a reusable prompt prefix."""


class ResponseInputFileParam(TypedDict, total=False):
    """A file part (for example a PDF): give `file_id`, `file_url`, or `file_data` with `filename`."""

    type: Required[Literal["input_file"]]
    """Always `input_file`."""
    file_id: str | None
    """The id of an uploaded file."""
    filename: str | None
    """The file's name, with `file_data`."""
    file_data: str | None
    """The file's content, base64-encoded."""
    file_url: str | None
    """The file's URL."""
    detail: Literal["auto", "low", "high"] | str
    """How finely the file is rendered for the model: `low` costs fewer tokens (`auto` by default)."""
    prompt_cache_breakpoint: PromptCacheBreakpointParam | None
    """Mark the end of this part as the end of a reusable prompt prefix."""


ResponseInputContentParam: TypeAlias = (
    ResponseInputTextParam | ResponseInputImageParam | ResponseInputFileParam
)
"""A part of an input message or of a tool's output: text, an image or a file."""


# What the model wrote, sent back


class ResponseOutputTextParam(TypedDict, total=False):
    """Text the model wrote."""

    type: Required[Literal["output_text"]]
    """Always `output_text`."""
    text: Required[str]
    """The text."""
    annotations: Required[Iterable["ResponseOutputTextAnnotationParam"]]
    """Citations and file paths in the text (may be empty)."""
    logprobs: Required[Iterable["ResponseOutputTextLogprobParam"]]
    """The log probabilities of the text's tokens (may be empty)."""


class ResponseOutputRefusalParam(TypedDict, total=False):
    """A refusal of the model."""

    type: Required[Literal["refusal"]]
    """Always `refusal`."""
    refusal: Required[str]
    """The model's explanation."""


ResponseOutputMessageContentParam: TypeAlias = ResponseOutputTextParam | ResponseOutputRefusalParam
"""A part of an output message: text or a refusal."""


class ResponseOutputTextFileCitationParam(TypedDict, total=False):
    """A citation of an uploaded file."""

    type: Required[Literal["file_citation"]]
    """Always `file_citation`."""
    file_id: Required[str]
    """The file's id."""
    index: Required[int]
    """The position of the file in the list of files."""
    filename: Required[str]
    """The file's name."""


class ResponseOutputTextURLCitationParam(TypedDict, total=False):
    """A citation of a web page."""

    type: Required[Literal["url_citation"]]
    """Always `url_citation`."""
    url: Required[str]
    """The page's URL."""
    start_index: Required[int]
    """Where the citation starts in the text (a character index)."""
    end_index: Required[int]
    """Where the citation ends in the text (a character index)."""
    title: Required[str]
    """The page's title."""


class ResponseOutputTextContainerFileCitationParam(TypedDict, total=False):
    """A citation of a file in a container."""

    type: Required[Literal["container_file_citation"]]
    """Always `container_file_citation`."""
    container_id: Required[str]
    """The container's id."""
    file_id: Required[str]
    """The file's id."""
    start_index: Required[int]
    """Where the citation starts in the text (a character index)."""
    end_index: Required[int]
    """Where the citation ends in the text (a character index)."""
    filename: Required[str]
    """The file's name."""


class ResponseOutputTextFilePathParam(TypedDict, total=False):
    """A path to a file the model made."""

    type: Required[Literal["file_path"]]
    """Always `file_path`."""
    file_id: Required[str]
    """The file's id."""
    index: Required[int]
    """The position of the file in the list of files."""


ResponseOutputTextAnnotationParam: TypeAlias = (
    ResponseOutputTextFileCitationParam
    | ResponseOutputTextURLCitationParam
    | ResponseOutputTextContainerFileCitationParam
    | ResponseOutputTextFilePathParam
)
"""An annotation of output text, told apart by its `type`."""


class ResponseOutputTextLogprobParam(TypedDict, total=False):
    """The log probability of a token of output text, with the likeliest alternatives."""

    token: Required[str]
    """The token."""
    logprob: Required[float]
    """Its log probability."""
    bytes: Required[Sequence[int]]
    """Its UTF-8 bytes."""
    top_logprobs: Required[Iterable["ResponseOutputTextTopLogprobParam"]]
    """The likeliest tokens at this position."""


class ResponseOutputTextTopLogprobParam(TypedDict, total=False):
    """One of the likeliest tokens at a position."""

    token: Required[str]
    """The token."""
    logprob: Required[float]
    """Its log probability."""
    bytes: Required[Sequence[int]]
    """Its UTF-8 bytes."""
