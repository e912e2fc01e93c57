"""The event-stream decoder, rule by rule (WHATWG server-sent events), and split at every byte."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openwire._sse import DataLines, ServerSentEvent, SSEDecoder


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.flush())
    return events


def datas(*chunks: bytes) -> list[bytes]:
    return [event.data for event in decode(*chunks)]


def test_one_event_per_blank_line() -> None:
    assert datas(b"data: a\n\ndata: b\n\n") == [b"a", b"b"]


def test_data_lines_of_one_event_are_joined_with_newlines() -> None:
    assert datas(b"data: first\ndata: second\ndata:\ndata: third\n\n") == [b"first\nsecond\n\nthird"]


def test_one_space_after_the_colon_is_dropped_and_only_one() -> None:
    assert datas(b"data:no-space\n\ndata:  two-spaces\n\n") == [b"no-space", b" two-spaces"]


def test_event_type_applies_to_its_own_event_only() -> None:
    events = decode(b"event: error\ndata: x\n\ndata: y\n\n")
    assert [(e.event, e.data) for e in events] == [("error", b"x"), (None, b"y")]


def test_id_persists_across_events_and_ignores_values_with_nul() -> None:
    events = decode(b"id: 7\ndata: a\n\ndata: b\n\nid: bad\x00id\ndata: c\n\nid\ndata: d\n\n")
    assert [e.id for e in events] == ["7", "7", "7", ""]


def test_an_id_set_in_a_read_applies_to_the_events_after_it_in_the_same_read() -> None:
    events = decode(b"id: 7\n\ndata: a\n\ndata: b\n\ndata: c\n\n")
    assert [(e.id, e.data) for e in events] == [("7", b"a"), ("7", b"b"), ("7", b"c")]
    events = decode(b"data: a\n\ndata: b\nretry: 10\n\ndata: c\n\ndata: d\n\n")
    assert [(e.retry, e.data) for e in events] == [(None, b"a"), (10, b"b"), (10, b"c"), (10, b"d")]


def test_retry_takes_digits_only() -> None:
    events = decode(b"retry: 1500\ndata: a\n\nretry: soon\ndata: b\n\n")
    assert [e.retry for e in events] == [1500, 1500]


def test_comment_lines_are_ignored() -> None:
    assert datas(b": keep-alive\n\n:another\ndata: a\n: inside\n\n") == [b"a"]


def test_events_without_data_are_not_dispatched() -> None:
    # keep-alive comments, retry-only and event-only blocks carry no data
    assert datas(b": ping\n\nretry: 10\n\nevent: nothing\n\n\n\ndata: a\n\n") == [b"a"]


def test_an_event_only_block_does_not_leak_its_type_into_the_next_event() -> None:
    events = decode(b"event: orphan\n\ndata: a\n\n")
    assert [(e.event, e.data) for e in events] == [(None, b"a")]


def test_empty_data_field_dispatches_an_empty_event() -> None:
    assert datas(b"data\n\n") == [b""]


def test_unknown_fields_are_ignored() -> None:
    assert datas(b"foo: bar\ndata: a\nbaz\n\n") == [b"a"]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_ending(newline: bytes) -> None:
    stream = (
        b"event: e"
        + newline
        + b"data: a"
        + newline
        + b"data: b"
        + newline
        + newline
        + b"data: c"
        + newline * 2
    )
    events = decode(stream)
    assert [(e.event, e.data) for e in events] == [("e", b"a\nb"), (None, b"c")]


def test_mixed_line_endings_in_one_stream() -> None:
    assert datas(b"data: a\r\n\r\ndata: b\r\rdata: c\n\n") == [b"a", b"b", b"c"]


def test_final_event_without_trailing_blank_line_is_delivered() -> None:
    assert datas(b"data: a\n\ndata: last") == [b"a", b"last"]
    assert datas(b"data: a\n\ndata: last\n") == [b"a", b"last"]


def test_unicode_line_separators_are_not_line_ends() -> None:
    # U+2028 / U+2029 / U+0085 are line breaks to str.splitlines(), but not to an event stream
    payload = "before\u2028mid\u2029dle\x85after".encode()
    assert datas(b"data: " + payload + b"\n\n") == [payload]


def test_leading_byte_order_mark_is_dropped() -> None:
    assert datas(b"\xef\xbb\xbfdata: a\n\n") == [b"a"]
    assert datas(b"\xef", b"\xbb", b"\xbfdata: a\n\n") == [b"a"]


def test_text_decodes_utf8() -> None:
    (event,) = decode("data: héllo 世界\n\n".encode())
    assert event.text == "héllo 世界"


STREAM = (
    "\ufeff: comment\r\n"
    "retry: 3000\r\n"
    "event: message\r\n"
    "id: 1\r\n"
    'data: {"text": "héllo 世界 🎉"}\r\n'
    "\r\n"
    'data: {"a":\n'
    "data: 1}\r"
    "\r"
    "event: error\n"
    'data: {"error": {"message": "x"}}\n'
    "\n"
    "data: [DONE]"
).encode()


def expected() -> list[ServerSentEvent]:
    return [
        ServerSentEvent('{"text": "héllo 世界 🎉"}'.encode(), "message", "1", 3000),
        ServerSentEvent(b'{"a":\n1}', None, "1", 3000),
        ServerSentEvent(b'{"error": {"message": "x"}}', "error", "1", 3000),
        ServerSentEvent(b"[DONE]", None, "1", 3000),
    ]


def test_whole_stream_in_one_read() -> None:
    assert decode(STREAM) == expected()


@pytest.mark.parametrize("cut", range(1, len(STREAM)))
def test_split_at_every_byte_position(cut: int) -> None:
    # cuts fall inside CRLF pairs, inside multi-byte UTF-8 characters, and inside the BOM
    assert decode(STREAM[:cut], STREAM[cut:]) == expected()


def test_one_byte_at_a_time() -> None:
    assert decode(*(STREAM[i : i + 1] for i in range(len(STREAM)))) == expected()


def test_empty_reads_do_not_break_a_crlf_pair() -> None:
    assert datas(b"data: a\r", b"", b"\n", b"", b"\r\n", b"data: b\r\n\r\n") == [b"a", b"b"]


# --- however the bytes are split, the same events ------------------------------------------------


def reference_decode(stream: bytes) -> list[tuple[bytes, str | None, str | None, int | None]]:
    """The event-stream rules read straight from the specification, for the whole stream at once
    (the end of the stream dispatches a last event, as `flush()` does)."""
    if stream.startswith(b"\xef\xbb\xbf"):
        stream = stream[3:]
    lines = stream.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    events = []
    data: list[bytes] = []
    event: str | None = None
    last_id: str | None = None
    retry: int | None = None
    for line in [*lines, b""]:
        if not line:
            if data:
                events.append((b"\n".join(data), event, last_id, retry))
            data, event = [], None
            continue
        if line.startswith(b":"):
            continue
        name, colon, value = line.partition(b":")
        if colon and value.startswith(b" "):
            value = value[1:]
        if name == b"data":
            data.append(value)
        elif name == b"event":
            event = value.decode("utf-8", "replace")
        elif name == b"id" and b"\0" not in value:
            last_id = value.decode("utf-8", "replace")
        elif name == b"retry" and value.isdigit():
            retry = int(value)
    return events


_PAYLOAD = st.sampled_from(
    [b"{}", b'{"a": 1}', b"[DONE]", b"", b" ", b"x:y", b"data: inner", b"caf\xc3\xa9", b"\xff"]
)
_LINE = st.one_of(
    _PAYLOAD.map(lambda p: b"data: " + p),
    _PAYLOAD.map(lambda p: b"data:" + p),
    st.sampled_from(
        [
            *(b"", b"", b"", b"event: delta", b"event: delta", b"event:error", b"event: error"),
            *(b"event:  error", b"event", b"events: x", b": keep-alive", b"id: 7", b"retry: 30", b"data"),
        ]
    ),
)


@given(
    lines=st.lists(_LINE, max_size=30),
    newline=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    bom=st.booleans(),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
)
@settings(max_examples=300, deadline=None)
def test_any_split_of_any_stream_gives_the_events_of_the_rules(
    lines: list[bytes], newline: bytes, bom: bool, cuts: list[int]
) -> None:
    stream = (b"\xef\xbb\xbf" if bom else b"") + b"".join(line + newline for line in lines)
    points = sorted({min(cut, len(stream)) for cut in cuts})
    chunks = [stream[a:b] for a, b in zip([0, *points], [*points, len(stream)], strict=True) if b > a]
    assert [tuple(event) for event in decode(*chunks)] == reference_decode(stream)


# --- types_in_data: the event types a stream repeats in its data are dropped, but `error` -------


def decode_typed(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder(types_in_data=True)
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.flush())
    return events


def test_types_in_data_keeps_only_the_error_type() -> None:
    stream = (
        b'event: response.created\ndata: {"type":"response.created"}\n\n'
        b'event:error\ndata: {"type":"error"}\n\n'
        b"event: response.output_text.delta\ndata: 1\n\n"
    )
    assert [(e.event, e.data) for e in decode_typed(stream)] == [
        (None, b'{"type":"response.created"}'),
        ("error", b'{"type":"error"}'),
        (None, b"1"),
    ]


def test_named_events_take_the_fast_path_as_data_lines() -> None:
    decoder = SSEDecoder(types_in_data=True)
    events = decoder.feed_raw(b"event: a\ndata: 1\n\nevent: b\ndata: 2\n\n")
    assert isinstance(events, DataLines)
    assert (events.text, events.number, events.data()) == (b"data: 1\n\ndata: 2\n\n", 2, [b"1", b"2"])
    # with an error among them, each event goes through the rules and keeps its type
    events = decoder.feed_raw(b"event: a\ndata: 1\n\nevent: error\ndata: 2\n\n")
    assert isinstance(events, list)
    assert [(getattr(e, "event", None), getattr(e, "data", e)) for e in events] == [
        (None, b"1"),
        ("error", b"2"),
    ]


def test_an_event_line_alone_or_inside_an_event_changes_nothing_but_the_type() -> None:
    stream = b"event: only\n\ndata: a\nevent: mid\ndata: b\n\nevents: x\ndata: c\n\nevent\ndata: d\n\n"
    assert [(e.event, e.data) for e in decode_typed(stream)] == [(None, b"a\nb"), (None, b"c"), (None, b"d")]


@given(
    lines=st.lists(_LINE, max_size=30),
    newline=st.sampled_from([b"\n", b"\r\n", b"\r"]),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12),
)
@settings(max_examples=300, deadline=None)
def test_any_split_with_types_in_data_gives_the_events_of_the_rules_less_their_types(
    lines: list[bytes], newline: bytes, cuts: list[int]
) -> None:
    stream = b"".join(line + newline for line in lines)
    points = sorted({min(cut, len(stream)) for cut in cuts})
    chunks = [stream[a:b] for a, b in zip([0, *points], [*points, len(stream)], strict=True) if b > a]
    expected = [
        (data, event if event == "error" else None, last_id, retry)
        for data, event, last_id, retry in reference_decode(stream)
    ]
    assert [tuple(event) for event in decode_typed(*chunks)] == expected
