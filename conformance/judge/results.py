"""What a finished task's results must be (RES-1..3, DIM-5), for the kit and the passive judge."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from conformance.judge.imaging import content_type, inspect
from contract import Operation, OutputFormat, OutputSize, ResultCount, Spec, parse_ratio


@dataclass(frozen=True)
class Verdict:
    """One rule's verdict on a result: `problem` None when it held."""

    rule: str
    problem: str | None = None
    expected: str = ""
    seen: str = ""


def count_verdicts(op: Operation, params: Mapping[str, Any], results: list[Any]) -> list[Verdict]:
    """RES-1: the number of results a succeeded task must have, from its echoed parameters."""
    verdicts = []
    for rule in op.rules_of(ResultCount):
        try:
            expected = rule.expected(params)
        except (KeyError, TypeError, ValueError):
            verdicts.append(Verdict(rule.id, f"no usable {rule.field} echoed"))
            continue
        ok = len(results) == expected
        problem = None if ok else "wrong number of results"
        verdicts.append(Verdict(rule.id, problem, str(expected), str(len(results))))
    return verdicts


def image_verdicts(
    op: Operation,
    body: Mapping[str, Any],
    params: Mapping[str, Any],
    url: str,
    declared: str | None,
    content: bytes,
) -> list[Verdict]:
    """RES-2, DIM-5 and the output-format rules (RES-3) on one fetched result image."""
    kind = content_type(declared)
    image = inspect(content)
    if image is None or image.media_type is None or kind != image.media_type:
        what = "no image" if image is None else f"{image.media_type} bytes labelled {kind!r}"
        return [Verdict("RES-2", f"result {url}: {what}", "matching type")]
    verdicts = [Verdict("RES-2")]
    size, echoed = (image.width, image.height), (params.get("width"), params.get("height"))
    problem = None if size == echoed else "the image is not the echoed size"
    verdicts.append(Verdict("DIM-5", problem, str(echoed), str(size)))
    for rule in op.rules_of(OutputFormat):
        if not rule.when.matches(body):
            continue
        wrong = rule.media_type and image.media_type != rule.media_type
        if wrong or (rule.alpha and not image.has_alpha):
            seen = f"{image.media_type}, alpha={image.has_alpha}"
            verdicts.append(Verdict(rule.id, "wrong format", f"{rule.media_type}, alpha", seen))
        else:
            verdicts.append(Verdict(rule.id))
    return verdicts


FRESH_SECONDS = 300  # IMG-1: `created` within 5 minutes of the answer


def generation_answer_problem(answer: Any, answered_at: float) -> str | None:
    """IMG-1 on E4's 200 answer: `created` near the time it was answered, exactly one data item."""
    if not isinstance(answer, dict):
        return "the answer is not a JSON object"
    created, data = answer.get("created"), answer.get("data")
    if (
        not isinstance(created, int)
        or isinstance(created, bool)
        or abs(created - answered_at) > FRESH_SECONDS
    ):
        return f"created {created!r} is not within 5 minutes of the answer"
    if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
        return "data is not exactly one item"
    return None


def generation_image_problem(
    spec: Spec, op: Operation, body: Mapping[str, Any], declared: str | None, content: bytes
) -> str | None:
    """IMG-1 on E4's image: the asked format, long side and ratio (defaults from the spec)."""
    image = inspect(content)
    if image is None:
        return "the URL did not give an image"
    size, fmt = op.rules_of(OutputSize)[0], op.rules_of(OutputFormat)[0]
    assert size.ratio_field and size.long_side_field and fmt.field and op.request_schema
    pick = {**spec.defaults(op.request_schema), **body}
    wanted_type = fmt.media_types[pick[fmt.field]]
    kind = content_type(declared)
    if image.media_type != wanted_type or kind != wanted_type:
        return f"asked for {wanted_type}, got {image.media_type} labelled {kind}"
    long_side = pick[size.long_side_field]
    long_side = size.long_side_names.get(long_side, long_side)
    if max(image.width, image.height) != long_side:
        return f"long side {max(image.width, image.height)}, asked for {long_side}"
    ratio = float(parse_ratio(pick[size.ratio_field]))
    error = abs(image.width / image.height - ratio) / ratio
    if error > size.tolerance:
        return f"{image.width}x{image.height} is {error:.2%} off {pick[size.ratio_field]}"
    return None
