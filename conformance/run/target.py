"""The server under test and how hard to test it: everything a run needs to know up front."""

from __future__ import annotations

from dataclasses import dataclass, field

PROFILES = {
    # examples per operation and phase for Schemathesis, and how many targeted variants to try
    "quick": {"examples": 8, "stateful_steps": 4, "variants": 1},
    "thorough": {"examples": 60, "stateful_steps": 8, "variants": 3},
}


@dataclass(frozen=True)
class Target:
    """The server under test and the credentials the run may use (never printed)."""

    base_url: str
    api_key: str = field(repr=False)
    second_key: str | None = field(default=None, repr=False)
    manager_key: str | None = field(default=None, repr=False)
    org_id: str | None = None
    rate_limited_key: str | None = field(default=None, repr=False)
    bundled: bool = False

    def secrets(self) -> list[str]:
        """Every secret this target holds, for the reports' redaction."""
        keys = (self.api_key, self.second_key, self.manager_key, self.rate_limited_key)
        return [key for key in keys if key]


@dataclass(frozen=True)
class Settings:
    """How the run behaves: effort, reproducibility, safety bounds, selection and the sidecar."""

    profile: str = "quick"
    examples: int = PROFILES["quick"]["examples"]
    stateful_steps: int = PROFILES["quick"]["stateful_steps"]
    variants: int = PROFILES["quick"]["variants"]
    seed: int = 0
    time_budget: float = 60.0
    max_rps: float = 200.0
    concurrency: int = 8
    request_timeout: float = 30.0
    operations: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    sidecar_host: str = "127.0.0.1"
    sidecar_port: int = 0
    sidecar_public_url: str | None = None
    rate_limit_probe: int = 400
    allow_rotation: bool = False
    skip_ssrf_classes: frozenset[str] = frozenset()  # HOOK-4 address classes never sent

    @classmethod
    def for_profile(cls, profile: str, **overrides: object) -> Settings:
        if profile not in PROFILES:
            raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
        values: dict[str, object] = {"profile": profile, **PROFILES[profile]}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def selects(self, operation_id: str, tags: tuple[str, ...]) -> bool:
        """Whether the user's operation/tag selection includes this operation."""
        if self.operations and operation_id not in self.operations:
            return False
        return not self.tags or bool(self.tags & set(tags))
