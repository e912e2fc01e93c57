"""The batch job helper (`batches.submit` / `run` / `resume`, `BatchJob`) end to end against the
built-in server, on both clients: JSONL with stable ids, splitting over the file limits, results in
input order as typed models, partial failures, polling, resume by id, resubmitting failures."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import openwire
from conftest import Flavor
from openwire import BatchProgress, BatchResults
from openwire._batch_job import Poll, custom_id, index_of
from openwire.testing import LocalServer
from openwire.types.chat import ChatCompletion
from openwire.types.embeddings import CreateEmbeddingResponse
from openwire.types.moderation import ModerationCreateResponse

CHAT = "/v1/chat/completions"


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


def chat(text: str) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}


def texts(results: BatchResults[Any]) -> list[str | None]:
    return [r.response.choices[0].message.content if r.ok else None for r in results]


class Clock:
    """A fake clock and sleep: sleeping moves the clock; `on_sleep` runs at each pause."""

    def __init__(self, on_sleep: Any = None) -> None:
        self.now = 0.0
        self.pauses: list[float] = []
        self.on_sleep = on_sleep

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds
        if self.on_sleep is not None:
            self.on_sleep()

    def options(self) -> dict[str, Any]:
        return {"sleep": self.sleep, "clock": lambda: self.now}


def test_run_returns_typed_answers_in_input_order_across_split_files(
    flavor: Flavor, server: LocalServer
) -> None:
    client = flavor.local(server)
    questions = [f"question {n}" for n in range(7)]
    results = flavor.run(
        lambda c: c.batches.run(
            [chat(q) for q in questions], endpoint=CHAT, max_requests_per_file=3, poll_interval=0
        ),
        client,
    )
    assert texts(results) == [f"You said: {q}" for q in questions]
    assert all(isinstance(r.response, ChatCompletion) for r in results)
    assert [r.index for r in results] == list(range(7))
    assert not results.failed
    assert len(results.batches) == 3
    inputs = [r for r in server.requests if r.path == "/files" and r.method == "POST"]
    lines = [inputs[n].files["file"][0].data.splitlines() for n in range(3)]
    assert [len(chunk) for chunk in lines] == [3, 3, 1]
    first = json.loads(lines[0][0])
    assert first["method"] == "POST"
    assert first["url"] == CHAT
    assert first["body"] == chat("question 0")
    assert first["custom_id"] == results[0].custom_id
    assert index_of(first["custom_id"]) == 0


def test_custom_ids_are_stable_and_name_the_position() -> None:
    body = json.dumps(chat("x")).encode()
    assert custom_id(4, body) == custom_id(4, body) != custom_id(4, body + b" ")
    assert index_of(custom_id(12, body)) == 12
    assert index_of("my-own-id") is None


def test_files_are_split_by_size_too(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    requests = [chat("x" * 200) for _ in range(5)]
    line = len(json.dumps({"custom_id": "0-0123456789", "method": "POST", "url": CHAT, "body": requests[0]}))
    job = flavor.run(
        lambda c: c.batches.submit(requests, endpoint=CHAT, max_bytes_per_file=2 * line + 40), client
    )
    assert len(job.batch_ids) == 3
    with pytest.raises(openwire.InvalidInputError, match="more than a whole input file"):
        flavor.run(lambda c: c.batches.submit(requests, endpoint=CHAT, max_bytes_per_file=100), client)


def test_partial_failures_are_per_item_errors(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    server.fail_batch_lines(lambda line: "bad" in str(line["body"]), status=429, code="rate_limit_exceeded")
    requests = [chat("good"), chat("bad one"), chat("good again"), {"model": "m", "messages": []}]
    results = flavor.run(lambda c: c.batches.run(requests, endpoint=CHAT, poll_interval=0), client)
    assert [r.ok for r in results] == [True, False, True, False]
    assert results.responses()[1] is None
    assert results.responses()[0] is not None
    error = results[1].error
    assert error is not None
    assert (error.status_code, error.code) == (429, "rate_limit_exceeded")
    refused = results[3].error
    assert refused is not None
    assert refused.status_code == 400
    assert refused.type == "invalid_request_error"
    assert [r.index for r in results.failed] == [1, 3]
    assert len(results.succeeded) == 2


def test_resubmit_failed_sends_only_the_failures_and_merges(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    server.fail_batch_lines(lambda line: line["custom_id"].startswith(("1-", "3-")), times=2)
    job = flavor.run(lambda c: c.batches.submit([chat(f"q{n}") for n in range(5)], endpoint=CHAT), client)
    results = flavor.run(lambda j: j.wait(poll_interval=0), job)
    assert [r.index for r in results.failed] == [1, 3]
    seen = len(server.requests)
    flavor.run(lambda j: j.resubmit_failed(results), job)
    assert len(job.batch_ids) == 2
    resent = [r for r in server.requests[seen:] if r.path == "/files"]
    assert [json.loads(x)["custom_id"] for x in resent[0].files["file"][0].data.splitlines()] == [
        results[1].custom_id,
        results[3].custom_id,
    ]
    merged = flavor.run(lambda j: j.wait(poll_interval=0), job)
    assert texts(merged) == [f"You said: q{n}" for n in range(5)]
    assert merged[1].batch_id == job.batch_ids[1]
    assert merged[0].batch_id == job.batch_ids[0]


def test_resume_by_id_in_a_new_client_and_resubmit(flavor: Flavor, server: LocalServer) -> None:
    first = flavor.local(server)
    server.batch_delay(3600)
    server.fail_batch_lines(["nothing"])  # a rule that matches no line
    server.fail_batch_lines(lambda line: line["custom_id"].startswith("2-"), times=1)
    job = flavor.run(
        lambda c: c.batches.submit([chat(f"q{n}") for n in range(4)], endpoint=CHAT, max_requests_per_file=2),
        first,
    )
    ids = list(job.batch_ids)

    # "After a restart": another client knows only the ids.
    second = flavor.local(server)
    resumed = flavor.run(lambda c: c.batches.resume(ids), second)
    assert resumed.batch_ids == ids
    assert resumed.endpoint == CHAT
    assert {b.status for b in resumed.batches} == {"in_progress"}
    clock = Clock(on_sleep=server.finish_batches)
    results = flavor.run(lambda j: j.wait(poll_interval=2, **clock.options()), resumed)
    assert clock.pauses == [2]
    assert texts(results) == ["You said: q0", "You said: q1", None, "You said: q3"]
    # The resumed job has no requests in memory: it reads the failed one from the input file.
    server.batch_delay(0)
    flavor.run(lambda j: j.resubmit_failed(results), resumed)
    merged = flavor.run(lambda j: j.wait(poll_interval=0), resumed)
    assert texts(merged) == [f"You said: q{n}" for n in range(4)]


def test_polling_backs_off_reports_progress_and_times_out(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    server.batch_delay(3600)
    job = flavor.run(lambda c: c.batches.submit([chat("a"), chat("b")], endpoint=CHAT), client)
    seen: list[BatchProgress] = []
    clock = Clock()
    with pytest.raises(openwire.BatchNotDoneError) as caught:
        flavor.run(
            lambda j: j.wait(
                poll_interval=1, max_poll_interval=3, timeout=10, progress=seen.append, **clock.options()
            ),
            job,
        )
    assert clock.pauses == [1, 1.5, 2.25, 3, 2.25]
    assert caught.value.batch_ids == job.batch_ids == caught.value.unfinished
    assert seen[0].total == 2
    assert seen[0].statuses == {"in_progress": 1}
    assert not seen[0].done
    assert "client.batches.resume" in str(caught.value)
    server.finish_batches()
    assert flavor.run(lambda j: j.wait(progress=seen.append), job).responses()[1] is not None
    assert seen[-1].done
    assert seen[-1].completed == 2


def test_a_cancelled_job_reports_the_requests_it_never_ran(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    server.batch_delay(3600)
    job = flavor.run(lambda c: c.batches.submit([chat("a"), chat("b")], endpoint=CHAT), client)
    cancelled = flavor.run(lambda j: j.cancel(), job)
    assert [b.status for b in cancelled] == ["cancelling"]
    results = flavor.run(lambda j: j.wait(poll_interval=0), job)
    assert [r.error and r.error.code for r in results] == ["batch_cancelled", "batch_cancelled"]
    assert [r.index for r in results] == [0, 1]


def test_embeddings_and_moderations_come_back_as_their_models(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    vectors = flavor.run(
        lambda c: c.batches.run(
            [{"model": "text-embedding-3-small", "input": t} for t in ("a", "b")],
            endpoint="/v1/embeddings",
            poll_interval=0,
        ),
        client,
    )
    assert all(isinstance(r.response, CreateEmbeddingResponse) for r in vectors)
    direct = flavor.run(lambda c: c.embeddings.create(model="text-embedding-3-small", input="b"), client)
    assert vectors[1].response is not None
    assert vectors[1].response.data[0].embedding == direct.data[0].embedding
    flags = flavor.run(
        lambda c: c.batches.run([{"input": "I will kill it"}], endpoint="/v1/moderations", poll_interval=0),
        client,
    )
    assert isinstance(flags[0].response, ModerationCreateResponse)
    assert flags[0].response.results[0].flagged


def test_bad_requests_are_refused_before_anything_is_sent(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    cases: list[tuple[Any, dict[str, Any], str]] = [
        ([{**chat("a"), "stream": True}], {"endpoint": CHAT}, "stream"),
        (["text"], {"endpoint": CHAT}, "dict of the endpoint's parameters"),
        ([], {"endpoint": CHAT}, "no requests"),
        ([chat("a")], {"endpoint": "chat"}, "endpoint="),
        ([chat("a")], {"endpoint": CHAT, "max_requests_per_file": 50_001}, "max_requests_per_file"),
        ([{"model": "m", "messages": [], "temperature": float("nan")}], {"endpoint": CHAT}, "JSON"),
    ]
    for requests, options, message in cases:
        with pytest.raises(openwire.InvalidInputError, match=message):
            flavor.run(lambda c, r=requests, o=options: c.batches.submit(r, **o), client)
    with pytest.raises(TypeError, match="wait"):
        flavor.run(lambda c: c.batches.submit([chat("a")], endpoint=CHAT, timeout=3), client)
    with pytest.raises(openwire.InvalidInputError, match="list of batch ids"):
        flavor.run(lambda c: c.batches.resume("batch_1"), client)
    assert server.requests == []


def test_a_failure_part_way_names_the_batches_already_created(server: LocalServer) -> None:
    made = {"batches": 0}
    inner = server.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/v1/batches":
            made["batches"] += 1
            if made["batches"] == 2:
                return httpx.Response(
                    400, json={"error": {"message": "quota", "type": "invalid_request_error"}}
                )
        return inner.handle_request(request)

    client = openwire.Client(
        base_url=server.base_url,
        api_key="sk-x",
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    with pytest.raises(openwire.BatchSubmitError) as caught:
        client.batches.submit([chat("a"), chat("b")], endpoint=CHAT, max_requests_per_file=1)
    assert len(caught.value.batch_ids) == 1
    assert caught.value.batch_ids[0] in server.stored_batches
    assert isinstance(caught.value.__cause__, openwire.BadRequestError)


def test_the_poll_schedule() -> None:
    now = [0.0]
    poll = Poll(interval=5, max_interval=20, timeout=30, clock=lambda: now[0])
    pauses = []
    while (pause := poll.pause()) is not None:
        pauses.append(pause)
        now[0] += pause
    assert pauses == [5, 7.5, 11.25, 6.25]
    assert sum(pauses) == 30
    with pytest.raises(openwire.InvalidInputError):
        Poll(interval=-1)
