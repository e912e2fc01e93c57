"""Embed many texts with `openwire.bulk`: 16 calls in flight, within the server's rate limits,
results in input order, and a journal so that a run stopped half way resumes where it was.

    OPENAI_API_KEY=sk-... OPENAI_BASE_URL=https://api.openai.com/v1 python examples/bulk_embed.py

Without OPENAI_BASE_URL it runs against openwire's built-in local server.
"""

from __future__ import annotations

from collections.abc import Iterator

import _local as local

import openwire

MODEL = "text-embedding-3-small"


def requests(count: int) -> Iterator[openwire.types.embeddings.EmbeddingCreateParams]:
    """The calls, made as they are needed (a generator is read as the run goes, never whole)."""
    for number in range(count):
        yield {"model": MODEL, "input": f"Support ticket {number}: the printer on floor {number % 5} jams."}


def main() -> None:
    journal = local.output_dir() / "bulk_embed.jsonl"
    journal.unlink(missing_ok=True)  # a fresh run each time this example is run
    limiter = openwire.RateLimiter()  # learns the limits from the x-ratelimit-* headers
    with local.client() as client:
        # The first run is stopped after 60 of the 100 texts...
        first = openwire.bulk(
            client,
            requests(60),
            method="embeddings.create",
            concurrency=16,
            journal=journal,
            rate_limit=limiter,
        )
        # ...and the next one, on all 100, sends only the 40 calls that were not done.
        results = openwire.bulk(
            client,
            requests(100),
            method="embeddings.create",
            concurrency=16,
            journal=journal,
            rate_limit=limiter,
            progress=lambda progress: None,  # or progress=True for a bar on stderr
        )
    print(f"first run: {first}")
    print(f"resumed:   {results}")
    vectors = [result.value.data[0].embedding for result in results if result.value is not None]
    print(f"{len(vectors)} vectors in input order; {results.restored} read back from the journal")
    print(f"limits learned from the server: {limiter}")
    for failed in results.failed:
        print(f"item {failed.index} failed: {failed.error}")
    journal.unlink()


if __name__ == "__main__":
    main()
