"""OpenTelemetry: one span per model call following the GenAI conventions (streams kept open until
they end), the GenAI client metrics, and no content unless asked for; checked with the SDK's
in-memory exporter and reader on both clients. `import openwire` never imports OpenTelemetry."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

import openwire
from conftest import Flavor
from openwire.testing import LocalServer

SECRET = "Zanzibar-prompt-7f3a"  # a prompt no span may show unless content is captured
CHAT: dict[str, Any] = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"Say {SECRET}"}]}


class Telemetry:
    """An OpenTelemetry SDK wired to memory: the spans and metrics the middleware records."""

    def __init__(self) -> None:
        pytest.importorskip("opentelemetry.sdk", reason="needs opentelemetry-sdk (the dev extra)")
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.export import InMemoryMetricReader
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

        self.exporter = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])

    def middleware(self, **options: Any) -> Any:
        from openwire.otel import OpenTelemetryMiddleware

        return OpenTelemetryMiddleware(
            tracer_provider=self.tracer_provider, meter_provider=self.meter_provider, **options
        )

    def spans(self) -> list[Any]:
        return list(self.exporter.get_finished_spans())

    def span(self) -> Any:
        spans = self.spans()
        assert len(spans) == 1, [s.name for s in spans]
        return spans[0]

    def points(self, name: str) -> list[Any]:
        """The data points of one metric."""
        data = self.reader.get_metrics_data()
        found = []
        for resource in data.resource_metrics if data else ():
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    if metric.name == name:
                        found.extend(metric.data.data_points)
        return found

    def everything(self) -> str:
        """All spans and metrics, as the exporters would send them."""
        data = self.reader.get_metrics_data()
        return "\n".join([s.to_json() for s in self.spans()] + [data.to_json() if data else ""])

    def close(self) -> None:
        self.tracer_provider.shutdown()
        self.meter_provider.shutdown()


@pytest.fixture
def otel() -> Any:
    made = Telemetry()
    yield made
    made.close()


async def _drain(stream: Any) -> list[Any]:
    return [chunk async for chunk in stream]


def collect(flavor: Flavor, stream: Any) -> list[Any]:
    return flavor.run(_drain, stream) if flavor.is_async else list(stream)


def test_a_chat_completion_span(flavor: Flavor, otel: Telemetry) -> None:
    from opentelemetry.trace import SpanKind, StatusCode

    client = flavor.local(LocalServer(), middleware=[otel.middleware()])
    completion = flavor.run(
        lambda c: c.chat.completions.create(**CHAT, temperature=0.2, top_p=0.9, max_tokens=50, stop="END"),
        client,
    )
    span = otel.span()
    assert span.name == "chat gpt-4o-mini"
    assert span.kind is SpanKind.CLIENT
    assert span.status.status_code is StatusCode.UNSET
    attributes = dict(span.attributes)
    assert attributes.pop("gen_ai.response.id") == completion.id
    assert attributes.pop("openwire.request_id") == completion.request_id
    assert attributes == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "openai.api.type": "chat_completions",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.request.temperature": 0.2,
        "gen_ai.request.top_p": 0.9,
        "gen_ai.request.max_tokens": 50,
        "gen_ai.request.stop_sequences": ("END",),
        "gen_ai.response.model": completion.model,
        "gen_ai.response.finish_reasons": ("stop",),
        "gen_ai.usage.input_tokens": completion.usage.prompt_tokens,
        "gen_ai.usage.output_tokens": completion.usage.completion_tokens,
        "openai.response.service_tier": completion.service_tier,
        "openai.response.system_fingerprint": completion.system_fingerprint,
        "server.address": "localhost",
        "server.port": 80,
        "openwire.attempts": 1,
    }
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.count == 1
    assert 0 < duration.sum < 10
    assert dict(duration.attributes) == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": completion.model,
        "server.address": "localhost",
        "server.port": 80,
    }
    tokens = {p.attributes["gen_ai.token.type"]: p.sum for p in otel.points("gen_ai.client.token.usage")}
    assert tokens == {"input": completion.usage.prompt_tokens, "output": completion.usage.completion_tokens}


def test_the_span_is_a_child_of_the_current_one(otel: Telemetry) -> None:
    client = LocalServer().client(middleware=[otel.middleware()])
    with otel.tracer_provider.get_tracer("test").start_as_current_span("handler") as parent:
        client.chat.completions.create(**CHAT)
    call, handler = otel.spans()
    assert handler.name == "handler"
    assert call.parent.span_id == parent.get_span_context().span_id
    assert call.context.trace_id == parent.get_span_context().trace_id
    assert handler.start_time <= call.start_time <= call.end_time <= handler.end_time


def test_an_embeddings_span(flavor: Flavor, otel: Telemetry) -> None:
    client = flavor.local(LocalServer(), middleware=[otel.middleware()])
    answer = flavor.run(
        lambda c: c.embeddings.create(
            model="text-embedding-3-small", input=SECRET, dimensions=256, encoding_format="float"
        ),
        client,
    )
    span = otel.span()
    assert span.name == "embeddings text-embedding-3-small"
    assert span.attributes["gen_ai.operation.name"] == "embeddings"
    assert span.attributes["gen_ai.embeddings.dimension.count"] == 256
    assert span.attributes["gen_ai.request.encoding_formats"] == ("float",)
    assert span.attributes["gen_ai.usage.input_tokens"] == answer.usage.prompt_tokens
    assert "gen_ai.usage.output_tokens" not in span.attributes
    assert "openai.api.type" not in span.attributes
    assert [p.attributes["gen_ai.token.type"] for p in otel.points("gen_ai.client.token.usage")] == ["input"]


def test_a_response_span(flavor: Flavor, otel: Telemetry) -> None:
    client = flavor.local(LocalServer(), middleware=[otel.middleware()])
    response = flavor.run(
        lambda c: c.responses.create(model="gpt-4o-mini", input=SECRET, max_output_tokens=64), client
    )
    span = otel.span()
    assert span.name == "chat gpt-4o-mini"
    assert span.attributes["openai.api.type"] == "responses"
    assert span.attributes["gen_ai.request.max_tokens"] == 64
    assert span.attributes["gen_ai.response.id"] == response.id
    assert span.attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert span.attributes["gen_ai.usage.input_tokens"] == response.usage.input_tokens
    assert span.attributes["gen_ai.usage.output_tokens"] == response.usage.output_tokens


def test_a_stream_span_lasts_until_the_stream_is_read(flavor: Flavor, otel: Telemetry) -> None:
    client = flavor.local(LocalServer(), middleware=[otel.middleware()])
    stream = flavor.run(
        lambda c: c.chat.completions.create(**CHAT, stream=True, stream_options={"include_usage": True}),
        client,
    )
    assert otel.spans() == []  # open while the answer is read
    chunks = collect(flavor, stream)
    span = otel.span()
    usage = chunks[-1].usage
    assert span.attributes["gen_ai.request.stream"] is True
    assert span.attributes["gen_ai.response.id"] == chunks[0].id
    assert span.attributes["gen_ai.response.model"] == chunks[0].model
    assert span.attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert span.attributes["gen_ai.usage.input_tokens"] == usage.prompt_tokens
    assert span.attributes["gen_ai.usage.output_tokens"] == usage.completion_tokens
    assert (
        0 < span.attributes["gen_ai.response.time_to_first_chunk"] <= (span.end_time - span.start_time) / 1e9
    )
    assert span.attributes["openwire.request_id"] == stream.request_id


def test_a_responses_stream_span(flavor: Flavor, otel: Telemetry) -> None:
    client = flavor.local(LocalServer(), middleware=[otel.middleware()])
    events = collect(
        flavor,
        flavor.run(lambda c: c.responses.create(model="gpt-4o-mini", input=SECRET, stream=True), client),
    )
    final = events[-1].response
    span = otel.span()
    assert span.attributes["gen_ai.response.id"] == final.id
    assert span.attributes["gen_ai.response.finish_reasons"] == ("stop",)
    assert span.attributes["gen_ai.usage.output_tokens"] == final.usage.output_tokens


def test_a_stream_left_early_ends_its_span(flavor: Flavor, otel: Telemetry) -> None:
    from opentelemetry.trace import StatusCode

    client = flavor.local(LocalServer(), middleware=[otel.middleware()])

    async def first_async(c: Any) -> Any:
        stream = await c.chat.completions.create(**CHAT, stream=True, stream_options={"include_usage": True})
        async with stream:
            async for chunk in stream:
                return chunk
        return None

    def first_sync(c: Any) -> Any:
        for chunk in c.chat.completions.create(**CHAT, stream=True, stream_options={"include_usage": True}):
            return chunk  # the loop is left: its stream is dropped at once
        return None

    first = flavor.run(first_async if flavor.is_async else first_sync, client)
    span = otel.span()
    assert span.status.status_code is StatusCode.UNSET
    assert span.attributes["gen_ai.response.id"] == first.id
    assert "gen_ai.response.finish_reasons" not in span.attributes  # it never finished
    assert "gen_ai.usage.input_tokens" not in span.attributes
    assert [p.count for p in otel.points("gen_ai.client.operation.duration")] == [1]
    assert otel.points("gen_ai.client.token.usage") == []


def test_a_closed_stream_ends_its_span(otel: Telemetry) -> None:
    client = LocalServer().client(middleware=[otel.middleware()])
    stream = client.chat.completions.create(**CHAT, stream=True)
    next(stream)
    assert otel.spans() == []
    stream.close()
    assert otel.span().name == "chat gpt-4o-mini"


def test_a_failed_call(flavor: Flavor, otel: Telemetry) -> None:
    from opentelemetry.trace import StatusCode

    server = LocalServer()
    client = flavor.local(server, middleware=[otel.middleware()])
    server.fail(400, message=f"bad: {SECRET}")
    with pytest.raises(openwire.BadRequestError) as raised:
        flavor.run(lambda c: c.chat.completions.create(**CHAT), client)
    span = otel.span()
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == "400"
    assert span.attributes["error.type"] == "400"
    assert span.attributes["openwire.request_id"] == raised.value.request_id
    assert [(e.name, e.attributes["http.response.status_code"]) for e in span.events] == [
        ("openwire.attempt_failed", 400)
    ]
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.attributes["error.type"] == "400"
    assert otel.points("gen_ai.client.token.usage") == []
    assert SECRET not in otel.everything()  # the server's message quoted the prompt: kept out


def test_a_connection_error_is_typed_by_its_class(otel: Telemetry) -> None:
    import httpx

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    client = openwire.Client(
        api_key="sk-test",
        base_url="https://api.example.test:8443/v1",
        max_retries=1,
        http_client=httpx.Client(transport=httpx.MockTransport(refuse)),
        middleware=[otel.middleware()],
    )
    with pytest.raises(openwire.APIConnectionError):
        client.chat.completions.create(**CHAT)
    span = otel.span()
    assert span.attributes["error.type"] == "APIConnectionError"
    assert (span.attributes["server.address"], span.attributes["server.port"]) == ("api.example.test", 8443)
    assert span.attributes["openwire.attempts"] == 2
    assert [e.attributes["openwire.attempt"] for e in span.events] == [1, 2]


def test_retries_make_one_span(flavor: Flavor, otel: Telemetry) -> None:
    from opentelemetry.trace import StatusCode

    server = LocalServer()
    client = flavor.local(server, middleware=[otel.middleware()])
    server.fail(500)
    server.fail(429)
    flavor.run(lambda c: c.chat.completions.create(**CHAT), client)
    assert len(server.requests) == 3
    span = otel.span()
    assert span.status.status_code is StatusCode.UNSET
    assert span.attributes["openwire.attempts"] == 3
    assert [(e.attributes["openwire.attempt"], e.attributes["error.type"]) for e in span.events] == [
        (1, "500"),
        (2, "429"),
    ]
    assert "error.type" not in span.attributes


def test_other_calls_get_no_span(flavor: Flavor, otel: Telemetry) -> None:
    client = flavor.local(LocalServer(), middleware=[otel.middleware()])
    flavor.run(lambda c: c.models.list(), client)
    flavor.run(lambda c: c.moderations.create(input="hello"), client)
    assert otel.spans() == []
    assert otel.points("gen_ai.client.operation.duration") == []


def test_no_content_by_default(flavor: Flavor, otel: Telemetry) -> None:
    client = flavor.local(LocalServer(), middleware=[otel.middleware()])
    flavor.run(lambda c: c.chat.completions.create(**CHAT), client)
    collect(flavor, flavor.run(lambda c: c.chat.completions.create(**CHAT, stream=True), client))
    flavor.run(lambda c: c.responses.create(model="gpt-4o-mini", input=SECRET, instructions=SECRET), client)
    flavor.run(lambda c: c.embeddings.create(model="text-embedding-3-small", input=SECRET), client)
    assert len(otel.spans()) == 4
    everything = otel.everything()
    assert SECRET not in everything
    assert "gen_ai.input.messages" not in everything
    assert "gen_ai.output.messages" not in everything


def test_content_when_asked_for(flavor: Flavor, otel: Telemetry) -> None:
    client = flavor.local(LocalServer(), middleware=[otel.middleware(capture_content=True)])
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": [{"type": "text", "text": SECRET}, image]},
    ]
    completion = flavor.run(
        lambda c: c.chat.completions.create(model="gpt-4o-mini", messages=messages), client
    )
    chunks = collect(flavor, flavor.run(lambda c: c.chat.completions.create(**CHAT, stream=True), client))
    flavor.run(
        lambda c: c.responses.create(model="gpt-4o-mini", input=SECRET, instructions="Be kind."), client
    )
    plain, streamed, response = otel.spans()
    assert json.loads(plain.attributes["gen_ai.input.messages"]) == [
        {"role": "system", "parts": [{"type": "text", "content": "Be brief."}]},
        {"role": "user", "parts": [{"type": "text", "content": SECRET}, {"type": "image_url"}]},
    ]
    assert "base64" not in plain.attributes["gen_ai.input.messages"]  # media by kind, not data
    assert json.loads(plain.attributes["gen_ai.output.messages"]) == [
        {
            "role": "assistant",
            "parts": [{"type": "text", "content": completion.choices[0].message.content}],
            "finish_reason": "stop",
        }
    ]
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert SECRET in text
    assert json.loads(streamed.attributes["gen_ai.output.messages"]) == [
        {"role": "assistant", "parts": [{"type": "text", "content": text}], "finish_reason": "stop"}
    ]
    assert json.loads(response.attributes["gen_ai.system_instructions"]) == [
        {"type": "text", "content": "Be kind."}
    ]
    assert json.loads(response.attributes["gen_ai.input.messages"]) == [
        {"role": "user", "parts": [{"type": "text", "content": SECRET}]}
    ]
    assert SECRET in response.attributes["gen_ai.output.messages"]


def test_the_provider_name_can_be_set(otel: Telemetry) -> None:
    client = LocalServer().client(middleware=[otel.middleware(provider_name="azure.ai.openai")])
    client.chat.completions.create(**CHAT)
    assert otel.span().attributes["gen_ai.provider.name"] == "azure.ai.openai"
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.attributes["gen_ai.provider.name"] == "azure.ai.openai"


def test_import_openwire_does_not_import_opentelemetry() -> None:
    code = (
        "import sys, openwire\n"
        "from openwire.testing import LocalServer\n"
        "with openwire.track_usage():\n"
        "    LocalServer().client().embeddings.create(model='m', input='x')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('opentelemetry') or m == 'openwire.otel')\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
