"""Security: no credential surfaces anywhere openwire shows, logs, copies or pickles something;
credentials do not follow a redirect to another host; TLS is verified unless you say otherwise.

The scan runs every kind of call (whole, streamed, refused, failed, cut, retried) with four kinds of
secret in play (an API key, a password in the base URL, an `api-key` query value, an `api-key`
header), against a server that echoes them back, and looks for the secrets in every place they
could surface: reprs and strs of clients, responses, streams and errors, tracebacks, the records
of every logger at DEBUG, pickles and copies of errors and their requests. It must find 0 bytes.
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import pickle
import ssl
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import respx
from _heavy import record

import openwire

KEY = "sk-scan-0123456789SECRETKEY"
PASSWORD = "pw-scan-hunter2"
QUERY_KEY = "qk-scan-0123456789"
HEADER_KEY = "hk-scan-0123456789"
BASIC = base64.b64encode(f"scan:{PASSWORD}".encode()).decode()
SECRETS = (KEY, PASSWORD, QUERY_KEY, HEADER_KEY, BASIC)

API = "https://api.scan.test/v1"
MESSAGES = [{"role": "user", "content": "hi"}]
COMPLETION = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
}


def echo(request: httpx.Request) -> str:
    """Everything the request carried that a careless server might quote back."""
    return f"{request.url} {dict(request.headers)}"


def sse(*events: Any) -> bytes:
    return b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events)


class Scan:
    """Everything collected, and where it came from."""

    def __init__(self) -> None:
        self.places: list[tuple[str, bytes]] = []

    def add(self, where: str, value: object) -> None:
        data = value if isinstance(value, bytes) else str(value).encode()
        self.places.append((where, data))

    def add_object(self, where: str, value: object) -> None:
        self.add(f"{where} repr", repr(value))
        self.add(f"{where} str", str(value))

    def add_error(self, where: str, error: BaseException) -> None:
        self.add_object(where, error)
        self.add(f"{where} traceback", "".join(traceback.format_exception(error)))
        for attribute in ("message", "body", "code", "param", "type", "request_id"):
            self.add(f"{where}.{attribute}", getattr(error, attribute, ""))
        for how, copied in (
            ("pickle", pickle.dumps),
            ("deepcopy", lambda e: pickle.dumps(copy.deepcopy(e))),
            ("copy", lambda e: pickle.dumps(copy.copy(e))),
        ):
            self.add(f"{where} {how}", copied(error))
        again = pickle.loads(pickle.dumps(error))
        for attribute in ("request", "response"):
            part = getattr(again, attribute, None)
            if isinstance(part, (httpx.Request, httpx.Response)):
                self.add(
                    f"{where} unpickled {attribute}", f"{part!r} {part.headers!r} {getattr(part, 'url', '')}"
                )
            if isinstance(part, httpx.Response):
                self.add(f"{where} unpickled response body", part.content)

    def leaks(self) -> list[tuple[str, str]]:
        return [
            (where, secret) for where, data in self.places for secret in SECRETS if secret.encode() in data
        ]


@pytest.fixture
def every_log_record() -> Iterator[list[logging.LogRecord]]:
    """Every record any logger emits at DEBUG, while the test runs."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    root = logging.getLogger()
    handler, level = Keep(logging.DEBUG), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    quiet = {name: logging.getLogger(name).level for name in ("openwire", "httpx", "httpcore", "hpack")}
    for name in quiet:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        for name, was in quiet.items():
            logging.getLogger(name).setLevel(was)


def _calls(client: openwire.Client, router: respx.MockRouter) -> Iterator[tuple[str, Callable[[], Any]]]:
    """Each kind of call, with the route that answers it."""
    chat = router.post("/chat/completions")

    def ok() -> Any:
        chat.mock(side_effect=lambda request: httpx.Response(200, json=COMPLETION))
        return client.chat.completions.create(model="m", messages=MESSAGES)

    def streamed() -> Any:
        chunk = {"id": "c", "object": "chat.completion.chunk", "model": "m", "choices": []}
        chat.mock(
            side_effect=lambda r: httpx.Response(
                200, content=sse(chunk), headers={"content-type": "text/event-stream"}
            )
        )
        with client.chat.completions.create(model="m", messages=MESSAGES, stream=True) as stream:
            return stream, list(stream)

    def refused() -> Any:
        chat.mock(side_effect=lambda r: httpx.Response(401, json={"error": {"message": f"bad: {echo(r)}"}}))
        return client.chat.completions.create(model="m", messages=MESSAGES)

    def proxy_page() -> Any:
        chat.mock(side_effect=lambda r: httpx.Response(502, html=f"<html><body>{echo(r)}</body></html>"))
        return client.chat.completions.create(model="m", messages=MESSAGES)

    def not_json() -> Any:
        chat.mock(side_effect=lambda r: httpx.Response(200, text=f"not json {echo(r)}"))
        return client.chat.completions.create(model="m", messages=MESSAGES)

    def unreachable() -> Any:
        def fail(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError(f"cannot reach {request.url}", request=request)

        chat.mock(side_effect=fail)
        return client.chat.completions.create(model="m", messages=MESSAGES)

    def error_mid_stream() -> Any:
        def answer(request: httpx.Request) -> httpx.Response:
            body = sse({"id": "c", "object": "chat.completion.chunk", "model": "m", "choices": []})
            body += b"data: " + json.dumps({"error": {"message": echo(request)}}).encode() + b"\n\n"
            return httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})

        chat.mock(side_effect=answer)
        with client.chat.completions.create(model="m", messages=MESSAGES, stream=True) as stream:
            return list(stream)

    def helper_parse() -> Any:
        chat.mock(
            side_effect=lambda r: httpx.Response(
                200,
                json={
                    **COMPLETION,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": echo(r)},
                            "finish_reason": "length",
                        }
                    ],
                },
            )
        )
        from pydantic import BaseModel

        class Answer(BaseModel):
            text: str

        return client.chat.completions.parse(model="m", messages=MESSAGES, response_format=Answer)

    yield from (
        ("ok", ok),
        ("streamed", streamed),
        ("refused", refused),
        ("proxy_page", proxy_page),
        ("not_json", not_json),
        ("unreachable", unreachable),
        ("error_mid_stream", error_mid_stream),
        ("helper_parse", helper_parse),
    )


def _clients() -> Iterator[tuple[str, openwire.Client]]:
    """A client with a key, an `api-key` query value and header; one with a password in its URL."""
    yield (
        "key",
        openwire.Client(
            api_key=KEY,
            base_url=f"{API}?api-key={QUERY_KEY}",
            default_headers={"api-key": HEADER_KEY},
            max_retries=1,
        ),
    )
    yield (
        "password",
        openwire.Client(api_key=KEY, base_url=f"https://scan:{PASSWORD}@api.scan.test/v1", max_retries=1),
    )


def test_no_secret_surfaces_anywhere(every_log_record: list[logging.LogRecord]) -> None:
    scan = Scan()
    for name, client in _clients():
        scan.add_object(f"{name} client", client)
        scan.add_object(f"{name} config", client.config)
        scan.add(f"{name} base_url", client.base_url)
        with respx.mock(base_url=API, assert_all_called=False) as router, client:
            for call_name, call in _calls(client, router):
                where = f"{name}/{call_name}"
                try:
                    result = call()
                except openwire.OpenwireError as error:
                    scan.add_error(where, error)
                else:
                    scan.add_object(where, result)
                    if isinstance(result, openwire.BaseModel):
                        scan.add(f"{where} json", result.to_json())
                        scan.add(f"{where} pickle", pickle.dumps(result))
    for record_ in every_log_record:
        scan.add(f"log {record_.name}", record_.getMessage())
    assert every_log_record, "nothing was logged: the scan of the logs would prove nothing"
    assert {r.name for r in every_log_record} >= {"openwire", "httpx"}
    leaks = scan.leaks()
    record("places scanned for credentials", len(scan.places))
    record("bytes of credentials found", sum(len(secret) for _, secret in leaks))
    assert leaks == [], leaks


def test_the_scan_can_find_a_leak() -> None:
    # The scan is only worth its 0 if it finds a secret where there is one.
    scan = Scan()
    scan.add("somewhere", f"Authorization: Bearer {KEY}".replace("Bearer", "Token"))
    scan.add("elsewhere", pickle.dumps({"password": PASSWORD}))
    assert {secret for _, secret in scan.leaks()} == {KEY, PASSWORD}


# --- redirects -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "method"), [(307, "POST"), (308, "POST"), (302, "GET"), (303, "GET")])
def test_credentials_do_not_follow_a_redirect_to_another_host(status: int, method: str) -> None:
    client = openwire.Client(
        api_key=KEY, base_url=API, default_headers={"api-key": HEADER_KEY, "x-team": "a"}
    )
    with respx.mock(assert_all_called=True) as router, client:
        router.post(f"{API}/chat/completions").respond(
            status, headers={"location": "https://elsewhere.test/v1/chat"}
        )
        landed = router.route(url="https://elsewhere.test/v1/chat").respond(json=COMPLETION)
        completion = client.chat.completions.create(model="m", messages=MESSAGES)
    assert completion.choices[0].message.content == "ok"
    sent = landed.calls.last.request
    assert sent.method == method
    assert "authorization" not in sent.headers
    assert "api-key" not in sent.headers
    assert sent.headers["x-team"] == "a"  # only credentials are dropped
    if method == "POST":
        assert json.loads(sent.content)["model"] == "m"
    else:
        assert sent.content == b""


def test_credentials_stay_on_a_redirect_within_the_api() -> None:
    client = openwire.Client(api_key=KEY, base_url=API)
    with respx.mock(assert_all_called=True) as router, client:
        router.get(f"{API}/models/old").respond(301, headers={"location": "/v1/models/new"})
        landed = router.get(f"{API}/models/new").respond(json={"id": "new", "object": "model"})
        assert client.models.retrieve("old").id == "new"
    assert landed.calls.last.request.headers["authorization"] == f"Bearer {KEY}"


def test_a_redirect_loop_ends_in_our_error() -> None:
    client = openwire.Client(api_key=KEY, base_url=API, max_retries=0)
    with respx.mock() as router, client:
        router.get(f"{API}/models/loop").respond(302, headers={"location": "/v1/models/loop"})
        with pytest.raises(openwire.APIStatusError) as caught:
            client.models.retrieve("loop")
    assert caught.value.status_code == 302


def test_a_client_that_does_not_follow_redirects_is_obeyed() -> None:
    http = httpx.Client(follow_redirects=False)
    client = openwire.Client(api_key=KEY, base_url=API, max_retries=0, http_client=http)
    with respx.mock() as router, client:
        router.get(f"{API}/models/old").respond(301, headers={"location": "/v1/models/new"})
        with pytest.raises(openwire.APIStatusError) as caught:
            client.models.retrieve("old")
    assert caught.value.status_code == 301
    http.close()


# --- TLS -------------------------------------------------------------------------------------------


def test_tls_is_verified_by_default_and_turning_it_off_is_explicit() -> None:
    for client in (openwire.Client(api_key=KEY), openwire.AsyncClient(api_key=KEY)):
        pool = client._http._transport._pool  # type: ignore[attr-defined]
        context: ssl.SSLContext = pool._ssl_context
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname is True
    # There is no option to turn it off: only an httpx client you build with verify=False.
    assert not {"verify", "ssl", "insecure", "verify_ssl"} & set(openwire.ClientOptions.__annotations__)


def test_a_pickled_or_copied_error_keeps_what_it_says() -> None:
    client = openwire.Client(api_key=KEY, base_url=API, max_retries=0)
    with respx.mock() as router, client:
        router.get(f"{API}/models/x").respond(
            429,
            json={
                "error": {"message": f"slow down {KEY}", "code": "rate_limit_exceeded", "type": "requests"}
            },
            headers={"x-request-id": "req_1", "retry-after": "3"},
        )
        with pytest.raises(openwire.RateLimitError) as caught:
            client.models.retrieve("x")
    error = caught.value
    for again in (pickle.loads(pickle.dumps(error)), copy.deepcopy(error), copy.copy(error)):
        assert type(again) is openwire.RateLimitError
        assert str(again) == str(error)
        assert (again.status_code, again.request_id, again.code, again.type) == (
            429,
            "req_1",
            "rate_limit_exceeded",
            "requests",
        )
        assert again.retry_after == 3
        assert again.request.headers["authorization"] == "***"
        assert again.request.url == error.request.url
        assert KEY not in again.response.text
        assert again.response.json()["error"]["code"] == "rate_limit_exceeded"
