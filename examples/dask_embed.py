"""Embed texts across a Dask cluster of worker processes, the openwire client shipped to each
worker by pickling, and check that the vectors are the ones a single process gets.

    pip install "dask[distributed]"
    OPENAI_API_KEY=sk-... OPENAI_BASE_URL=https://api.openai.com/v1 python examples/dask_embed.py

Without OPENAI_BASE_URL it starts openwire's built-in local server over real HTTP (that needs
uvicorn: `pip install 'openwire[server]'`), since worker processes cannot reach an in-process one.
A pickled client carries its settings, API key included (see docs/bulk.md for keeping the key out).
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Generator
from typing import Any

import openwire

MODEL = "text-embedding-3-small"
TEXTS = [f"Document {n}: notes on topic {n % 7}, written on day {n}." for n in range(40)]
BATCH = 8


def embed_batch(client: openwire.Client, texts: list[str]) -> list[list[float]]:
    """One embeddings call; runs on a worker, with the client it was sent."""
    return client.embeddings.create(model=MODEL, input=texts, dimensions=64).vectors


def embed_on_cluster(client: openwire.Client, texts: list[str], workers: int = 2) -> list[list[float]]:
    """Embed `texts` in batches across `workers` Dask worker processes, in input order."""
    distributed: Any = importlib.import_module("dask.distributed")  # Dask has no type hints
    batches = [texts[i : i + BATCH] for i in range(0, len(texts), BATCH)]
    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=2, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as dask:
        # Sent once to every worker (pickled: its settings, never its connections); each worker's
        # copy opens its own connection pool on first use.
        shipped = dask.scatter(client, broadcast=True)
        futures = [dask.submit(embed_batch, shipped, batch, pure=False) for batch in batches]
        results: list[list[list[float]]] = dask.gather(futures)
    return [vector for batch in results for vector in batch]


@contextlib.contextmanager
def api_client() -> Generator[openwire.Client, None, None]:
    """The configured server, or the built-in local server answering real HTTP on 127.0.0.1."""
    if os.environ.get("OPENAI_BASE_URL"):
        with openwire.Client() as client:
            yield client
        return
    from openwire.testing import LocalServer

    with LocalServer().serve(port=0) as live, openwire.Client(base_url=live.base_url, api_key=None) as client:
        yield client


def main() -> None:
    try:
        importlib.import_module("dask.distributed")
    except ImportError:
        print('This example needs Dask: pip install "dask[distributed]"')
        return
    with api_client() as client:
        distributed = embed_on_cluster(client, TEXTS)
        single = [
            vector
            for i in range(0, len(TEXTS), BATCH)
            for vector in embed_batch(client, TEXTS[i : i + BATCH])
        ]
    print(f"{len(distributed)} vectors of {len(distributed[0])} dimensions from 2 Dask worker processes")
    print("the same as one process:", distributed == single)


if __name__ == "__main__":
    main()
