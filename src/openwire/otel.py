"""OpenTelemetry for openwire: a span and the GenAI client metrics for every model call, following
the OpenTelemetry semantic conventions for generative AI. Needs `pip install 'openwire[otel]'`.

```python
from openwire.otel import OpenTelemetryMiddleware

client = openwire.Client(middleware=[OpenTelemetryMiddleware()])  # the global tracer and meter providers
```

`import openwire` never imports this module (nor OpenTelemetry).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

try:
    from opentelemetry import metrics, trace
    from opentelemetry.trace import Span, SpanKind, Status, StatusCode
except ImportError as error:  # pragma: no cover - the message is the point
    raise ImportError(
        "openwire.otel needs the OpenTelemetry API: pip install 'openwire[otel]' "
        "(and an OpenTelemetry SDK or distribution to export what it records)"
    ) from error

from ._exceptions import APIStatusError, request_id_of
from ._middleware import CallInfo, Middleware
from ._usage import Tokens, answer_of, read_usage
from ._usage import field_of as _get
from ._version import __version__

__all__ = ["OPERATIONS", "OpenTelemetryMiddleware"]

OPERATIONS: Mapping[str, tuple[str, str | None]] = {
    "chat.completions.create": ("chat", "chat_completions"),
    "responses.create": ("chat", "responses"),
    "embeddings.create": ("embeddings", None),
}
"""The calls that get a span: each one's `gen_ai.operation.name` and `openai.api.type`."""

# Request parameters recorded when given (plain values only), and the attribute each goes to.
_REQUEST_ATTRIBUTES = (
    ("temperature", "gen_ai.request.temperature"),
    ("top_p", "gen_ai.request.top_p"),
    ("max_tokens", "gen_ai.request.max_tokens"),
    ("max_completion_tokens", "gen_ai.request.max_tokens"),
    ("max_output_tokens", "gen_ai.request.max_tokens"),
    ("frequency_penalty", "gen_ai.request.frequency_penalty"),
    ("presence_penalty", "gen_ai.request.presence_penalty"),
    ("seed", "gen_ai.request.seed"),
    ("n", "gen_ai.request.choice.count"),
    ("dimensions", "gen_ai.embeddings.dimension.count"),
    ("service_tier", "openai.request.service_tier"),
)

# The buckets the conventions advise for each histogram.
_SECONDS_BUCKETS = (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)
_TOKEN_BUCKETS = tuple(4.0**power for power in range(14))  # 1, 4, 16, ... 67108864

_INCOMPLETE = {"max_output_tokens": "length", "content_filter": "content_filter"}
_RESPONSE_EVENTS = frozenset({"response.created", "response.in_progress"})
_FINAL_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})


class OpenTelemetryMiddleware(Middleware):
    """Middleware that traces model calls and records the GenAI client metrics.

    Each chat completion, response and embeddings call gets one `CLIENT` span named
    `"{gen_ai.operation.name} {gen_ai.request.model}"` (e.g. `"chat gpt-4o-mini"`), covering all its
    attempts (a failed attempt is a span event, `openwire.attempt_failed`); a stream's span stays open
    until the stream is read to its end, closed or dropped. Other calls (listing models, files) get
    no span. Metrics: `gen_ai.client.operation.duration` (seconds) and `gen_ai.client.token.usage`
    (tokens, by `gen_ai.token.type`).

    Prompts and answers are not recorded unless `capture_content=True`, which adds them as the
    `gen_ai.input.messages`, `gen_ai.system_instructions` and `gen_ai.output.messages` attributes
    (JSON). Images, audio and files are recorded by their kind only, never their data.

    Args:
        tracer_provider: where spans go (default: the global one).
        meter_provider: where metrics go (default: the global one).
        capture_content: record prompts and answers on spans.
        provider_name: `gen_ai.provider.name` (`"openai"`; name the provider when the client talks
            to another service that speaks the API, e.g. `"azure.ai.openai"`).
    """

    def __init__(
        self,
        *,
        tracer_provider: trace.TracerProvider | None = None,
        meter_provider: metrics.MeterProvider | None = None,
        capture_content: bool = False,
        provider_name: str = "openai",
    ) -> None:
        self.capture_content = capture_content
        self.provider_name = provider_name
        self._tracer = trace.get_tracer("openwire", __version__, tracer_provider)
        meter = metrics.get_meter("openwire", __version__, meter_provider)
        self._duration = _histogram(
            meter, "gen_ai.client.operation.duration", "s", "GenAI operation duration", _SECONDS_BUCKETS
        )
        self._tokens = _histogram(
            meter, "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used",
            _TOKEN_BUCKETS,
        )  # fmt: skip
        self._key = f"openwire.otel.{id(self)}"

    def on_request(self, request: Any, call: CallInfo) -> None:
        """Open the call's span before its first attempt."""
        if call.name in OPERATIONS and self._key not in call.state:
            call.state[self._key] = _Traced(self, call)

    def on_error(self, error: Any, call: CallInfo) -> None:
        """Note a failed attempt on the span."""
        traced: _Traced | None = call.state.get(self._key)
        if traced is not None:
            attributes: dict[str, Any] = {"openwire.attempt": call.attempt, "error.type": _error_type(error)}
            if isinstance(error, APIStatusError):
                attributes["http.response.status_code"] = error.status_code
            traced.span.add_event("openwire.attempt_failed", attributes)

    def on_event(self, event: Any, call: CallInfo) -> None:
        """Gather what a stream's chunks say about the answer."""
        traced: _Traced | None = call.state.get(self._key)
        if traced is not None:
            traced.event(event)

    def on_end(self, call: CallInfo, result: Any, error: BaseException | None) -> None:
        """Finish the span and record the metrics."""
        traced: _Traced | None = call.state.pop(self._key, None)
        if traced is None:
            if call.name not in OPERATIONS:
                return
            traced = _Traced(self, call)  # ended before any attempt was sent (a deadline, say)
        traced.end(result, error)

    def __repr__(self) -> str:
        return (
            f"<OpenTelemetryMiddleware provider_name={self.provider_name!r} "
            f"capture_content={self.capture_content}>"
        )


class _Traced:
    """One call's span, and what its stream has told so far."""

    __slots__ = (
        "base",
        "call",
        "final",
        "finish",
        "first_chunk",
        "id",
        "middleware",
        "model",
        "service_tier",
        "span",
        "texts",
        "tool_calls",
        "usage",
    )

    def __init__(self, middleware: OpenTelemetryMiddleware, call: CallInfo) -> None:
        self.middleware = middleware
        self.call = call
        operation, api_type = OPERATIONS[call.name]
        params = call.params
        model = params.get("model")
        self.base: dict[str, Any] = {
            "gen_ai.operation.name": operation,
            "gen_ai.provider.name": middleware.provider_name,
        }
        if isinstance(model, str):
            self.base["gen_ai.request.model"] = model
        self.base.update(_server(call.base_url))
        attributes = dict(self.base)
        if api_type is not None:
            attributes["openai.api.type"] = api_type
        if call.stream:
            attributes["gen_ai.request.stream"] = True
        attributes.update(_request_attributes(params))
        if middleware.capture_content:
            attributes.update(_input_content(call.name, params))
        name = f"{operation} {model}" if isinstance(model, str) else operation
        # The span starts when the call did, not at its first hook.
        started = time.time_ns() - int((time.perf_counter() - call.started) * 1e9)
        self.span: Span = middleware._tracer.start_span(
            name, kind=SpanKind.CLIENT, attributes=attributes, start_time=started
        )
        self.id: str | None = None
        self.model: str | None = None
        self.service_tier: str | None = None
        self.usage: Any = None
        self.final: Any = None
        self.first_chunk: float | None = None
        self.finish: dict[int, str] = {}
        self.texts: dict[int, list[str]] = {}
        self.tool_calls: dict[int, dict[int, dict[str, Any]]] = {}

    def event(self, event: Any) -> None:
        if self.first_chunk is None:
            self.first_chunk = time.perf_counter() - self.call.started
        if self.call.path == "/responses":
            kind = getattr(event, "type", None)
            if kind in _FINAL_EVENTS:
                self.final = event.response
            elif kind in _RESPONSE_EVENTS:
                self.id, self.model = event.response.id, event.response.model
            return
        # A chat chunk: every chunk names the completion and model; the last ones end the choices
        # and carry the usage.
        self.id, self.model = event.id, event.model
        if event.usage is not None:
            self.usage = event.usage
        if event.service_tier is not None:
            self.service_tier = event.service_tier
        capture = self.middleware.capture_content
        for choice in event.choices:
            if choice.finish_reason is not None:
                self.finish[choice.index] = choice.finish_reason
            if capture:
                self._gather(choice.index, choice.delta)

    def _gather(self, index: int, delta: Any) -> None:
        if delta.content:
            self.texts.setdefault(index, []).append(delta.content)
        for call in delta.tool_calls or ():
            gathered = self.tool_calls.setdefault(index, {}).setdefault(
                call.index, {"type": "tool_call", "id": None, "name": None, "arguments": ""}
            )
            if call.id:
                gathered["id"] = call.id
            function = call.function
            if function is not None:
                if function.name:
                    gathered["name"] = function.name
                if function.arguments:
                    gathered["arguments"] += function.arguments

    def end(self, result: Any, error: BaseException | None) -> None:
        call, span = self.call, self.span
        attributes: dict[str, Any] = {}
        if self.final is not None:
            answer: Any = self.final
        elif call.stream:
            answer = None
        else:
            answer = answer_of(call, result)
        if answer is not None:
            attributes.update(_answer_attributes(answer))
        elif call.stream and self.model is not None:
            attributes.update(self._streamed_attributes())
        tokens = read_usage(_get(answer, "usage") if answer is not None else self.usage)
        if tokens is not None:
            attributes.update(_usage_attributes(call.name, tokens))
        if self.first_chunk is not None:
            attributes["gen_ai.response.time_to_first_chunk"] = self.first_chunk
        if call.response is not None:
            request_id = request_id_of(call.response.headers)
            if request_id is not None:
                attributes["openwire.request_id"] = request_id
        attributes["openwire.attempts"] = call.attempt
        if self.middleware.capture_content:
            output = _output_content(answer) if answer is not None else self._streamed_output()
            if output:
                attributes["gen_ai.output.messages"] = _json(output)
        metric_attributes = dict(self.base)
        if "gen_ai.response.model" in attributes:
            metric_attributes["gen_ai.response.model"] = attributes["gen_ai.response.model"]
        if error is not None:
            error_type = _error_type(error)
            attributes["error.type"] = metric_attributes["error.type"] = error_type
            # The type only: an error's message can quote the request, which stays out of spans.
            span.set_status(Status(StatusCode.ERROR, error_type))
        span.set_attributes(attributes)
        span.end()
        middleware = self.middleware
        middleware._duration.record(time.perf_counter() - call.started, metric_attributes)
        if tokens is not None:
            middleware._tokens.record(tokens.input, {**metric_attributes, "gen_ai.token.type": "input"})
            if call.name != "embeddings.create":
                middleware._tokens.record(tokens.output, {**metric_attributes, "gen_ai.token.type": "output"})

    def _streamed_attributes(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {"gen_ai.response.model": self.model}
        if self.id:
            attributes["gen_ai.response.id"] = self.id
        if self.finish:
            attributes["gen_ai.response.finish_reasons"] = [self.finish[i] for i in sorted(self.finish)]
        if self.service_tier:
            attributes["openai.response.service_tier"] = self.service_tier
        return attributes

    def _streamed_output(self) -> list[dict[str, Any]]:
        indexes = sorted(set(self.texts) | set(self.tool_calls) | set(self.finish))
        messages = []
        for index in indexes:
            parts: list[dict[str, Any]] = []
            if index in self.texts:
                parts.append({"type": "text", "content": "".join(self.texts[index])})
            parts.extend(self.tool_calls.get(index, {}).values())
            messages.append(_message("assistant", parts, self.finish.get(index)))
        return messages


def _histogram(meter: metrics.Meter, name: str, unit: str, description: str, buckets: Sequence[float]) -> Any:
    try:
        return meter.create_histogram(name, unit, description, explicit_bucket_boundaries_advisory=buckets)
    except TypeError:  # opentelemetry-api before 1.23 takes no advice on buckets
        return meter.create_histogram(name, unit, description)


def _server(base_url: str) -> dict[str, Any]:
    parts = urlsplit(base_url)
    if not parts.hostname:
        return {}
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return {"server.address": parts.hostname, "server.port": port}


def _error_type(error: BaseException) -> str:
    """Low-cardinality, as the conventions ask: the status code of a status error, else the class."""
    if isinstance(error, APIStatusError):
        return str(error.status_code)
    return type(error).__qualname__


def _request_attributes(params: Mapping[str, Any]) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for param, attribute in _REQUEST_ATTRIBUTES:
        value = params.get(param)
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            attributes[attribute] = value
    stop = params.get("stop")
    if isinstance(stop, str):
        attributes["gen_ai.request.stop_sequences"] = [stop]
    elif isinstance(stop, Sequence) and all(isinstance(item, str) for item in stop):
        attributes["gen_ai.request.stop_sequences"] = list(stop)
    encoding = params.get("encoding_format")
    if isinstance(encoding, str):
        attributes["gen_ai.request.encoding_formats"] = [encoding]
    output_format = _get(params.get("response_format"), "type") or _get(
        _get(params.get("text"), "format"), "type"
    )
    if output_format in ("json_schema", "json_object"):
        attributes["gen_ai.output.type"] = "json"
    elif output_format == "text":
        attributes["gen_ai.output.type"] = "text"
    return attributes


def _answer_attributes(answer: Any) -> dict[str, Any]:
    """What the conventions record of an answer: a chat completion, a response or embeddings, as a
    model or its JSON."""
    attributes: dict[str, Any] = {}
    for field, attribute in (
        ("model", "gen_ai.response.model"),
        ("id", "gen_ai.response.id"),
        ("service_tier", "openai.response.service_tier"),
        ("system_fingerprint", "openai.response.system_fingerprint"),
    ):
        value = _get(answer, field)
        if isinstance(value, str) and value:
            attributes[attribute] = value
    reasons = _finish_reasons(answer)
    if reasons:
        attributes["gen_ai.response.finish_reasons"] = reasons
    return attributes


def _finish_reasons(answer: Any) -> list[str]:
    choices = _get(answer, "choices")
    if isinstance(choices, Sequence):
        return [str(reason) for choice in choices if (reason := _get(choice, "finish_reason"))]
    status = _get(answer, "status")  # a response: its status says how it ended
    if status == "completed":
        output = _get(answer, "output") or ()
        return ["tool_call" if any(_get(item, "type") == "function_call" for item in output) else "stop"]
    if status == "incomplete":
        reason = _get(_get(answer, "incomplete_details"), "reason")
        return [_INCOMPLETE.get(reason, reason) if isinstance(reason, str) else "incomplete"]
    if status == "failed":
        return ["error"]
    return []


def _usage_attributes(name: str, tokens: Tokens) -> dict[str, Any]:
    attributes = {"gen_ai.usage.input_tokens": tokens.input}
    if name != "embeddings.create":
        attributes["gen_ai.usage.output_tokens"] = tokens.output
    if tokens.cached:
        attributes["gen_ai.usage.cache_read.input_tokens"] = tokens.cached
    if tokens.reasoning:
        attributes["gen_ai.usage.reasoning.output_tokens"] = tokens.reasoning
    return attributes


# -- content (only with capture_content=True) --------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _message(role: Any, parts: list[dict[str, Any]], finish_reason: Any = None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": str(role or "user"), "parts": parts}
    if finish_reason is not None:
        message["finish_reason"] = str(finish_reason)
    return message


def _parts(content: Any) -> list[dict[str, Any]]:
    """A message's content as the conventions' parts: text as text, anything else by its kind only."""
    if content is None:
        return []
    if isinstance(content, str):
        return [{"type": "text", "content": content}]
    parts: list[dict[str, Any]] = []
    if isinstance(content, Sequence):
        for part in content:
            text = _get(part, "text")
            if isinstance(text, str):
                parts.append({"type": "text", "content": text})
            else:
                refusal = _get(part, "refusal")
                parts.append(
                    {"type": "text", "content": refusal}
                    if isinstance(refusal, str)
                    else {"type": str(_get(part, "type") or "unknown")}
                )
    return parts


def _tool_call(call: Any) -> dict[str, Any]:
    function = _get(call, "function")
    if function is not None:  # a chat tool call
        return {
            "type": "tool_call", "id": _get(call, "id"), "name": _get(function, "name"),
            "arguments": _get(function, "arguments"),
        }  # fmt: skip
    return {  # a response's function_call item
        "type": "tool_call", "id": _get(call, "call_id"), "name": _get(call, "name"),
        "arguments": _get(call, "arguments"),
    }  # fmt: skip


def _input_content(name: str, params: Mapping[str, Any]) -> dict[str, Any]:
    messages: list[dict[str, Any]] = []
    attributes: dict[str, Any] = {}
    if name == "chat.completions.create":
        for message in params.get("messages") or ():
            role = _get(message, "role")
            if role == "tool":
                part = {"type": "tool_call_response", "id": _get(message, "tool_call_id")}
                part["response"] = _get(message, "content")
                messages.append(_message(role, [part]))
                continue
            parts = _parts(_get(message, "content"))
            parts.extend(_tool_call(call) for call in _get(message, "tool_calls") or ())
            messages.append(_message(role, parts))
    elif name == "responses.create":
        instructions = params.get("instructions")
        if isinstance(instructions, str):
            attributes["gen_ai.system_instructions"] = _json([{"type": "text", "content": instructions}])
        given = params.get("input")
        if isinstance(given, str):
            messages.append(_message("user", _parts(given)))
        else:
            for item in given or ():
                kind = _get(item, "type")
                if kind == "function_call":
                    messages.append(_message("assistant", [_tool_call(item)]))
                elif kind == "function_call_output":
                    part = {"type": "tool_call_response", "id": _get(item, "call_id")}
                    part["response"] = _get(item, "output")
                    messages.append(_message("tool", [part]))
                elif _get(item, "role") is not None:
                    messages.append(_message(_get(item, "role"), _parts(_get(item, "content"))))
                else:
                    messages.append(_message("user", [{"type": str(kind or "unknown")}]))
    if messages:
        attributes["gen_ai.input.messages"] = _json(messages)
    return attributes


def _output_content(answer: Any) -> list[dict[str, Any]]:
    choices = _get(answer, "choices")
    if isinstance(choices, Sequence):  # a chat completion
        messages = []
        for choice in choices:
            message = _get(choice, "message")
            parts = _parts(_get(message, "content"))
            parts.extend(_tool_call(call) for call in _get(message, "tool_calls") or ())
            messages.append(_message("assistant", parts, _get(choice, "finish_reason")))
        return messages
    output = _get(answer, "output")
    if isinstance(output, Sequence):  # a response: its items make one answer
        parts = []
        for item in output:
            kind = _get(item, "type")
            if kind == "message":
                parts.extend(_parts(_get(item, "content")))
            elif kind == "function_call":
                parts.append(_tool_call(item))
            else:
                parts.append({"type": str(kind or "unknown")})
        reasons = _finish_reasons(answer)
        return [_message("assistant", parts, reasons[0] if reasons else None)]
    return []  # embeddings: vectors are not content worth a span
