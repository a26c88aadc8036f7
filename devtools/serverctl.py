"""Starting and stopping the real production server (gunicorn) for the benchmark
and the load and fault tests: the same command `make serve` runs, on a chosen port."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def production_env(**overrides) -> dict:
    """Environment for a production-mode server on plain http://127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {
            # The caller's own key: sessions it makes (loadgen.session_cookie_for)
            # must be valid on the server.
            "SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_SETTINGS_MODULE": "network.settings",
            "DEBUG": "false",
            "SECURE_HTTPS": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": overrides.pop("DATABASE_URL", None) or _database_url(),
        }
    )
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def collectstatic(env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


def start_gunicorn(*, port: int, env: dict, workers: int = 2, log_path: Path | None = None):
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    command = [
        sys.executable, "-m", "gunicorn", "network.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--timeout", "30", "--graceful-timeout", "5",
    ]  # fmt: skip
    return subprocess.Popen(  # noqa: S603
        command, cwd=BASE_DIR, env=env, stdout=log, stderr=log, start_new_session=True
    )


def wait_until_up(port: int, timeout: float = 30.0, path: str = "/healthz") -> None:
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as reply:  # noqa: S310
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError) as error:
            last_error = error
        time.sleep(0.2)
    raise RuntimeError(f"server on port {port} did not come up: {last_error}")


def stop(process) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def running_server(*, port: int, env: dict, workers: int = 2, log_path: Path | None = None):
    process = start_gunicorn(port=port, env=env, workers=workers, log_path=log_path)
    try:
        wait_until_up(port)
        yield process
    finally:
        stop(process)
