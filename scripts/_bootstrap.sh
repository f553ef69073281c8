# Sourced by every script: makes .venv with the pinned tools and the spec linter, once per change.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.venv/bin:$ROOT/spec/node_modules/.bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1

UV_VERSION=0.9.30

_bootstrap() {
    local stamp=.venv/.bootstrap-stamp want
    want="$(cat scripts/_bootstrap.sh pyproject.toml constraints.txt generated/pyproject.toml \
        spec/package-lock.json | sha256sum)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    echo "bootstrap: installing the pinned toolchain into .venv (once)" >&2
    [ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
    # uv installs the same pinned set as pip would, in seconds rather than half a minute;
    # compiled, because the tests start many Python processes and PYTHONDONTWRITEBYTECODE is set.
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
    .venv/bin/uv pip install --quiet --compile-bytecode --python .venv/bin/python \
        -c constraints.txt -e '.[dev]' -e ./generated
    (cd spec && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
}
_bootstrap
