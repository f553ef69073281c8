"""The meaning of each x-rule kind, as both the server and the kit read it from contract/."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from contract import (
    WEBHOOK_FIELD,
    AreaLimit,
    EmptyDefault,
    OperationId,
    OutputFormat,
    OutputSize,
    PublicUrl,
    Spec,
    SpecError,
    WordLimit,
    parse_rule,
)


def area_rule(when: dict[str, Any] | None = None) -> AreaLimit:
    raw: dict[str, Any] = {"id": "DIM-3", "kind": "area-limit", "fields": ["w", "h"], "max": 100}
    if when is not None:
        raw["when"] = when
    rule = parse_rule(raw)
    assert isinstance(rule, AreaLimit)
    return rule


def test_area_limit_applies_only_with_both_numbers_and_a_matching_when() -> None:
    rule = area_rule({"properties": {"hd": {"const": True}}})
    assert rule.applies({"w": 10, "h": 10})
    assert not rule.applies({"w": 10})
    assert not rule.applies({"w": 10, "h": True})
    assert not rule.applies({"w": 10, "h": "10"})
    assert not rule.applies({"w": 10, "h": 10, "hd": False})


def test_area_limit_accepts_exactly_the_limit_and_refuses_one_over() -> None:
    rule = area_rule()
    assert not rule.exceeded_by({"w": 10, "h": 10})
    assert rule.exceeded_by({"w": 101, "h": 1})
    assert rule.exceeded_by({"w": 10.0, "h": 10.5})
    assert not rule.exceeded_by({"w": 1000})


def test_area_limit_shrinks_the_second_field_to_fit_and_leaves_the_body_alone() -> None:
    rule = area_rule()
    body = {"w": 30, "h": 30, "x": 1}
    assert rule.shrunk(body) == {"w": 30, "h": 3, "x": 1}
    assert body == {"w": 30, "h": 30, "x": 1}
    assert rule.shrunk({"w": 5, "h": 5}) == {"w": 5, "h": 5}
    assert rule.shrunk({"w": 1000, "h": 1000}) == {"w": 1000, "h": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a b c", "a b c"),
        ("a  b\tc", "a  b\tc"),
        ("a  b\tc d", "a b c"),
        (" a\u2003b c d e ", "a b c"),
    ],
)
def test_word_limit_truncates_to_the_first_words_joined_by_single_spaces(
    text: str, expected: str
) -> None:
    rule = WordLimit("TXT-1", area_rule().when, field="prompt", max_words=3)
    assert rule.truncate(text) == expected


def test_word_limit_takes_an_explicit_limit() -> None:
    rule = WordLimit("TXT-1", area_rule().when, field="prompt", max_words=3)
    assert rule.truncate("a b c d", 2) == "a b"


def test_word_limit_is_exceeded_only_by_a_text_of_more_words() -> None:
    rule = WordLimit("TXT-1", area_rule().when, field="prompt", max_words=3)
    assert rule.exceeded_by({"prompt": " a  b\tc d "})
    assert not rule.exceeded_by({"prompt": "a b c"})
    assert not rule.exceeded_by({"prompt": ["a", "b", "c", "d"]})
    assert not rule.exceeded_by({"negativePrompt": "a b c d"})


@pytest.mark.parametrize("value", [None, "", " \t\n\u2003", 12, ["a"]])
def test_empty_default_sees_no_words(value: Any) -> None:
    assert EmptyDefault.is_empty(value)


def test_empty_default_sees_words() -> None:
    assert not EmptyDefault.is_empty(" a ")


def test_public_url_lists_strings_and_list_items_only() -> None:
    rule = PublicUrl("HOOK-4", area_rule().when, fields=("u", "us", "hook"))
    body = {"u": "http://a", "us": ["http://b", 3, "http://c"], "hook": None, "x": "http://z"}
    assert list(rule.urls(body)) == [("u", "http://a"), ("us", "http://b"), ("us", "http://c")]


def test_public_url_points_fields_and_drops_those_mapped_to_none() -> None:
    rule = PublicUrl("HOOK-4", area_rule().when, fields=("u", "us", "hook", "n"))
    body = {"u": "http://a", "us": ["http://b", "x"], "hook": "http://h", "n": 4}
    original = copy.deepcopy(body)
    pointed = rule.pointed(body, lambda name: None if name == "hook" else "http://sidecar")
    assert pointed == {"u": "http://sidecar", "us": ["http://sidecar"] * 2, "n": 4}
    assert body == original


def test_output_size_ratio_fixed_or_from_the_field() -> None:
    fixed = parse_rule({"id": "DIM-4", "kind": "output-size", "ratio": "1:1"})
    by_field = parse_rule({"id": "DIM-5", "kind": "output-size", "ratioField": "r"})
    assert isinstance(fixed, OutputSize) and isinstance(by_field, OutputSize)
    assert fixed.ratio_for({"r": "16:9"}) == "1:1"
    assert by_field.ratio_for({"r": "16:9"}) == "16:9"
    assert by_field.ratio_for({}) is None


def test_output_size_long_side_by_pixels_or_name() -> None:
    rule = parse_rule(
        {
            "id": "IMG-1",
            "kind": "output-size",
            "longSideField": "size",
            "longSideNames": {"large": 2048},
        }
    )
    assert isinstance(rule, OutputSize)
    assert rule.long_side_for({"size": 512}) == 512
    assert rule.long_side_for({"size": "large"}) == 2048


def test_output_format_fixed_or_chosen_by_field() -> None:
    fixed = parse_rule({"id": "RES-3", "kind": "output-format", "mediaType": "image/png"})
    chosen = parse_rule(
        {"id": "IMG-1", "kind": "output-format", "field": "f", "mediaTypes": {"jpg": "image/jpeg"}}
    )
    assert isinstance(fixed, OutputFormat) and isinstance(chosen, OutputFormat)
    assert fixed.media_type_for({}) == "image/png"
    assert chosen.media_type_for({"f": "jpg"}) == "image/jpeg"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"kind": "area-limit"}, "lacks"),
        ({"id": "X-1", "kind": "nope"}, "unknown x-rules kind"),
        ({"id": "X-1", "kind": "word-limit", "field": "p"}, "lacks"),
        ({"id": "X-1", "kind": "word-limit", "field": "p", "maxWords": 2, "x": 1}, "unknown keys"),
        ({"id": "X-1", "kind": "output-size"}, "says nothing"),
    ],
)
def test_parse_rule_fails_loudly(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError, match=message):
        parse_rule(raw)


def test_rules_of_is_typed_and_first_matching_takes_the_first_whose_when_matches(
    spec: Spec,
) -> None:
    op = spec.operation(OperationId.CREATE_QUANTUM)
    limits: tuple[AreaLimit, ...] = op.rules_of(AreaLimit)
    assert limits and all(isinstance(rule, AreaLimit) for rule in limits)
    sizes = op.rules_of(OutputSize)
    assert op.first_matching(OutputSize, {}) is sizes[0]
    chosen = op.first_matching(OutputSize, {"width": 512, "height": 512})
    assert chosen is not None and chosen.from_fields == ("width", "height")


def test_rules_of_is_found_once_and_keeps_the_spec_order(spec: Spec) -> None:
    for op in spec.operations:
        for kind in (AreaLimit, OutputSize, WordLimit, PublicUrl, EmptyDefault, OutputFormat):
            first = op.rules_of(kind)
            assert first == tuple(rule for rule in op.rules if isinstance(rule, kind))
            assert op.rules_of(kind) is first


def test_every_operation_id_name_is_in_the_spec(spec: Spec) -> None:
    assert {op.operation_id for op in spec.operations} >= set(OperationId)
    assert spec.operation(OperationId.GET_ARTWORK_V2).url(id="x") == "/v2/artworks/x"


def test_a_spec_without_a_named_operation_fails_at_load(spec: Spec) -> None:
    document = copy.deepcopy(dict(spec.raw))
    document["paths"]["/v2/artworks"]["get"]["operationId"] = "listArtworksRenamed"
    with pytest.raises(SpecError, match="listArtworks"):
        Spec(document)


def test_a_task_operation_without_the_webhook_url_rule_fails_at_load(spec: Spec) -> None:
    document = copy.deepcopy(dict(spec.raw))
    schema = document["components"]["schemas"]["QuantumRequest"]
    schema["x-rules"] = [rule for rule in schema["x-rules"] if rule["kind"] != "public-url"]
    with pytest.raises(SpecError, match=WEBHOOK_FIELD):
        Spec(document)


def test_artwork_navigation(spec: Spec) -> None:
    op = spec.operation(OperationId.CREATE_QUANTUM)
    assert spec.artwork_type(op) == spec.artwork_schema(op)["properties"]["artworkType"]["const"]
    assert {"width", "height"} <= set(spec.echo_required(op))


def test_an_output_size_that_outranks_a_smaller_one_names_its_area(spec: Spec) -> None:
    photo = spec.operation(OperationId.CREATE_PHOTO_PILOT)
    high = {"imageGuidance": 1, "highResolution": True}
    rule = photo.first_matching(OutputSize, high)
    assert rule is not None and rule.nominal_area() is not None
    standard = photo.rules_of(OutputSize)[-1]
    fixed = photo.first_matching(OutputSize, {"imageGuidance": 1})  # the standard default size
    assert fixed is not None
    high_area, fixed_area = rule.nominal_area(), fixed.nominal_area()
    assert high_area is not None and fixed_area is not None and fixed_area < high_area
    assert photo.outranked_area(rule, high) == fixed_area
    assert photo.outranked_area(fixed, high) is None  # nothing after it is smaller
    assert standard.nominal_area() == standard.target_area
