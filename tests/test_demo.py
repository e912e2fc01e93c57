"""`openwire demo`, run end to end as a newcomer runs it: a subprocess, no key, no network."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HIDE_RICH = (
    "import sys\n"
    "sys.modules['rich'] = None\n"
    "from openwire.cli import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OPENWIRE_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def test_demo_walks_through_every_resource(tmp_path: Path) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "openwire", "demo", "--out", "files"],
        cwd=tmp_path,
        env=_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # nothing alarming: no warning, no log line, no traceback
    assert elapsed < 10

    out = result.stdout
    files = tmp_path / "files"
    for expected in [
        f"Files it makes go to {Path('files')}",
        "1. Models",
        "raised NotFoundError (status 404)",
        "assistant: You said: What is the capital of France?",
        "assistant: You said: Tell me a short story about a lighthouse keeper.",
        "the last has no choices and carries the usage",
        "The moderation verdict for the input:  ModerationResults — it ran; flagged for violence (0.",
        "The moderation verdict for the input:  ModerationError — it could not run: moderation_unavailable",
        "The moderation verdict for the output: ModerationResults — it ran; clean",
        "5. The Responses API",
        "response.output_text joins the text of its messages",
        "with client.responses.stream(",
        "assistant: You said: Write one line about rivers.",
        "previous_response_id=response.id",
        "assistant: You said: And of Italy?",
        "The moderation verdict for the input:  ModerationResult — it ran; clean (omni-moderation-latest)",
        "The moderation verdict for the output: ModerationResult — it ran; flagged for violence (0.",
        "0.494  A kitten is sleeping on the windowsill.",
        "I will kill you.",
        f"Saved {Path('files') / 'lighthouse.png'}",
        f"Saved {Path('files') / 'hello.wav'}",
        "heard: 'Hello from openwire! This audio was made from text.'",
        "What next",
        "OPENAI_BASE_URL",
    ]:
        assert expected in out, f"missing from the demo's output: {expected!r}"
    assert out.index("1. Models") < out.index("3. A stream") < out.index("10. Transcription")
    assert "The WAV from step 9," in out

    assert (files / "lighthouse.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert (files / "hello.wav").read_bytes()[:4] == b"RIFF"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["files"]  # nothing left in the cwd


def test_demo_without_rich_in_a_temporary_directory_as_json(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", HIDE_RICH, "--json", "demo"],
        cwd=tmp_path,
        env=_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    summary = json.loads(result.stdout)
    directory = Path(summary["out_dir"])
    try:
        assert directory.name.startswith("openwire-demo-")
        assert Path(summary["files"]["image"]).read_bytes().startswith(b"\x89PNG")
        assert Path(summary["files"]["speech"]).read_bytes()[:4] == b"RIFF"
        assert summary["moderated_chat"] == [
            "ModerationResults",
            "ModerationResults",
            "ModerationError",
            "ModerationResults",
        ]
        assert summary["transcription"] == "Hello from openwire! This audio was made from text."
        assert summary["stream"]["chunks"] > 3
        assert summary["responses"] == {
            "text": "You said: What is the capital of France?",
            "streamed": "You said: Write one line about rivers.",
            "follow_up": "You said: And of Italy?",
            "continued": True,
            "moderation": ["ModerationResult", "ModerationResult"],
        }
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    assert list(tmp_path.iterdir()) == []
