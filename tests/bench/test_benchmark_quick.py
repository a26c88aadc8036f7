"""The benchmark's quick mode, as `make test` runs it: the real server (gunicorn,
production settings) on a small scale dataset in its own database, a second of
wrk per page. It proves every page stays under the query ceiling and the write
mix (comments, likes, registrations, cancellations) makes no errors. Speeds are
reported, not asserted: the machine is shared."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
QUERY_CEILING = 12


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def bench_database(tmp_path):
    """Its own database: <name>_benchquick beside DATABASE_URL's on PostgreSQL, else a
    temporary SQLite file. Never the development or test database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_benchquick"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_quick_benchmark_keeps_every_page_under_the_query_ceiling_and_writes_without_errors(
    bench_database, tmp_path
):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DATABASE_URL=bench_database,
        DJANGO_SETTINGS_MODULE="devtools.settings",
        DEBUG="false",
        SECRET_KEY="bench-quick-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_HTTPS="false",
        LOG_LEVEL="WARNING",
    )
    output = tmp_path / "results"
    run = subprocess.run(
        [sys.executable, "manage.py", "bench", "--quick", "--port", str(_free_port()),
         "--output", str(output)],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    report = json.loads((output / "latest.json").read_text())

    floors = [row["name"] for row in report["pages"] if row["kind"] == "floor"]
    assert floors == ["bare Django floor", "layout floor"]
    pages = [row for row in report["pages"] if row["kind"] == "page"]
    # 11 pages, each as a new visitor and as a signed-in member, and the two post pages
    # as a returning visitor too.
    assert len(pages) == 24
    returning = [row["page"] for row in pages if row["viewer"] == "returning visitor"]
    assert returning == ["post with 300 comments", "post with 2,000 comments"]
    # Compressed sizes are reported, and the first visit's weight for each visitor page.
    assert all(0 < row["gzip_bytes"] < row["bytes"] for row in pages if row["bytes"] > 1000)
    visitors = [row for row in pages if row["viewer"] == "visitor"]
    assert all(row["first_visit_gzip_bytes"] > row["gzip_bytes"] for row in visitors[:-1])
    assert all(row["ratio_to_bare"] > 0 for row in pages)
    over = [(row["name"], row["queries"]) for row in pages if not 0 <= row["queries"] <= 12]
    assert over == []
    failed = [(row["name"], row["status"], row["non_2xx"]) for row in pages]
    assert [f for f in failed if f[1] != 200 or f[2]] == []
    # Search's database time for a common word is measured and judged.
    assert report["search_db_ms"]["1x"] > 0
    assert any(v["what"].startswith("search for a common word:") for v in report["verdicts"])
    mix = report["write_mix"]
    assert mix["requests"] > 0
    assert mix["errors"] == 0, mix["first_errors"]
    assert set(mix["by_action"]) == {"comment", "like", "register", "cancel"}
