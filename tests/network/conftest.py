"""Fixtures for the network tests: settings read as a given environment would read them,
Django in a separate process, and blog posts in each state with their comments."""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# What a production deployment sets at the very least.
PRODUCTION_ENV = {
    "SECRET_KEY": "production-test-" + "s" * 50,
    "ALLOWED_HOSTS": "network.example.org",
}


def load_settings(**env) -> dict:
    """network/settings.py evaluated with exactly this environment (nothing
    inherited from the test run), as a dict of its names."""
    with mock.patch.dict(os.environ, {"PATH": os.environ.get("PATH", ""), **env}, clear=True):
        return runpy.run_path(str(BASE_DIR / "network" / "settings.py"))


def run_django(*args, env: dict, timeout: int = 60) -> subprocess.CompletedProcess:
    """`python <args>` in the project folder with a clean environment."""
    clean = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def report_data():
    return {
        "category": "broken",
        "page_url": "/workshops/",
        "description": "The workshop list shows yesterday's workshops as upcoming.",
        "reporter_name": "Ada",
        "reporter_email": "ada@example.org",
        "website_url": "",
    }
