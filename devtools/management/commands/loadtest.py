"""`make loadtest`: a mixed read/write load on the real server, then proof nothing was lost.

Needs PostgreSQL (DATABASE_URL; the database is created when missing) and Redis
(REDIS_URL). Starts gunicorn with production settings against them, drives it
with `--connections` simulated members for `--duration` seconds (devtools.loadtest),
then checks every acknowledged write is in the database and the counts add up.
With `--restart-database VERSION/NAME` it also stops and starts that PostgreSQL
cluster in the middle of the run. Exits non-zero when any check fails.
"""

import json
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

import psycopg
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from devtools import loadtest, serverctl


class Command(BaseCommand):
    help = "Load-test the site under gunicorn (optionally restarting PostgreSQL) and verify."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=60, help="seconds of load")
        parser.add_argument("--connections", type=int, default=16, help="simulated members")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
        parser.add_argument("--port", type=int, default=8790)
        parser.add_argument("--json", dest="json_path", help="also write the report here")
        parser.add_argument(
            "--restart-database",
            metavar="VERSION/NAME",
            help="stop and start this PostgreSQL cluster (pg_ctlcluster) during the run; "
            "it must be the one DATABASE_URL points at, and never the shared main cluster",
        )
        parser.add_argument("--outage-at", type=float, default=4, help="seconds into the run")
        parser.add_argument("--outage-seconds", type=float, default=3)
        parser.add_argument(
            "--flush-cache",
            action="store_true",
            help="empty the Redis database in REDIS_URL first (give the load test its own "
            "database number; refused for database 0)",
        )

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if connection.vendor != "postgresql":
            raise CommandError(
                "The load test needs PostgreSQL: set DATABASE_URL "
                "(make loadtest uses postgres://postgres@127.0.0.1:5433/network_faults_load)."
            )
        if not settings.REDIS_URL:
            raise CommandError("The load test needs Redis: set REDIS_URL (redis://host:6379/13).")
        outage = None
        if options["restart_database"]:
            outage = self._outage_for(options, db)

        _create_database(db)
        call_command("migrate", verbosity=0)
        if options["flush_cache"]:
            if urlparse(settings.REDIS_URL).path.strip("/") in ("", "0"):
                raise CommandError("Refusing to empty Redis database 0: use a number of its own.")
            cache.clear()

        dataset = loadtest.seed(members=options["connections"])
        env = serverctl.production_env()
        serverctl.collectstatic(env)
        log_path = Path(settings.BASE_DIR) / "var" / "loadtest-gunicorn.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        port = options["port"]
        self.stdout.write(
            f"gunicorn: {options['workers']} workers on 127.0.0.1:{port} (log: {log_path}); "
            f"{options['connections']} members for {options['duration']:.0f}s; "
            f"database {db['NAME']} on port {db.get('PORT') or 5432}; cache {settings.REDIS_URL}"
        )
        with serverctl.running_server(
            port=port, env=env, workers=options["workers"], log_path=log_path
        ) as server:
            if outage is not None:
                outage.at = time.monotonic() + options["outage_at"]
            members, probe, elapsed = loadtest.run_load(
                dataset=dataset,
                host="127.0.0.1",
                port=port,
                duration=options["duration"],
                outage=outage,
            )
            report = loadtest.verify(
                dataset=dataset,
                members=members,
                probe=probe,
                outage=outage,
                elapsed=elapsed,
                host="127.0.0.1",
                port=port,
            )
            # "No restart of the app": the same master process served the whole run.
            report["app_restarted"] = server.poll() is not None
            if report["app_restarted"]:
                report["failures"].append("gunicorn exited during the run")

        self._print(report)
        if options["json_path"]:
            Path(options["json_path"]).write_text(json.dumps(report, indent=2))
        if report["failures"]:
            raise CommandError(f"{len(report['failures'])} check(s) failed.")
        self.stdout.write(self.style.SUCCESS("Load test passed."))

    def _outage_for(self, options, db):
        cluster = options["restart_database"]
        try:
            version, name = cluster.split("/")
        except ValueError as error:
            raise CommandError("--restart-database takes VERSION/NAME, e.g. 15/faults") from error
        if name == "main":
            raise CommandError(
                "Refusing to restart the main cluster others use: make a cluster of its own "
                "(.ci/fault-cluster creates 'faults' on port 5433)."
            )
        listing = subprocess.run(
            ["pg_lsclusters", "--no-header"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rows = [line.split() for line in listing.splitlines() if line.strip()]
        port = next((int(r[2]) for r in rows if r[0] == version and r[1] == name), None)
        if port is None:
            raise CommandError(f"No PostgreSQL cluster {cluster} (see pg_lsclusters).")
        if port != int(db.get("PORT") or 5432):
            raise CommandError(
                f"Cluster {cluster} listens on {port}, but DATABASE_URL uses "
                f"{db.get('PORT') or 5432}: the app must be using the cluster that restarts."
            )
        return loadtest.DatabaseOutage(
            cluster=cluster, port=port, at=0, seconds=options["outage_seconds"]
        )

    def _print(self, report):
        self.stdout.write(
            f"{report['requests']} requests in {report['seconds']}s "
            f"({report['requests_per_second']}/s) by {report['connections']} members; "
            f"statuses {report['statuses']}; 5xx: {report['server_errors']} "
            f"(of which outage pages: {report['outage_503_pages']}); "
            f"latency p50/p95/p99 {report['latency_ms']['p50']}/{report['latency_ms']['p95']}/"
            f"{report['latency_ms']['p99']} ms"
        )
        self.stdout.write(f"actions: {report['actions']}")
        self.stdout.write(
            f"acknowledged writes: {report['acknowledged_writes']}; lost: {report['lost_writes']}"
        )
        for place in report["places"]:
            self.stdout.write(
                f"workshop {place['workshop']}: {place['confirmed']}/{place['capacity']} "
                f"confirmed, {place['waiting']} waiting"
            )
        for post in report["views"]:
            self.stdout.write(
                f"post {post['post']}: {post['views']} views from "
                f"{post['sessions_that_read_it']} reading sessions, {post['likes']} likes"
            )
        if "outage" in report:
            self.stdout.write(f"database outage: {report['outage']}")
        for failure in report["failures"]:
            self.stderr.write(f"FAILED: {failure}")


def _create_database(db) -> None:
    """CREATE DATABASE when the one DATABASE_URL names does not exist yet."""
    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "dbname": "postgres",
        "autocommit": True,
    }
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(**params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if exists.fetchone() is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
