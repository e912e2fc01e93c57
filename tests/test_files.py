"""`client.files` on both clients, against the built-in server: multipart upload, list (filtered,
paged), retrieve, content read whole or streamed to disk, delete, and the errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import openwire
from conftest import Flavor
from openwire.testing import LocalServer
from openwire.types.files import FileDeleted, FileObject


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


def listed(flavor: Flavor, client: Any, call: Callable[[Any], Any]) -> list[Any]:
    """Every item of a list method's pages, on either client."""
    if not flavor.is_async:
        return list(call(client))

    async def gather(c: Any) -> list[Any]:
        return [item async for item in call(c)]

    return list(flavor.run(gather, client))


def test_create_sends_a_multipart_form_and_returns_the_file(
    flavor: Flavor, server: LocalServer, tmp_path: Path
) -> None:
    client = flavor.local(server)
    path = tmp_path / "requests.jsonl"
    path.write_bytes(b'{"a": 1}\n')
    file = flavor.run(
        lambda c: c.files.create(
            file=path, purpose="batch", expires_after={"anchor": "created_at", "seconds": 3600}
        ),
        client,
    )
    assert isinstance(file, FileObject)
    assert (file.filename, file.bytes, file.purpose) == ("requests.jsonl", 9, "batch")
    assert file.expires_at == file.created_at + 3600
    sent = server.last_request
    assert sent.form == {
        "purpose": "batch",
        "expires_after[anchor]": "created_at",
        "expires_after[seconds]": "3600",
    }
    assert sent.files["file"][0].data == b'{"a": 1}\n'
    assert server.stored_files[file.id] == b'{"a": 1}\n'


def test_retrieve_content_and_delete(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    data = bytes(range(256)) * 10
    file = flavor.run(lambda c: c.files.create(file=("blob.bin", data), purpose="user_data"), client)
    assert flavor.run(lambda c: c.files.retrieve(file.id), client).id == file.id
    content = flavor.run(lambda c: c.files.content(file.id), client)
    assert content.content == data
    assert server.last_request.path == f"/files/{file.id}/content"
    deleted = flavor.run(lambda c: c.files.delete(file.id), client)
    assert isinstance(deleted, FileDeleted)
    assert deleted.deleted
    with pytest.raises(openwire.NotFoundError, match="No such File object"):
        flavor.run(lambda c: c.files.retrieve(file.id), client)


def test_list_filters_by_purpose_and_fetches_every_page(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    made = [
        flavor.run(lambda c, n=n, p=p: c.files.create(file=(f"f{n}.jsonl", b"{}\n"), purpose=p), client).id
        for n, p in enumerate(["batch", "user_data", "batch", "batch"])
    ]
    found = listed(flavor, client, lambda c: c.files.list(purpose="batch", limit=1, order="asc"))
    assert [f.id for f in found] == [made[0], made[2], made[3]]
    newest_first = listed(flavor, client, lambda c: c.files.list())
    assert [f.id for f in newest_first] == made[::-1]
    assert server.requests[-1].query == {}


def test_download_streams_to_a_path(flavor: Flavor, server: LocalServer, tmp_path: Path) -> None:
    client = flavor.local(server)
    data = b"x" * 300_000
    file = flavor.run(lambda c: c.files.create(file=("big.bin", data), purpose="user_data"), client)
    target = tmp_path / "out.bin"
    written = flavor.run(lambda c: c.files.download(file.id, target), client)
    assert written == target
    assert target.read_bytes() == data


def test_a_failed_download_leaves_no_file(flavor: Flavor, server: LocalServer, tmp_path: Path) -> None:
    client = flavor.local(server, max_retries=0)
    target = tmp_path / "out.bin"
    with pytest.raises(openwire.NotFoundError):
        flavor.run(lambda c: c.files.download("file-missing", target), client)
    assert not target.exists()


def test_the_raw_views_have_no_download_helper(server: LocalServer) -> None:
    client = server.client()
    with pytest.raises(AttributeError, match="helper"):
        client.files.with_raw_response.download  # noqa: B018
    raw = client.files.with_raw_response.create(file=("a.txt", b"hi"), purpose="user_data")
    assert raw.status_code == 200
    assert raw.parse().filename == "a.txt"


def test_a_batch_file_must_be_jsonl_and_purpose_must_be_known(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    with pytest.raises(openwire.BadRequestError, match=r"Must be \.jsonl"):
        flavor.run(lambda c: c.files.create(file=("a.csv", b"x"), purpose="batch"), client)
    with pytest.raises(openwire.BadRequestError, match="purpose"):
        flavor.run(lambda c: c.files.create(file=("a.txt", b"x"), purpose="nonsense"), client)
    with pytest.raises(TypeError, match="purpose"):
        flavor.run(lambda c: c.files.create(file=("a.txt", b"x")), client)
