"""`client.batches` (create, retrieve, list, cancel) on both clients, and the built-in server's
batches: run by the clock through its own endpoints, output and error files in the API's format,
refused input, scripted failures, cancel and expiry."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

import openwire
from conftest import Flavor
from openwire.testing import LocalServer
from openwire.types.batches import Batch, BatchRequestOutput


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


def _lines(*contents: str, url: str = "/v1/chat/completions") -> bytes:
    rows = [
        {
            "custom_id": f"req-{n}",
            "method": "POST",
            "url": url,
            "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]},
        }
        for n, text in enumerate(contents)
    ]
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)


def _batch(flavor: Flavor, client: Any, data: bytes, endpoint: str = "/v1/chat/completions") -> Batch:
    file = flavor.run(lambda c: c.files.create(file=("in.jsonl", data), purpose="batch"), client)
    batch: Batch = flavor.run(
        lambda c: c.batches.create(
            input_file_id=file.id, endpoint=endpoint, completion_window="24h", metadata={"job": "t"}
        ),
        client,
    )
    return batch


def _rows(server: LocalServer, file_id: str | None) -> list[BatchRequestOutput]:
    assert file_id is not None
    return [
        BatchRequestOutput.model_validate_json(line) for line in server.stored_files[file_id].splitlines()
    ]


def test_a_batch_runs_each_line_through_the_endpoint(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    created = _batch(flavor, client, _lines("one", "two"))
    assert created.status == "validating"
    assert created.metadata == {"job": "t"}
    batch = flavor.run(lambda c: c.batches.retrieve(created.id), client)
    assert batch.status == "completed"
    assert batch.error_file_id is None
    assert batch.request_counts is not None
    assert batch.request_counts.model_dump() == {
        "total": 2,
        "completed": 2,
        "failed": 0,
    }
    assert batch.completed_at is not None
    assert batch.model == "gpt-4o-mini"
    rows = _rows(server, batch.output_file_id)
    assert [r.custom_id for r in rows] == ["req-0", "req-1"]
    assert rows[0].response is not None
    assert rows[0].response.status_code == 200
    assert rows[0].response.answer_request_id
    assert rows[0].response.answer_request_id.startswith("req_")
    assert rows[1].response is not None
    assert rows[1].response.body["choices"][0]["message"]["content"] == "You said: two"
    output = flavor.run(lambda c: c.files.retrieve(batch.output_file_id), client)
    assert output.purpose == "batch_output"


def test_lines_the_endpoint_refuses_and_scripted_failures_go_to_the_error_file(
    flavor: Flavor, server: LocalServer
) -> None:
    client = flavor.local(server)
    data = _lines("ok", "fail me", "ok too")
    bad = {"custom_id": "req-3", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "m"}}
    server.fail_batch_lines(["req-1"], status=429, code="rate_limit_exceeded", message="slow down")
    batch = _batch(flavor, client, data + json.dumps(bad).encode() + b"\n")
    batch = flavor.run(lambda c: c.batches.retrieve(batch.id), client)
    assert batch.request_counts is not None
    assert (batch.request_counts.completed, batch.request_counts.failed) == (2, 2)
    errors = {r.custom_id: r for r in _rows(server, batch.error_file_id)}
    assert errors["req-1"].response is not None
    assert errors["req-1"].response.status_code == 429
    assert errors["req-1"].response.body["error"]["code"] == "rate_limit_exceeded"
    assert errors["req-3"].response is not None
    assert errors["req-3"].response.status_code == 400
    assert "messages" in errors["req-3"].response.body["error"]["message"]


def test_a_batch_with_bad_lines_fails_with_the_reasons(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    data = _lines("a") + b"not json\n" + _lines("b", url="/v1/embeddings")
    batch = _batch(flavor, client, data)
    batch = flavor.run(lambda c: c.batches.retrieve(batch.id), client)
    assert batch.status == "failed"
    assert batch.errors is not None
    assert [(e.code, e.line) for e in batch.errors.data] == [
        ("invalid_json_line", 2),
        ("duplicate_custom_id", 3),
        ("mismatched_endpoint", 3),
    ]
    assert batch.output_file_id is None


def test_create_refuses_a_file_that_is_not_for_batches(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    file = flavor.run(lambda c: c.files.create(file=("x.jsonl", b"{}"), purpose="user_data"), client)
    with pytest.raises(openwire.BadRequestError, match="purpose 'batch'"):
        flavor.run(
            lambda c: c.batches.create(
                input_file_id=file.id, endpoint="/v1/chat/completions", completion_window="24h"
            ),
            client,
        )
    with pytest.raises(openwire.NotFoundError):
        flavor.run(
            lambda c: c.batches.create(
                input_file_id="file-x", endpoint="/v1/embeddings", completion_window="24h"
            ),
            client,
        )
    with pytest.raises(openwire.BadRequestError, match="endpoint"):
        flavor.run(
            lambda c: c.batches.create(input_file_id=file.id, endpoint="/v1/nope", completion_window="24h"),
            client,
        )


def test_a_delayed_batch_progresses_and_can_be_cancelled(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    server.batch_delay(60)
    batch = _batch(flavor, client, _lines(*"abcd"))
    running = flavor.run(lambda c: c.batches.retrieve(batch.id), client)
    assert running.status == "in_progress"
    assert running.request_counts is not None
    assert running.request_counts.completed == 0
    cancelling = flavor.run(lambda c: c.batches.cancel(batch.id), client)
    assert cancelling.status == "cancelling"
    assert cancelling.cancelling_at is not None
    cancelled = flavor.run(lambda c: c.batches.retrieve(batch.id), client)
    assert cancelled.status == "cancelled"
    assert cancelled.output_file_id is None
    with pytest.raises(openwire.BadRequestError, match="already ended"):
        flavor.run(lambda c: c.batches.cancel(batch.id), client)


def test_lines_run_as_the_delay_passes(server: LocalServer) -> None:
    client = server.client()
    server.batch_delay(0.1)
    batch = _batch(Flavor("sync", None), client, _lines(*"abcdefghij"))
    time.sleep(0.03)
    halfway = client.batches.retrieve(batch.id)
    assert halfway.request_counts is not None
    assert 0 < halfway.request_counts.completed < 10
    server.finish_batches()
    assert client.batches.retrieve(batch.id).status == "completed"


def test_expiry_writes_the_lines_not_run_to_the_error_file(server: LocalServer) -> None:
    client = server.client()
    server.batch_delay(3600)
    batch = _batch(Flavor("sync", None), client, _lines("a", "b"))
    assert server.expire_batches() == [batch.id]
    expired = client.batches.retrieve(batch.id)
    assert expired.status == "expired"
    assert expired.expired_at is not None
    rows = _rows(server, expired.error_file_id)
    assert [(r.custom_id, r.error and r.error.code) for r in rows] == [
        ("req-0", "batch_expired"),
        ("req-1", "batch_expired"),
    ]


def test_list_pages_newest_first(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    ids = [_batch(flavor, client, _lines("x")).id for _ in range(3)]
    page = flavor.run(lambda c: c.batches.list(limit=2), client)
    assert [b.id for b in page.data] == ids[::-1][:2]
    assert page.has_more
    assert all(b.status == "completed" for b in page.data)
    assert server.stored_batches[ids[0]]["status"] == "completed"
