"""The lock files: production installs requirements.lock alone, so it must hold no test or
lint tool; `make setup` installs requirements-dev.lock with --require-hashes, so every
pin in either file carries a hash; both follow pyproject.toml's pins (`make lock`)."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"

# Development tools that must never reach production, whatever pyproject says.
NEVER_IN_PRODUCTION = {
    "playwright",
    "pytest",
    "pytest-django",
    "pytest-playwright",
    "axe-playwright-python",
    "ruff",
    "aiosmtpd",
    "import-linter",
    "pip-tools",
}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(lines) -> dict[str, str]:
    """{name: version} for each `name==version` requirement in a requirements file or list."""
    found = {}
    for requirement in lines:
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)", requirement)
        if match:
            found[normalise(match.group(1))] = match.group(3)
    return found


def requirements(path: Path) -> list[str]:
    """The file's requirements, each with its `--hash` options (continuation lines joined)."""
    logical = path.read_text().replace("\\\n", " ")
    lines = (line.split("#", 1)[0].strip() for line in logical.splitlines())
    return [line for line in lines if line]


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_production_lock_holds_no_development_tool():
    runtime = pins(requirements(RUNTIME_LOCK))
    dev_extra = set(pins(project()["optional-dependencies"]["dev"]))
    assert runtime, "requirements.lock pins nothing"
    assert not (set(runtime) & (NEVER_IN_PRODUCTION | dev_extra))


@pytest.mark.parametrize("lock", [RUNTIME_LOCK, DEV_LOCK], ids=lambda path: path.name)
def test_every_pin_has_a_hash(lock):
    lines = requirements(lock)
    assert lines
    for line in lines:
        assert pins([line]), f"{lock.name}: not an exact pin: {line[:80]}"
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", line), f"{lock.name}: no hash: {line[:80]}"


def test_locks_follow_pyproject_pins():
    # A pin changed in pyproject.toml without `make lock` would not be installed.
    runtime = pins(requirements(RUNTIME_LOCK))
    dev = pins(requirements(DEV_LOCK))
    for name, version in pins(project()["dependencies"]).items():
        assert runtime.get(name) == version, f"requirements.lock: {name} is not {version}"
    for name, version in pins(project()["optional-dependencies"]["dev"]).items():
        assert dev.get(name) == version, f"requirements-dev.lock: {name} is not {version}"


def test_dev_lock_is_the_production_lock_plus_tools():
    # Tests run on exactly the versions production runs.
    runtime = pins(requirements(RUNTIME_LOCK))
    dev = pins(requirements(DEV_LOCK))
    assert {name: dev.get(name) for name in runtime} == runtime
    assert "pip-tools" not in dev
