"""Pure parsing rules: what a payload must be, which items are indexed, and how failures are summed up."""

import pytest

from orchestration.lib.ingest_run import Summary
from orchestration.lib.listings import Item, PayloadError, Refused, classify, parse_payload, payload_prefix


@pytest.mark.parametrize(
    "body, message",
    [
        (b"<!DOCTYPE html><html></html>", "payload is HTML, not a JSON array"),
        (b'[{"paper": {"id": "2408.0', "payload is malformed JSON, not a JSON array"),
        (b'{"error": "Invalid date"}', "payload is a JSON dict, not an array"),
        (b"\xff\xfe", "payload is malformed JSON, not a JSON array"),
    ],
)
def test_anything_but_a_json_array_is_refused(body, message):
    with pytest.raises(PayloadError, match=message.replace("(", "\\(")):
        parse_payload(body)


def test_items_need_a_paper_id_string_and_a_title_everything_else_is_optional():
    payload = [
        {"paper": {"id": "2408.03326", "title": "A"}, "futureField": {"x": 1}},
        {"paper": {"id": "2408.03327"}, "title": "outer title only"},
        {"paper": {"id": 2408.03328, "title": "numeric id"}},
        {"paper": {"title": "no id"}},
        {"paper": {"id": "2408.03329"}},
        {"title": "no paper"},
        "not an object",
    ]
    classified = classify(payload)
    assert classified[:2] == [
        Item("2408.03326", "A", '{"paper": {"id": "2408.03326", "title": "A"}, "futureField": {"x": 1}}'),
        Item(
            "2408.03327", "outer title only", '{"paper": {"id": "2408.03327"}, "title": "outer title only"}'
        ),
    ]
    assert [entry.reason for entry in classified[2:]] == [
        "item has no paper.id string",
        "item has no paper.id string",
        "item has no title string",
        "item has no paper object",
        "item is a JSON str, not an object",
    ]
    assert all(isinstance(entry, Refused) for entry in classified[2:])


def test_payload_prefix_is_one_kib_of_text():
    assert payload_prefix(b"<html>" + b"x" * 5000) == "<html>" + "x" * 1018
    assert payload_prefix(b"\xff ok") == "\ufffd ok"


def test_failure_line_is_one_line_naming_at_most_five_partitions():
    summary = Summary(partitions=[f"2025-07-{d:02d}" for d in range(1, 31)])
    assert summary.failure_line() is None
    summary.failures = {f"2025-07-{d:02d}": "HTTP 503 after 6 attempts" for d in range(1, 8)}
    line = summary.failure_line()
    assert line.startswith(
        "7 of 30 partition(s) not indexed: 2025-07-01: HTTP 503 after 6 attempts; 2025-07-02"
    )
    assert line.endswith("2025-07-05: HTTP 503 after 6 attempts; and 2 more")
    assert "\n" not in line
