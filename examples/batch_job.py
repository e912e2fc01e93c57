"""Run a list of chat requests through the Batch API: submit, wait, read the answers in order,
resubmit the ones that failed, and resume a job by its batch ids.

python examples/batch_job.py                  # against openwire's built-in local server
OPENAI_BASE_URL=... OPENAI_API_KEY=... python examples/batch_job.py   # a real server (takes hours)

Writes nothing to disk: the requests are uploaded from memory and the answers read back as they come.
"""

from __future__ import annotations

import os

import openwire
from openwire.testing import LocalServer
from openwire.types.chat import ChatCompletionCreateParamsNonStreaming

questions = [f"What is {n} + {n}?" for n in range(6)]
requests: list[ChatCompletionCreateParamsNonStreaming] = [
    {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": q}]} for q in questions
]

if os.environ.get("OPENAI_BASE_URL"):
    server = None
    client = openwire.Client()
else:
    server = LocalServer()
    server.batch_delay(0.05)  # batches take a moment, as real ones take hours
    # Two requests fail the first time, as some do under load.
    server.fail_batch_lines(lambda line: line["custom_id"].startswith(("1-", "4-")), status=500, times=2)
    client = server.client()

with client:
    # Two requests per input file, so the job is three batches (the API allows 50,000 a file).
    job = client.batches.submit(requests, endpoint="/v1/chat/completions", max_requests_per_file=2)
    print(f"submitted {len(job.batch_ids)} batches: keep {job.batch_ids} to resume after a restart")

    # Later, perhaps in another process: the ids are all a job needs.
    job = client.batches.resume(job.batch_ids)
    results = job.wait(
        poll_interval=0.02, progress=lambda p: print(f"  {p.completed + p.failed}/{p.total} done")
    )
    print(results)
    for result in results.failed:
        assert result.error is not None
        print(f"  request {result.index} failed: {result.error.status_code} {result.error.message}")

    if results.failed:
        results = job.resubmit_failed(results).wait(poll_interval=0.02)
        print(f"after resubmitting the failures: {results}")

    for question, answer in zip(questions, results.responses(), strict=True):
        print(f"{question} -> {answer.choices[0].message.content if answer else 'no answer'}")
