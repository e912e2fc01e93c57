"""Scripted faults on the in-process transports: statuses, delays, timeouts, cuts, malformed bodies."""

from __future__ import annotations

import itertools
import json
import time

import anyio
import httpx
import pytest
from server_helpers import Send, chat, drain, events

import openwire
from openwire.testing import LocalServer

pytest_plugins = ["server_fixtures"]  # its fixtures: server, http, send


def test_status_fault_with_retry_after(server: LocalServer, send: Send) -> None:
    fault = server.fail(429, retry_after=2)
    limited = send("POST", "/chat/completions", json=chat())
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "2"
    assert limited.headers["retry-after-ms"] == "2000"
    assert limited.headers["x-request-id"].startswith("req_")
    error = limited.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert (error["type"], error["code"]) == ("requests", "rate_limit_exceeded")
    assert fault.hits == 1
    assert not fault.active
    assert send("POST", "/chat/completions", json=chat()).status_code == 200
    assert server.faults == []


def test_fractional_retry_after_and_custom_error(server: LocalServer, http: httpx.Client) -> None:
    server.fail(
        503,
        retry_after=0.25,
        message="down for a moment",
        code="overloaded",
        headers={"x-should-retry": "true"},
    )
    response = http.get("/models")
    assert (response.headers["retry-after"], response.headers["retry-after-ms"]) == ("1", "250")
    assert response.headers["x-should-retry"] == "true"
    assert response.json()["error"] == {
        "message": "down for a moment",
        "type": "server_error",
        "param": None,
        "code": "overloaded",
    }


def test_faults_come_before_checks(server: LocalServer, http: httpx.Client) -> None:
    server.fail(500)
    assert http.post("/chat/completions", json={}).status_code == 500  # not the 400 it deserves
    assert http.post("/chat/completions", json={}).status_code == 400


def test_times_path_and_method_filters(server: LocalServer, http: httpx.Client) -> None:
    fault = server.fail(500, times=2, path="/v1/chat/*", method="get")
    assert http.post("/chat/completions", json=chat()).status_code == 200  # wrong method
    assert http.get("/models").status_code == 200  # wrong path
    assert http.get("/chat/completions").status_code == 500
    assert http.get("/chat/completions/abc").status_code == 500
    assert http.get("/chat/completions").status_code == 200
    assert fault.hits == 2


def test_endless_fault_until_cleared(server: LocalServer, http: httpx.Client) -> None:
    server.fail(502, times=None)
    assert [http.get("/models").status_code for _ in range(3)] == [502, 502, 502]
    server.clear_faults()
    assert http.get("/models").status_code == 200


def test_queued_faults_fire_one_per_request_in_order(server: LocalServer, http: httpx.Client) -> None:
    server.fail(429)
    server.fail(500)
    assert [http.get("/models").status_code for _ in range(3)] == [429, 500, 200]


def test_fault_arguments_are_checked(server: LocalServer) -> None:
    with pytest.raises(ValueError, match="error status"):
        server.fail(200)
    with pytest.raises(ValueError, match="times"):
        server.fail(500, times=0)
    with pytest.raises(ValueError, match="negative"):
        server.delay(-1)
    with pytest.raises(ValueError, match="side"):
        server.fail_moderation("middle")  # type: ignore[arg-type]


def test_delay_before_answering(server: LocalServer, send: Send) -> None:
    server.delay(0.05)
    started = time.perf_counter()
    assert send("GET", "/models").status_code == 200
    assert time.perf_counter() - started >= 0.05
    started = time.perf_counter()
    send("GET", "/models")
    assert time.perf_counter() - started < 0.05  # used up


def test_delay_combines_with_a_status(server: LocalServer, http: httpx.Client) -> None:
    server.delay(0.03)
    server.fail(500)
    started = time.perf_counter()
    assert http.get("/models").status_code == 500
    assert time.perf_counter() - started >= 0.03


def test_delay_between_stream_events(server: LocalServer, http: httpx.Client) -> None:
    server.delay(per_chunk=0.01)
    arrivals = []
    with http.stream("POST", "/chat/completions", json=chat(stream=True)) as response:
        for _ in response.iter_raw():
            arrivals.append(time.perf_counter())
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert len(gaps) >= 4
    assert min(gaps) >= 0.009


def test_delay_longer_than_the_read_timeout_times_out(server: LocalServer) -> None:
    server.delay(1.0)
    with server.http_client(timeout=0.02) as client:
        started = time.perf_counter()
        with pytest.raises(httpx.ReadTimeout):
            client.get("/models")
        assert time.perf_counter() - started < 0.5


def test_slow_stream_times_out_mid_body(server: LocalServer) -> None:
    server.delay(per_chunk=1.0)

    async def go() -> None:
        async with (
            server.async_http_client(timeout=0.02) as client,
            client.stream("POST", "/chat/completions", json=chat(stream=True)) as response,
        ):
            assert response.status_code == 200
            with pytest.raises(httpx.ReadTimeout):
                await drain(response, [])

    anyio.run(go)


def test_openwire_client_times_out_on_a_slow_server(server: LocalServer) -> None:
    server.delay(1.0)
    with server.client(timeout=0.02, max_retries=0) as client, pytest.raises(openwire.APITimeoutError):
        client.models.list()


def test_openwire_client_retries_after_the_servers_retry_after(
    server: LocalServer, slept: list[float]
) -> None:
    server.fail(429, retry_after=3)
    server.fail(503, retry_after=0.5)
    with server.client() as client:
        assert len(client.models.list()) > 0
    assert slept == [3.0, 0.5]
    assert [r.path for r in server.requests] == ["/models"] * 3


def test_openwire_client_gives_up_on_an_endless_fault(server: LocalServer, slept: list[float]) -> None:
    server.fail(429, times=None, message="slow down")
    with server.client(max_retries=1) as client, pytest.raises(openwire.RateLimitError) as caught:
        client.models.list()
    assert caught.value.status_code == 429
    assert "slow down" in str(caught.value)
    assert str(caught.value.request_id).startswith("req_")
    assert len(server.requests) == 2


def test_stream_cut_mid_event(server: LocalServer, http: httpx.Client) -> None:
    server.cut_stream(after_events=2)
    pieces: list[bytes] = []
    with http.stream("POST", "/chat/completions", json=chat(stream=True)) as response:
        assert response.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            pieces.extend(response.iter_raw())
    whole, _, partial = b"".join(pieces).rpartition(b"\n\n")
    assert len(events(whole.decode() + "\n\n")) == 2
    assert partial.startswith(b"data: {")  # the connection dropped inside the third data line
    assert not partial.endswith(b"}")
    assert server.open_responses == 0
    with http.stream("POST", "/chat/completions", json=chat(stream=True)) as response:
        assert response.read().endswith(b"data: [DONE]\n\n")  # only once


def test_stream_cut_on_the_async_transport(server: LocalServer) -> None:
    server.cut_stream(after_events=0)

    async def go() -> bytes:
        pieces: list[bytes] = []
        async with (
            server.async_http_client() as client,
            client.stream("POST", "/chat/completions", json=chat(stream=True)) as response,
        ):
            with pytest.raises(httpx.RemoteProtocolError):
                await drain(response, pieces)
        return b"".join(pieces)

    received = anyio.run(go)
    assert received.startswith(b"data: {")
    assert b"\n\n" not in received
    assert server.open_responses == 0


def test_cut_of_an_ordinary_body(server: LocalServer, http: httpx.Client) -> None:
    server.cut_stream(path="/models")
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/models")
    server.cut_stream()
    with server.client(max_retries=0) as client, pytest.raises(openwire.APIConnectionError):
        client.models.list()


def test_stream_ends_with_an_error_event(server: LocalServer, send: Send) -> None:
    server.fail_stream(after_events=2, message="the model crashed", code="model_error")
    found = events(send("POST", "/chat/completions", json=chat(stream=True)).text)
    assert len(found) == 3
    assert found[-1] == {
        "error": {
            "message": "the model crashed",
            "type": "server_error",
            "param": None,
            "code": "model_error",
        }
    }
    server.fail_stream()
    ordinary = send("POST", "/chat/completions", json=chat())
    assert ordinary.status_code == 500
    assert ordinary.json()["error"]["type"] == "server_error"


def test_malformed_bodies(server: LocalServer, send: Send) -> None:
    server.malformed()
    response = send("GET", "/models")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()
    server.malformed()
    streamed = send("POST", "/chat/completions", json=chat(stream=True))
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert streamed.text.startswith("data: {this is not json\n\n")
    server.malformed("Service Unavailable", content_type="text/plain")
    custom = send("GET", "/models")
    assert (custom.text, custom.headers["content-type"]) == ("Service Unavailable", "text/plain")


def test_openwire_client_reports_a_malformed_body(server: LocalServer) -> None:
    server.malformed()
    with server.client() as client, pytest.raises(openwire.APIResponseValidationError):
        client.models.list()


def test_open_responses_counts_unclosed_bodies(server: LocalServer, http: httpx.Client) -> None:
    response = http.send(http.build_request("GET", "/models"), stream=True)
    assert server.open_responses == 1
    response.close()
    assert server.open_responses == 0
