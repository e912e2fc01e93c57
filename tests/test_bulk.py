"""The bulk runner (`openwire.bulk` / `openwire.abulk`) against the local server: ordering, the
concurrency bound, rate limits (on a fake clock), per-item failures, the journal and resuming."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import openwire
from conftest import Flavor
from openwire import BulkRequest, RateLimiter
from openwire._ratelimit import parse_duration
from openwire.testing import LocalServer
from openwire.testing._ratelimit import format_duration

EMBED = "text-embedding-3-small"


def embed_requests(count: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"model": EMBED, "input": f"document number {i}"} for i in range(start, start + count)]


def chat_requests(count: int) -> list[dict[str, Any]]:
    return [
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"item {i}"}]} for i in range(count)
    ]


def run_bulk(flavor: Flavor, client: Any, requests: Any, **options: Any) -> openwire.BulkResults[Any]:
    """`bulk` on a Client, `abulk` on an AsyncClient, with the same arguments."""
    if flavor.is_async:
        return flavor.run(lambda c: openwire.abulk(c, requests, **options), client)  # type: ignore[no-any-return]
    return openwire.bulk(client, requests, **options)


def journal_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


class FakeClock:
    """Time that moves only when someone sleeps: a sleeper wakes when its wait is over, so the
    runner's waits cost no real time, and the local server sees the same clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    made = FakeClock()
    monkeypatch.setattr("openwire._bulk_runners._sleep", made.sleep)
    monkeypatch.setattr("openwire._bulk_runners._async_sleep", made.async_sleep)
    return made


# -- ordering and concurrency --------------------------------------------------------------------


def test_results_in_input_order_although_calls_finish_out_of_order(flavor: Flavor, tmp_path: Path) -> None:
    server = LocalServer()
    client = flavor.local(server)
    server.delay(0.05, times=2)  # the first two calls answer last
    journal = tmp_path / "run.jsonl"
    results = run_bulk(
        flavor, client, chat_requests(8), method="chat.completions.create", concurrency=4, journal=journal
    )
    assert [r.index for r in results] == list(range(8))
    assert [r.unwrap().choices[0].message.content for r in results] == [
        f"You said: item {i}" for i in range(8)
    ]
    finished = [line["index"] for line in journal_lines(journal)]
    assert sorted(finished) == list(range(8))
    assert finished != sorted(finished)  # they did finish out of order
    assert isinstance(results[0].value, openwire.types.chat.ChatCompletion)


class _Counting:
    """Counts the requests in flight at the server (from request to the end of the answer)."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self._lock = threading.Lock()

    def enter(self) -> None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self._lock:
            self.now -= 1


class _CountingTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, counter: _Counting) -> None:
        self._inner, self._counter = inner, counter

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._counter.enter()
        try:
            response = self._inner.handle_request(request)
            response.read()
            return response
        finally:
            self._counter.leave()


class _AsyncCountingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, counter: _Counting) -> None:
        self._inner, self._counter = inner, counter

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._counter.enter()
        try:
            response = await self._inner.handle_async_request(request)
            await response.aread()
            return response
        finally:
            self._counter.leave()


@pytest.mark.parametrize("concurrency", [1, 3])
def test_concurrency_bound_is_reached_and_never_passed(flavor: Flavor, concurrency: int) -> None:
    server = LocalServer()
    server.delay(0.01, times=None)
    counter = _Counting()
    if flavor.is_async:
        http: Any = httpx.AsyncClient(transport=_AsyncCountingTransport(server.async_transport(), counter))
    else:
        http = httpx.Client(transport=_CountingTransport(server.transport(), counter))
    client = flavor.local(server, http_client=http)
    results = run_bulk(
        flavor, client, embed_requests(12), method="embeddings.create", concurrency=concurrency
    )
    assert len(results.succeeded) == 12
    assert counter.most == concurrency
    assert len(server.requests) == 12


def test_an_iterator_is_read_as_the_run_goes(flavor: Flavor) -> None:
    server = LocalServer()
    client = flavor.local(server)
    finished: list[int] = []
    ahead: list[int] = []

    def requests() -> Iterator[dict[str, Any]]:
        for number, request in enumerate(embed_requests(20)):
            ahead.append(number - len(finished))  # items taken but not finished, this one included
            yield request

    results = run_bulk(
        flavor,
        client,
        requests(),
        method="embeddings.create",
        concurrency=3,
        progress=lambda progress: finished.append(progress.done),
    )
    assert len(results) == 20
    assert max(ahead) <= 3
    assert finished == list(range(1, 21))


@pytest.mark.anyio
async def test_abulk_takes_an_async_iterable() -> None:
    server = LocalServer()

    async def requests() -> AsyncIterator[dict[str, Any]]:
        for request in embed_requests(5):
            yield request

    async with server.async_client() as client:
        results = await openwire.abulk(client, requests(), method="embeddings.create", concurrency=2)
    assert [r.index for r in results.succeeded] == [0, 1, 2, 3, 4]


def test_mixed_methods_with_bulk_requests(flavor: Flavor) -> None:
    server = LocalServer()
    client = flavor.local(server)
    items = [
        BulkRequest("embeddings.create", {"model": EMBED, "input": "hello"}),
        BulkRequest("moderations.create", {"input": "I will kill the process"}),
        BulkRequest("responses.create", {"model": "gpt-4o-mini", "input": "say hi"}),
    ]
    results = run_bulk(flavor, client, items)
    embedding, moderation, response = (r.unwrap() for r in results)
    assert isinstance(embedding, openwire.types.embeddings.CreateEmbeddingResponse)
    assert moderation.results[0].flagged
    assert response.output_text == "You said: say hi"


# -- failures, per item ------------------------------------------------------------------------------


def test_failures_are_collected_per_item_and_the_run_goes_on(flavor: Flavor) -> None:
    server = LocalServer()
    client = flavor.local(server)
    server.fail(400, times=1)  # the first call sent
    items: list[Any] = [
        *embed_requests(2),
        {"model": EMBED, "input": ""},  # refused before sending
        {"model": EMBED, "input": "x", "stream": True},
        42,
        *embed_requests(2, start=2),
    ]
    results = run_bulk(flavor, client, items, method="embeddings.create", concurrency=1)
    assert [r.ok for r in results] == [False, True, False, False, False, True, True]
    assert isinstance(results[0].error, openwire.BadRequestError)
    assert "empty string" in str(results[2].error)
    assert "stream" in str(results[3].error)
    assert "item 4 is of type int" in str(results[4].error)
    assert [r.index for r in results.failed] == [0, 2, 3, 4]
    assert len(server.requests) == 4  # the items refused locally were never sent
    with pytest.raises(openwire.OpenwireError, match=r"4 of 7 calls failed \(the first, item 0") as caught:
        results.values()
    assert caught.value.__cause__ is results[0].error
    with pytest.raises(openwire.BadRequestError):
        results[0].unwrap()
    assert "4 failed" in repr(results)


def test_a_mapping_without_a_method_fails_its_item() -> None:
    server = LocalServer()
    with server.client() as client:
        results = openwire.bulk(client, embed_requests(1))
    assert "no method= was given" in str(results[0].error)


def test_a_wrong_method_is_refused_before_anything_is_sent() -> None:
    server = LocalServer()
    with server.client() as client:
        with pytest.raises(openwire.InvalidInputError, match="has no resource 'embedding'"):
            openwire.bulk(client, embed_requests(1), method="embedding.create")
        with pytest.raises(openwire.InvalidInputError, match="is not a method of the client"):
            openwire.bulk(client, embed_requests(1), method="embeddings.craete")
        with pytest.raises(openwire.InvalidInputError, match="helper made of several calls"):
            openwire.bulk(client, [], method="chat.completions.parse")
        with pytest.raises(openwire.InvalidInputError, match="concurrency"):
            openwire.bulk(client, [], method="embeddings.create", concurrency=0)
        with pytest.raises(TypeError, match="unexpected option"):
            openwire.bulk(client, [], method="embeddings.create", concurency=2)  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="abulk"):
            openwire.bulk(server.async_client(), [], method="embeddings.create")  # type: ignore[call-overload]
    assert server.requests == []


def test_an_input_that_raises_ends_the_run_with_its_error(tmp_path: Path) -> None:
    server = LocalServer()
    journal = tmp_path / "run.jsonl"

    def requests() -> Iterator[dict[str, Any]]:
        yield from embed_requests(3)
        raise KeyError("the data source broke")

    with server.client() as client, pytest.raises(KeyError, match="data source broke"):
        openwire.bulk(client, requests(), method="embeddings.create", concurrency=1, journal=journal)
    assert [line["index"] for line in journal_lines(journal)] == [0, 1, 2]


# -- the journal --------------------------------------------------------------------------------------


def test_resume_from_the_journal_repeats_no_finished_call(flavor: Flavor, tmp_path: Path) -> None:
    server = LocalServer(api_key="sk-local-secret-key-1234")
    client = flavor.local(server)
    journal = tmp_path / "embed.jsonl"
    first = run_bulk(flavor, client, embed_requests(6), method="embeddings.create", journal=journal)
    sent = len(server.requests)
    assert sent == 6

    again = run_bulk(flavor, client, embed_requests(10), method="embeddings.create", journal=journal)
    assert len(server.requests) - sent == 4  # only the four new calls
    assert [r.restored for r in again] == [True] * 6 + [False] * 4
    assert again.restored == 6
    for before, after in zip(first, again[:6], strict=True):
        assert type(after.value) is type(before.value)
        assert after.value == before.value
        assert after.unwrap().request_id == before.unwrap().request_id
    assert "sk-local-secret-key-1234" not in journal.read_text()
    indices = [line["index"] for line in journal_lines(journal)]
    assert sorted(indices[:6]) == list(range(6))
    assert sorted(indices[6:]) == list(range(6, 10))


def test_resume_sends_failed_and_changed_calls_again(tmp_path: Path) -> None:
    server = LocalServer()
    journal = tmp_path / "run.jsonl"
    with server.client() as client:
        server.fail(400, times=1)
        first = openwire.bulk(
            client, embed_requests(3), method="embeddings.create", concurrency=1, journal=journal
        )
        assert [r.ok for r in first] == [False, True, True]
        server.reset()
        changed = embed_requests(3)
        changed[2] = {"model": EMBED, "input": "another text at the same place"}
        again = openwire.bulk(client, changed, method="embeddings.create", journal=journal)
    assert [r.restored for r in again] == [False, True, False]
    assert [json.loads(r.body)["input"] for r in server.requests] == [
        "document number 0",
        changed[2]["input"],
    ]
    assert all(r.ok for r in again)


def test_a_line_cut_short_by_an_interruption_is_ignored(tmp_path: Path) -> None:
    server = LocalServer()
    journal = tmp_path / "run.jsonl"
    with server.client() as client:
        openwire.bulk(client, embed_requests(2), method="embeddings.create", journal=journal)
        with journal.open("ab") as file:
            file.write(b'{"index":2,"key":null,"request":"abc","result":{"obj')  # killed mid-line
        again = openwire.bulk(client, embed_requests(4), method="embeddings.create", journal=journal)
    assert [r.restored for r in again] == [True, True, False, False]
    assert len(journal_lines_tolerant(journal)) == 4


def journal_lines_tolerant(path: Path) -> list[dict[str, Any]]:
    found = []
    for line in path.read_bytes().split(b"\n"):
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return found


def test_keys_find_results_whatever_the_order(flavor: Flavor, tmp_path: Path) -> None:
    server = LocalServer()
    client = flavor.local(server)
    journal = tmp_path / "keyed.jsonl"
    items = [BulkRequest("embeddings.create", {"model": EMBED, "input": f"doc {k}"}, key=k) for k in "abcd"]
    first = run_bulk(flavor, client, items, journal=journal)
    again = run_bulk(flavor, client, list(reversed(items)), journal=journal)
    assert len(server.requests) == 4
    assert [r.key for r in again] == ["d", "c", "b", "a"]
    assert [r.value for r in again] == [r.value for r in reversed(first)]


def test_a_journal_of_audio_keeps_the_bytes(tmp_path: Path) -> None:
    server = LocalServer()
    journal = tmp_path / "speech.jsonl"
    request = {"model": "tts-1", "voice": "alloy", "input": "hello"}
    with server.client() as client:
        first = openwire.bulk(client, [request], method="audio.speech.create", journal=journal)
        again = openwire.bulk(client, [request], method="audio.speech.create", journal=journal)
    assert again[0].restored
    assert again[0].unwrap().content == first[0].unwrap().content
    assert "body_base64" in journal_lines(journal)[0]


# -- rate limits ----------------------------------------------------------------------------------------


def test_the_limiter_learns_the_servers_limit_from_its_headers(flavor: Flavor, clock: FakeClock) -> None:
    server = LocalServer()
    server.limit_rate(requests=60, clock=clock)
    client = flavor.local(server, max_retries=0)
    limiter = RateLimiter(clock=clock)
    results = run_bulk(
        flavor, client, embed_requests(150), method="embeddings.create", concurrency=4, rate_limit=limiter
    )
    assert len(results.succeeded) == 150
    assert server.rate_limited == 0
    assert limiter.requests_per_minute == 60
    # 60 at once (the budget starts full), then one a second: 90 s on the fake clock.
    assert 90 <= clock.now <= 95


def test_without_the_limiter_the_same_run_is_refused(flavor: Flavor, clock: FakeClock) -> None:
    server = LocalServer()
    server.limit_rate(requests=60, clock=clock)
    client = flavor.local(server, max_retries=0)
    results = run_bulk(flavor, client, embed_requests(100), method="embeddings.create", rate_limit=None)
    assert server.rate_limited == 40
    assert len(results.failed) == 40
    assert all(isinstance(r.error, openwire.RateLimitError) for r in results.failed)


def test_the_token_budget_is_followed(flavor: Flavor, clock: FakeClock) -> None:
    server = LocalServer()
    server.limit_rate(tokens=600, clock=clock)  # 10 tokens a second
    client = flavor.local(server, max_retries=0)
    requests = [{"model": EMBED, "input": " ".join(["word"] * 50)} for _ in range(30)]  # 50 tokens each
    results = run_bulk(
        flavor,
        client,
        requests,
        method="embeddings.create",
        concurrency=2,
        rate_limit=RateLimiter(clock=clock),
        estimate_tokens=lambda method, params: len(params["input"].split()),
    )
    assert len(results.succeeded) == 30
    assert server.rate_limited == 0
    # 12 fit in the first budget; the other 18 need 900 tokens at 10 a second.
    assert 90 <= clock.now <= 95


def test_the_default_token_estimate_is_on_the_safe_side(clock: FakeClock) -> None:
    server = LocalServer()
    server.limit_rate(tokens=600, clock=clock)
    requests = [{"model": EMBED, "input": " ".join(["word"] * 50)} for _ in range(30)]
    with server.client(max_retries=0) as client:
        results = openwire.bulk(
            client, requests, method="embeddings.create", concurrency=2, rate_limit=RateLimiter(clock=clock)
        )
    assert len(results.succeeded) == 30
    assert server.rate_limited == 0
    assert openwire.estimate_tokens("embeddings.create", requests[0]) == 63  # 249 characters
    assert clock.now < 140


def test_limits_given_hold_without_any_header(clock: FakeClock) -> None:
    server = LocalServer()
    with server.client() as client:
        results = openwire.bulk(
            client,
            embed_requests(40),
            method="embeddings.create",
            rate_limit=RateLimiter(requests_per_minute=30, follow_headers=False, clock=clock),
        )
    assert len(results.succeeded) == 40
    assert clock.now == pytest.approx(20, abs=0.2)  # 30 at once, then one every 2 s


def test_a_429_holds_every_call_back(clock: FakeClock) -> None:
    limiter = RateLimiter(clock=clock)
    server = LocalServer()
    server.fail(429, retry_after=7, times=1)
    with server.client(max_retries=0) as client:
        results = openwire.bulk(
            client, embed_requests(3), method="embeddings.create", concurrency=1, rate_limit=limiter
        )
    assert [r.ok for r in results] == [False, True, True]
    assert clock.slept == [7]


def test_rate_limiter_arithmetic() -> None:
    now = [0.0]
    limiter = RateLimiter(requests_per_minute=120, tokens_per_minute=600, clock=lambda: now[0])
    assert limiter.reserve(0) == 0
    assert limiter.reserve(590) == 0
    assert limiter.reserve(20) == pytest.approx(1.01)  # 10 tokens short, at 10 a second (and a margin)
    now[0] = 10
    limiter.observe(
        httpx.Headers(
            {
                "x-ratelimit-limit-requests": "60",
                "x-ratelimit-remaining-requests": "0",
                "x-ratelimit-reset-requests": "1m0s",
                "x-ratelimit-limit-tokens": "1000",
            }
        )
    )
    assert limiter.requests_per_minute == 60
    assert limiter.tokens_per_minute == 600  # the given limit stays the ceiling
    assert limiter.reserve(0) == pytest.approx(1.01)  # no request left; one a second comes back
    limiter.pause(30)
    assert limiter.reserve(0) == pytest.approx(30)
    with pytest.raises(ValueError, match="requests_per_minute"):
        RateLimiter(requests_per_minute=0)
    assert "requests_per_minute=60" in repr(limiter)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1s", 1), ("6m0s", 360), ("20ms", 0.02), ("1h2m3.5s", 3723.5), ("0.5", 0.5), ("7.66s", 7.66)],
)
def test_reset_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)
    assert parse_duration(format_duration(seconds)) == pytest.approx(
        seconds, abs=1 if seconds > 60 else 0.001
    )


@pytest.mark.parametrize("text", ["", "soon", "1x", "-1s", "nan", "1s2"])
def test_unreadable_durations(text: str) -> None:
    assert parse_duration(text) is None


# -- the local server's side ------------------------------------------------------------------------------


def test_every_answer_reports_the_rate_limits(clock: FakeClock) -> None:
    server = LocalServer()
    server.limit_rate(clock=clock)  # nothing enforced: the generous defaults are reported
    with server.client() as client:
        raw = client.embeddings.with_raw_response.create(model=EMBED, input="one two three")
    headers = raw.headers
    assert headers["x-ratelimit-limit-requests"] == "30000"
    assert headers["x-ratelimit-remaining-requests"] == "29999"
    assert headers["x-ratelimit-limit-tokens"] == "150000000"
    assert headers["x-ratelimit-remaining-tokens"] == str(150_000_000 - 3)
    assert parse_duration(headers["x-ratelimit-reset-requests"]) is not None


def test_an_enforced_limit_answers_429_with_retry_after() -> None:
    server = LocalServer(rate_limits={"requests": 2})
    with server.client(max_retries=0) as client:
        client.models.list()
        client.models.list()
        with pytest.raises(openwire.RateLimitError, match="Limit 2, Used 2") as caught:
            client.models.list()
    assert caught.value.response.headers["retry-after"] == "30"
    assert caught.value.response.headers["x-ratelimit-remaining-requests"] == "0"
    assert server.rate_limited == 1
    server.reset()
    with server.client() as client:
        client.models.list()  # a reset server has its budget back
    with pytest.raises(ValueError, match="unknown rate limit"):
        LocalServer(rate_limits={"rpm": 2})


# -- progress ----------------------------------------------------------------------------------------------


def test_progress_bar_without_rich_is_a_line_of_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)
    monkeypatch.setitem(sys.modules, "rich.progress", None)
    monkeypatch.setitem(sys.modules, "rich.console", None)
    server = LocalServer()
    with server.client() as client:
        openwire.bulk(client, embed_requests(3), method="embeddings.create", progress=True)
    assert capsys.readouterr().err.endswith("bulk: 3/3 done, 0 failed\n")


def test_progress_bar_with_rich(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("rich")
    server = LocalServer()
    with server.client() as client:
        results = openwire.bulk(client, embed_requests(3), method="embeddings.create", progress=True)
    assert len(results) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "100%" in captured.err
