"""Every script in examples/ runs, with no key and no network, against the built-in server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(path for path in EXAMPLES.glob("*.py") if not path.name.startswith("_"))

# A line each script prints when it worked (a script not listed here must print something).
EXPECTED = {
    "chat.py": "tool call: get_weather(",
    "chat_async.py": "Name a planet. -> ",
    "chat_stream.py": "tokens, request id",
    "embeddings.py": "vectors of 1536 dimensions from text-embedding-3-small",
    "images.py": "saved lighthouse-boat.png",
    "models.py": "raises NotFoundError",
    "moderated_chat.py": "FLAGGED by omni-moderation-latest",
    "moderation.py": "'I will hurt you.'",
    "responses.py": "assistant: The tool returned: ",
    "responses_stream.py": "async raw deltas: ",
    "speech.py": "speech.wav:",
    "structured_outputs.py": "partial answer is on error.completion",
    "tools.py": "responses answer: The tool returned: ",
    "transcription.py": "text: Hello from openwire!",
}


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("script", SCRIPTS, ids=[path.name for path in SCRIPTS])
def test_example_runs_against_the_built_in_server(script: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OPENWIRE_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,  # the files examples write land here
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip(), f"{script.name} printed nothing"
    expected = EXPECTED.get(script.name)
    if expected is not None:
        assert expected in result.stdout
