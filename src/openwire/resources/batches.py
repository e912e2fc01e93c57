"""`client.batches`: the Batch API (requests run within 24 hours at half the price), and the batch
job helper that turns a list of requests into batches and their answers back into a list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

from typing_extensions import Required, Unpack

from openwire._batch_job import (
    AsyncBatchJob,
    BatchJob,
    BatchResults,
    BatchSubmitOptions,
    BatchWaitOptions,
    check_ids,
    run,
    run_async,
    submit,
    submit_async,
)
from openwire._models import cursor_page_parser, parser
from openwire._request import Endpoint
from openwire._resource import AsyncAPIResource, SyncAPIResource, helper
from openwire._types import RequestOptions
from openwire.types.batches import Batch, BatchCreateParams, BatchListParams

if TYPE_CHECKING:
    from openwire._pagination import AsyncCursorPager, CursorPage, CursorPageData
    from openwire.resources._views.batches import (  # noqa: F401 - named in the class bases below
        AsyncBatchesWithRawResponse,
        AsyncBatchesWithStreamingResponse,
        BatchesWithRawResponse,
        BatchesWithStreamingResponse,
    )
    from openwire.types.chat import ChatCompletion, ChatCompletionCreateParamsNonStreaming
    from openwire.types.embeddings import CreateEmbeddingResponse, EmbeddingCreateParams
    from openwire.types.moderation import ModerationCreateResponse
    from openwire.types.moderation_params import ModerationCreateParams
    from openwire.types.responses import Response, ResponseCreateParamsNonStreaming

__all__ = ["AsyncBatches", "Batches"]


# The keyword arguments of each method: the API's parameters plus the per-call options.
class _Create(BatchCreateParams, RequestOptions, total=False): ...


class _List(BatchListParams, RequestOptions, total=False): ...


# The helpers' keyword arguments, one set per endpoint: the endpoint chooses the requests' type
# and the answers' model.
class _ChatJob(BatchSubmitOptions, total=False):
    endpoint: Required[Literal["/v1/chat/completions"]]


class _EmbeddingsJob(BatchSubmitOptions, total=False):
    endpoint: Required[Literal["/v1/embeddings"]]


class _ResponsesJob(BatchSubmitOptions, total=False):
    endpoint: Required[Literal["/v1/responses"]]


class _ModerationsJob(BatchSubmitOptions, total=False):
    endpoint: Required[Literal["/v1/moderations"]]


class _OtherJob(BatchSubmitOptions, total=False):
    endpoint: Required[Literal["/v1/completions", "/v1/images/generations", "/v1/images/edits", "/v1/videos"]]


class _AnyJob(BatchSubmitOptions, total=False):
    endpoint: Required[str]


class _ChatRun(_ChatJob, BatchWaitOptions, total=False): ...


class _EmbeddingsRun(_EmbeddingsJob, BatchWaitOptions, total=False): ...


class _ResponsesRun(_ResponsesJob, BatchWaitOptions, total=False): ...


class _ModerationsRun(_ModerationsJob, BatchWaitOptions, total=False): ...


class _OtherRun(_OtherJob, BatchWaitOptions, total=False): ...


class _AnyRun(_AnyJob, BatchWaitOptions, total=False): ...


_CREATE = Endpoint("POST", "/batches", parser(Batch), params=BatchCreateParams, name="batches.create")
_RETRIEVE = Endpoint("GET", "/batches/{}", parser(Batch), name="batches.retrieve")
_LIST: Endpoint[CursorPageData[Batch]] = Endpoint(
    "GET", "/batches", cursor_page_parser(Batch), params=BatchListParams, body="query", name="batches.list"
)
_CANCEL = Endpoint("POST", "/batches/{}/cancel", parser(Batch), name="batches.cancel")


class Batches(SyncAPIResource["BatchesWithRawResponse", "BatchesWithStreamingResponse"]):
    """The Batch API: `create` a batch from an uploaded JSONL file of requests, `retrieve` it until
    it ends, read its output file. `run` does the whole round trip for a list of requests."""

    def create(self, **params: Unpack[_Create]) -> Batch:
        """Start a batch running every request of `input_file_id` (uploaded with purpose `batch`)
        against `endpoint`, within `completion_window` (`24h`)."""
        return self._call(_CREATE, params)

    def retrieve(self, batch_id: str, /, **options: Unpack[RequestOptions]) -> Batch:
        """Get a batch: its status, request counts, and output and error files once it has ended."""
        return self._call(_RETRIEVE, options, batch_id)

    def list(self, **params: Unpack[_List]) -> CursorPage[Batch]:
        """List your batches, newest first; iterating fetches later pages as needed."""
        return self._paged(_LIST, params)

    def cancel(self, batch_id: str, /, **options: Unpack[RequestOptions]) -> Batch:
        """Cancel a batch: it is `cancelling`, then `cancelled`, with the answers it had made in its
        output file."""
        return self._call(_CANCEL, options, batch_id)

    @overload
    def submit(
        self, requests: Iterable[ChatCompletionCreateParamsNonStreaming], /, **options: Unpack[_ChatJob]
    ) -> BatchJob[ChatCompletion]: ...
    @overload
    def submit(
        self, requests: Iterable[EmbeddingCreateParams], /, **options: Unpack[_EmbeddingsJob]
    ) -> BatchJob[CreateEmbeddingResponse]: ...
    @overload
    def submit(
        self, requests: Iterable[ResponseCreateParamsNonStreaming], /, **options: Unpack[_ResponsesJob]
    ) -> BatchJob[Response]: ...
    @overload
    def submit(
        self, requests: Iterable[ModerationCreateParams], /, **options: Unpack[_ModerationsJob]
    ) -> BatchJob[ModerationCreateResponse]: ...
    @overload
    def submit(
        self, requests: Iterable[Mapping[str, Any]], /, **options: Unpack[_OtherJob]
    ) -> BatchJob[Any]: ...
    @helper
    def submit(self, requests: Iterable[Mapping[str, Any]], /, **options: Unpack[_AnyJob]) -> BatchJob[Any]:
        """Turn `requests` (dicts of the endpoint's parameters) into batches: written as JSONL with
        a `custom_id` per request, split over files of at most 50,000 requests and 200 MB
        (`max_requests_per_file`, `max_bytes_per_file`), each uploaded and started as a batch.

        Returns the `BatchJob`: `wait()` it for the results in request order, and keep its
        `batch_ids` to `resume` it after a restart.
        """
        return submit(self._client, requests, options)

    @overload
    def run(
        self, requests: Iterable[ChatCompletionCreateParamsNonStreaming], /, **options: Unpack[_ChatRun]
    ) -> BatchResults[ChatCompletion]: ...
    @overload
    def run(
        self, requests: Iterable[EmbeddingCreateParams], /, **options: Unpack[_EmbeddingsRun]
    ) -> BatchResults[CreateEmbeddingResponse]: ...
    @overload
    def run(
        self, requests: Iterable[ResponseCreateParamsNonStreaming], /, **options: Unpack[_ResponsesRun]
    ) -> BatchResults[Response]: ...
    @overload
    def run(
        self, requests: Iterable[ModerationCreateParams], /, **options: Unpack[_ModerationsRun]
    ) -> BatchResults[ModerationCreateResponse]: ...
    @overload
    def run(
        self, requests: Iterable[Mapping[str, Any]], /, **options: Unpack[_OtherRun]
    ) -> BatchResults[Any]: ...
    @helper
    def run(self, requests: Iterable[Mapping[str, Any]], /, **options: Unpack[_AnyRun]) -> BatchResults[Any]:
        """`submit` the requests and `wait` for their results: one `BatchResult` per request, in
        the order given, with the answer parsed as the endpoint's model (`ChatCompletion`,
        `CreateEmbeddingResponse`, `Response`, `ModerationCreateResponse`) or an `error`.

        ```python
        results = client.batches.run(
            [{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": q}]} for q in questions],
            endpoint="/v1/chat/completions",
            progress=True,
        )
        ```
        """
        return run(self._client, requests, options)

    @helper
    def resume(self, batch_ids: Sequence[str], /, **options: Unpack[RequestOptions]) -> BatchJob[Any]:
        """The job made of these batches (`job.batch_ids` of an earlier `submit`, perhaps in another
        process): retrieves them, so `wait()` and `resubmit_failed()` go on where it was."""
        job: BatchJob[Any] = BatchJob(self._client, check_ids(batch_ids))
        job._seen([self.retrieve(batch_id, **options) for batch_id in job.batch_ids])
        return job


class AsyncBatches(AsyncAPIResource["AsyncBatchesWithRawResponse", "AsyncBatchesWithStreamingResponse"]):
    """The Batch API: `create` a batch from an uploaded JSONL file of requests, `retrieve` it until
    it ends, read its output file. `run` does the whole round trip for a list of requests."""

    async def create(self, **params: Unpack[_Create]) -> Batch:
        """Start a batch running every request of `input_file_id` (uploaded with purpose `batch`)
        against `endpoint`, within `completion_window` (`24h`)."""
        return await self._call(_CREATE, params)

    async def retrieve(self, batch_id: str, /, **options: Unpack[RequestOptions]) -> Batch:
        """Get a batch: its status, request counts, and output and error files once it has ended."""
        return await self._call(_RETRIEVE, options, batch_id)

    def list(self, **params: Unpack[_List]) -> AsyncCursorPager[Batch]:
        """List your batches, newest first; iterating fetches later pages as needed."""
        return self._paged(_LIST, params)

    async def cancel(self, batch_id: str, /, **options: Unpack[RequestOptions]) -> Batch:
        """Cancel a batch: it is `cancelling`, then `cancelled`, with the answers it had made in its
        output file."""
        return await self._call(_CANCEL, options, batch_id)

    @overload
    async def submit(
        self, requests: Iterable[ChatCompletionCreateParamsNonStreaming], /, **options: Unpack[_ChatJob]
    ) -> AsyncBatchJob[ChatCompletion]: ...
    @overload
    async def submit(
        self, requests: Iterable[EmbeddingCreateParams], /, **options: Unpack[_EmbeddingsJob]
    ) -> AsyncBatchJob[CreateEmbeddingResponse]: ...
    @overload
    async def submit(
        self, requests: Iterable[ResponseCreateParamsNonStreaming], /, **options: Unpack[_ResponsesJob]
    ) -> AsyncBatchJob[Response]: ...
    @overload
    async def submit(
        self, requests: Iterable[ModerationCreateParams], /, **options: Unpack[_ModerationsJob]
    ) -> AsyncBatchJob[ModerationCreateResponse]: ...
    @overload
    async def submit(
        self, requests: Iterable[Mapping[str, Any]], /, **options: Unpack[_OtherJob]
    ) -> AsyncBatchJob[Any]: ...
    @helper
    async def submit(
        self, requests: Iterable[Mapping[str, Any]], /, **options: Unpack[_AnyJob]
    ) -> AsyncBatchJob[Any]:
        """Turn `requests` (dicts of the endpoint's parameters) into batches: written as JSONL with
        a `custom_id` per request, split over files of at most 50,000 requests and 200 MB
        (`max_requests_per_file`, `max_bytes_per_file`), each uploaded and started as a batch.

        Returns the `BatchJob`: `wait()` it for the results in request order, and keep its
        `batch_ids` to `resume` it after a restart.
        """
        return await submit_async(self._client, requests, options)

    @overload
    async def run(
        self, requests: Iterable[ChatCompletionCreateParamsNonStreaming], /, **options: Unpack[_ChatRun]
    ) -> BatchResults[ChatCompletion]: ...
    @overload
    async def run(
        self, requests: Iterable[EmbeddingCreateParams], /, **options: Unpack[_EmbeddingsRun]
    ) -> BatchResults[CreateEmbeddingResponse]: ...
    @overload
    async def run(
        self, requests: Iterable[ResponseCreateParamsNonStreaming], /, **options: Unpack[_ResponsesRun]
    ) -> BatchResults[Response]: ...
    @overload
    async def run(
        self, requests: Iterable[ModerationCreateParams], /, **options: Unpack[_ModerationsRun]
    ) -> BatchResults[ModerationCreateResponse]: ...
    @overload
    async def run(
        self, requests: Iterable[Mapping[str, Any]], /, **options: Unpack[_OtherRun]
    ) -> BatchResults[Any]: ...
    @helper
    async def run(
        self, requests: Iterable[Mapping[str, Any]], /, **options: Unpack[_AnyRun]
    ) -> BatchResults[Any]:
        """`submit` the requests and `wait` for their results: one `BatchResult` per request, in
        the order given, with the answer parsed as the endpoint's model (`ChatCompletion`,
        `CreateEmbeddingResponse`, `Response`, `ModerationCreateResponse`) or an `error`.

        ```python
        results = client.batches.run(
            [{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": q}]} for q in questions],
            endpoint="/v1/chat/completions",
            progress=True,
        )
        ```
        """
        return await run_async(self._client, requests, options)

    @helper
    async def resume(
        self, batch_ids: Sequence[str], /, **options: Unpack[RequestOptions]
    ) -> AsyncBatchJob[Any]:
        """The job made of these batches (`job.batch_ids` of an earlier `submit`, perhaps in another
        process): retrieves them, so `wait()` and `resubmit_failed()` go on where it was."""
        job: AsyncBatchJob[Any] = AsyncBatchJob(self._client, check_ids(batch_ids))
        job._seen([await self.retrieve(batch_id, **options) for batch_id in job.batch_ids])
        return job
