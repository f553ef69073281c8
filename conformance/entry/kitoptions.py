"""The kit's options, each declared once, for the CLI, the pytest plugin and the config file."""

from __future__ import annotations

from pathlib import Path

from conformance.checks import GROUPS
from conformance.entry.optionmodel import FROM_SETTINGS, Command, Option
from conformance.fromspec.addresses import SSRF_CLASSES
from conformance.run.target import PROFILES

_NO_PYTEST_REPORT = "pytest writes its own reports (--junitxml)"


def _key(name: str, help: str) -> Option:
    """A key: secret, and from `CONFORMANCE_<NAME>` when no flag gives it (never from a file)."""
    variable = "CONFORMANCE_" + name.upper().replace("-", "_")
    return Option(name, help, env=variable, secret=True, metavar="KEY")


TARGET_OPTIONS = (
    Option(
        "base-url",
        "the server to test, e.g. https://staging.example.com (default: the bundled one)",
        metavar="URL",
    ),
    _key("api-key", "a generator key"),
    _key("second-key", "another key of the same org, for AUTH-4"),
    _key("manager-key", "a manager key, for E8 and HOOK-3"),
    Option("org-id", "the organisation of the keys, for AUTH-3 and HOOK-3", metavar="ID"),
    _key("rate-limited-key", "a key with a low rate limit, for ERR-3"),
    Option(
        "allow-rotation",
        "allow rotating the org's webhook secret (HOOK-3)",
        kind=bool,
        setting="allow_rotation",
        default=FROM_SETTINGS,
    ),
)

RUN_SETTINGS = (
    Option(
        "profile",
        "quick for CI, thorough before a release",
        setting="profile",
        default=FROM_SETTINGS,
        choices=tuple(sorted(PROFILES)),
        deprecated_pytest_aliases=("--conformance-profile",),
    ),
    Option(
        "examples",
        "examples per operation and phase (overrides the profile)",
        kind=int,
        setting="examples",
        minimum=1,
    ),
    Option(
        "seed",
        "the run's seed (default: random, printed)",
        kind=int,
        setting="seed",
        deprecated_pytest_aliases=("--conformance-seed",),
    ),
    Option(
        "time-budget",
        "seconds a task may take to finish (LIFE-3)",
        kind=float,
        metavar="SECONDS",
        setting="time_budget",
        default=FROM_SETTINGS,
        positive=True,
    ),
    Option(
        "max-rps",
        "the most requests per second the kit sends",
        kind=float,
        metavar="RPS",
        setting="max_rps",
        default=FROM_SETTINGS,
        positive=True,
    ),
    Option(
        "concurrency",
        "the most requests in flight at once (independent ones go out together)",
        kind=int,
        setting="concurrency",
        default=FROM_SETTINGS,
        minimum=1,
    ),
    Option(
        "request-timeout",
        "seconds one answer may take",
        kind=float,
        metavar="SECONDS",
        setting="request_timeout",
        default=FROM_SETTINGS,
        positive=True,
    ),
    Option(
        "operation", "only this operationId", setting="operations", repeatable=True, metavar="ID"
    ),
    Option("tag", "only operations with this tag", setting="tags", repeatable=True, metavar="TAG"),
    Option(
        "group",
        "only this check group",
        setting="groups",
        repeatable=True,
        choices=tuple(sorted(GROUPS)),
    ),
    Option(
        "skip-ssrf-class",
        "never send HOOK-4 URLs of this address class (a target whose network must not see them)",
        setting="skip_ssrf_classes",
        repeatable=True,
        choices=SSRF_CLASSES,
        metavar="CLASS",
    ),
    Option(
        "fault",
        "a fault switch of the bundled server",
        repeatable=True,
        hidden=True,
        in_config=False,
    ),
)

SIDECAR_OPTIONS = (
    Option(
        "sidecar-host",
        "where the sidecar listens",
        setting="sidecar_host",
        default=FROM_SETTINGS,
        metavar="HOST",
    ),
    Option(
        "sidecar-port",
        "its port (0: any free one)",
        kind=int,
        metavar="PORT",
        setting="sidecar_port",
        default=FROM_SETTINGS,
        minimum=0,
    ),
    Option(
        "sidecar-public-url",
        "the URL by which a remote target reaches the sidecar",
        setting="sidecar_public_url",
        metavar="URL",
    ),
)

CONFIG = Option(
    "config",
    "a TOML file of options (default: the nearest conformance.toml, else [tool.conformance] in "
    "a pyproject.toml, from here up to the repository's root); flags and environment "
    "variables override it",
    kind=Path,
    in_config=False,
    metavar="FILE",
)

OUTPUT_OPTIONS = (
    Option(
        "report",
        "also write this report: har, every exchange the run made as exchanges.har (keys as "
        "digests), for `conformance check-har` to judge again later",
        repeatable=True,
        choices=("har",),
        cli_only=_NO_PYTEST_REPORT,
    ),
    Option(
        "report-dir",
        "where the reports go",
        default="reports/conformance",
        metavar="DIR",
        cli_only=_NO_PYTEST_REPORT,
    ),
    Option(
        "baseline",
        "an earlier run's results.json: rules failing there are known, only new failures fail",
        kind=Path,
        metavar="RESULTS_JSON",
        cli_only="the baseline compares whole runs; pytest runs each group as a test",
    ),
    Option(
        "quiet",
        "no progress lines",
        kind=bool,
        cli_only="pytest has its own -q/--quiet",
    ),
)

GROUP_TITLES = {
    "target (keys may also come from the environment, never from a config file)": TARGET_OPTIONS,
    "run": RUN_SETTINGS,
    "sidecar (source images and webhook sink)": SIDECAR_OPTIONS,
    "output and config": (*OUTPUT_OPTIONS, CONFIG),
}

RUN = Command(
    "",
    "Check an Image Generation API server against the contract, rule by rule. "
    "With no --base-url, the bundled reference server is started and tested.",
    tuple(option for options in GROUP_TITLES.values() for option in options),
)
