"""Writes a report for a terminal, for a changelog or pull request (Markdown), or for machines."""

from __future__ import annotations

import json
from typing import Any

from specdiff.bump import because
from specdiff.model import Change, ClientApiChange, Level, Report

FORMATS = ("text", "markdown", "json")


def as_json(report: Report) -> dict[str, Any]:
    return {
        "bump": report.bump.label,
        "bumpReasons": list(report.bump_reasons),
        "oldVersion": report.old_version,
        "newVersion": report.new_version,
        "changes": [
            {
                "id": c.id,
                "level": c.level.value,
                "breaks": list(c.breaks),
                "operation": c.operation,
                "operations": list(c.operations),
                "pointer": c.pointer,
                "message": c.message,
                "rules": list(c.rules),
            }
            for c in report.changes
        ],
        "clientApi": [
            {
                "kind": a.kind,
                "object": a.object,
                "breaking": a.breaking,
                "warning": a.warning,
                "message": a.message,
            }
            for a in report.client_api
        ],
    }


def _mark(api: ClientApiChange) -> str:
    return "breaking" if api.breaking else "warning" if api.warning else "ok"


def _who(change: Change) -> str:
    return "breaks " + " and ".join(change.breaks) if change.breaks else "breaks nobody"


def text(report: Report) -> str:
    lines = [
        f"spec-diff: {report.old_version} -> {report.new_version}: {len(report.changes)} "
        f"change(s), {len(report.client_api)} client API change(s); bump: {report.bump.label}"
    ]
    for c in report.changes:
        where = f" [{', '.join(c.operations)}]" if c.operations else ""
        lines.append(f"{c.level.value.upper():8} {c.id} ({_who(c)}){where}")
        lines.append(f"         {c.message}")
        rules = f"  rules: {', '.join(c.rules)}" if c.rules else ""
        lines.append(f"         at {c.pointer}{rules}")
    if report.client_api:
        lines.append("client API (imagegen_client):")
        for a in report.client_api:
            lines.append(f"{_mark(a).upper():8} {a.kind} {a.object}: {a.message}")
    lines.append(because(report.bump, report.bump_reasons))
    return "\n".join(lines) + "\n"


def markdown(report: Report) -> str:
    lines = [
        f"## {report.new_version} (spec changes: {report.bump.label} bump)",
        "",
        f"Compared with {report.old_version}.",
    ]
    titles = {Level.BREAKING: "Breaking", Level.WARNING: "Warnings", Level.INFO: "Other changes"}
    for level, title in titles.items():
        picked = [c for c in report.changes if c.level is level]
        if not picked:
            continue
        lines += ["", f"### {title}", ""]
        for c in picked:
            ops = f", {', '.join(f'`{op}`' for op in c.operations)}" if c.operations else ""
            rules = f" Rules: {', '.join(c.rules)}." if c.rules else ""
            lines.append(f"- **`{c.id}`** ({_who(c)}{ops}): {c.message} (`{c.pointer}`).{rules}")
    if report.client_api:
        lines += ["", "### Client API (`imagegen_client`)", ""]
        for a in report.client_api:
            mark = _mark(a).replace("ok", "compatible")
            lines.append(f"- **{mark}** {a.kind} `{a.object}`: {a.message}")
    if not report.changes and not report.client_api:
        lines += ["", "No change."]
    lines += ["", f"Bump: {because(report.bump, report.bump_reasons)}"]
    return "\n".join(lines) + "\n"


def render(report: Report, form: str) -> str:
    if form == "json":
        return json.dumps(as_json(report), indent=2) + "\n"
    return markdown(report) if form == "markdown" else text(report)
