"""The local server over real HTTP (uvicorn on 127.0.0.1): one server for the whole module."""

from __future__ import annotations

import base64
import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import anyio
import httpx
import pytest
from server_helpers import chat, events, resp, typed_events

import openwire
from openwire.testing import LiveServer, LocalServer

pytest.importorskip("uvicorn")


@pytest.fixture(scope="module")
def running() -> Iterator[LiveServer]:
    with LocalServer().serve(port=0) as live:
        yield live


@pytest.fixture
def live(running: LiveServer) -> LiveServer:
    running.server.reset()
    return running


@pytest.fixture
def http(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.base_url) as client:
        yield client


def test_base_url_has_the_real_port(live: LiveServer) -> None:
    assert live.port > 0
    assert live.base_url == f"http://127.0.0.1:{live.port}/v1"
    assert repr(live) == f"<openwire.testing.LiveServer {live.base_url}>"


def test_openwire_client_over_http(live: LiveServer) -> None:
    with live.client() as client:
        ids = [model.id for model in client.models.list()]
        assert "gpt-4o" in ids
        assert client.models.retrieve("gpt-4o").owned_by == "system"
        with pytest.raises(openwire.NotFoundError):
            client.models.retrieve("no-such-model")
    assert [r.path for r in live.server.requests] == ["/models", "/models/gpt-4o", "/models/no-such-model"]
    assert live.server.requests[0].headers["user-agent"].startswith("openwire/")


def test_async_openwire_client_over_http(live: LiveServer) -> None:
    async def go() -> list[str]:
        async with live.async_client() as client:
            return [model.id for model in await client.models.list()]

    assert "whisper-1" in anyio.run(go)


def test_stream_over_http(live: LiveServer, http: httpx.Client) -> None:
    live.server.reply("streamed over a real socket")
    pieces = []
    with http.stream("POST", "/chat/completions", json=chat(stream=True)) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert "content-length" not in response.headers
        for chunk in response.iter_raw():
            pieces.append(chunk)
    found = events(b"".join(pieces).decode())
    assert found[-1] == "[DONE]"
    assert "".join(c["choices"][0]["delta"].get("content") or "" for c in found[1:-2]) == (
        "streamed over a real socket"
    )


def test_background_stream_cut_and_resumed_over_http(live: LiveServer, http: httpx.Client) -> None:
    live.server.reply("Streamed over a socket, cut, and picked up again where it stopped.")
    live.server.cut_stream(after_events=6)
    pieces: list[bytes] = []
    with http.stream("POST", "/responses", json=resp(background=True, stream=True)) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        with pytest.raises(httpx.RemoteProtocolError):
            pieces.extend(response.iter_raw())
    received = typed_events(b"".join(pieces).rpartition(b"\n\n")[0].decode() + "\n\n")
    assert len(received) == 6
    path = f"/responses/{received[0]['response']['id']}"
    resumed = http.get(path, params={"stream": "true", "starting_after": received[-1]["sequence_number"]})
    received.extend(typed_events(resumed.text))
    assert [e["sequence_number"] for e in received] == list(range(len(received)))
    assert received[-1]["type"] == "response.completed"
    assert http.get(path).json() == received[-1]["response"]
    text = "".join(e["delta"] for e in received if e["type"] == "response.output_text.delta")
    assert text == "Streamed over a socket, cut, and picked up again where it stopped."


def test_conversation_over_http(http: httpx.Client) -> None:
    conversation = http.post("/conversations", json={"items": [{"role": "user", "content": "Hi!"}]}).json()
    answered = http.post("/responses", json={"model": "gpt-4o", "conversation": conversation["id"]}).json()
    assert answered["output"][0]["content"][0]["text"] == "You said: Hi!"
    items = http.get(f"/conversations/{conversation['id']}/items").json()["data"]
    assert [i["role"] for i in items] == ["assistant", "user"]


def test_errors_and_retry_after_over_http(live: LiveServer, http: httpx.Client) -> None:
    live.server.fail(429, retry_after=1)
    limited = http.get("/models")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"
    invalid = http.post("/chat/completions", json={"messages": []})
    assert invalid.status_code == 400
    assert invalid.json()["error"]["param"] == "model"
    assert invalid.headers["x-request-id"].startswith("req_")


def test_cut_stream_drops_the_connection(
    live: LiveServer, http: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    live.server.cut_stream(after_events=1)
    pieces: list[bytes] = []
    with http.stream("POST", "/chat/completions", json=chat(stream=True)) as response:
        assert response.status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            pieces.extend(response.iter_raw())
    whole, _, partial = b"".join(pieces).rpartition(b"\n\n")
    assert len(events(whole.decode() + "\n\n")) == 1
    assert partial.startswith(b"data: {")
    live.server.cut_stream()
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/models")
    assert http.get("/models").status_code == 200  # the next connection is fine
    # A deliberate cut is not reported as a server error.
    assert not [r for r in caplog.records if "without completing" in r.getMessage()]


def test_malformed_and_delay_over_http(live: LiveServer, http: httpx.Client) -> None:
    live.server.malformed()
    assert http.get("/models").text.startswith("<html>")
    live.server.delay(0.05)
    started = time.perf_counter()
    assert http.get("/models").status_code == 200
    assert time.perf_counter() - started >= 0.05
    live.server.delay(1.0)
    with pytest.raises(httpx.ReadTimeout):
        http.get("/models", timeout=0.05)


def test_image_links_and_uploads_over_http(live: LiveServer, http: httpx.Client) -> None:
    url = http.post("/images/generations", json={"prompt": "a fox", "size": "256x256"}).json()["data"][0][
        "url"
    ]
    assert url.startswith(f"http://127.0.0.1:{live.port}/v1/files-served/")
    image = httpx.get(url)
    assert image.content.startswith(b"\x89PNG")
    edited = http.post(
        "/images/edits",
        data={"prompt": "hat", "response_format": "b64_json"},
        files={"image": ("fox.png", image.content, "image/png")},
    )
    assert base64.b64decode(edited.json()["data"][0]["b64_json"]).startswith(b"\x89PNG")
    assert live.server.last_request.files["image"][0].data == image.content


def test_speech_and_transcription_over_http(http: httpx.Client) -> None:
    audio = http.post("/audio/speech", json={"model": "tts-1", "voice": "nova", "input": "over the wire"})
    assert audio.headers["content-type"] == "audio/mpeg"
    text = http.post(
        "/audio/transcriptions",
        data={"model": "whisper-1", "response_format": "text"},
        files={"file": ("speech.wav", audio.content, "audio/wav")},
    )
    assert text.text == "over the wire\n"


def test_api_key_over_http() -> None:
    with LocalServer(api_key="sk-live-abcdefgh").serve() as secured:
        assert httpx.get(f"{secured.base_url}/models").status_code == 401
        with secured.client() as client:  # the key is filled in
            assert len(client.models.list()) > 0


def test_missing_uvicorn_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    with pytest.raises(ImportError, match=r"pip install 'openwire\[server\]'"):
        LocalServer().serve()


def test_run_serves_until_interrupted() -> None:
    script = (
        "import sys\n"
        "from openwire.testing import run\n"
        "run(port=0, log_level='warning', on_ready=lambda url: print(url, flush=True))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        assert base_url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{base_url}/models").json()["object"] == "list"
        answered = httpx.post(f"{base_url}/responses", json={"model": "gpt-4o", "input": "Hi"}).json()
        assert answered["object"] == "response"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_logging_is_left_alone_for_other_errors(live: LiveServer) -> None:
    record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "something else", None, None)
    filters = logging.getLogger("uvicorn.error").filters
    assert filters  # the live server installed its filter
    assert all(f.filter(record) if isinstance(f, logging.Filter) else f(record) for f in filters)


def _quiet_stop(
    live: LiveServer, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> float:
    """Stop `live` and return how long it took, checking that nothing was printed or logged."""
    capfd.readouterr()
    started = time.perf_counter()
    live.stop()
    took = time.perf_counter() - started
    assert capfd.readouterr().err == ""
    assert [r.getMessage() for r in caplog.records if r.name.startswith("uvicorn")] == []
    return took


SLOW_STORY = " ".join(f"word{i}" for i in range(40))


@pytest.mark.parametrize("leave", ["timeout", "break"])
def test_stops_promptly_and_quietly_after_a_client_left_a_slow_stream(
    leave: str, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="uvicorn")
    live = LocalServer().serve()
    live.server.reply(SLOW_STORY)
    live.server.delay(per_chunk=0.3)  # 40 events: 12 s if the server went on after the client left
    with live.client(timeout=0.1 if leave == "timeout" else 5, max_retries=0) as client:
        stream = client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "Hi"}], stream=True
        )
        if leave == "timeout":
            with pytest.raises(openwire.APITimeoutError):
                for _ in stream:
                    pass
        else:
            for _ in stream:
                break
            stream.close()
    time.sleep(0.05)  # let the server see the client go
    assert _quiet_stop(live, capfd, caplog) < 0.2


def test_stops_promptly_and_quietly_while_a_client_is_still_reading(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="uvicorn")
    live = LocalServer().serve()
    live.server.reply(SLOW_STORY)
    live.server.delay(per_chunk=0.3)
    outcome: list[object] = []

    def read() -> None:
        with live.client(timeout=5, max_retries=0) as client:
            try:
                for chunk in client.chat.completions.create(
                    model="gpt-4o", messages=[{"role": "user", "content": "Hi"}], stream=True
                ):
                    outcome.append(chunk)
            except openwire.APIConnectionError as error:
                outcome.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(200):
        if outcome:
            break
        time.sleep(0.01)
    assert _quiet_stop(live, capfd, caplog) < 0.2
    reader.join(timeout=5)
    assert type(outcome[-1]) is openwire.APIConnectionError  # cut off, not a hang


def test_an_idle_server_stops_promptly(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    live = LocalServer().serve()
    with live.client() as client:
        client.models.list()
    assert _quiet_stop(live, capfd, caplog) < 0.2
