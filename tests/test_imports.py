"""What `import openwire` loads, and that every public name resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import openwire
import openwire.testing


@pytest.mark.parametrize("module", [openwire, openwire.testing], ids=lambda m: m.__name__)
def test_every_public_name_resolves_and_is_listed(module: object) -> None:
    names = module.__all__  # type: ignore[attr-defined]
    for name in names:
        assert getattr(module, name) is not None, name
    assert set(names) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'NoSuchThing'"):
        _ = module.NoSuchThing  # type: ignore[attr-defined]


def _modules_after(code: str) -> set[str]:
    run = [sys.executable, "-c", f"import sys; {code}; print(' '.join(sys.modules))"]
    return set(subprocess.run(run, check=True, capture_output=True, text=True).stdout.split())


def test_import_and_a_client_load_nothing_heavy() -> None:
    # Fresh interpreters: what `import openwire; openwire.Client(...)` adds to what httpx loads
    # (httpx itself imports rich and click when they are installed, for its own command line).
    baseline = _modules_after("import httpx; httpx.Client()")
    added = _modules_after("import openwire; openwire.Client(api_key='k')") - baseline
    assert "openwire._client" in added
    assert not {
        m for m in added if m.split(".")[0] in ("pydantic", "anyio", "asyncio", "numpy", "openai", "rich")
    }
    assert not [
        m for m in added if m.startswith(("openwire.types", "openwire.resources", "openwire.testing"))
    ]
