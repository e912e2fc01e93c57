"""`client.uploads` on both clients, against the built-in server: an upload made by hand (parts,
the MD5 check, cancel), and `upload_file`, which sends a file in parts and resumes from its journal.

(`test_uploads.py` is about multipart file parameters in general.)"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import openwire
from conftest import Flavor
from openwire.testing import LocalServer
from openwire.types.uploads import Upload, UploadPart


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


def _start(flavor: Flavor, client: object, size: int) -> Upload:
    upload: Upload = flavor.run(
        lambda c: c.uploads.create(
            bytes=size, filename="data.jsonl", mime_type="application/jsonl", purpose="batch"
        ),
        client,
    )
    return upload


def test_parts_complete_into_a_file_in_the_order_given(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    upload = _start(flavor, client, 9)
    assert upload.status == "pending"
    assert upload.expires_at == upload.created_at + 3600
    parts: list[UploadPart] = [
        flavor.run(lambda c, d=d: c.uploads.parts.create(upload.id, data=d), client)
        for d in (b"ghi", b"abc", b"def")
    ]
    assert parts[0].upload_id == upload.id
    assert server.last_request.files["data"][0].data == b"def"
    order = [parts[1].id, parts[2].id, parts[0].id]
    done = flavor.run(
        lambda c: c.uploads.complete(upload.id, part_ids=order, md5=hashlib.md5(b"abcdefghi").hexdigest()),
        client,
    )
    assert done.status == "completed"
    assert done.file is not None
    assert (done.file.bytes, done.file.filename, done.file.purpose) == (9, "data.jsonl", "batch")
    assert server.stored_files[done.file.id] == b"abcdefghi"
    assert server.last_request.json == {"part_ids": order, "md5": hashlib.md5(b"abcdefghi").hexdigest()}


def test_a_checksum_that_does_not_match_is_refused(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    upload = _start(flavor, client, 6)
    first = flavor.run(lambda c: c.uploads.parts.create(upload.id, data=b"abc"), client)
    second = flavor.run(lambda c: c.uploads.parts.create(upload.id, data=b"def"), client)
    with pytest.raises(openwire.BadRequestError, match="md5 checksum does not match"):
        flavor.run(
            lambda c: c.uploads.complete(
                upload.id, part_ids=[second.id, first.id], md5=hashlib.md5(b"abcdef").hexdigest()
            ),
            client,
        )
    with pytest.raises(openwire.BadRequestError, match="add up to 3 bytes"):
        flavor.run(lambda c: c.uploads.complete(upload.id, part_ids=[first.id]), client)
    # Still pending: the right order completes it.
    done = flavor.run(lambda c: c.uploads.complete(upload.id, part_ids=[first.id, second.id]), client)
    assert done.status == "completed"


def test_cancel_stops_the_upload(flavor: Flavor, server: LocalServer) -> None:
    client = flavor.local(server)
    upload = _start(flavor, client, 3)
    cancelled = flavor.run(lambda c: c.uploads.cancel(upload.id), client)
    assert cancelled.status == "cancelled"
    assert cancelled.file is None
    with pytest.raises(openwire.BadRequestError, match="is cancelled"):
        flavor.run(lambda c: c.uploads.parts.create(upload.id, data=b"abc"), client)
    with pytest.raises(openwire.NotFoundError):
        flavor.run(lambda c: c.uploads.cancel("upload_nope"), client)


def _file(tmp_path: Path, size: int) -> tuple[Path, bytes]:
    data = bytes((n * 7 + n // 256) % 256 for n in range(size))
    path = tmp_path / "train.jsonl"
    path.write_bytes(data)
    return path, data


def test_upload_file_sends_parts_and_completes_with_the_md5(
    flavor: Flavor, server: LocalServer, tmp_path: Path
) -> None:
    client = flavor.local(server)
    path, data = _file(tmp_path, 10_500)
    done = flavor.run(
        lambda c: c.uploads.upload_file(path, purpose="fine-tune", part_size=1000, concurrency=3), client
    )
    assert done.status == "completed"
    assert done.file is not None
    assert server.stored_files[done.file.id] == data
    created = server.requests[0].json
    assert created == {
        "bytes": 10_500,
        "filename": "train.jsonl",
        "mime_type": "application/jsonl",
        "purpose": "fine-tune",
    }
    parts = [r for r in server.requests if r.path.endswith("/parts")]
    assert len(parts) == 11
    assert all(len(r.files["data"][0].data) <= 1000 for r in parts)
    assert server.last_request.json["md5"] == hashlib.md5(data).hexdigest()


def test_upload_file_resumes_from_its_journal(flavor: Flavor, server: LocalServer, tmp_path: Path) -> None:
    client = flavor.local(server)
    path, data = _file(tmp_path, 5_000)
    journal = tmp_path / "upload.journal"

    def upload(concurrency: int = 1) -> Upload:
        return flavor.run(  # type: ignore[no-any-return]
            lambda c: c.uploads.upload_file(
                path, purpose="batch", part_size=1000, concurrency=concurrency, journal=journal
            ),
            client,
        )

    # The first part is refused: nothing more is sent, and the journal holds the upload.
    server.fail(400, path="/uploads/*/parts", times=1)
    with pytest.raises(openwire.BadRequestError):
        upload()
    saved = json.loads(journal.read_text())
    assert saved["parts"] == {}
    assert saved["size"] == 5_000
    assert len([r for r in server.requests if r.path.endswith("/parts")]) == 1

    # Again: the same upload goes on; every part goes in, but completing fails.
    seen = len(server.requests)
    server.fail(400, path="/uploads/*/complete", times=1)
    with pytest.raises(openwire.BadRequestError):
        upload(concurrency=3)
    again = server.requests[seen:]
    assert not [r for r in again if r.path == "/uploads"]
    assert len([r for r in again if r.path.endswith("/parts")]) == 5
    assert len(json.loads(journal.read_text())["parts"]) == 5

    # And again: no part is sent twice, only the completion.
    seen = len(server.requests)
    done = upload()
    assert [r.path for r in server.requests[seen:]] == [f"/uploads/{saved['upload_id']}/complete"]
    assert done.id == saved["upload_id"]
    assert done.file is not None
    assert server.stored_files[done.file.id] == data
    assert not journal.exists()


def test_a_journal_of_another_file_is_refused(flavor: Flavor, server: LocalServer, tmp_path: Path) -> None:
    client = flavor.local(server)
    path, _ = _file(tmp_path, 3_000)
    journal = tmp_path / "upload.journal"
    server.fail(400, path="/uploads/*/parts", times=1)
    with pytest.raises(openwire.BadRequestError):
        flavor.run(
            lambda c: c.uploads.upload_file(path, purpose="batch", part_size=1000, journal=journal), client
        )
    path.write_bytes(b"changed")
    with pytest.raises(openwire.InvalidInputError, match="file changed"):
        flavor.run(
            lambda c: c.uploads.upload_file(path, purpose="batch", part_size=1000, journal=journal), client
        )
    journal.write_text("{not json")
    with pytest.raises(openwire.InvalidInputError, match="cannot be read"):
        flavor.run(lambda c: c.uploads.upload_file(path, purpose="batch", journal=journal), client)


def test_upload_file_refuses_bad_arguments(flavor: Flavor, server: LocalServer, tmp_path: Path) -> None:
    client = flavor.local(server)
    path, _ = _file(tmp_path, 10)
    with pytest.raises(openwire.InvalidInputError, match="part_size"):
        flavor.run(lambda c: c.uploads.upload_file(path, purpose="batch", part_size=0), client)
    with pytest.raises(openwire.InvalidInputError, match="concurrency"):
        flavor.run(lambda c: c.uploads.upload_file(path, purpose="batch", concurrency=0), client)
    with pytest.raises(openwire.FileMissingError):
        flavor.run(lambda c: c.uploads.upload_file(tmp_path / "nope", purpose="batch"), client)
    assert server.requests == []
