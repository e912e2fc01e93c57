"""The suite in a plain clone (issue 16, point 6): the tests that need the reference data beside the
repository skip with a reason that says what they need and that CI runs them, as the README says."""

from __future__ import annotations

from pathlib import Path

import pytest

import _spec

README = Path(__file__).resolve().parents[1] / "README.md"


def _skip_reason(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, read: str) -> str:
    monkeypatch.setattr(_spec, "SHARED", tmp_path / "shared")
    monkeypatch.setattr(_spec, "SEEDS", tmp_path / "shared" / "seeds")
    monkeypatch.setattr(_spec, "SPEC", tmp_path / "shared" / "spec" / "openapi.yaml")
    reader = (lambda: _spec.seed_text("002")) if read == "seed" else _spec.load_spec
    with pytest.raises(pytest.skip.Exception) as skipped:
        reader()
    return str(skipped.value)


@pytest.mark.parametrize(("read", "needed"), [("seed", "../shared/seeds"), ("spec", "../shared/spec")])
def test_a_missing_reference_skips_saying_what_is_needed_and_that_ci_runs_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, read: str, needed: str
) -> None:
    reason = _skip_reason(monkeypatch, tmp_path, read)
    assert reason.startswith("needs the ")
    assert needed in reason
    assert "CI lays the reference data beside the clone and runs it" in reason


def test_the_readme_says_the_same() -> None:
    development = README.read_text(encoding="utf-8").split("## Development", 1)[1]
    assert "../shared/spec" in development
    assert "skip there" in development
    assert "CI, which has it, runs them" in development
