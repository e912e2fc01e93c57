"""The events of a streamed Response (`responses.create(..., stream=True)`), and their union
`ResponseStreamEvent`, tagged by `type`.

A stream starts with `response.created` and ends with `response.completed`, `response.incomplete` or
`response.failed`, each carrying the whole `Response` (its `moderation` included); between them, items
and their content arrive piece by piece. Events about tool calls are in `tool_events.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Tag

from openwire._models import BaseModel, UnknownVariant, by_type
from openwire.types.responses.content import Annotation, Logprob, ResponseContentPart, ResponseSummaryText
from openwire.types.responses.output import ResponseOutputItem
from openwire.types.responses.response import Response
from openwire.types.responses.tool_events import (
    ResponseCodeInterpreterCallCodeDeltaEvent,
    ResponseCodeInterpreterCallCodeDoneEvent,
    ResponseCodeInterpreterCallCompletedEvent,
    ResponseCodeInterpreterCallInProgressEvent,
    ResponseCodeInterpreterCallInterpretingEvent,
    ResponseCustomToolCallInputDeltaEvent,
    ResponseCustomToolCallInputDoneEvent,
    ResponseFileSearchCallCompletedEvent,
    ResponseFileSearchCallInProgressEvent,
    ResponseFileSearchCallSearchingEvent,
    ResponseImageGenCallCompletedEvent,
    ResponseImageGenCallGeneratingEvent,
    ResponseImageGenCallInProgressEvent,
    ResponseImageGenCallPartialImageEvent,
    ResponseMCPCallArgumentsDeltaEvent,
    ResponseMCPCallArgumentsDoneEvent,
    ResponseMCPCallCompletedEvent,
    ResponseMCPCallFailedEvent,
    ResponseMCPCallInProgressEvent,
    ResponseMCPListToolsCompletedEvent,
    ResponseMCPListToolsFailedEvent,
    ResponseMCPListToolsInProgressEvent,
    ResponseShellCallCommandAddedEvent,
    ResponseShellCallCommandDeltaEvent,
    ResponseShellCallCommandDoneEvent,
    ResponseShellCallOutputContentDeltaEvent,
    ResponseShellCallOutputContentDoneEvent,
    ResponseWebSearchCallCompletedEvent,
    ResponseWebSearchCallInProgressEvent,
    ResponseWebSearchCallSearchingEvent,
)

__all__ = [
    "ResponseAudioDeltaEvent",
    "ResponseAudioDoneEvent",
    "ResponseAudioTranscriptDeltaEvent",
    "ResponseAudioTranscriptDoneEvent",
    "ResponseCompletedEvent",
    "ResponseContentPartAddedEvent",
    "ResponseContentPartDoneEvent",
    "ResponseCreatedEvent",
    "ResponseErrorEvent",
    "ResponseFailedEvent",
    "ResponseFunctionCallArgumentsDeltaEvent",
    "ResponseFunctionCallArgumentsDoneEvent",
    "ResponseInProgressEvent",
    "ResponseIncompleteEvent",
    "ResponseOutputItemAddedEvent",
    "ResponseOutputItemDoneEvent",
    "ResponseOutputTextAnnotationAddedEvent",
    "ResponseQueuedEvent",
    "ResponseReasoningSummaryPartAddedEvent",
    "ResponseReasoningSummaryPartDoneEvent",
    "ResponseReasoningSummaryTextDeltaEvent",
    "ResponseReasoningSummaryTextDoneEvent",
    "ResponseReasoningTextDeltaEvent",
    "ResponseReasoningTextDoneEvent",
    "ResponseRefusalDeltaEvent",
    "ResponseRefusalDoneEvent",
    "ResponseStreamEvent",
    "ResponseTextDeltaEvent",
    "ResponseTextDoneEvent",
]


class _Event(BaseModel):
    """An event of a streamed response."""

    sequence_number: int | None = None
    """The event's position in the stream."""


class _ItemEvent(_Event):
    """An event about one output item."""

    output_index: int = 0
    """The position of the item in the response's `output`."""
    item_id: str | None = None
    """The id of the item."""


class _PartEvent(_ItemEvent):
    """An event about one content part of an output item."""

    content_index: int = 0
    """The position of the part in the item's `content`."""


# -- the whole response --------------------------------------------------------------------------------


class ResponseCreatedEvent(_Event):
    """The response was created: the stream's first event."""

    type: Literal["response.created"] = "response.created"
    """Always `response.created`."""
    response: Response
    """The response as it starts."""


class ResponseQueuedEvent(_Event):
    """The response is queued, waiting to run."""

    type: Literal["response.queued"] = "response.queued"
    """Always `response.queued`."""
    response: Response
    """The response, queued."""


class ResponseInProgressEvent(_Event):
    """The response is being generated."""

    type: Literal["response.in_progress"] = "response.in_progress"
    """Always `response.in_progress`."""
    response: Response
    """The response so far."""


class ResponseCompletedEvent(_Event):
    """The response is complete: the stream's last event when all went well."""

    type: Literal["response.completed"] = "response.completed"
    """Always `response.completed`."""
    response: Response
    """The whole response, with its usage and moderation."""


class ResponseIncompleteEvent(_Event):
    """The response stopped before it was complete (see `response.incomplete_details`)."""

    type: Literal["response.incomplete"] = "response.incomplete"
    """Always `response.incomplete`."""
    response: Response
    """The response as far as it got."""


class ResponseFailedEvent(_Event):
    """The response failed (see `response.error`)."""

    type: Literal["response.failed"] = "response.failed"
    """Always `response.failed`."""
    response: Response
    """The response, with its error."""


class ResponseErrorEvent(_Event):
    """Something went wrong while streaming."""

    type: Literal["error"] = "error"
    """Always `error`."""
    code: str | None = None
    """The kind of error."""
    message: str
    """What went wrong."""
    param: str | None = None
    """The request parameter the error is about, if any."""


# -- output items and content parts --------------------------------------------------------------------


class ResponseOutputItemAddedEvent(_Event):
    """A new output item started (its content follows in later events)."""

    type: Literal["response.output_item.added"] = "response.output_item.added"
    """Always `response.output_item.added`."""
    output_index: int = 0
    """The position of the item in the response's `output`."""
    item: ResponseOutputItem
    """The item as it starts."""


class ResponseOutputItemDoneEvent(_Event):
    """An output item is complete."""

    type: Literal["response.output_item.done"] = "response.output_item.done"
    """Always `response.output_item.done`."""
    output_index: int = 0
    """The position of the item in the response's `output`."""
    item: ResponseOutputItem
    """The whole item."""


class ResponseContentPartAddedEvent(_PartEvent):
    """A new content part of an item started."""

    type: Literal["response.content_part.added"] = "response.content_part.added"
    """Always `response.content_part.added`."""
    part: ResponseContentPart
    """The part as it starts."""


class ResponseContentPartDoneEvent(_PartEvent):
    """A content part of an item is complete."""

    type: Literal["response.content_part.done"] = "response.content_part.done"
    """Always `response.content_part.done`."""
    part: ResponseContentPart
    """The whole part."""


# -- text and refusals ---------------------------------------------------------------------------------


class ResponseTextDeltaEvent(_PartEvent):
    """More text of an `output_text` part."""

    type: Literal["response.output_text.delta"] = "response.output_text.delta"
    """Always `response.output_text.delta`."""
    delta: str
    """The new text."""
    logprobs: list[Logprob] = Field(default_factory=list)
    """Log probabilities of the new tokens, when the request asked for them."""


class ResponseTextDoneEvent(_PartEvent):
    """An `output_text` part is complete."""

    type: Literal["response.output_text.done"] = "response.output_text.done"
    """Always `response.output_text.done`."""
    text: str
    """The whole text."""
    logprobs: list[Logprob] = Field(default_factory=list)
    """Log probabilities of the text's tokens, when the request asked for them."""


class ResponseOutputTextAnnotationAddedEvent(_PartEvent):
    """An `output_text` part gained an annotation (a citation or file path)."""

    type: Literal["response.output_text.annotation.added"] = "response.output_text.annotation.added"
    """Always `response.output_text.annotation.added`."""
    annotation_index: int = 0
    """The position of the annotation in the part's `annotations`."""
    annotation: Annotation | None = None
    """The annotation."""


class ResponseRefusalDeltaEvent(_PartEvent):
    """More of a refusal."""

    type: Literal["response.refusal.delta"] = "response.refusal.delta"
    """Always `response.refusal.delta`."""
    delta: str
    """The new text of the refusal."""


class ResponseRefusalDoneEvent(_PartEvent):
    """A refusal is complete."""

    type: Literal["response.refusal.done"] = "response.refusal.done"
    """Always `response.refusal.done`."""
    refusal: str
    """The whole refusal."""


# -- function calls ------------------------------------------------------------------------------------


class ResponseFunctionCallArgumentsDeltaEvent(_ItemEvent):
    """More of the arguments of a function call."""

    type: Literal["response.function_call_arguments.delta"] = "response.function_call_arguments.delta"
    """Always `response.function_call_arguments.delta`."""
    delta: str
    """The new piece of the JSON arguments."""


class ResponseFunctionCallArgumentsDoneEvent(_ItemEvent):
    """The arguments of a function call are complete."""

    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"
    """Always `response.function_call_arguments.done`."""
    name: str | None = None
    """The name of the function."""
    arguments: str
    """The whole JSON arguments."""


# -- reasoning -----------------------------------------------------------------------------------------


class ResponseReasoningSummaryPartAddedEvent(_ItemEvent):
    """A new part of a reasoning summary started."""

    type: Literal["response.reasoning_summary_part.added"] = "response.reasoning_summary_part.added"
    """Always `response.reasoning_summary_part.added`."""
    summary_index: int = 0
    """The position of the part in the item's `summary`."""
    part: ResponseSummaryText
    """The part as it starts."""


class ResponseReasoningSummaryPartDoneEvent(_ItemEvent):
    """A part of a reasoning summary is complete."""

    type: Literal["response.reasoning_summary_part.done"] = "response.reasoning_summary_part.done"
    """Always `response.reasoning_summary_part.done`."""
    summary_index: int = 0
    """The position of the part in the item's `summary`."""
    part: ResponseSummaryText
    """The whole part."""
    status: Literal["incomplete"] | str | None = None
    """`incomplete` when the part was cut short."""


class ResponseReasoningSummaryTextDeltaEvent(_ItemEvent):
    """More text of a reasoning summary part."""

    type: Literal["response.reasoning_summary_text.delta"] = "response.reasoning_summary_text.delta"
    """Always `response.reasoning_summary_text.delta`."""
    summary_index: int = 0
    """The position of the part in the item's `summary`."""
    delta: str
    """The new text."""


class ResponseReasoningSummaryTextDoneEvent(_ItemEvent):
    """The text of a reasoning summary part is complete."""

    type: Literal["response.reasoning_summary_text.done"] = "response.reasoning_summary_text.done"
    """Always `response.reasoning_summary_text.done`."""
    summary_index: int = 0
    """The position of the part in the item's `summary`."""
    text: str
    """The whole text."""


class ResponseReasoningTextDeltaEvent(_PartEvent):
    """More of the reasoning text (from models that show it)."""

    type: Literal["response.reasoning_text.delta"] = "response.reasoning_text.delta"
    """Always `response.reasoning_text.delta`."""
    delta: str
    """The new text."""


class ResponseReasoningTextDoneEvent(_PartEvent):
    """A part of the reasoning text is complete."""

    type: Literal["response.reasoning_text.done"] = "response.reasoning_text.done"
    """Always `response.reasoning_text.done`."""
    text: str
    """The whole text."""


# -- audio ---------------------------------------------------------------------------------------------


class ResponseAudioDeltaEvent(_Event):
    """More of the spoken response."""

    type: Literal["response.audio.delta"] = "response.audio.delta"
    """Always `response.audio.delta`."""
    delta: str
    """The new audio, base64-encoded."""


class ResponseAudioDoneEvent(_Event):
    """The spoken response is complete."""

    type: Literal["response.audio.done"] = "response.audio.done"
    """Always `response.audio.done`."""


class ResponseAudioTranscriptDeltaEvent(_Event):
    """More of the transcript of the spoken response."""

    type: Literal["response.audio.transcript.delta"] = "response.audio.transcript.delta"
    """Always `response.audio.transcript.delta`."""
    delta: str
    """The new text."""


class ResponseAudioTranscriptDoneEvent(_Event):
    """The transcript of the spoken response is complete."""

    type: Literal["response.audio.transcript.done"] = "response.audio.transcript.done"
    """Always `response.audio.transcript.done`."""


# -- the union -----------------------------------------------------------------------------------------


_KnownEvent = (
    Annotated[ResponseAudioDeltaEvent, Tag("response.audio.delta")]
    | Annotated[ResponseAudioDoneEvent, Tag("response.audio.done")]
    | Annotated[ResponseAudioTranscriptDeltaEvent, Tag("response.audio.transcript.delta")]
    | Annotated[ResponseAudioTranscriptDoneEvent, Tag("response.audio.transcript.done")]
    | Annotated[ResponseCodeInterpreterCallCodeDeltaEvent, Tag("response.code_interpreter_call_code.delta")]
    | Annotated[ResponseCodeInterpreterCallCodeDoneEvent, Tag("response.code_interpreter_call_code.done")]
    | Annotated[ResponseCodeInterpreterCallCompletedEvent, Tag("response.code_interpreter_call.completed")]
    | Annotated[ResponseCodeInterpreterCallInProgressEvent, Tag("response.code_interpreter_call.in_progress")]
    | Annotated[
        ResponseCodeInterpreterCallInterpretingEvent, Tag("response.code_interpreter_call.interpreting")
    ]
    | Annotated[ResponseCompletedEvent, Tag("response.completed")]
    | Annotated[ResponseContentPartAddedEvent, Tag("response.content_part.added")]
    | Annotated[ResponseContentPartDoneEvent, Tag("response.content_part.done")]
    | Annotated[ResponseCreatedEvent, Tag("response.created")]
    | Annotated[ResponseErrorEvent, Tag("error")]
    | Annotated[ResponseFileSearchCallCompletedEvent, Tag("response.file_search_call.completed")]
    | Annotated[ResponseFileSearchCallInProgressEvent, Tag("response.file_search_call.in_progress")]
    | Annotated[ResponseFileSearchCallSearchingEvent, Tag("response.file_search_call.searching")]
    | Annotated[ResponseFunctionCallArgumentsDeltaEvent, Tag("response.function_call_arguments.delta")]
    | Annotated[ResponseFunctionCallArgumentsDoneEvent, Tag("response.function_call_arguments.done")]
    | Annotated[ResponseShellCallCommandAddedEvent, Tag("response.shell_call_command.added")]
    | Annotated[ResponseShellCallCommandDeltaEvent, Tag("response.shell_call_command.delta")]
    | Annotated[ResponseShellCallCommandDoneEvent, Tag("response.shell_call_command.done")]
    | Annotated[ResponseShellCallOutputContentDeltaEvent, Tag("response.shell_call_output_content.delta")]
    | Annotated[ResponseShellCallOutputContentDoneEvent, Tag("response.shell_call_output_content.done")]
    | Annotated[ResponseInProgressEvent, Tag("response.in_progress")]
    | Annotated[ResponseFailedEvent, Tag("response.failed")]
    | Annotated[ResponseIncompleteEvent, Tag("response.incomplete")]
    | Annotated[ResponseOutputItemAddedEvent, Tag("response.output_item.added")]
    | Annotated[ResponseOutputItemDoneEvent, Tag("response.output_item.done")]
    | Annotated[ResponseReasoningSummaryPartAddedEvent, Tag("response.reasoning_summary_part.added")]
    | Annotated[ResponseReasoningSummaryPartDoneEvent, Tag("response.reasoning_summary_part.done")]
    | Annotated[ResponseReasoningSummaryTextDeltaEvent, Tag("response.reasoning_summary_text.delta")]
    | Annotated[ResponseReasoningSummaryTextDoneEvent, Tag("response.reasoning_summary_text.done")]
    | Annotated[ResponseReasoningTextDeltaEvent, Tag("response.reasoning_text.delta")]
    | Annotated[ResponseReasoningTextDoneEvent, Tag("response.reasoning_text.done")]
    | Annotated[ResponseRefusalDeltaEvent, Tag("response.refusal.delta")]
    | Annotated[ResponseRefusalDoneEvent, Tag("response.refusal.done")]
    | Annotated[ResponseTextDeltaEvent, Tag("response.output_text.delta")]
    | Annotated[ResponseTextDoneEvent, Tag("response.output_text.done")]
    | Annotated[ResponseWebSearchCallCompletedEvent, Tag("response.web_search_call.completed")]
    | Annotated[ResponseWebSearchCallInProgressEvent, Tag("response.web_search_call.in_progress")]
    | Annotated[ResponseWebSearchCallSearchingEvent, Tag("response.web_search_call.searching")]
    | Annotated[ResponseImageGenCallCompletedEvent, Tag("response.image_generation_call.completed")]
    | Annotated[ResponseImageGenCallGeneratingEvent, Tag("response.image_generation_call.generating")]
    | Annotated[ResponseImageGenCallInProgressEvent, Tag("response.image_generation_call.in_progress")]
    | Annotated[ResponseImageGenCallPartialImageEvent, Tag("response.image_generation_call.partial_image")]
    | Annotated[ResponseMCPCallArgumentsDeltaEvent, Tag("response.mcp_call_arguments.delta")]
    | Annotated[ResponseMCPCallArgumentsDoneEvent, Tag("response.mcp_call_arguments.done")]
    | Annotated[ResponseMCPCallCompletedEvent, Tag("response.mcp_call.completed")]
    | Annotated[ResponseMCPCallFailedEvent, Tag("response.mcp_call.failed")]
    | Annotated[ResponseMCPCallInProgressEvent, Tag("response.mcp_call.in_progress")]
    | Annotated[ResponseMCPListToolsCompletedEvent, Tag("response.mcp_list_tools.completed")]
    | Annotated[ResponseMCPListToolsFailedEvent, Tag("response.mcp_list_tools.failed")]
    | Annotated[ResponseMCPListToolsInProgressEvent, Tag("response.mcp_list_tools.in_progress")]
    | Annotated[ResponseOutputTextAnnotationAddedEvent, Tag("response.output_text.annotation.added")]
    | Annotated[ResponseQueuedEvent, Tag("response.queued")]
    | Annotated[ResponseCustomToolCallInputDeltaEvent, Tag("response.custom_tool_call_input.delta")]
    | Annotated[ResponseCustomToolCallInputDoneEvent, Tag("response.custom_tool_call_input.done")]
    | Annotated[UnknownVariant, Tag("unknown")]
)

ResponseStreamEvent = Annotated[_KnownEvent, by_type()]
"""An event of a streamed response, by its `type`: `ResponseCreatedEvent`, `ResponseTextDeltaEvent`,
`ResponseOutputItemAddedEvent`, ..., `ResponseCompletedEvent`, or (for a `type` openwire does not know
yet) `UnknownVariant`, which keeps all the event's fields."""
