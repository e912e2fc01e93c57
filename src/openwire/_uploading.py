"""`uploads.upload_file`: a large file sent in parts, concurrently, with its MD5, resumable.

The file is read once, in order, by one reader that feeds the checksum and hands each part to a
sender (a thread of a pool on `Client`, a task on `AsyncClient`); at most `concurrency` parts are
in memory at a time. Each part's id is written to the journal (a small JSON file, if one is given)
as soon as the part is in: the API cannot list an upload's parts, so the journal is what lets a
later run, after a crash or a failed part, send only the parts still missing. A run that finds a
journal for the same file (same size, modification time and part size) resumes its upload; the
journal is deleted once the upload is complete.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._exceptions import FileMissingError, InvalidInputError
from ._types import NOT_GIVEN, NotGiven, RequestOptions

if TYPE_CHECKING:
    from .resources.uploads import AsyncUploads, Uploads
    from .types.files import FileExpirationAfterParam
    from .types.uploads import Upload

__all__ = ["MAX_PART_SIZE", "MAX_UPLOAD_SIZE", "UploadJournal", "upload_file", "upload_file_async"]

MAX_PART_SIZE = 64 * 1024 * 1024
"""The API's largest part: 64 MiB."""
MAX_UPLOAD_SIZE = 8 * 1024**3
"""The API's largest upload: 8 GiB."""

_CALLER = "uploads.upload_file"
# Types the `mimetypes` database lacks or spells differently between systems.
_MIME = {".jsonl": "application/jsonl", ".json": "application/json", ".txt": "text/plain"}


@dataclass
class UploadJournal:
    """What a resumable `upload_file` has done so far: the upload and the ids of its finished parts.

    Written as JSON next to wherever you keep it (`journal=`); it holds no credentials.
    """

    upload_id: str
    """The upload the parts go to."""
    path: str
    """The file being uploaded (absolute)."""
    size: int
    """Its size in bytes when the upload began."""
    mtime_ns: int
    """Its modification time when the upload began: a changed file cannot be resumed."""
    part_size: int
    """The size of every part but the last."""
    parts: dict[int, str] = field(default_factory=dict)
    """Finished parts: part number (from 0) to part id."""

    def save(self, where: Path) -> None:
        """Write the journal (atomically: a crash mid-write leaves the previous one)."""
        temporary = where.with_name(where.name + ".tmp")
        temporary.write_text(json.dumps(asdict(self), sort_keys=True))
        os.replace(temporary, where)

    @classmethod
    def load(cls, where: Path) -> UploadJournal:
        """Read a journal, or raise `InvalidInputError` saying what to do about a damaged one."""
        try:
            data = json.loads(where.read_text())
            data["parts"] = {int(index): str(part) for index, part in data["parts"].items()}
            return cls(**data)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise InvalidInputError(
                f"{_CALLER}(): the journal {str(where)!r} cannot be read ({type(error).__name__}: {error}). "
                "Delete it to start the upload again."
            ) from None

    def fits(self, path: Path, size: int, mtime_ns: int, part_size: int) -> bool:
        """Whether this journal is about this very file, cut into parts of this size."""
        return (self.path, self.size, self.mtime_ns, self.part_size) == (str(path), size, mtime_ns, part_size)


@dataclass
class _Job:
    """One `upload_file` call, decided before any I/O."""

    path: Path
    size: int
    mtime_ns: int
    filename: str
    mime_type: str
    part_size: int
    concurrency: int
    journal_path: Path | None
    journal: UploadJournal | None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def create_params(self, purpose: str, expires_after: Any) -> dict[str, Any]:
        params: dict[str, Any] = {
            "bytes": self.size,
            "filename": self.filename,
            "mime_type": self.mime_type,
            "purpose": purpose,
        }
        if not isinstance(expires_after, NotGiven):
            params["expires_after"] = expires_after
        return params

    def start(self, upload_id: str) -> UploadJournal:
        self.journal = UploadJournal(upload_id, str(self.path), self.size, self.mtime_ns, self.part_size)
        self.save()
        return self.journal

    def parts(self) -> Iterator[tuple[int, int]]:
        """(part number, length) of every part, in order; an empty file is one empty part."""
        count = max(1, -(-self.size // self.part_size))
        for index in range(count):
            yield index, min(self.part_size, self.size - index * self.part_size)

    def done(self, index: int, part_id: str) -> None:
        assert self.journal is not None
        with self.lock:
            self.journal.parts[index] = part_id
            self.save()

    def save(self) -> None:
        if self.journal_path is not None and self.journal is not None:
            self.journal.save(self.journal_path)

    def part_ids(self) -> list[str]:
        assert self.journal is not None
        count = sum(1 for _ in self.parts())
        return [self.journal.parts[index] for index in range(count)]

    def finish(self) -> None:
        if self.journal_path is not None:
            self.journal_path.unlink(missing_ok=True)


def _prepare(
    file: str | os.PathLike[str],
    *,
    filename: str | None,
    mime_type: str | None,
    part_size: int,
    concurrency: int,
    journal: str | os.PathLike[str] | None,
) -> _Job:
    """Check the arguments and the file, and read the journal if there is one (blocking: stats)."""
    if isinstance(file, (bytes, str)) and not isinstance(file, str):
        raise InvalidInputError(f"{_CALLER}() takes the path of a file (str or pathlib.Path).")
    path = Path(file).resolve()
    if not 1 <= part_size <= MAX_PART_SIZE:
        raise InvalidInputError(
            f"{_CALLER}() got part_size={part_size}; a part is 1 byte to 64 MiB ({MAX_PART_SIZE})."
        )
    if concurrency < 1:
        raise InvalidInputError(f"{_CALLER}() got concurrency={concurrency}; send at least 1 part at a time.")
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise FileMissingError(f"{_CALLER}(): there is no file at {str(path)!r}. Check the path.") from None
    if not path.is_file():
        raise InvalidInputError(f"{_CALLER}(): {str(path)!r} is not a file.")
    if stat.st_size > MAX_UPLOAD_SIZE:
        raise InvalidInputError(
            f"{_CALLER}(): {str(path)!r} has {stat.st_size} bytes; an upload takes at most 8 GiB. Split it."
        )
    journal_path = Path(journal) if journal is not None else None
    found = None
    if journal_path is not None and journal_path.exists():
        found = UploadJournal.load(journal_path)
        if not found.fits(path, stat.st_size, stat.st_mtime_ns, part_size):
            raise InvalidInputError(
                f"{_CALLER}(): the journal {str(journal_path)!r} belongs to another upload (of "
                f"{found.path!r}, {found.size} bytes in parts of {found.part_size}), or the file changed "
                "since. Delete the journal to start this upload afresh, or pass the same file and part_size."
            )
    name = filename or path.name
    kind = mime_type or _MIME.get(path.suffix.lower()) or mimetypes.guess_type(name)[0]
    return _Job(
        path=path,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        filename=name,
        mime_type=kind or "application/octet-stream",
        part_size=part_size,
        concurrency=concurrency,
        journal_path=journal_path,
        journal=found,
    )


def upload_file(
    uploads: Uploads,
    file: str | os.PathLike[str],
    *,
    purpose: str,
    filename: str | None = None,
    mime_type: str | None = None,
    part_size: int = MAX_PART_SIZE,
    concurrency: int = 4,
    journal: str | os.PathLike[str] | None = None,
    expires_after: FileExpirationAfterParam | NotGiven = NOT_GIVEN,
    options: RequestOptions | None = None,
) -> Upload:
    """The `Client` driver of `uploads.upload_file` (see the method)."""
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    job = _prepare(
        file,
        filename=filename,
        mime_type=mime_type,
        part_size=part_size,
        concurrency=concurrency,
        journal=journal,
    )
    state = job.journal or job.start(
        uploads.create(**job.create_params(purpose, expires_after), **(options or {})).id
    )
    upload_id = state.upload_id
    checksum = hashlib.md5(usedforsecurity=False)

    def send(index: int, data: bytes) -> None:
        part = uploads.parts.create(
            upload_id, data=(job.filename, data, "application/octet-stream"), **(options or {})
        )
        job.done(index, part.id)

    pending: set[Future[None]] = set()
    failure: BaseException | None = None
    with ThreadPoolExecutor(job.concurrency, thread_name_prefix="openwire-upload") as pool:
        try:
            with job.path.open("rb") as source:
                for index, length in job.parts():
                    data = source.read(length)
                    checksum.update(data)
                    if index in state.parts:
                        continue
                    while len(pending) >= job.concurrency:
                        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in finished:
                            future.result()  # the first failure stops reading on
                    pending.add(pool.submit(send, index, data))
        except BaseException as error:
            failure = error
        # Parts already on their way finish (and are journalled) before anything is raised.
        for future in pending:
            problem = future.exception()
            failure = failure or problem
    if failure is not None:
        raise failure
    job.save()
    upload = uploads.complete(upload_id, part_ids=job.part_ids(), md5=checksum.hexdigest(), **(options or {}))
    job.finish()
    return upload


async def upload_file_async(
    uploads: AsyncUploads,
    file: str | os.PathLike[str],
    *,
    purpose: str,
    filename: str | None = None,
    mime_type: str | None = None,
    part_size: int = MAX_PART_SIZE,
    concurrency: int = 4,
    journal: str | os.PathLike[str] | None = None,
    expires_after: FileExpirationAfterParam | NotGiven = NOT_GIVEN,
    options: RequestOptions | None = None,
) -> Upload:
    """The `AsyncClient` driver of `uploads.upload_file`: parts are tasks; the file is read and the
    journal written in worker threads."""
    import anyio
    import anyio.to_thread

    job = await anyio.to_thread.run_sync(
        lambda: _prepare(
            file,
            filename=filename,
            mime_type=mime_type,
            part_size=part_size,
            concurrency=concurrency,
            journal=journal,
        )
    )
    if job.journal is None:
        upload = await uploads.create(**job.create_params(purpose, expires_after), **(options or {}))
        await anyio.to_thread.run_sync(job.start, upload.id)
    state = job.journal
    assert state is not None
    upload_id = state.upload_id
    checksum = hashlib.md5(usedforsecurity=False)
    slots = anyio.Semaphore(job.concurrency)
    failures: list[BaseException] = []

    async def send(index: int, data: bytes) -> None:
        try:
            part = await uploads.parts.create(
                upload_id, data=(job.filename, data, "application/octet-stream"), **(options or {})
            )
            await anyio.to_thread.run_sync(job.done, index, part.id)
        except Exception as error:  # kept, so the caller sees it rather than an exception group
            failures.append(error)
        finally:
            slots.release()

    source = await anyio.to_thread.run_sync(job.path.open, "rb")
    try:
        async with anyio.create_task_group() as group:
            for index, length in job.parts():
                data = await anyio.to_thread.run_sync(source.read, length)
                checksum.update(data)
                if index in state.parts:
                    continue
                await slots.acquire()
                if failures:
                    slots.release()
                    break  # parts on their way finish and are journalled; nothing more is sent
                group.start_soon(send, index, data)
    finally:
        await anyio.to_thread.run_sync(source.close)
    if failures:
        raise failures[0]
    completed = await uploads.complete(
        upload_id, part_ids=job.part_ids(), md5=checksum.hexdigest(), **(options or {})
    )
    await anyio.to_thread.run_sync(job.finish)
    return completed
