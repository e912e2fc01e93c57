"""Record an application's calls to the API into a cassette, then replay them with no network:
how a test suite runs against the service's real answers in CI without calling it.

    OPENAI_API_KEY=sk-... OPENAI_BASE_URL=https://api.openai.com/v1 python examples/replay_test.py

Without `OPENAI_BASE_URL` it records openwire's built-in local server instead. The cassette goes to
a temporary folder, removed at the end. In a pytest suite the same takes one line, the
`openwire_cassette` fixture (see docs/testing.md, "Record and replay"):

    pytestmark = pytest.mark.usefixtures("openwire_cassette")

    $ pytest --openwire-record=new     # record what is missing
    $ pytest                           # replay only
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import openwire
from openwire.testing import Cassette, CassetteMismatchError, LocalServer

MODEL = "gpt-4o-mini"


def capital_of(country: str, base_url: str | None) -> tuple[str, int]:
    """The application under test: it builds its own client, as most code does, and streams."""
    with openwire.Client(base_url=base_url) as client:
        stream = client.chat.completions.create(
            model=MODEL,
            messages=[{"role": "user", "content": f"The capital of {country}, in one word?"}],
            stream=True,
        )
        chunks = list(stream)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    return text, len(chunks)


def main() -> None:
    server = None if os.environ.get("OPENAI_BASE_URL") else LocalServer()
    base_url = server.base_url if server else None  # None: OPENAI_BASE_URL
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "capital.json"

        # Record: the requests go to the server and into the file, the key taken out.
        recorder = Cassette(path, mode="all", transport=server.transport() if server else None)
        with recorder:  # every openwire client created inside uses the cassette
            recorded = capital_of("France", base_url)
        interaction = json.loads(path.read_text())["interactions"][0]
        events = interaction["response"]["body"]["events"]
        print(f"recorded {recorder.recorded} request: {len(events)} events, {path.stat().st_size} bytes")
        print(f"  request headers as written: {interaction['request']['headers']}")

        # Replay: a base URL where nothing listens, and no key; nothing is sent.
        replayer = Cassette(path)
        with replayer:
            replayed = capital_of("France", "http://127.0.0.1:9/v1")
        print(f"replayed {replayer.replayed} request offline: {replayed[0]!r} in {replayed[1]} chunks")
        assert replayed == recorded

        # A request the cassette has no recording of says what differs.
        with replayer:
            try:
                capital_of("Spain", "http://127.0.0.1:9/v1")
            except CassetteMismatchError as error:
                print("a new question:", str(error).splitlines()[1].strip())


if __name__ == "__main__":
    main()
