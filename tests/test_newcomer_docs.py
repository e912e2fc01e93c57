"""The API reference a newcomer reads (issue 16, point 7): signatures formatted, `create`'s keyword
arguments listed by name, and no private names where the reader looks (the docs build itself runs in
CI; this checks the pieces it is made of, quickly)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_docs_extra_can_format_signatures() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    docs_extra = re.search(r"^docs = \[(.*)\]", pyproject, re.MULTILINE)
    assert docs_extra is not None
    assert '"ruff' in docs_extra.group(1) or '"black' in docs_extra.group(1)


def test_mkdocs_loads_the_reference_extension() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "scripts/griffe_openwire.py:OpenwireReference" in config
    client_page = (ROOT / "docs" / "reference" / "client.md").read_text(encoding="utf-8")
    # Every client's entry hides its bases: no `Bases: _BaseClient[...]`.
    clients = [block for block in client_page.split(":::")[1:] if block.split()[0].endswith("Client")]
    assert len(clients) >= 4
    assert all("show_bases: false" in block for block in clients)


@pytest.fixture(scope="module")
def package() -> object:
    griffe = pytest.importorskip("griffe", reason="griffe comes with the docs extra (mkdocstrings)")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from griffe_openwire import OpenwireReference
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    extensions = griffe.load_extensions(OpenwireReference())
    return griffe.load("openwire", search_paths=[str(ROOT / "src")], extensions=extensions)


def test_create_lists_its_parameters_by_name(package: object) -> None:
    for path in (
        "resources.chat.completions.Completions.create",
        "resources.chat.completions.AsyncCompletions.create",
    ):
        create = package[path]  # type: ignore[index]
        names = [parameter.name for parameter in create.parameters]
        assert names[:3] == ["self", "messages", "model"]
        assert {"temperature", "tools", "stream", "options"} <= set(names)
        shown = ", ".join(str(parameter.annotation) for parameter in create.parameters)
        assert "_Create" not in shown
        assert str(create.parameters["options"].annotation) == "Unpack[RequestOptions]"
        assert "    temperature: " in create.docstring.value  # a row of the parameter table
        assert not create.overloads


def test_the_clients_show_no_private_names(package: object) -> None:
    for name, http in (("Client", "httpx.Client"), ("AsyncClient", "httpx.AsyncClient")):
        init = package[f"_client.{name}"].members["__init__"]  # type: ignore[index]
        assert str(init.parameters["http_client"].annotation) == f"{http} | None"
    size = package["types.images.ImagesResponse"].members["size"]  # type: ignore[index]
    assert "_Size" not in str(size.annotation)
    assert "1024x1024" in str(size.annotation)
