"""Every script in examples/ runs, with no key and no network, against the built-in server."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(path for path in EXAMPLES.glob("*.py") if not path.name.startswith("_"))

# A line each script prints when it worked (a script not listed here must print something).
EXPECTED = {
    "batch_job.py": "What is 5 + 5? -> You said: What is 5 + 5?",
    "bulk_embed.py": "100 vectors in input order; 60 read back from the journal",
    "chat.py": "tool call: get_weather(",
    "chat_async.py": "Name a planet. -> ",
    "chat_stream.py": "tokens, request id",
    "dask_embed.py": "the same as one process: True",
    "embeddings.py": "vectors of 1536 dimensions from text-embedding-3-small",
    "images.py": "lighthouse-boat.png",
    "middleware.py": "signed 4 requests",
    "models.py": "raises NotFoundError",
    "moderated_chat.py": "FLAGGED by omni-moderation-latest",
    "moderation.py": "'I will hurt you.'",
    "otel_tracing.py": "span 'chat gpt-4o-mini'",
    "replay_test.py": "replayed 1 request offline:",
    "responses.py": "assistant: The tool returned: ",
    "responses_stream.py": "async raw deltas: ",
    "speech.py": "speech.wav:",
    "structured_outputs.py": "partial answer is on error.completion",
    "tools.py": "responses answer: The tool returned: ",
    "transcription.py": "text: Hello from openwire!",
    "usage_tracking.py": "one client: <UsageTracker calls=1",
}


def test_there_are_examples() -> None:
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("script", SCRIPTS, ids=[path.name for path in SCRIPTS])
def test_example_runs_against_the_built_in_server(script: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OPENWIRE_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    env["OPENWIRE_EXAMPLES_DIR"] = str(tmp_path / "made")  # where _local.output_dir() puts files
    run_from = tmp_path / "cwd"
    run_from.mkdir()
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=run_from,
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
    assert list(run_from.iterdir()) == [], "an example left files where it was run from"


def test_examples_write_into_a_temporary_folder_by_default(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OPENWIRE_"))}
    code = "import _local; print(_local.output_dir())"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=EXAMPLES, env=env, capture_output=True, text=True, check=True
    )
    folder = Path(result.stdout.strip())
    assert folder.parent == Path(tempfile.gettempdir())
    assert EXAMPLES not in folder.parents
