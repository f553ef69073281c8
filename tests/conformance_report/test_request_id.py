"""Each failure carries the answer's X-Request-Id into every report, for the server's team."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import httpx
import jsonschema_rs

from conformance.report import write_reports
from conformance.report.jsonfile import RESULTS_SCHEMA
from conformance.run.exchange import Exchange
from conformance.run.outcome import RunOutcome

REQUEST_ID = "req-7f3a9c"


def test_an_exchange_failure_takes_the_answers_request_id() -> None:
    exchange = Exchange("getArtworkV2", "GET", "http://127.0.0.1:1/v2/artworks/x", {}, None)
    exchange.status, exchange.content = 500, b"{}"
    exchange.response_headers = httpx.Headers({"X-Request-Id": REQUEST_ID})
    assert exchange.failure("ERR-1", "a 500").request_id == REQUEST_ID
    exchange.response_headers = httpx.Headers()
    assert exchange.failure("ERR-1", "a 500").request_id == ""


def test_every_report_shows_it(outcome: RunOutcome, tmp_path: Path) -> None:
    verdicts = [
        replace(v, failures=[replace(f, request_id=REQUEST_ID) for f in v.failures])
        for v in outcome.verdicts
    ]
    reports = write_reports(tmp_path / "reports", replace(outcome, verdicts=verdicts), [])
    for path in reports.values():
        assert REQUEST_ID in path.read_text(encoding="utf-8"), path.name
    results = json.loads(reports["json"].read_text(encoding="utf-8"))
    jsonschema_rs.validator_for(RESULTS_SCHEMA).validate(results)
