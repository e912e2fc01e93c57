"""`client.moderations`: text, lists and multimodal input, and results in the one moderation vocabulary
shared with chat; on both clients."""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx

from conftest import Flavor
from openwire.types import moderation
from openwire.types.moderation import (
    ModerationCategories,
    ModerationCategoryAppliedInputTypes,
    ModerationCategoryScores,
    ModerationCreateResponse,
    ModerationResult,
)

CATEGORIES = {
    "harassment": False,
    "harassment/threatening": True,
    "hate": False,
    "hate/threatening": False,
    "illicit": None,
    "illicit/violent": False,
    "self-harm": False,
    "self-harm/instructions": False,
    "self-harm/intent": False,
    "sexual": False,
    "sexual/minors": False,
    "violence": True,
    "violence/graphic": False,
    "weapons/novel": True,  # a category openwire does not know
}
SCORES = dict.fromkeys(CATEGORIES, 0.001) | {"violence": 0.99011886, "harassment/threatening": 0.63055265}
APPLIED = {name: ["text"] for name in CATEGORIES} | {"violence": ["text", "image"]}
RESPONSE = {
    "id": "modr-123",
    "model": "omni-moderation-2024-09-26",
    "results": [
        {
            "flagged": True,
            "categories": CATEGORIES,
            "category_scores": SCORES,
            "category_applied_input_types": APPLIED,
        },
        {"flagged": False, "categories": {"hate": False}, "category_scores": {"hate": 0.0001}},
    ],
}


def moderate(flavor: Flavor, client: Any, **params: Any) -> Any:
    return flavor.run(lambda c: c.moderations.create(**params), client)


@pytest.mark.parametrize(
    "params",
    [
        {"input": "I want to kill them."},
        {"input": ["first text", "second text"], "model": "omni-moderation-latest"},
        {
            "input": [
                {"type": "text", "text": "Is this allowed?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            ],
            "model": "omni-moderation-latest",
        },
    ],
    ids=["text", "texts", "multimodal"],
)
def test_request_body_is_exact(flavor: Flavor, mock_api: respx.MockRouter, params: dict[str, Any]) -> None:
    route = mock_api.post("/moderations").respond(json=RESPONSE)
    moderate(flavor, flavor.client(), **params)
    request = route.calls.last.request
    assert json.loads(request.content) == params
    assert request.headers["content-type"] == "application/json"


def test_input_is_required(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    route = mock_api.post("/moderations").respond(json=RESPONSE)
    with pytest.raises(TypeError, match="'input'"):
        moderate(flavor, flavor.client(), model="omni-moderation-latest")
    assert not route.called


def test_results(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/moderations").respond(json=RESPONSE, headers={"x-request-id": "req_mod"})
    result = moderate(flavor, flavor.client(), input="x")
    assert isinstance(result, ModerationCreateResponse)
    assert (result.id, result.model, result.request_id) == (
        "modr-123",
        "omni-moderation-2024-09-26",
        "req_mod",
    )
    assert result.flagged
    first, second = result.results
    assert isinstance(first, ModerationResult)
    assert first.flagged
    assert not second.flagged


def test_categories_by_attribute_and_by_api_name(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/moderations").respond(json=RESPONSE)
    first = moderate(flavor, flavor.client(), input="x").results[0]
    categories = first.categories
    assert isinstance(categories, ModerationCategories)
    assert categories.harassment_threatening is True
    assert categories["harassment/threatening"] is True
    assert categories.violence is True
    assert categories.self_harm_intent is False
    assert categories["self-harm/intent"] is False
    assert categories.illicit is None  # sent as null
    assert "weapons/novel" in categories
    assert categories["weapons/novel"] is True  # unknown categories are kept
    assert first.flagged_categories == ["harassment/threatening", "violence", "weapons/novel"]

    scores = first.category_scores
    assert isinstance(scores, ModerationCategoryScores)
    assert scores.violence == 0.99011886
    assert scores["harassment/threatening"] == 0.63055265
    assert scores["weapons/novel"] == 0.001

    applied = first.category_applied_input_types
    assert isinstance(applied, ModerationCategoryAppliedInputTypes)
    assert applied.violence == ["text", "image"]
    assert applied["self-harm"] == ["text"]
    assert dict(applied.items())["weapons/novel"] == ["text"]


def test_categories_the_server_left_out_read_as_none(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/moderations").respond(json=RESPONSE)
    second = moderate(flavor, flavor.client(), input="x").results[1]
    assert second.categories.hate is False
    assert second.categories.violence is None
    assert second.categories.as_dict() == {"hate": False}
    assert second.category_applied_input_types is None


def test_round_trip_keeps_the_api_names(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    mock_api.post("/moderations").respond(json=RESPONSE)
    result = moderate(flavor, flavor.client(), input="x")
    assert result.to_dict() == RESPONSE


def test_one_vocabulary_with_chat() -> None:
    # The chat completion's `moderation` results are made of the very same result type.
    results_field = moderation.ModerationResults.model_fields["results"]
    assert results_field.annotation == list[ModerationResult]
    assert ModerationCreateResponse.model_fields["results"].annotation == list[ModerationResult]


def test_category_maps_are_light_views_over_plain_data(flavor: Flavor, mock_api: respx.MockRouter) -> None:
    import copy
    import pickle

    mock_api.post("/moderations").respond(json=RESPONSE)
    result = moderate(flavor, flavor.client(), input="x")
    first = result.results[0]
    categories = first.categories
    # a read-only mapping by API name, with the known categories as attributes
    assert len(categories) == len(RESPONSE["results"][0]["categories"])
    assert list(categories) == list(RESPONSE["results"][0]["categories"])
    assert categories.get("nope") is None
    assert categories == ModerationCategories(RESPONSE["results"][0]["categories"])
    assert categories.to_dict() == RESPONSE["results"][0]["categories"]
    with pytest.raises(AttributeError, match="no category 'nope'"):
        categories.nope  # noqa: B018
    # what the result holds is the plain data the server sent
    assert first.model_dump()["categories"] == RESPONSE["results"][0]["categories"]
    assert pickle.loads(pickle.dumps(result)) == result
    assert copy.deepcopy(result) == result
    assert pickle.loads(pickle.dumps(categories)) == categories
    # and a map can be given back, as a view or a dict
    first.categories = ModerationCategories({"hate": True})
    assert first.categories.hate is True
    assert first.to_dict()["categories"] == {"hate": True}


def test_a_result_built_by_hand_takes_dicts_or_views() -> None:
    by_dicts = ModerationResult(flagged=False, categories={"hate": False}, category_scores={"hate": 0.1})  # type: ignore[arg-type]
    by_views = ModerationResult(
        flagged=False,
        categories=ModerationCategories({"hate": False}),
        category_scores=ModerationCategoryScores({"hate": 0.1}),
    )
    assert by_dicts == by_views
    assert by_views.category_scores.hate == 0.1
    assert by_views.category_applied_input_types is None
