"""How models show in notebooks (`_repr_html_`) and with rich (`__rich_repr__`), and that no repr or
message ever shows the API key."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
import respx

import openwire
from openwire._models import BaseModel
from openwire.testing import LocalServer
from openwire.types.chat import ChatCompletion
from openwire.types.embeddings import CreateEmbeddingResponse
from openwire.types.model import Model
from openwire.types.moderation import (
    ModerationCategories,
    ModerationCategoryAppliedInputTypes,
    ModerationCategoryScores,
    ModerationCreateResponse,
    ModerationError,
    ModerationResult,
    ModerationResults,
)

HOSTILE = '<script>alert("x")</script>'


class _Tables(HTMLParser):
    """Collects every table row (nested tables too) as its cells' own text, with the row's style."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[list[str], str]] = []
        self.tags: list[str] = []
        self._rows: list[tuple[list[str], str]] = []  # the rows being read, innermost last
        self._cells: list[list[str]] = []  # the cells being read, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self._rows.append(([], dict(attrs).get("style") or ""))
        elif tag in ("td", "th"):
            self._cells.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cells and self._rows:
            self._rows[-1][0].append("".join(self._cells.pop()).strip())
        elif tag == "tr" and self._rows:
            self.rows.append(self._rows.pop())

    def handle_data(self, data: str) -> None:
        if self._cells:
            self._cells[-1].append(data)


def parse(html_text: str) -> _Tables:
    parser = _Tables()
    parser.feed(html_text)
    parser.close()
    return parser


def category_rows(html_text: str) -> dict[str, tuple[list[str], str]]:
    """The rows of the moderation tables (those with four cells: category | flagged | score | types)."""
    rows = parse(html_text).rows
    return {cells[0]: (cells, style) for cells, style in rows if len(cells) == 4 and cells[0] != "category"}


@pytest.fixture
def server() -> LocalServer:
    return LocalServer()


@pytest.fixture
def client(server: LocalServer) -> openwire.Client:
    return server.client()


# -- BaseModel._repr_html_ -------------------------------------------------------------------------


def test_hostile_values_keys_and_unknown_fields_are_escaped() -> None:
    body = {
        "id": HOSTILE,
        "object": "model",
        HOSTILE: "unknown field with a hostile name",
        "nested": {HOSTILE: [HOSTILE, {"deeper": HOSTILE}]},
        "owned_by": "a & b \"quoted\" 'single'",
    }
    model = Model.model_validate_json(json.dumps(body))
    html_text = model._repr_html_()

    assert "<script>" not in html_text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html_text
    assert "a &amp; b &quot;quoted&quot; &#x27;single&#x27;" in html_text
    # Parsing the HTML gives back exactly the text the server sent.
    texts = [cell for cells, _ in parse(html_text).rows for cell in cells]
    assert HOSTILE in texts
    assert "unknown field with a hostile name" in texts
    assert set(parse(html_text).tags) <= {"div", "table", "caption", "strong", "small", "tbody", "tr", "th",
                                          "td", "span", "em", "thead"}  # fmt: skip


def test_shows_the_fields_the_server_sent_and_unknown_ones() -> None:
    model = Model.model_validate_json(b'{"id": "m1", "owned_by": "me", "max_context": 128000}')
    rows = {cells[0]: cells[1] for cells, _ in parse(model._repr_html_()).rows}

    assert rows == {"id": "m1", "owned_by": "me", "max_context": "128000"}  # no `created`, `object`
    assert '<em title="a field this version of openwire does not know' in model._repr_html_()


def test_nested_models_render_as_nested_tables(client: openwire.Client) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "Hello <there>"}]
    )
    html_text = completion._repr_html_()
    tables = parse(html_text)

    assert html_text.startswith('<div class="openwire-model"><table')
    for name in ("ChatCompletion", "Choice", "ChatCompletionMessage", "CompletionUsage"):
        assert f"<strong>{name}</strong>" in html_text
    assert f"request id {completion.request_id}" in html_text
    assert tables.tags.count("table") >= 5
    cells = {cells[0]: cells[-1] for cells, _ in tables.rows if len(cells) == 2}
    assert cells["content"] == completion.choices[0].message.content == "You said: Hello <there>"
    assert cells["total_tokens"] == str(completion.usage.total_tokens if completion.usage else None)


def test_long_values_are_shortened() -> None:
    vector = [0.125] * 1536
    text = "x" * 10_000
    response = CreateEmbeddingResponse.model_validate(
        {
            "object": "list",
            "model": "m",
            "data": [{"object": "embedding", "index": i, "embedding": vector} for i in range(50)],
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
            "note": text,
        }
    )
    html_text = response._repr_html_()

    assert len(html_text) < 40_000
    assert "(1536 items)" in html_text
    assert html_text.count("0.125") == 8 * 20  # eight numbers per vector, twenty rows of fifty
    assert "… 30 more" in html_text
    assert "(10000 characters)" in html_text
    assert "x" * 201 not in html_text


def test_deep_nesting_is_cut_short() -> None:
    value: Any = "bottom"
    for _ in range(30):
        value = {"level": value}
    html_text = Model.model_validate({"id": "m", "deep": value})._repr_html_()

    assert html_text.count("<table") <= 8
    assert "{&#x27;level&#x27;: {&#x27;level&#x27;:" in html_text  # the rest is shown as short text


def test_a_model_with_nothing_set_still_renders() -> None:
    html_text = ModerationError()._repr_html_()
    assert "<strong>ModerationError</strong>" in html_text
    assert "(nothing)" in html_text


# -- moderation tables --------------------------------------------------------------------------------


def test_moderations_create_renders_one_category_table_per_input(client: openwire.Client) -> None:
    response = client.moderations.create(input=["I will kill the weeds.", "What a lovely day."])
    html_text = response._repr_html_()

    assert "ModerationCreateResponse" in html_text
    assert response.id in html_text
    assert "input 0" in html_text
    assert "input 1" in html_text
    assert "flagged: violence" in html_text
    header = [cells for cells, _ in parse(html_text).rows if cells[:1] == ["category"]]
    assert header == [["category", "flagged", "score", "input types"]] * 2

    rows = [(c, style) for c, style in parse(html_text).rows if len(c) == 4 and c[0] != "category"]
    first, second = rows[:13], rows[13:]
    for result, table in ((response.results[0], first), (response.results[1], second)):
        assert [cells[0] for cells, _ in table] == list(result.categories.as_dict())
        for cells, style in table:
            name, flagged, score, kinds = cells
            assert flagged == ("yes" if result.categories[name] else "no")
            assert float(score) == pytest.approx(result.category_scores[name], rel=1e-3, abs=5e-5)
            assert kinds == "text"
            assert ("background-color" in style) == bool(result.categories[name])
    assert [cells[0] for cells, style in first if style] == ["violence"]
    assert not any(style for _, style in second)


def test_a_single_moderation_result(client: openwire.Client) -> None:
    result = client.moderations.create(input="You idiot.").results[0]
    rows = category_rows(result._repr_html_())

    assert "<strong>ModerationResult</strong>" in result._repr_html_()
    assert rows["harassment"][0][1] == "yes"
    assert "background-color" in rows["harassment"][1]
    assert rows["hate"][0][1] == "no"
    assert "flagged: harassment" in result._repr_html_()


def test_chat_moderation_verdicts_render_as_tables(server: LocalServer, client: openwire.Client) -> None:
    completion = client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "I will kill the weeds."}],
        moderation={"model": "omni-moderation-latest"},
    )
    assert completion.moderation is not None
    verdict = completion.moderation.input
    assert isinstance(verdict, ModerationResults)
    html_text = verdict._repr_html_()

    assert "<strong>ModerationResults</strong>" in html_text
    assert "omni-moderation-latest" in html_text
    assert category_rows(html_text)["violence"][0][1] == "yes"
    # Inside the whole completion the same tables appear, nested.
    assert len(category_rows(completion._repr_html_())) == 13

    server.fail_moderation("input", code="moderation_unavailable", message="<down>")
    failed = client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}], moderation={"model": "x"}
    )
    assert failed.moderation is not None
    assert isinstance(failed.moderation.input, ModerationError)
    cells = {cells[0]: cells[1] for cells, _ in parse(failed.moderation.input._repr_html_()).rows}
    assert cells == {"type": "error", "code": "moderation_unavailable", "message": "<down>"}


def test_category_maps_render_as_small_tables() -> None:
    result = ModerationResult.model_validate(
        {
            "flagged": True,
            "categories": {"violence": True, "hate": False, "weapons/<novel>": True},
            "category_scores": {"violence": 0.97, "hate": 0.00002, "weapons/<novel>": 0.5},
            "category_applied_input_types": {"violence": ["text", "image"], "hate": ["text"]},
            "reason": "a provider's own field",
        }
    )
    flags = parse(result.categories._repr_html_()).rows
    assert flags[0][0] == ["category", "flagged"]
    assert [cells for cells, _ in flags[1:]] == [  # as the server sent them
        ["violence", "yes"],
        ["hate", "no"],
        ["weapons/<novel>", "yes"],
    ]
    assert [bool(style) for _, style in flags[1:]] == [True, False, True]
    assert isinstance(result.categories, ModerationCategories)

    scores = parse(result.category_scores._repr_html_()).rows
    assert isinstance(result.category_scores, ModerationCategoryScores)
    assert [cells for cells, _ in scores] == [
        ["category", "score"],
        ["violence", "0.9700"],
        ["hate", "2.00e-05"],
        ["weapons/<novel>", "0.5000"],
    ]
    assert isinstance(result.category_applied_input_types, ModerationCategoryAppliedInputTypes)
    kinds = parse(result.category_applied_input_types._repr_html_()).rows
    assert [cells for cells, _ in kinds] == [
        ["category", "input types"],
        ["violence", "text, image"],
        ["hate", "text"],
    ]

    whole = result._repr_html_()
    assert "weapons/&lt;novel&gt;" in whole
    assert category_rows(whole)["weapons/<novel>"][0] == ["weapons/<novel>", "yes", "0.5000", ""]
    assert "flagged: violence, weapons/&lt;novel&gt;" in whole
    assert "a provider&#x27;s own field" in whole  # fields beyond the maps still show


def test_moderation_results_with_no_results() -> None:
    html_text = ModerationCreateResponse(id="modr-1", model="m", results=[])._repr_html_()
    assert "(no results)" in html_text
    assert "not flagged" in html_text


# -- rich ------------------------------------------------------------------------------------------------


def test_rich_repr_yields_the_sent_fields_including_unknown_ones() -> None:
    model = Model.model_validate_json(b'{"id": "m1", "owned_by": "me", "max_context": 128000}')
    assert list(model.__rich_repr__()) == [("id", "m1"), ("owned_by", "me"), ("max_context", 128000)]


def test_rich_pretty_prints_nested_models(client: openwire.Client) -> None:
    pretty = pytest.importorskip("rich.pretty")
    result = client.moderations.create(input="I will kill the weeds.")
    text = pretty.pretty_repr(result)

    assert text.startswith("ModerationCreateResponse(")
    assert "ModerationResult(" in text
    assert "flagged=True" in text
    assert "violence=True" in text
    model = Model.model_validate_json(b'{"id": "m1"}')
    assert pretty.pretty_repr(model) == "Model(id='m1')"  # unset fields are not shown


def test_display_works_where_rich_cannot_be_imported() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['rich'] = None\n"  # any `import rich` now fails
        "from openwire.types.model import Model\n"
        "from openwire.types.moderation import ModerationResult\n"
        "m = Model.model_validate({'id': 'x', 'extra': 1})\n"
        "assert list(m.__rich_repr__()) == [('id', 'x'), ('extra', 1)]\n"
        "assert 'Model' in m._repr_html_()\n"
        "r = ModerationResult.model_validate("
        "{'flagged': False, 'categories': {'hate': False}, 'category_scores': {'hate': 0.1}})\n"
        "assert 'hate' in r._repr_html_()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- no cost while parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [BaseModel, Model, ChatCompletion, ModerationResult, ModerationCreateResponse],
)
def test_display_adds_no_per_instance_machinery(model: type[BaseModel]) -> None:
    assert model.__private_attributes__ == {}
    assert model.__pydantic_post_init__ is None
    decorators = model.__pydantic_decorators__
    assert not decorators.validators
    assert not decorators.field_validators
    assert not decorators.model_validators
    assert not {"_repr_html_", "_html", "__rich_repr__"} & set(model.model_fields)


def test_a_parsed_object_carries_no_display_state() -> None:
    model = Model.model_validate_json(b'{"id": "m1"}')
    model._repr_html_()
    list(model.__rich_repr__())
    assert model.__pydantic_private__ is None
    assert model.__dict__ == {"id": "m1", "created": None, "object": "model", "owned_by": None,
                              "shutdown_date": None}  # fmt: skip


# -- the API key never shows -----------------------------------------------------------------------------

KEY = "sk-proj-reprtest-0123456789abcdefABCDEF"


def test_client_reprs_never_show_the_key() -> None:
    clients: list[Any] = [
        openwire.Client(api_key=KEY, base_url="https://api.example.test/v1"),
        openwire.AsyncClient(api_key=KEY, base_url="https://api.example.test/v1"),
    ]
    clients.append(clients[0].with_options(timeout=3))
    for client in clients:
        for text in (repr(client), str(client), repr(client.config), str(client.config)):
            assert KEY not in text
            assert KEY[-6:] not in text
        assert "***" in repr(client)
    server = LocalServer(api_key=KEY)
    assert KEY not in repr(server)
    assert KEY not in repr(server.client())


def test_errors_never_show_the_key_even_when_the_server_echoes_it() -> None:
    body = {"error": {"message": f"Incorrect API key provided: {KEY}.", "code": "invalid_api_key"}}
    with respx.mock(base_url="https://api.example.test/v1") as mock:
        mock.get("/models").mock(return_value=httpx.Response(401, json=body))
        client = openwire.Client(api_key=KEY, base_url="https://api.example.test/v1", max_retries=0)
        with pytest.raises(openwire.AuthenticationError) as caught:
            client.models.list()
    error = caught.value
    for text in (str(error), repr(error), error.message, json.dumps(error.body)):
        assert KEY not in text
    assert re.search(r"\*\*\*", str(error))


def test_local_server_401_message_and_html_never_show_the_key() -> None:
    server = LocalServer(api_key="sk-right-key-000000")
    client = server.client(api_key=KEY)
    with pytest.raises(openwire.AuthenticationError) as caught:
        client.models.list()
    assert KEY not in str(caught.value)
    assert KEY not in repr(caught.value)
