"""The retry schedule, with backoff waits recorded instead of slept (the `slept` fixture)."""

from __future__ import annotations

import datetime
import email.utils
import ssl
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import respx

from conftest import BASE_URL, Flavor, page_json
from openwire import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    RateLimitError,
    RetryPolicy,
)
from openwire import _flow as flow_module
from openwire._exceptions import is_certificate_failure
from openwire._retry import parse_retry_after


def _list(c: Any) -> Any:
    return c.models.list()


def _error(status: int, **kwargs: Any) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": f"status {status}", **kwargs}})


def _ok() -> httpx.Response:
    return httpx.Response(200, json=page_json("gpt-4o"))


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_status_is_retried_then_succeeds(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], status: int
) -> None:
    route = mock_api.get("/models").mock(side_effect=[_error(status), _error(status), _ok()])
    page = flavor.run(_list, flavor.client())
    assert [m.id for m in page] == ["gpt-4o"]
    assert route.call_count == 3
    assert len(slept) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], status: int
) -> None:
    route = mock_api.get("/models").mock(return_value=_error(status))
    with pytest.raises(APIStatusError) as info:
        flavor.run(_list, flavor.client())
    assert route.call_count == 1
    assert slept == []
    assert info.value.attempts == 1


def test_default_schedule_gives_up_after_two_retries(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    route = mock_api.get("/models").mock(return_value=_error(500))
    with pytest.raises(InternalServerError) as info:
        flavor.run(_list, flavor.client())
    assert route.call_count == 3
    assert info.value.attempts == 3
    assert "(after 3 attempts)" not in str(info.value)  # status errors list attempts in their details
    assert "attempts=3" in str(info.value)
    # about 0.5 s, then about 1 s: doubling, less up to 25 % jitter
    assert len(slept) == 2
    assert 0.375 <= slept[0] <= 0.5
    assert 0.75 <= slept[1] <= 1.0


def test_backoff_is_capped_by_max_delay(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    route = mock_api.get("/models").mock(return_value=_error(503))
    client = flavor.client(retry=RetryPolicy(max_retries=7, max_delay=3.0))
    with pytest.raises(InternalServerError) as info:
        flavor.run(_list, client)
    assert route.call_count == 8
    assert info.value.attempts == 8
    assert len(slept) == 7
    assert all(delay <= 3.0 for delay in slept)
    assert all(2.25 <= delay <= 3.0 for delay in slept[3:])  # 0.5 * 2**3 = 4 is over the cap


def test_jitter_varies_the_delay(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    mock_api.get("/models").mock(return_value=_error(500))
    client = flavor.client(retry=RetryPolicy(max_retries=1, initial_delay=1.0))
    for _ in range(20):
        with pytest.raises(InternalServerError):
            flavor.run(_list, client)
    assert len(slept) == 20
    assert all(0.75 <= delay <= 1.0 for delay in slept)
    assert len(set(slept)) > 1


def test_custom_retry_policy_schedule(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    route = mock_api.get("/models").mock(return_value=_error(500))
    policy = RetryPolicy(max_retries=5, initial_delay=1.0, max_delay=5.0, jitter=0.0)
    with pytest.raises(InternalServerError) as info:
        flavor.run(_list, flavor.client(retry=policy))
    assert slept == [1.0, 2.0, 4.0, 5.0, 5.0]
    assert route.call_count == 6
    assert info.value.attempts == 6


def test_custom_retry_statuses(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    policy = RetryPolicy(retry_statuses=frozenset({404}), retry_server_errors=False, jitter=0.0)
    client = flavor.client(retry=policy)
    route = mock_api.get("/models").mock(side_effect=[_error(404), _ok()])
    flavor.run(_list, client)
    assert route.call_count == 2
    mock_api.reset()
    route = mock_api.get("/models").mock(return_value=_error(500))
    with pytest.raises(InternalServerError):
        flavor.run(_list, client)
    assert route.call_count == 1


@dataclass(frozen=True)
class _ConstantPolicy(RetryPolicy):
    """A subclass deciding delays itself: a fixed wait, and a 400 is retried too."""

    def delay_for(self, error: APIError, retries_done: int) -> float | None:
        if retries_done >= self.max_retries:
            return None
        return 0.125


def test_retry_policy_subclass(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    route = mock_api.get("/models").mock(side_effect=[_error(400), _error(400), _error(400), _ok()])
    flavor.run(_list, flavor.client(retry=_ConstantPolicy(max_retries=3)))
    assert route.call_count == 4
    assert slept == [0.125, 0.125, 0.125]


def test_max_retries_zero(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    route = mock_api.get("/models").mock(return_value=_error(500))
    with pytest.raises(InternalServerError) as info:
        flavor.run(_list, flavor.client(max_retries=0))
    assert route.call_count == 1
    assert slept == []
    assert info.value.attempts == 1
    assert "attempts" not in str(info.value)


def test_max_retries_overrides_policy(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    route = mock_api.get("/models").mock(return_value=_error(500))
    client = flavor.client(retry=RetryPolicy(max_retries=5, jitter=0.0), max_retries=1)
    assert client.max_retries == 1
    with pytest.raises(InternalServerError):
        flavor.run(_list, client)
    assert route.call_count == 2
    assert slept == [0.5]


def test_invalid_retry_policy() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)
    with pytest.raises(ValueError, match="jitter"):
        RetryPolicy(jitter=2.0)


# --- Retry-After ---------------------------------------------------------------------------------


def test_retry_after_seconds(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    limited = httpx.Response(429, json={"error": {"message": "slow down"}}, headers={"Retry-After": "7"})
    route = mock_api.get("/models").mock(side_effect=[limited, _ok()])
    flavor.run(_list, flavor.client())
    assert slept == [7.0]
    assert route.call_count == 2


def test_retry_after_http_date(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=30)
    header = email.utils.format_datetime(when, usegmt=True)
    busy = httpx.Response(503, text="busy", headers={"Retry-After": header})
    route = mock_api.get("/models").mock(side_effect=[busy, _ok()])
    flavor.run(_list, flavor.client())
    assert route.call_count == 2
    assert len(slept) == 1
    assert 27.0 <= slept[0] <= 30.0


def test_retry_after_ms(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    limited = httpx.Response(
        429, json={"error": {"message": "x"}}, headers={"retry-after-ms": "1500", "Retry-After": "9"}
    )
    route = mock_api.get("/models").mock(side_effect=[limited, _ok()])
    flavor.run(_list, flavor.client())
    assert slept == [1.5]  # the precise header wins
    assert route.call_count == 2


def test_unreadable_retry_after_falls_back_to_backoff(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    busy = httpx.Response(503, text="busy", headers={"Retry-After": "soon-ish"})
    mock_api.get("/models").mock(side_effect=[busy, _ok()])
    flavor.run(_list, flavor.client())
    assert len(slept) == 1
    assert 0.375 <= slept[0] <= 0.5


def test_long_retry_after_is_raised_at_once(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    limited = httpx.Response(
        429,
        json={"error": {"message": "Rate limit reached", "type": "requests"}},
        headers={"Retry-After": "120"},
    )
    route = mock_api.get("/models").mock(side_effect=[limited, _ok()])
    with pytest.raises(RateLimitError) as info:
        flavor.run(_list, flavor.client())
    assert route.call_count == 1
    assert slept == []
    assert info.value.retry_after == 120.0
    assert info.value.attempts == 1
    assert "120 s" in str(info.value)


def test_retry_after_just_under_the_limit_is_waited(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    limited = httpx.Response(429, json={"error": {"message": "x"}}, headers={"Retry-After": "60"})
    mock_api.get("/models").mock(side_effect=[limited, _ok()])
    flavor.run(_list, flavor.client())
    assert slept == [60.0]


def test_max_retry_after_is_configurable(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    limited = httpx.Response(429, json={"error": {"message": "x"}}, headers={"Retry-After": "5"})
    route = mock_api.get("/models").mock(side_effect=[limited, _ok()])
    with pytest.raises(RateLimitError) as info:
        flavor.run(_list, flavor.client(retry=RetryPolicy(max_retry_after=2.0)))
    assert info.value.retry_after == 5.0
    assert route.call_count == 1
    assert slept == []


def test_parse_retry_after_forms() -> None:
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 42, usegmt=True)
    assert parse_retry_after(httpx.Headers({"retry-after": "3"})) == 3.0
    assert parse_retry_after(httpx.Headers({"retry-after": "2.5"})) == 2.5
    assert parse_retry_after(httpx.Headers({"retry-after": date}), now=now) == pytest.approx(42.0)
    assert parse_retry_after(httpx.Headers({"retry-after": date}), now=now + 100) == 0.0  # in the past
    assert parse_retry_after(httpx.Headers({"retry-after-ms": "250"})) == 0.25
    assert parse_retry_after(httpx.Headers({"retry-after-ms": "bad", "retry-after": "4"})) == 4.0
    assert parse_retry_after(httpx.Headers({"retry-after": "-5"})) == 0.0
    assert parse_retry_after(httpx.Headers({"retry-after": "garbage"})) is None
    assert parse_retry_after(httpx.Headers({})) is None


# --- server hints and special cases --------------------------------------------------------------


def test_should_retry_true_retries_a_400(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    hinted = httpx.Response(400, json={"error": {"message": "try again"}}, headers={"x-should-retry": "true"})
    route = mock_api.get("/models").mock(side_effect=[hinted, _ok()])
    flavor.run(_list, flavor.client())
    assert route.call_count == 2
    assert len(slept) == 1


def test_should_retry_false_stops_a_500(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    hinted = httpx.Response(500, json={"error": {"message": "no"}}, headers={"x-should-retry": "false"})
    route = mock_api.get("/models").mock(side_effect=[hinted, _ok()])
    with pytest.raises(InternalServerError):
        flavor.run(_list, flavor.client())
    assert route.call_count == 1
    assert slept == []


def test_should_retry_true_still_respects_max_retries(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    hinted = httpx.Response(400, json={"error": {"message": "x"}}, headers={"x-should-retry": "true"})
    route = mock_api.get("/models").mock(return_value=hinted)
    with pytest.raises(BadRequestError) as info:
        flavor.run(_list, flavor.client())
    assert route.call_count == 3
    assert info.value.attempts == 3


def test_insufficient_quota_is_not_retried(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    body = {
        "error": {
            "message": "You exceeded your current quota, please check your plan and billing details.",
            "type": "insufficient_quota",
            "code": "insufficient_quota",
        }
    }
    route = mock_api.get("/models").mock(side_effect=[httpx.Response(429, json=body), _ok()])
    with pytest.raises(RateLimitError) as info:
        flavor.run(_list, flavor.client())
    assert route.call_count == 1
    assert slept == []
    assert info.value.code == "insufficient_quota"
    assert "quota" in str(info.value)


def test_plain_429_is_retried(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    limited = httpx.Response(429, json={"error": {"message": "x", "code": "rate_limit_exceeded"}})
    route = mock_api.get("/models").mock(side_effect=[limited, _ok()])
    flavor.run(_list, flavor.client())
    assert route.call_count == 2


def test_retry_count_header_only_on_retries(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    seen: list[str | None] = []
    answers = iter([_error(500), _error(502), _ok()])

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("x-retry-count"))
        return next(answers)

    mock_api.get("/models").mock(side_effect=record)
    flavor.run(_list, flavor.client())
    assert seen == [None, "1", "2"]


def test_retry_count_header_not_kept_for_next_call(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    seen: list[str | None] = []
    answers = iter([_error(500), _ok(), _ok()])

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("x-retry-count"))
        return next(answers)

    mock_api.get("/models").mock(side_effect=record)
    client = flavor.client()
    flavor.run(_list, client)
    flavor.run(_list, client)
    assert seen == [None, "1", None]


# --- connection failures -------------------------------------------------------------------------


def test_connection_error_is_retried(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    route = mock_api.get("/models").mock(side_effect=[httpx.ConnectError("refused"), _ok()])
    page = flavor.run(_list, flavor.client())
    assert len(page) == 1
    assert route.call_count == 2
    assert len(slept) == 1


def test_connection_error_after_all_retries(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    route = mock_api.get("/models").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        flavor.run(_list, flavor.client())
    assert type(info.value) is APIConnectionError
    assert route.call_count == 3
    assert info.value.attempts == 3
    assert str(info.value).endswith("(after 3 attempts)")
    assert len(slept) == 2


@pytest.mark.parametrize("exc", [httpx.ReadTimeout, httpx.ConnectTimeout])
def test_timeout_is_retried_then_raised(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], exc: type[Exception]
) -> None:
    route = mock_api.get("/models").mock(side_effect=exc)
    with pytest.raises(APITimeoutError) as info:
        flavor.run(_list, flavor.client())
    assert isinstance(info.value, APIConnectionError)
    assert route.call_count == 3
    assert info.value.attempts == 3


def test_timeout_then_success(flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]) -> None:
    route = mock_api.get("/models").mock(side_effect=[httpx.ReadTimeout("slow"), _ok()])
    flavor.run(_list, flavor.client())
    assert route.call_count == 2


def test_certificate_failure_in_message_is_not_retried(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    failure = httpx.ConnectError(
        "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)"
    )
    route = mock_api.get("/models").mock(side_effect=failure)
    with pytest.raises(APIConnectionError) as info:
        flavor.run(_list, flavor.client())
    assert route.call_count == 1
    assert slept == []
    assert info.value.is_certificate_error
    assert info.value.attempts == 1
    assert "certificate" in str(info.value)
    assert "verify=" in str(info.value)


def _certificate_failure(request: httpx.Request) -> httpx.Response:
    try:
        raise ssl.SSLCertVerificationError(1, "certificate verify failed: unable to get local issuer")
    except ssl.SSLError as cause:
        raise httpx.ConnectError("TLS handshake failed", request=request) from cause


def test_certificate_failure_as_cause_is_not_retried(flavor: Flavor, slept: list[float]) -> None:
    # An httpx transport of our own (not respx, which replaces an exception's __cause__) keeps the chain.
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return _certificate_failure(request)

    http = (httpx.AsyncClient if flavor.is_async else httpx.Client)(transport=httpx.MockTransport(handler))
    client = flavor.client(http_client=http)
    with pytest.raises(APIConnectionError) as info:
        flavor.run(_list, client)
    assert len(calls) == 1
    assert slept == []
    assert info.value.is_certificate_error
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert isinstance(info.value.__cause__.__cause__, ssl.SSLCertVerificationError)
    flavor.run(lambda h: h.aclose() if flavor.is_async else h.close(), http)


def test_is_certificate_failure_walks_the_chain() -> None:
    cert = ssl.SSLCertVerificationError(1, "bad")
    via_cause = httpx.ConnectError("x")
    via_cause.__cause__ = cert
    via_context = httpx.ConnectError("y")
    via_context.__context__ = cert
    looped = httpx.ConnectError("z")
    other = httpx.ConnectError("w")
    looped.__cause__ = other
    other.__cause__ = looped
    assert is_certificate_failure(via_cause)
    assert is_certificate_failure(via_context)
    assert is_certificate_failure(httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] ..."))
    assert not is_certificate_failure(looped)
    assert not is_certificate_failure(httpx.ConnectError("Connection refused"))


# --- deadline ------------------------------------------------------------------------------------


class _Clock:
    """`time` for `openwire._flow`: monotonic time advances only by what the client slept."""

    def __init__(self, slept: list[float]) -> None:
        self._slept = slept
        self.overshoot = 1.0

    def monotonic(self) -> float:
        return 1000.0 + sum(self._slept) * self.overshoot

    def perf_counter(self) -> float:
        return self.monotonic()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch, slept: list[float]) -> _Clock:
    fake = _Clock(slept)
    monkeypatch.setattr(flow_module, "time", fake)
    return fake


def _recording(timeouts: list[dict[str, float | None]], answers: list[httpx.Response]) -> Any:
    replies = iter(answers)

    def record(request: httpx.Request) -> httpx.Response:
        timeouts.append(dict(request.extensions["timeout"]))
        return next(replies)

    return record


def test_deadline_stops_retries_whose_backoff_would_pass_it(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], clock: _Clock
) -> None:
    timeouts: list[dict[str, float | None]] = []
    route = mock_api.get("/models").mock(side_effect=_recording(timeouts, [_error(500)] * 10))
    client = flavor.client(retry=RetryPolicy(max_retries=10, jitter=0.0), deadline=2.0)
    with pytest.raises(InternalServerError) as info:
        flavor.run(_list, client)
    # t=0: fail, wait 0.5; t=0.5: fail, wait 1; t=1.5: fail, a 2 s wait would end past t=2: give up
    assert slept == [0.5, 1.0]
    assert route.call_count == 3
    assert info.value.attempts == 3
    # each attempt's timeouts are capped by the time left
    assert timeouts == [
        dict.fromkeys(("connect", "read", "write", "pool"), 2.0),
        dict.fromkeys(("connect", "read", "write", "pool"), 1.5),
        dict.fromkeys(("connect", "read", "write", "pool"), 0.5),
    ]


def test_deadline_keeps_shorter_phase_timeouts(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], clock: _Clock
) -> None:
    timeouts: list[dict[str, float | None]] = []
    mock_api.get("/models").mock(side_effect=_recording(timeouts, [_ok()]))
    client = flavor.client(deadline=30.0, timeout=httpx.Timeout(10.0, connect=2.0))
    flavor.run(_list, client)
    assert timeouts == [{"connect": 2.0, "read": 10.0, "write": 10.0, "pool": 10.0}]


def test_per_call_deadline(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], clock: _Clock
) -> None:
    timeouts: list[dict[str, float | None]] = []
    route = mock_api.get("/models").mock(side_effect=_recording(timeouts, [_error(503)] * 5))
    client = flavor.client(retry=RetryPolicy(max_retries=4, jitter=0.0))
    with pytest.raises(InternalServerError):
        flavor.run(lambda c: c.models.list(deadline=1.0), client)
    assert slept == [0.5]  # 0.5 + 1.0 would reach the deadline
    assert route.call_count == 2
    assert timeouts[0] == dict.fromkeys(("connect", "read", "write", "pool"), 1.0)


def test_per_call_deadline_overrides_and_none_removes_client_deadline(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], clock: _Clock
) -> None:
    timeouts: list[dict[str, float | None]] = []
    mock_api.get("/models").mock(side_effect=_recording(timeouts, [_ok(), _ok()]))
    client = flavor.client(deadline=1.0)
    flavor.run(lambda c: c.models.list(deadline=4.0), client)
    flavor.run(lambda c: c.models.list(deadline=None), client)
    assert timeouts[0] == dict.fromkeys(("connect", "read", "write", "pool"), 4.0)
    assert timeouts[1] == {"connect": 5.0, "read": 600.0, "write": 600.0, "pool": 600.0}


def test_deadline_bounds_a_call_without_timeout(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], clock: _Clock
) -> None:
    timeouts: list[dict[str, float | None]] = []
    mock_api.get("/models").mock(side_effect=_recording(timeouts, [_ok()]))
    flavor.run(lambda c: c.models.list(timeout=None, deadline=3.0), flavor.client())
    assert timeouts == [dict.fromkeys(("connect", "read", "write", "pool"), 3.0)]


def test_deadline_passed_during_backoff_raises_timeout(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float], clock: _Clock
) -> None:
    clock.overshoot = 3.0  # each wait takes three times as long as asked (a suspended machine)
    route = mock_api.get("/models").mock(side_effect=[_error(500), _ok()])
    client = flavor.client(retry=RetryPolicy(jitter=0.0, initial_delay=0.4))
    with pytest.raises(APITimeoutError) as info:
        flavor.run(lambda c: c.models.list(deadline=1.0), client)
    # 0 + 0.4 fits in the 1 s deadline, but the wait really took 1.2 s: no second attempt is sent
    assert slept == [0.4]
    assert route.call_count == 1
    assert str(info.value) == f"The call's deadline of 1 s passed on GET {BASE_URL}/models."


def test_invalid_deadline(flavor: Flavor) -> None:
    with pytest.raises(TypeError, match="deadline"):
        flavor.client(deadline=0)
    with pytest.raises(TypeError, match="deadline"):
        flavor.client(deadline=-3.0)


def test_base_url_reported_in_retry_exhaustion(
    flavor: Flavor, mock_api: respx.MockRouter, slept: list[float]
) -> None:
    mock_api.get("/models").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        flavor.run(_list, flavor.client(max_retries=1))
    assert f"GET {BASE_URL}/models" in str(info.value)
    assert info.value.attempts == 2
