"""Real services for the load and fault tests: a PostgreSQL cluster of their own
(they stop and restart it; the shared main cluster on 5432 is never touched),
Redis on 127.0.0.1:6379 (database numbers 13 and 14 only), and the site under
gunicorn with production settings. A missing service fails the test with the
reason: nothing here is skipped."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
FAULT_PG_PORT = int(os.environ.get("FAULT_PG_PORT", "5433"))
LOAD_REDIS_DB = 13
TWO_SITES_REDIS_DB = 14


def fault_database_url(name: str) -> str:
    assert name.startswith("network_faults") or name == "postgres"
    return f"postgres://postgres@127.0.0.1:{FAULT_PG_PORT}/{name}"


def redis_url(db: int) -> str:
    assert db not in (0, 15)  # 0 is everyone's, 15 the other tests'
    return f"redis://127.0.0.1:6379/{db}"


@pytest.fixture(scope="session")
def fault_cluster() -> str:
    """VERSION/NAME of the dedicated PostgreSQL cluster, created and started if needed."""
    result = subprocess.run(
        [str(BASE_DIR / ".ci" / "fault-cluster")], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            "The fault tests need their own PostgreSQL cluster (pg_createcluster, as root): "
            f".ci/fault-cluster failed:\n{result.stdout}{result.stderr}"
        )
    version = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])
    return f"{version[-1]}/{os.environ.get('FAULT_PG_CLUSTER', 'faults')}"


@pytest.fixture(scope="session")
def redis_server():
    """Redis on 127.0.0.1:6379, started as .ci/run starts it when it is down."""
    result = subprocess.run([str(BASE_DIR / ".ci" / "ensure-redis")], check=False)
    if result.returncode != 0:
        pytest.fail("The fault tests need Redis on 127.0.0.1:6379 (redis-server).")


def flush_redis(db: int) -> None:
    subprocess.run(["redis-cli", "-n", str(db), "flushdb"], check=True, capture_output=True)


def recreate_database(name: str) -> str:
    """A fresh, empty database on the fault cluster; returns its URL."""
    assert name.startswith("network_faults")
    url = fault_database_url(name)
    with psycopg.connect(fault_database_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return url


def query(url: str, sql: str, params=()) -> list:
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def production_env(**extra) -> dict:
    """What a production app process (or manage.py there) is started with."""
    secret = BASE_DIR / "var" / "secret_key"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/root"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "network.settings",
        "DEBUG": "false",
        "SECRET_KEY": secret.read_text().strip() if secret.exists() else "faults-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_HTTPS": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


def manage(*args, env: dict, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


LOAD_DATABASE = "network_faults_load"


def run_loadtest(tmp_path, *args):
    flush_redis(LOAD_REDIS_DB)
    report_path = tmp_path / "report.json"
    env = production_env(
        DATABASE_URL=fault_database_url(LOAD_DATABASE),
        REDIS_URL=redis_url(LOAD_REDIS_DB),
        # The command lives in the development tools; the server it starts runs
        # the production settings.
        DJANGO_SETTINGS_MODULE="devtools.settings",
    )
    result = manage("loadtest", "--connections", "16", "--json", str(report_path), *args, env=env)
    assert report_path.exists(), result.stdout + result.stderr
    report = json.loads(report_path.read_text())
    assert report["failures"] == [], result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    return report


@pytest.fixture(scope="session")
def load_report(fault_cluster, redis_server, tmp_path_factory):
    return run_loadtest(tmp_path_factory.mktemp("load"), "--duration", "10")
