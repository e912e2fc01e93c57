"""Reading back a `multipart/form-data` request body, part by part, to check what was sent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx


@dataclass
class FilePart:
    """A file as the server receives it."""

    filename: str
    content_type: str | None
    content: bytes


@dataclass
class Form:
    """A parsed form: text fields and files by name (each name may repeat), and the order of names."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, list[FilePart]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)

    def field(self, name: str) -> str:
        """The one value of a field that must appear exactly once."""
        values = self.fields[name]
        assert len(values) == 1, (name, values)
        return values[0]

    def file(self, name: str) -> FilePart:
        """The one file of a name that must appear exactly once."""
        files = self.files[name]
        assert len(files) == 1, (name, files)
        return files[0]


_NAME = re.compile(rb'; name="([^"]*)"')
_FILENAME = re.compile(rb'; filename="([^"]*)"')


def parse_form(request: httpx.Request) -> Form:
    """Split a recorded request's multipart body into its parts (strictly: a malformed body fails)."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary="), content_type
    boundary = b"--" + content_type.split("boundary=", 1)[1].encode()
    chunks = request.content.split(boundary)
    assert chunks[0] == b"", "the body must start with the boundary"
    assert chunks[-1] == b"--\r\n", "the body must end with the closing boundary"
    form = Form()
    for chunk in chunks[1:-1]:
        assert chunk.startswith(b"\r\n"), chunk[:80]
        assert chunk.endswith(b"\r\n"), chunk[-80:]
        head, separator, data = chunk[2:-2].partition(b"\r\n\r\n")
        assert separator, "each part has headers and a body"
        headers = dict(line.split(b": ", 1) for line in head.split(b"\r\n"))
        disposition = headers[b"Content-Disposition"]
        assert disposition.startswith(b"form-data"), disposition
        name_match = _NAME.search(disposition)
        assert name_match is not None, disposition
        name = name_match.group(1).decode()
        form.names.append(name)
        filename = _FILENAME.search(disposition)
        if filename is None:
            assert b"Content-Type" not in headers
            form.fields.setdefault(name, []).append(data.decode())
        else:
            content_type_header = headers.get(b"Content-Type")
            part = FilePart(
                filename.group(1).decode(),
                content_type_header.decode() if content_type_header is not None else None,
                data,
            )
            form.files.setdefault(name, []).append(part)
    return form
