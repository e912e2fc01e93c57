"""Trace calls with OpenTelemetry: a span per model call and the GenAI client metrics.

pip install 'openwire[otel]' opentelemetry-sdk
python examples/otel_tracing.py

Here the spans and metrics stay in memory and are printed; in an application, give the SDK an
exporter to your collector (OTLP) instead, and the middleware uses the global providers.
"""

from __future__ import annotations

import sys

try:
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import HistogramDataPoint, InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
except ImportError:
    print("This example needs OpenTelemetry: pip install 'openwire[otel]' opentelemetry-sdk")
    sys.exit(0)

from _local import client

from openwire.otel import OpenTelemetryMiddleware

spans = InMemorySpanExporter()
tracer_provider = TracerProvider()
tracer_provider.add_span_processor(SimpleSpanProcessor(spans))
metrics = InMemoryMetricReader()
meter_provider = MeterProvider(metric_readers=[metrics])

telemetry = OpenTelemetryMiddleware(tracer_provider=tracer_provider, meter_provider=meter_provider)
with client() as plain:
    api = plain.with_options(middleware=[telemetry])
    api.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Name a river."}], temperature=0.2
    )
    stream = api.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Name a sea."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    for _ in stream:  # the span stays open until the stream ends
        pass
    api.embeddings.create(model="text-embedding-3-small", input="rivers")

SHOWN = ("gen_ai.response.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens")
for span in spans.get_finished_spans():
    attributes = span.attributes or {}
    took = ((span.end_time or 0) - (span.start_time or 0)) / 1e6
    shown = ", ".join(
        f"{name.rsplit('.', 1)[-1]}={attributes[name]!s}" for name in SHOWN if name in attributes
    )
    print(
        f"span {span.name!r} ({took:.1f} ms): {shown}, request id {attributes.get('openwire.request_id')!s}"
    )

data = metrics.get_metrics_data()
for resource in data.resource_metrics if data else ():
    for scope in resource.scope_metrics:
        for metric in scope.metrics:
            for point in metric.data.data_points:
                if isinstance(point, HistogramDataPoint):
                    kind = point.attributes.get("gen_ai.token.type", "") if point.attributes else ""
                    print(f"metric {metric.name} {kind}: count={point.count} sum={point.sum:.3f}")

tracer_provider.shutdown()
meter_provider.shutdown()
