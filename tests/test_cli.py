"""The `openwire` command.

Each command is run as a user runs it, `python -m openwire ...` in a subprocess, against the built-in
server over real HTTP (the `openwire_live_server` fixture) or in-process (`--local`), checking exit
codes, stdout and stderr. The finer cases run `main()` in-process with `--local` pointed at a
scripted `LocalServer`, which is much cheaper than a subprocess (each pays ~0.4 s of imports).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import openwire
from openwire.cli import ExitCode, main
from openwire.cli._errors import CommandError, describe
from openwire.cli._io import output_path
from openwire.testing import LiveServer, LocalServer

pytest.importorskip("uvicorn")

SECRET = "sk-cli-test-secret-4f9a2b"

# Runs the command with some modules made impossible to import, as on a machine without them.
WITHOUT = (
    "import sys\n"
    "for name in sys.argv[1].split(','):\n"
    "    sys.modules[name] = None\n"
    "from openwire.cli import main\n"
    "raise SystemExit(main(sys.argv[2:]))\n"
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OPENWIRE_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def openwire_cli(
    *args: str, input: str = "", cwd: Path | None = None, env: dict[str, str] | None = None, without: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run `python -m openwire *args` (or, with `without`, the same with those modules hidden)."""
    if without:
        command = [sys.executable, "-c", WITHOUT, without, *args]
    else:
        command = [sys.executable, "-m", "openwire", *args]
    return subprocess.run(
        command,
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env or _env(),
        timeout=60,
        check=False,
    )


def at(live: LiveServer, *args: str) -> list[str]:
    return ["--base-url", live.base_url, *args]


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


@pytest.fixture
def live(openwire_live_server: LiveServer) -> LiveServer:
    return openwire_live_server


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch, openwire_server: LocalServer) -> LocalServer:
    """In-process runs of `main()`: `--local` reaches this scripted server, and stdin is empty."""
    import openwire.testing

    monkeypatch.setattr(openwire.testing, "LocalServer", lambda: openwire_server)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return openwire_server


# -- each command, in a subprocess ----------------------------------------------------------------


def test_chat_streams_the_reply_to_stdout_and_the_usage_to_stderr(live: LiveServer) -> None:
    result = openwire_cli(*at(live, "chat", "--system", "Be brief.", "Hello", "there"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "You said: Hello there\n"
    assert "tokens" in result.stderr
    assert "finish: stop" in result.stderr
    body = live.server.last_request.json
    assert body["stream"] is True
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hello there"},
    ]


def test_chat_no_stream_with_moderation(live: LiveServer) -> None:
    result = openwire_cli(
        *at(
            live,
            "--json",
            "chat",
            "--no-stream",
            "--moderate",
            "omni-moderation-latest",
            "I will kill the weeds",
        )
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["choices"][0]["message"]["content"] == "You said: I will kill the weeds"
    assert document["moderation"]["input"]["type"] == "moderation_results"
    assert document["moderation"]["input"]["results"][0]["flagged"] is True
    assert "stream" not in live.server.last_request.json


def test_chat_through_the_responses_api_streams_and_continues_a_response(live: LiveServer) -> None:
    first = openwire_cli(*at(live, "chat", "--api", "responses", "--system", "Be brief.", "My name is Ada"))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "You said: My name is Ada\n"
    assert "status: completed" in first.stderr
    body = live.server.last_request.json
    assert live.server.last_request.path == "/responses"
    assert body == {
        "model": "gpt-4o-mini",
        "input": "My name is Ada",
        "instructions": "Be brief.",
        "stream": True,
    }
    response_id = first.stderr.split("id: ")[1].split("]")[0]
    assert response_id.startswith("resp_")

    follow_up = openwire_cli(
        *at(live, "chat", "--api", "responses", "--previous-response", response_id, "What is my name?")
    )
    assert follow_up.returncode == 0, follow_up.stderr
    assert follow_up.stdout == "You said: What is my name?\n"
    assert live.server.last_request.json["previous_response_id"] == response_id
    continued = live.server.stored_responses
    tokens = [continued[key]["usage"]["input_tokens"] for key in continued]
    assert tokens[1] > tokens[0]  # the first exchange is part of the second one's context


def test_chat_through_the_responses_api_without_rich_as_json(live: LiveServer) -> None:
    result = openwire_cli(
        *at(
            live,
            "--json",
            "chat",
            "--api",
            "responses",
            "--no-stream",
            "--moderate",
            "omni-moderation-latest",
            "I will kill the weeds",
        ),
        without="rich",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["object"] == "response"
    assert document["output"][0]["content"][0]["text"] == "You said: I will kill the weeds"
    assert document["moderation"]["input"]["type"] == "moderation_result"
    assert document["moderation"]["input"]["flagged"] is True
    assert "stream" not in live.server.last_request.json

    plain = openwire_cli(*at(live, "chat", "--api", "responses", "Hello"), without="rich")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout == "You said: Hello\n"
    assert plain.stderr.startswith("[gpt-4o-mini · ")
    assert "status: completed · id: resp_" in plain.stderr


def test_embed() -> None:
    result = openwire_cli("--local", "--json", "embed", "--dimensions", "8", "first text", "second text")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert [item["index"] for item in document["data"]] == [0, 1]
    assert all(len(item["embedding"]) == 8 for item in document["data"])


def test_moderate_texts_and_an_image(live: LiveServer) -> None:
    result = openwire_cli(
        *at(live, "--json", "moderate", "I will kill you", "--image-url", "https://x.test/a.png")
    )
    assert result.returncode == 0, result.stderr
    assert [item["flagged"] for item in json.loads(result.stdout)["results"]] == [True]
    assert live.server.last_request.json["input"] == [
        {"type": "text", "text": "I will kill you"},
        {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
    ]


def test_moderate_without_rich_prints_a_plain_table() -> None:
    result = openwire_cli("--local", "moderate", "I will kill you", "Have a nice day", without="rich")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Moderation by omni-moderation-latest"
    assert lines[1].split() == ["input", "verdict", "categories"]
    assert lines[2].split()[:6] == ["I", "will", "kill", "you", "FLAGGED", "violence"]
    assert lines[3].split()[:5] == ["Have", "a", "nice", "day", "ok"]


def test_image_saved_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "boat.png"
    result = openwire_cli(
        "--local", "--json", "image", "--size", "1024x1024", "--out", str(target), "a red boat"
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["data"] == [{"path": str(target.resolve())}]  # no base64 blob in the output
    assert document["size"] == "1024x1024"
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_speak_streams_audio_to_a_file_and_transcribe_reads_it(tmp_path: Path) -> None:
    result = openwire_cli(
        "--local", "--json", "speak", "-f", "wav", "--out", str(tmp_path), "Hello from the shell"
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    audio = Path(document["path"])
    assert audio == (tmp_path / "speech.wav").resolve()
    assert audio.read_bytes()[:4] == b"RIFF"
    assert document["bytes"] == audio.stat().st_size
    assert document["content_type"] == "audio/wav"

    text = openwire_cli("--local", "transcribe", str(audio))
    assert text.returncode == 0, text.stderr
    assert text.stdout == "Hello from the shell\n"


def test_models(live: LiveServer) -> None:
    table = openwire_cli(*at(live, "models"))
    assert table.returncode == 0, table.stderr
    assert f"models at {live.base_url}" in table.stdout
    assert "gpt-4o-mini" in table.stdout


# -- exit codes, in a subprocess ----------------------------------------------------------------


def test_server_error_is_one_line_without_a_traceback(live: LiveServer) -> None:
    live.server.fail(500, message="Something broke upstream.", path="/models")
    result = openwire_cli(*at(live, "--max-retries", "0", "models"))
    assert result.returncode == ExitCode.API_ERROR
    assert result.stderr.count("\n") == 1
    assert "500 Internal Server Error" in result.stderr
    assert "Something broke upstream." in result.stderr
    no_traceback(result)


def test_debug_shows_the_traceback_and_never_the_key(live: LiveServer) -> None:
    live.server.fail(401, message="Bad key.", path="/models")
    result = openwire_cli(*at(live, "--api-key", SECRET, "--max-retries", "0", "--debug", "models"))
    assert result.returncode == ExitCode.API_ERROR
    assert "Traceback (most recent call last)" in result.stderr
    assert "AuthenticationError" in result.stderr
    assert SECRET not in result.stderr + result.stdout


def test_no_api_key_is_a_configuration_error() -> None:
    result = openwire_cli("models")  # the default base URL is the OpenAI API, which needs a key
    assert result.returncode == ExitCode.CONFIG
    assert result.stderr.startswith("openwire: configuration error: No API key")
    assert "--api-key" in result.stderr
    no_traceback(result)


def test_connection_refused_is_a_connection_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    result = openwire_cli("--base-url", url, "--max-retries", "0", "models")
    assert result.returncode == ExitCode.CONNECTION
    assert result.stderr.startswith("openwire: connection error: ")
    assert f"Is a server running at {url}?" in result.stderr
    no_traceback(result)


def test_ctrl_c_exits_130(live: LiveServer) -> None:
    live.server.delay(1, path="/chat/completions")  # short: the server sits it out after the client left
    command = [sys.executable, "-m", "openwire", *at(live, "chat", "Hello")]
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    ) as process:
        deadline = time.monotonic() + 20
        while not live.server.requests and time.monotonic() < deadline:
            threading.Event().wait(0.02)
        assert live.server.requests, "the chat request never arrived"
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == ExitCode.INTERRUPTED
    assert "openwire: interrupted" in stderr
    assert "Traceback" not in stderr


def test_serve_prints_its_url_and_stops_on_ctrl_c() -> None:
    command = [sys.executable, "-m", "openwire", "--json", "serve", "--port", "0", "--log-level", "warning"]
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    ) as process:
        try:
            assert process.stdout is not None
            ready = json.loads(process.stdout.readline())
            assert ready["api_key_required"] is False
            with openwire.Client(base_url=ready["base_url"], max_retries=0) as client:
                assert "gpt-4o" in [model.id for model in client.models.list()]
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr


def test_serve_without_uvicorn_exits_5() -> None:
    result = openwire_cli("serve", "--port", "0", without="uvicorn")
    assert result.returncode == ExitCode.MISSING_DEPENDENCY
    assert "pip install 'openwire[server]'" in result.stderr
    no_traceback(result)


def test_console_script_is_installed() -> None:
    script = shutil.which("openwire", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the openwire console script is not installed next to this Python")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("openwire ")


# -- finer cases, in-process --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-command"),
        pytest.param(["bogus"], id="unknown-command"),
        pytest.param(["--local", "--base-url", "http://localhost:1/v1", "models"], id="local-and-base-url"),
        pytest.param(["speak", "--format", "ogg", "hi"], id="bad-choice"),
        pytest.param(["serve", "--port", "70000"], id="bad-port"),
    ],
)
def test_argparse_usage_errors(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == ExitCode.USAGE
    assert "usage: openwire" in capsys.readouterr().err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for command in ("chat", "embed", "moderate", "image", "speak", "transcribe", "models", "serve", "demo"):
        assert f"\n    {command} " in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chat"], "no message: give it as arguments, or pipe it in on stdin"),
        (["embed"], "no texts to embed"),
        (["image"], "no prompt"),
        (["transcribe", "no-such-file.wav"], "no audio file at no-such-file.wav"),
        (["image", "--out", "no/such/dir/x.png", "a boat"], "the directory no/such/dir does not exist"),
        (["chat", "--max-tokens", "0", "hi"], "--max-tokens must be at least 1"),
        (["chat", "--previous-response", "resp_1", "hi"], "--previous-response continues a stored response"),
        (["chat", "--api", "responses", "--max-tokens", "0", "hi"], "--max-tokens must be at least 1"),
    ],
)
def test_our_usage_errors(
    local: LocalServer, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--local", "--plain", *args]) == ExitCode.USAGE
    captured = capsys.readouterr()
    assert captured.err == f"openwire: error: {message}\n" or message in captured.err
    assert captured.out == ""
    assert local.requests == []  # nothing was sent


def test_bad_base_url_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    assert main(["--base-url", "localhost:8000", "models"]) == ExitCode.CONFIG
    err = capsys.readouterr().err
    assert "Did you mean 'http://localhost:8000'?" in err
    assert SECRET not in err


def test_timeout_is_a_connection_error(local: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    local.delay(2, path="/models")
    assert main(["--local", "--timeout", "0.2", "--max-retries", "0", "models"]) == ExitCode.CONNECTION
    assert "timed out" in capsys.readouterr().err.lower()


def test_error_in_the_middle_of_a_stream(local: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    local.fail_stream(after_events=3, message="The model fell over.")
    assert main(["--local", "--plain", "chat", "Tell me a long story"]) == ExitCode.API_ERROR
    captured = capsys.readouterr()
    assert captured.out.startswith("You said:")
    assert captured.out.endswith("\n")  # the half-written reply is ended before the error
    assert "The model fell over." in captured.err


def test_chat_shows_both_kinds_of_moderation_verdict(
    local: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    local.fail_moderation("input")
    assert main(["--local", "--plain", "chat", "--moderate", "omni-moderation-latest", "I will kill it"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "You said: I will kill it\n"
    assert "moderation of the input:  moderation could not run (moderation_unavailable: " in captured.err
    assert "moderation of the output: flagged for violence (0." in captured.err


def test_chat_refusal_and_no_stream(local: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    from openwire.testing import Reply

    local.reply(Reply(refusal="I can't help with that."), Reply(refusal="Still no."))
    assert main(["--local", "--plain", "chat", "Do something bad"]) == 0
    assert main(["--local", "--plain", "chat", "--no-stream", "Do something bad"]) == 0
    assert capsys.readouterr().out == "I can't help with that.\nStill no.\n"


def test_chat_json_collects_a_stream_into_one_completion(
    local: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    sys.stdin = io.StringIO("hi from stdin\n")
    assert main(["--local", "--json", "chat", "--temperature", "0.5"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["object"] == "chat.completion"
    assert document["choices"][0]["message"] == {"role": "assistant", "content": "You said: hi from stdin"}
    assert document["choices"][0]["finish_reason"] == "stop"
    assert document["usage"]["total_tokens"] > 0
    assert local.last_request.json["temperature"] == 0.5


@pytest.mark.parametrize("plain", [True, False], ids=["plain", "rich"])
def test_chat_responses_shows_both_kinds_of_moderation_verdict(
    local: LocalServer, plain: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    local.fail_moderation("input")
    style = ["--plain"] if plain else []
    args = ["--local", *style, "chat", "--api", "responses", "--moderate", "omni-moderation-latest", "Hi"]
    local.reply("I will kill it")
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out == "I will kill it\n"
    assert "moderation of the input:  moderation could not run (moderation_unavailable: " in captured.err
    assert "moderation of the output: flagged for violence (0." in captured.err
    assert local.last_request.json["moderation"] == {"model": "omni-moderation-latest"}
    assert main([*args[:-1], "--no-stream", "Have a nice day"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "You said: Have a nice day\n"
    assert "moderation of the input:  clean (omni-moderation-latest)" in captured.err
    assert "moderation of the output: clean (omni-moderation-latest)" in captured.err


def test_chat_responses_refusal_and_no_stream(local: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    from openwire.testing import Reply

    local.reply(Reply(refusal="I can't help with that."), Reply(refusal="Still no."))
    assert main(["--local", "--plain", "chat", "--api", "responses", "Do something bad"]) == 0
    assert main(["--local", "--plain", "chat", "--api", "responses", "--no-stream", "Do something bad"]) == 0
    assert capsys.readouterr().out == "I can't help with that.\nStill no.\n"


def test_chat_responses_json_gives_the_final_response(
    local: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    from openwire.testing import Reply

    sys.stdin = io.StringIO("hi from stdin\n")
    args = ["--local", "--json", "chat", "--api", "responses", "-t", "0.5", "--max-tokens", "16"]
    assert main(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["object"] == "response"
    assert document["status"] == "completed"
    assert document["output"][0]["content"][0]["text"] == "You said: hi from stdin"
    assert document["usage"]["total_tokens"] > 0
    sent = local.last_request.json
    assert (sent["temperature"], sent["max_output_tokens"], sent["stream"]) == (0.5, 16, True)

    local.reply(Reply("Once upon a time", finish_reason="length"))
    assert main(["--local", "--plain", "chat", "--api", "responses", "A long story"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Once upon a time\n"
    assert "status: incomplete (max_output_tokens)" in captured.err


def test_error_in_the_middle_of_a_responses_stream(
    local: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    local.fail_stream(after_events=6, message="The model fell over.")
    assert (
        main(["--local", "--plain", "chat", "--api", "responses", "Tell me a long story"])
        == ExitCode.API_ERROR
    )
    captured = capsys.readouterr()
    assert captured.out.startswith("You said:")
    assert captured.out.endswith("\n")  # the half-written reply is ended before the error
    assert "The model fell over." in captured.err


def test_a_failed_response_is_an_api_error(local: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    failed = {
        "id": "resp_failed",
        "object": "response",
        "status": "failed",
        "model": "gpt-4o-mini",
        "output": [],
        "error": {"code": "server_error", "message": "The model crashed."},
    }
    local.malformed(json.dumps(failed), path="/responses")
    assert (
        main(["--local", "--plain", "chat", "--api", "responses", "--no-stream", "Hi"]) == ExitCode.API_ERROR
    )
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == "openwire: API error: the response resp_failed failed (server_error): The model crashed.\n"
    )


def test_missing_model_is_an_api_error(local: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--local", "models", "no-such-model"]) == ExitCode.API_ERROR
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("openwire: API error: 404 Not Found from GET ")
    assert captured.out == ""


def test_embed_reads_lines_from_stdin(local: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    sys.stdin = io.StringIO("one\n\ntwo\nthree\n")
    assert main(["--local", "--plain", "embed", "--encoding-format", "base64"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 vectors of 1536 dimensions from text-embedding-3-small")
    assert local.last_request.json["input"] == ["one", "two", "three"]
    assert local.last_request.json["encoding_format"] == "base64"


def test_image_and_speech_pick_fresh_names(
    local: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("speech.mp3").write_bytes(b"keep me")
    assert main(["--local", "--plain", "image", "a lighthouse"]) == 0
    assert main(["--local", "--plain", "speak", "Hi"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Saved image.png (")
    assert lines[1].startswith("Saved speech-2.mp3 (")
    assert Path("speech.mp3").read_bytes() == b"keep me"
    assert Path("image.png").read_bytes().startswith(b"\x89PNG")


def test_transcribe_formats(local: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    audio = tmp_path / "hello.wav"
    with local.client() as client:
        client.audio.speech.create(
            model="gpt-4o-mini-tts", voice="alloy", input="Hello there", response_format="wav"
        ).write_to_file(audio)
    assert main(["--local", "--plain", "transcribe", "-f", "srt", str(audio)]) == 0
    assert "-->" in capsys.readouterr().out
    assert main(["--local", "--json", "transcribe", "-f", "vtt", str(audio)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["format"] == "vtt"
    assert document["text"].startswith("WEBVTT")
    assert (
        main(["--local", "--json", "transcribe", "-f", "verbose_json", "--language", "en", str(audio)]) == 0
    )
    assert json.loads(capsys.readouterr().out)["text"] == "Hello there"
    assert main(["--local", "--plain", "transcribe", "-f", "verbose_json", str(audio)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Hello there\n"
    assert "duration:" in captured.err


def test_models_json_lists_them_all(local: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--local", "--json", "models"]) == 0
    ids = [model["id"] for model in json.loads(capsys.readouterr().out)["data"]]
    assert "gpt-4o-mini" in ids
    assert main(["--local", "--plain", "models", "gpt-4o"]) == 0
    assert capsys.readouterr().out.splitlines()[0].split() == ["id:", "gpt-4o"]


def test_serve_passes_its_options_and_never_prints_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[dict[str, object]] = []

    def fake_run(host: str, port: int, **options: object) -> None:
        calls.append({"host": host, "port": port, **options})
        on_ready = options["on_ready"]
        assert callable(on_ready)
        on_ready(f"http://{host}:12345/v1")

    monkeypatch.setattr("openwire.testing.run", fake_run)
    assert main(["--plain", "serve", "--host", "0.0.0.0", "--port", "0", "--api-key", SECRET]) == 0
    assert calls[0]["host"] == "0.0.0.0"
    assert calls[0]["api_key"] == SECRET
    captured = capsys.readouterr()
    assert "listening on http://0.0.0.0:12345/v1" in captured.out
    assert SECRET not in captured.out + captured.err


def test_serve_on_a_busy_port_is_a_configuration_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["serve", "--port", str(busy.getsockname()[1])]) == ExitCode.CONFIG
    assert "cannot listen on 127.0.0.1:" in capsys.readouterr().err


class _ClosedPipe(io.StringIO):
    """A stdout whose reader went away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file descriptor")


def test_a_closed_pipe_ends_quietly(local: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["--local", "--plain", "models"]) == ExitCode.BROKEN_PIPE


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (CommandError("bad"), ExitCode.USAGE),
        (CommandError("none", ExitCode.MISSING_DEPENDENCY), ExitCode.MISSING_DEPENDENCY),
        (CommandError("it failed", ExitCode.API_ERROR), ExitCode.API_ERROR),
        (openwire.InvalidInputError("empty"), ExitCode.USAGE),
        (PermissionError(13, "Permission denied", "out.png"), ExitCode.FAILED),
        (RuntimeError("oops"), ExitCode.INTERNAL),
    ],
)
def test_describe(error: BaseException, code: ExitCode) -> None:
    failure = describe(error)
    assert failure.code == code
    assert "\n" not in failure.message


def test_output_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert output_path(None, "image", ".png") == Path("image.png")
    Path("image.png").touch()
    Path("image-2.png").touch()
    assert output_path(None, "image", ".png") == Path("image-3.png")
    assert output_path(str(tmp_path), "speech", ".wav") == tmp_path / "speech.wav"
    assert output_path("mine.png", "image", ".png") == Path("mine.png")


# -- what a newcomer tries (issue 16) -------------------------------------------------------------


def test_a_trailing_slash_makes_a_directory_and_saves_inside_it(tmp_path: Path) -> None:
    existing = tmp_path / "taken"
    existing.write_bytes(b"keep me")
    image = openwire_cli("--local", "image", "-o", "out/", "a red boat", cwd=tmp_path)
    speech = openwire_cli("--local", "speak", "-o", "sp/deeper/", "Hi", cwd=tmp_path)
    assert (image.returncode, speech.returncode) == (0, 0), image.stderr + speech.stderr
    assert (tmp_path / "out" / "image.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "sp" / "deeper" / "speech.mp3").read_bytes().startswith(b"ID3")
    again = openwire_cli("--local", "image", "-o", "out/", "a blue boat", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["image-2.png", "image.png"]
    refused = openwire_cli("--local", "image", "-o", "taken/", "a boat", cwd=tmp_path)
    assert refused.returncode == ExitCode.FAILED
    assert existing.read_bytes() == b"keep me"
    no_traceback(refused)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc, which cannot hold new files")
def test_an_output_that_cannot_be_written_is_refused_before_the_request(live: LiveServer) -> None:
    for command in (["image", "-o", "/proc/nope.png", "a boat"], ["speak", "-o", "/proc/nope.mp3", "Hi"]):
        result = openwire_cli(*at(live, *command))
        assert result.returncode == ExitCode.FAILED, result.stderr  # a runtime error, not a usage one
        assert result.stderr.startswith("openwire: error: cannot write /proc/nope.")
        no_traceback(result)
    assert live.server.requests == []  # refused before anything was sent (or paid for)


def test_global_options_work_after_the_command(live: LiveServer) -> None:
    result = openwire_cli("models", "--json", "--base-url", live.base_url, "--max-retries", "0")
    assert result.returncode == 0, result.stderr
    assert "gpt-4o-mini" in [model["id"] for model in json.loads(result.stdout)["data"]]
    embed = openwire_cli("--local", "embed", "--json", "--dimensions", "4", "one")
    assert len(json.loads(embed.stdout)["data"][0]["embedding"]) == 4
    both = openwire_cli("--local", "models", "--base-url", live.base_url)
    assert both.returncode == ExitCode.USAGE
    assert "--local: not allowed with argument --base-url" in both.stderr


def test_serve_keeps_its_own_api_key_after_the_command() -> None:
    from openwire.cli._args import build_parser

    args = build_parser().parse_args(["serve", "--api-key", SECRET, "--json"])
    assert (args.server_api_key, args.api_key, args.json) == (SECRET, None, True)


def test_an_empty_text_is_named_in_plain_words(
    local: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--local", "embed", "fine", ""]) == ExitCode.USAGE
    assert main(["--local", "moderate", ""]) == ExitCode.USAGE
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("openwire: error: text number 2 is empty")
    assert err[1].startswith("openwire: error: text number 1 is empty")
    assert local.requests == []


def _screen(raw: bytes) -> list[str]:
    """What a terminal shows after `raw`: each line as carriage returns overwrote it."""
    shown = []
    for line in raw.decode().replace("\r\n", "\n").split("\n"):
        cells: list[str] = []
        for segment_number, segment in enumerate(line.split("\r")):
            column = 0 if segment_number else len(cells)
            for char in segment:
                if column < len(cells):
                    cells[column] = char
                else:
                    cells.append(char)
                column += 1
        shown.append("".join(cells).rstrip())
    return [line for line in shown if line]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_json_on_a_terminal_leaves_no_waiting_line_behind() -> None:
    import pty

    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "openwire", "--json", "--local", "chat", "--no-stream", "hi"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=_env(),
        )
        os.close(terminal)
        stdout, _ = process.communicate(timeout=60)
        raw = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            raw += chunk
    finally:
        os.close(controller)
    assert process.returncode == 0, raw
    assert json.loads(stdout)["choices"][0]["message"]["content"] == "You said: hi"
    assert b"Waiting for gpt-4o-mini..." in raw  # it was shown while waiting ...
    assert not [line for line in _screen(raw) if re.search("Waiting", line)]  # ... and taken back
