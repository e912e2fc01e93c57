"""The official `openai` package and the floor's orjson are benchmark dependencies only: never
openwire's."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;(@]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_openai_is_only_in_the_bench_extra() -> None:
    requirements = metadata.requires("openwire") or []
    for requirement in requirements:
        if _name(requirement) != "openai":
            continue
        _, _, marker = requirement.partition(";")
        assert re.fullmatch(r"""\s*extra\s*==\s*["']bench["']\s*""", marker), requirement


def test_orjson_is_never_a_runtime_dependency() -> None:
    # It may be in any extra (the bench extra has it, for the floor), never unconditionally.
    for requirement in metadata.requires("openwire") or []:
        if _name(requirement) != "orjson":
            continue
        _, _, marker = requirement.partition(";")
        assert re.fullmatch(r"""\s*extra\s*==\s*["'][\w-]+["']\s*""", marker), requirement


def test_importing_openwire_does_not_import_openai() -> None:
    program = (
        "import sys, openwire\n"
        "client = openwire.Client(api_key='x')\n"
        "client.chat, client.embeddings, client.moderations, client.models, client.images, client.audio\n"
        "import openwire.types.chat, openwire.types.embeddings, openwire.types.moderation\n"
        "loaded = sorted(m for m in sys.modules if m == 'openai' or m.startswith('openai.'))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
