"""The parts of Responses messages: what the model wrote (text with citations, refusals, reasoning
text) and what was sent to it (text, images, files), each union tagged by `type`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Tag

from openwire._models import BaseModel, UnknownVariant, by_type

__all__ = [
    "Annotation",
    "AnnotationContainerFileCitation",
    "AnnotationFileCitation",
    "AnnotationFilePath",
    "AnnotationURLCitation",
    "ImageDetail",
    "Logprob",
    "MessageRole",
    "PromptCacheBreakpoint",
    "ResponseComputerScreenshot",
    "ResponseContentPart",
    "ResponseInputContent",
    "ResponseInputFile",
    "ResponseInputImage",
    "ResponseInputText",
    "ResponseOutputMessageContent",
    "ResponseOutputRefusal",
    "ResponseOutputText",
    "ResponseReasoningText",
    "ResponseSummaryText",
    "TopLogprob",
]

ImageDetail = Literal["low", "high", "auto", "original"] | str
"""How closely the model looks at an image: `low`, `high`, `auto` or `original`."""

MessageRole = (
    Literal["unknown", "user", "assistant", "system", "critic", "discriminator", "developer", "tool"] | str
)
"""Who a message (or an item) comes from: `user`, `assistant`, `system`, `developer`, `tool`, ..."""


# -- what the model wrote ------------------------------------------------------------------------------


class ResponseOutputText(BaseModel):
    """Text the model wrote, with the sources it cited."""

    type: Literal["output_text"] = "output_text"
    """Always `output_text`."""
    text: str
    """The text."""
    annotations: list[Annotation] = Field(default_factory=list)
    """Citations of files and web pages in the text, and paths of files it refers to."""
    logprobs: list[Logprob] | None = None
    """Log probabilities of the text's tokens, when the request asked for them."""


class ResponseOutputRefusal(BaseModel):
    """The model declined to answer."""

    type: Literal["refusal"] = "refusal"
    """Always `refusal`."""
    refusal: str
    """The model's explanation of why it declined."""


class ResponseReasoningText(BaseModel):
    """Text of the model's reasoning (from models that show it)."""

    type: Literal["reasoning_text"] | str = "reasoning_text"
    """Always `reasoning_text`."""
    text: str
    """The reasoning text."""


class ResponseSummaryText(BaseModel):
    """A summary of the model's reasoning, in words."""

    type: Literal["summary_text"] | str = "summary_text"
    """Always `summary_text`."""
    text: str
    """The summary."""


class Logprob(BaseModel):
    """A generated token, how likely it was, and the likeliest alternatives."""

    token: str
    """The token."""
    logprob: float
    """Its log probability."""
    bytes: list[int] | None = None
    """The token's UTF-8 bytes (join neighbours' bytes to rebuild split characters), when given."""
    top_logprobs: list[TopLogprob] = Field(default_factory=list)
    """The likeliest tokens at this position, at most as many as the request asked for."""


class TopLogprob(BaseModel):
    """One of the likeliest tokens at a position."""

    token: str | None = None
    """The token."""
    logprob: float | None = None
    """Its log probability."""
    bytes: list[int] | None = None
    """The token's UTF-8 bytes, when given."""


# -- annotations ---------------------------------------------------------------------------------------


class AnnotationFileCitation(BaseModel):
    """A file the text cites (found with file search)."""

    type: Literal["file_citation"] = "file_citation"
    """Always `file_citation`."""
    file_id: str
    """The id of the cited file."""
    index: int | None = None
    """Where in the text the citation is (a character position)."""
    filename: str | None = None
    """The name of the cited file."""


class AnnotationURLCitation(BaseModel):
    """A web page the text cites, and the span of text it supports."""

    type: Literal["url_citation"] = "url_citation"
    """Always `url_citation`."""
    url: str
    """The address of the page."""
    title: str | None = None
    """The title of the page."""
    start_index: int | None = None
    """The position of the first character of the cited span."""
    end_index: int | None = None
    """The position of the last character of the cited span."""


class AnnotationContainerFileCitation(BaseModel):
    """A file in a code interpreter container that the text cites."""

    type: Literal["container_file_citation"] = "container_file_citation"
    """Always `container_file_citation`."""
    container_id: str | None = None
    """The id of the container holding the file."""
    file_id: str
    """The id of the cited file."""
    filename: str | None = None
    """The name of the cited file."""
    start_index: int | None = None
    """The position of the first character of the cited span."""
    end_index: int | None = None
    """The position of the last character of the cited span."""


class AnnotationFilePath(BaseModel):
    """A file the text refers to by path, such as one a tool wrote."""

    type: Literal["file_path"] = "file_path"
    """Always `file_path`."""
    file_id: str
    """The id of the file."""
    index: int | None = None
    """Where in the text the reference is (a character position)."""


Annotation = Annotated[
    Annotated[AnnotationFileCitation, Tag("file_citation")]
    | Annotated[AnnotationURLCitation, Tag("url_citation")]
    | Annotated[AnnotationContainerFileCitation, Tag("container_file_citation")]
    | Annotated[AnnotationFilePath, Tag("file_path")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""An annotation on output text: `AnnotationFileCitation`, `AnnotationURLCitation`,
`AnnotationContainerFileCitation`, `AnnotationFilePath`, or (for a `type` openwire does not know yet)
`UnknownVariant`."""


ResponseOutputMessageContent = Annotated[
    Annotated[ResponseOutputText, Tag("output_text")]
    | Annotated[ResponseOutputRefusal, Tag("refusal")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""A part of an assistant message: `ResponseOutputText`, `ResponseOutputRefusal`, or `UnknownVariant`."""

ResponseContentPart = Annotated[
    Annotated[ResponseOutputText, Tag("output_text")]
    | Annotated[ResponseOutputRefusal, Tag("refusal")]
    | Annotated[ResponseReasoningText, Tag("reasoning_text")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""A content part a stream adds or finishes: `ResponseOutputText`, `ResponseOutputRefusal`,
`ResponseReasoningText`, or `UnknownVariant`."""


# -- what was sent to the model ------------------------------------------------------------------------


class PromptCacheBreakpoint(BaseModel):
    """A mark that the prompt up to this part should be cached."""

    mode: Literal["explicit"] | str | None = None
    """How the breakpoint was set: `explicit`."""


class ResponseInputText(BaseModel):
    """Text given to the model."""

    type: Literal["input_text"] = "input_text"
    """Always `input_text`."""
    text: str
    """The text."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | None = None
    """A prompt cache breakpoint set on this part, if any."""


class ResponseInputImage(BaseModel):
    """An image given to the model, by URL (or data URL) or as an uploaded file."""

    type: Literal["input_image"] = "input_image"
    """Always `input_image`."""
    image_url: str | None = None
    """The image's address, or a base64 data URL."""
    file_id: str | None = None
    """The id of the uploaded image file."""
    detail: ImageDetail | None = None
    """How closely the model looks at the image."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | None = None
    """A prompt cache breakpoint set on this part, if any."""


class ResponseInputFile(BaseModel):
    """A file given to the model: uploaded, inline, or by URL."""

    type: Literal["input_file"] = "input_file"
    """Always `input_file`."""
    file_id: str | None = None
    """The id of the uploaded file."""
    filename: str | None = None
    """The file's name."""
    file_data: str | None = None
    """The file's content, base64-encoded."""
    file_url: str | None = None
    """The file's address."""
    detail: Literal["auto", "low", "high"] | str | None = None
    """How closely the model reads the file."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | None = None
    """A prompt cache breakpoint set on this part, if any."""


class ResponseComputerScreenshot(BaseModel):
    """A screenshot of a computer's screen: what a computer call's output shows the model."""

    type: Literal["computer_screenshot"] = "computer_screenshot"
    """Always `computer_screenshot`."""
    image_url: str | None = None
    """The screenshot's address, or a base64 data URL."""
    file_id: str | None = None
    """The id of the uploaded screenshot file."""
    detail: ImageDetail | None = None
    """How closely the model looks at the screenshot (in conversation messages)."""
    prompt_cache_breakpoint: PromptCacheBreakpoint | None = None
    """A prompt cache breakpoint set on this part, if any (in conversation messages)."""


ResponseInputContent = Annotated[
    Annotated[ResponseInputText, Tag("input_text")]
    | Annotated[ResponseInputImage, Tag("input_image")]
    | Annotated[ResponseInputFile, Tag("input_file")]
    | Annotated[UnknownVariant, Tag("unknown")],
    by_type(),
]
"""A part of an input message or tool output: `ResponseInputText`, `ResponseInputImage`,
`ResponseInputFile`, or `UnknownVariant`."""
