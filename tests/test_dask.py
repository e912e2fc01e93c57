"""examples/dask_embed.py on a real Dask `LocalCluster` of worker processes, against the local server
over live HTTP: the pickled client reaches the workers (its key with it) and the vectors are the
ones one process gets. Skipped where Dask (a test-only dependency) or uvicorn is absent."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from openwire.testing import LocalServer

# Dask runs in a child process: importing `distributed` changes how every exception pickles in the
# importing process (it installs tblib's pickling support), which other tests must not inherit.
if importlib.util.find_spec("distributed") is None:
    pytest.skip("needs dask[distributed] (in the dev extra; CI runs it)", allow_module_level=True)
pytest.importorskip(
    "uvicorn", reason="needs uvicorn for the live local server (in the dev extra; CI runs it)"
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KEY = "sk-dask-test-0123456789"

_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[1])
import openwire, dask_embed
client = openwire.Client(base_url=sys.argv[2], api_key=sys.argv[3])
vectors = dask_embed.embed_on_cluster(client, dask_embed.TEXTS[:16], workers=2)
print(json.dumps({"vectors": vectors, "model": dask_embed.MODEL, "texts": dask_embed.TEXTS[:16]}))
"""


def test_embeddings_across_dask_worker_processes_match_one_process() -> None:
    server = LocalServer(api_key=KEY)  # the workers' calls succeed only with the key the pickle carried
    with server.serve(port=0) as live:
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, str(EXAMPLES), live.base_url, KEY],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        peers = {request.peer for request in server.requests}
    assert child.returncode == 0, child.stderr[-3000:]
    got = json.loads(child.stdout.strip().splitlines()[-1])
    with server.client() as in_process:
        single = in_process.embeddings.create(model=got["model"], input=got["texts"], dimensions=64).vectors
    assert got["vectors"] == single
    assert len(server.requests) == 2 + 1  # two batches over HTTP, one in process
    assert len(peers) >= 2  # from more than one connection: the workers' own pools
