"""examples/quickstart.ipynb runs top to bottom against the built-in server, and shows what it says."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "quickstart.ipynb"
KERNEL = "openwire-test-python"


def test_the_notebook_is_stored_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == []
        assert cell.execution_count is None


@pytest.fixture
def kernel_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec that runs this interpreter (the installed `python3` spec may name whatever
    `python` is first on PATH), found through JUPYTER_PATH."""
    spec = tmp_path / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "openwire tests", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # silence jupyter_core's path-migration warning
    # The notebook must use the built-in server, whatever the machine's environment says.
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENWIRE_LOG"):
        monkeypatch.delenv(name, raising=False)
    return KERNEL


def _outputs(cell: Any) -> str:
    """Everything a cell showed: streams, plain text and HTML."""
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)  # printed pieces, joined as printed
        elif output.output_type in ("execute_result", "display_data"):
            parts.extend(f"\n{output.data.get(kind, '')}\n" for kind in ("text/plain", "text/html"))
    return "".join(parts)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # jupyter_client / zmq internals
def test_the_notebook_runs_against_the_built_in_server(kernel_name: str) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=kernel_name,
        timeout=60,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in code:
        assert all(output.output_type != "error" for output in cell.outputs), cell.source
    shown = {_cell_key(cell): _outputs(cell) for cell in code}
    cells = {_cell_key(cell): cell for cell in code}
    # A streamed reply flows in one output updated in place, not one output (or line) per chunk.
    (story,) = cells["stream"].outputs
    assert story.output_type == "display_data"
    assert story.data["text/plain"] == "You said: Tell me a very short story."
    fox = [output for output in cells["response stream"].outputs if output.output_type == "display_data"]
    assert [output.data["text/plain"] for output in fox] == [
        "You said: Tell me a very short story about a fox."
    ]

    assert "<openwire.Client base_url='http://localhost/v1' api_key=None>" in shown["client"]
    chat = shown["completion"]
    assert "You said: Say hello in French." in chat
    assert "<strong>ChatCompletion</strong>" in chat  # the model rendered as HTML
    assert "You said: Tell me a very short story." in shown["stream"]

    responses = shown["responses"]
    assert "You said: Say hello in Italian.\nYou said: And in Spanish?\n" in responses
    assert "<strong>Response</strong>" in responses  # the follow-up rendered as HTML
    assert "previous_response_id" in responses
    streamed = shown["response stream"]
    assert "You said: Tell me a very short story about a fox.\n" in streamed
    assert "completed " in streamed

    moderated = shown["moderated"]
    assert "input: flagged=True" in moderated
    assert "output: flagged=True" in moderated
    assert moderated.count("<strong>ModerationResults</strong>") == 2
    assert "<th" in moderated
    assert ">score</th>" in moderated
    assert "background-color" in moderated  # the flagged violence row is highlighted

    similarity = shown["vectors"]
    assert "3 vectors of 1536 dimensions" in similarity
    scores = [float(line.split()[1]) for line in similarity.splitlines() if line.startswith("similarity")]
    assert scores[0] == pytest.approx(1.0)
    assert scores[1] > scores[2]  # texts sharing words are closer

    moderations = shown["checked"]
    assert "False []" in moderations
    assert "True ['harassment', 'violence']" in moderations
    assert "<strong>ModerationCreateResponse</strong>" in moderations
    assert "input 1" in moderations

    error = shown["error"]
    assert "NotFoundError 404 model_not_found" in error
    assert "request id: req_" in error


def _cell_key(cell: Any) -> str:
    """Names the code cells by what they are about, so the checks survive small edits."""
    source = cell.source
    for key, marker in (
        ("client", "MODEL = "),
        ("response stream", "client.responses.stream("),
        ("responses", "client.responses.create("),
        ("stream", "stream=True"),
        ("moderated", "moderation="),
        ("vectors", "embeddings.create"),
        ("checked", "moderations.create"),
        ("error", "except openwire"),
        ("completion", "chat.completions.create"),
    ):
        if marker in source:
            return key
    return source[:40]
