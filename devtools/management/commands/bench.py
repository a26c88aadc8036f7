"""`make bench`: the site under gunicorn with production settings, driven by wrk.

Measures every page against the "framework floor" (the base layout and nothing
else, through the same middleware and server) in the same run, so results are
ratios that mean something on a shared, noisy machine. Also runs a write mix
(comments, likes, registrations, cancellations) and counts its errors.

Results go to bench/results/ as JSON and a Markdown table, and are printed.
"""

import contextlib
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools import serverctl
from devtools.loadgen import Client, Tally, percentile, session_cookie_for

QUERY_CEILING = 12
# Quick mode (the test suite): small, but with both long threads, so the query
# ceilings are checked on the same shapes of page as at full scale.
QUICK_SCALE = ["--members", "60", "--posts", "12", "--comments", "2600", "--workshops", "15",
               "--registrations", "120", "--likes", "50"]  # fmt: skip
BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) network-bench/1.0"
RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"

# Two floors, measured beside every page: Django itself (default middleware, a
# three-line template: devtools/bare.py) and our layout through our middleware.
FLOORS = [
    ("bare", "bare Django floor", "/bench/bare/"),
    ("layout", "layout floor", "/bench/floor/"),
]
# Targets (issue 18), as shares of the bare Django floor's requests/s.
CACHED_PAGES = (
    "home", "blog list", "post with 300 comments", "post with 2,000 comments", "workshop list",
    "member directory", "member directory (filtered)", "profile",
)  # fmt: skip
VISITOR_TARGET = 0.50
MEMBER_TARGET = 0.30
WORKSHOP_PAGE_TARGET = 0.30
SEARCH_TARGET = 0.10
SEARCH_DB_TARGET_MS = 20
NEW_VISITOR_WITHIN = 0.10  # new visitors' post page within 10 % of returning visitors'
LONG_THREAD_FACTOR = 2.0
POST_PAGE_GZIP_TARGET = 60_000  # the post page's first screen of comments, compressed
FIRST_VISIT_TARGET = 100_000  # HTML, CSS, fonts and images of a first visit, compressed
GROWTH_FACTOR = 1.5  # every page on ten times the data within 1.5x of its figure


class Command(BaseCommand):
    help = "Benchmark the site under gunicorn against the framework floor."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="small dataset, short runs")
        parser.add_argument("--duration", type=int, default=None, help="seconds per page")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--no-seed", action="store_true", help="reuse the existing dataset")
        parser.add_argument("--output", default=str(RESULTS_DIR))
        parser.add_argument(
            "--growth-database",
            default="",
            help="a second database holding the scale data at another size (seed_scale "
            "--scale 10): every page is measured on it too, beside the first, on a second "
            "server (its own cache key prefix)",
        )
        parser.add_argument(
            "--update-docs",
            action="store_true",
            help="write the results table into docs/performance.md (between its bench markers)",
        )
        parser.add_argument(
            "--describe",
            action="store_true",
            help="print the pages and a member's session cookie as JSON, and stop "
            "(used for the growth database)",
        )

    def handle(self, *args, **options):
        wrk = shutil.which("wrk")
        if not wrk:
            raise CommandError("wrk is not installed (make bench installs it: apt-get install wrk)")
        quick = options["quick"]
        duration = options["duration"] or (1 if quick else 10)
        connections = options["connections"]
        port = options["port"]

        if not options["no_seed"]:
            scale = QUICK_SCALE if quick else []
            call_command("migrate", verbosity=0)
            call_command("seed_scale", *scale, stdout=self.stdout)

        from devtools.bench_pages import (
            bench_pages,
            member_for_bench,
            search_database_ms,
            write_actions,
        )

        if options["describe"]:
            described = {
                "pages": bench_pages(),
                "cookie": session_cookie_for(member_for_bench()),
                "search_db_ms": search_database_ms(),
            }
            self.stdout.write(json.dumps(described))
            return

        env = serverctl.production_env(DJANGO_SETTINGS_MODULE="devtools.settings")
        serverctl.collectstatic(env)
        member = member_for_bench()
        cookie = session_cookie_for(member)
        pages = bench_pages()
        growth = None
        if options["growth_database"]:
            growth_env = serverctl.production_env(
                DJANGO_SETTINGS_MODULE="devtools.settings",
                DATABASE_URL=options["growth_database"],
                CACHE_KEY_PREFIX=settings.CACHES["default"].get("KEY_PREFIX", "") + "-growth",
            )
            described = json.loads(
                subprocess.run(  # noqa: S603
                    [sys.executable, "manage.py", "bench", "--describe", "--no-seed"],
                    env=growth_env, cwd=settings.BASE_DIR, capture_output=True, text=True,
                    check=True,
                ).stdout.strip().splitlines()[-1]
            )  # fmt: skip
            growth = {
                "env": growth_env,
                "port": port + 1,
                "pages": dict(map(tuple, described["pages"])),
                "cookie": described["cookie"],
                "search_db_ms": described["search_db_ms"],
            }
        results = []
        log_path = Path(options["output"]) / "gunicorn.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.stdout.write(
            f"gunicorn: {options['workers']} sync workers on 127.0.0.1:{port}; "
            f"wrk: {connections} connections, {duration}s per page; database: {connection.vendor}"
        )
        with contextlib.ExitStack() as servers:
            servers.enter_context(serverctl.running_server(
                port=port, env=env, workers=options["workers"], log_path=log_path
            ))  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            self._warm_up(base, pages, cookie)
            if growth:
                servers.enter_context(serverctl.running_server(
                    port=growth["port"], env=growth["env"], workers=options["workers"],
                    log_path=log_path.with_name("gunicorn-growth.log"),
                ))  # fmt: skip
                growth["base"] = f"http://127.0.0.1:{growth['port']}"
                self._warm_up(growth["base"], list(growth["pages"].items()), growth["cookie"])
            floors = {"bare": [], "layout": []}

            def measure_floors():
                # The machine is shared: other people's work comes and goes. Both
                # floors are measured again beside every page, and each page is
                # compared with the floors measured next to it.
                found = {}
                for kind, name, floor_path in FLOORS:
                    row = self._measure(wrk, base, name, floor_path, None, duration,
                                        connections)  # fmt: skip
                    floors[kind].append(row)
                    found[kind] = row
                return found

            beside = measure_floors()
            for index, (name, path) in enumerate(pages):
                if index and not quick:
                    beside = measure_floors()
                viewers = [("visitor", None), ("member", cookie)]
                if name.startswith("post with"):
                    # A visitor who has read the post (its "viewed" cookie): the new
                    # visitor above must be as fast (no write on the read).
                    viewers.insert(1, ("returning visitor", self._viewed_cookie(base, path)))
                for who, who_cookie in viewers:
                    row = self._measure(wrk, base, f"{name} ({who})", path, who_cookie,
                                        duration, connections)  # fmt: skip
                    row.update(
                        kind="page",
                        viewer=who,
                        page=name,
                        bare_rps=beside["bare"]["rps"],
                        floor_rps=beside["layout"]["rps"],
                    )
                    if who == "visitor":
                        row["first_visit_gzip_bytes"] = first_visit_weight(base, path, row)
                    results.append(row)
                if growth and name in growth["pages"]:
                    # The same page on the larger dataset, measured right after.
                    for who, who_cookie in (("visitor", None), ("member", growth["cookie"])):
                        row = self._measure(wrk, growth["base"], f"{name} ({who}), larger data",
                                            growth["pages"][name], who_cookie, duration,
                                            connections)  # fmt: skip
                        row.update(
                            kind="growth",
                            viewer=who,
                            page=name,
                            bare_rps=beside["bare"]["rps"],
                            floor_rps=beside["layout"]["rps"],
                        )
                        results.append(row)
            for kind, _name, _path in reversed(FLOORS):
                measured = floors[kind]
                results.insert(0, {
                    **measured[0],
                    "kind": "floor",
                    "rps": round(sum(f["rps"] for f in measured) / len(measured), 1),
                    "p50_ms": sorted(f["p50_ms"] for f in measured)[len(measured) // 2],
                    "p99_ms": sorted(f["p99_ms"] for f in measured)[len(measured) // 2],
                    "floor_range": [min(f["rps"] for f in measured),
                                    max(f["rps"] for f in measured)],
                })  # fmt: skip
            write_mix = self._write_mix(port, write_actions(connections), duration, connections)

        bare_mean = results[0]["rps"]
        layout_mean = results[1]["rps"]
        for row in results:
            bare = row.get("bare_rps") or bare_mean
            layout = row.get("floor_rps") or layout_mean
            row["ratio_to_bare"] = round(row["rps"] / bare, 3) if bare else 0
            row["ratio_to_floor"] = round(row["rps"] / layout, 3) if layout else 0
        search_db = {"1x": search_database_ms()}
        if growth:
            search_db["larger data"] = growth["search_db_ms"]
        verdicts = evaluate(results, write_mix) + search_verdicts(search_db)
        report = {
            "when": datetime.now(UTC).isoformat(),
            "server": f"gunicorn, {options['workers']} sync workers, production settings",
            "load": f"wrk, {connections} connections, {duration}s per page",
            "database": connection.vendor,
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "machine": f"{os.cpu_count()} CPU cores (shared), load average "
            f"{', '.join(f'{n:.1f}' for n in os.getloadavg())} at the end",
            "quick": quick,
            "pages": results,
            "write_mix": write_mix,
            "search_db_ms": search_db,
            "verdicts": verdicts,
        }
        markdown = to_markdown(report)
        out = Path(options["output"])
        out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        (out / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2))
        (out / f"bench-{stamp}.md").write_text(markdown)
        (out / "latest.json").write_text(json.dumps(report, indent=2))
        (out / "latest.md").write_text(markdown)
        self.stdout.write(markdown)
        if options["update_docs"]:
            update_docs(Path(settings.BASE_DIR) / "docs" / "performance.md", report)
        failed = [v for v in verdicts if v["must_hold"] and not v["ok"]]
        if failed:
            raise CommandError("; ".join(v["what"] for v in failed))

    def _viewed_cookie(self, base, path) -> str:
        """The cookie a visitor's browser keeps after reading the post once."""
        request = urllib.request.Request(base + path, headers={"User-Agent": BROWSER_AGENT})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
            cookies = reply.headers.get_all("Set-Cookie") or []
        return "; ".join(c.split(";", 1)[0] for c in cookies)

    def _warm_up(self, base, pages, cookie):
        for _, path in [*((f[1], f[2]) for f in FLOORS), *pages]:
            for headers in ({}, {"Cookie": cookie}):
                for _ in range(3):
                    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
                    with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
                        reply.read()

    def _measure(self, wrk, base, name, path, cookie, duration, connections):
        headers = {"Cookie": cookie} if cookie else {}
        request = urllib.request.Request(base + path, headers=headers)  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
            body = reply.read()
            status = reply.status
            queries = int(reply.headers.get("X-DB-Queries", "-1"))
        # Once more: what a request runs when the caches it fills are warm (the first
        # may have rendered a fragment afresh). Growth compares these.
        with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
            reply.read()
            queries_warm = int(reply.headers.get("X-DB-Queries", "-1"))
        command = [
            wrk,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            # A browser's user agent: pages do for it what they do for people
            # (view counting, sessions), not the shortcuts taken for bots.
            "-H",
            f"User-Agent: {BROWSER_AGENT}",
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run(  # noqa: S603
            [*command, base + path], capture_output=True, text=True, check=True
        ).stdout
        parsed = parse_wrk(output)
        self.stdout.write(
            f"  {name:<45} {parsed['rps']:>8.1f} req/s  p50 {parsed['p50_ms']:>7.1f} ms  "
            f"p99 {parsed['p99_ms']:>7.1f} ms  {queries:>3} queries  {len(body):>7} bytes"
        )
        return {
            "name": name,
            "path": path,
            "status": status,
            "queries": queries,
            "queries_warm": queries_warm,
            "bytes": len(body),
            "gzip_bytes": gzip_size(body),
            **parsed,
        }

    def _write_mix(self, port, actions, duration, connections):
        """Members commenting, liking, registering and cancelling, `connections` at once."""
        tally = Tally()
        stop_at = time.monotonic() + duration
        errors: list[str] = []
        lock = threading.Lock()

        def worker(index):
            rng = random.Random(index)  # noqa: S311
            actor = actions[index % len(actions)]
            client = Client("127.0.0.1", port)
            client.set_cookie_header(actor["cookie"])
            while time.monotonic() < stop_at:
                label, method, path, data = actor["next"](client, rng)
                response = client.request(method, path, data)
                ok = response.status < 400 or response.status == 429
                tally.add("ok" if ok else "error", response.seconds)
                tally.add(label)
                if not ok:
                    with lock:
                        errors.append(f"{label} {path} -> {response.status}")
            client.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = sum(tally.counts.get(k, 0) for k in ("ok", "error"))
        return {
            "requests": total,
            "errors": tally.counts.get("error", 0),
            "by_action": {k: v for k, v in tally.counts.items() if k not in ("ok", "error")},
            "rps": round(total / duration, 1),
            "p50_ms": round(percentile(tally.latencies, 0.5) * 1000, 1),
            "p99_ms": round(percentile(tally.latencies, 0.99) * 1000, 1),
            "first_errors": errors[:10],
        }


def gzip_size(body: bytes) -> int:
    """Bytes on the wire when compressed as deploy/nginx.conf does (gzip, level 6)."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


_ASSET = re.compile(
    r'<(?:link[^>]*rel="(?:stylesheet|icon|preload)"[^>]*href|img[^>]*src|script[^>]*src)'
    r'="([^"]+)"',
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")
_TEXT_TYPES = ("text/", "application/javascript", "image/svg+xml", "application/json")


def first_visit_weight(base: str, path: str, row: dict) -> int:
    """What a browser with an empty cache downloads for the page, compressed: the HTML
    (as measured), its stylesheets, scripts, images and icons, and the fonts and
    images the stylesheets name. Text is counted gzipped, binary files as they are."""
    request = urllib.request.Request(base + path, headers={"User-Agent": BROWSER_AGENT})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as reply:  # noqa: S310
        html = reply.read().decode("utf-8", "replace")
    total = row["gzip_bytes"]
    seen = set()
    queue = [urljoin(base + path, link) for link in _ASSET.findall(html)]
    while queue:
        url = queue.pop()
        if url in seen or not url.startswith(base) or url.startswith("data:"):
            continue
        seen.add(url)
        with urllib.request.urlopen(url, timeout=30) as reply:  # noqa: S310
            body = reply.read()
            kind = reply.headers.get("Content-Type", "")
        total += gzip_size(body) if kind.startswith(_TEXT_TYPES) else len(body)
        if kind.startswith("text/css"):
            css = body.decode("utf-8", "replace")
            refs = [ref for ref in _CSS_URL.findall(css) if not ref.startswith("data:")]
            queue += [urljoin(url, ref) for ref in refs]
    return total


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    return float(match.group(1)) * _UNITS[match.group(2)] if match else 0.0


def parse_wrk(output: str) -> dict:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    requests = re.search(r"(\d+) requests in", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50_ms": _ms(p50.group(1)) if p50 else 0.0,
        "p99_ms": _ms(p99.group(1)) if p99 else 0.0,
        "requests": int(requests.group(1)) if requests else 0,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(g) for g in socket_errors.groups()) if socket_errors else 0,
    }


def _verdict(what: str, ok: bool, must_hold: bool = False) -> dict:
    return {"what": what, "ok": ok, "must_hold": must_hold}


def search_verdicts(search_db: dict) -> list[dict]:
    """Search's database time for a common word: under the target, and on the larger
    data within GROWTH_FACTOR of it (reported, like every speed)."""
    verdicts = [_verdict(
        f"search for a common word: {search_db['1x']} ms database time "
        f"(target {SEARCH_DB_TARGET_MS} ms)",
        search_db["1x"] < SEARCH_DB_TARGET_MS,
    )]  # fmt: skip
    if "larger data" in search_db:
        larger = search_db["larger data"]
        verdicts.append(_verdict(
            f"search on the larger data: {larger} ms database time vs {search_db['1x']} ms "
            f"(within {GROWTH_FACTOR}x)",
            larger <= search_db["1x"] * GROWTH_FACTOR,
        ))  # fmt: skip
    return verdicts


def evaluate(results: list[dict], write_mix: dict) -> list[dict]:
    """The issue's targets. Query ceilings and errors must hold; speeds are reported."""
    verdicts = []
    pages = [row for row in results if row.get("kind") == "page"]
    for row in pages:
        verdicts.append(_verdict(
            f"{row['name']}: {row['queries']} SQL queries (ceiling {QUERY_CEILING})",
            0 <= row["queries"] <= QUERY_CEILING, must_hold=True,
        ))  # fmt: skip
        verdicts.append(_verdict(
            f"{row['name']}: {row['non_2xx']} error responses under load",
            row["non_2xx"] == 0 and row["status"] == 200, must_hold=True,
        ))  # fmt: skip
    by_name = {(r["page"], r["viewer"]): r for r in pages}

    def share(page, viewer, target):
        row = by_name.get((page, viewer))
        if row:
            verdicts.append(_verdict(
                f"{page} ({viewer}) at {row['ratio_to_bare']:.2f} of the bare Django floor "
                f"(target {target:.2f}; {row['ratio_to_floor']:.2f} of the layout floor)",
                row["ratio_to_bare"] >= target,
            ))  # fmt: skip

    for page in CACHED_PAGES:
        share(page, "visitor", VISITOR_TARGET)
        share(page, "member", MEMBER_TARGET)
    for viewer in ("visitor", "member"):
        share("a workshop page", viewer, WORKSHOP_PAGE_TARGET)
        share("search", viewer, SEARCH_TARGET)
    for page in ("post with 300 comments", "post with 2,000 comments"):
        new, returning = by_name.get((page, "visitor")), by_name.get((page, "returning visitor"))
        if new and returning:
            verdicts.append(_verdict(
                f"{page}: new visitors {new['rps']:.0f} req/s vs returning visitors "
                f"{returning['rps']:.0f} (within {NEW_VISITOR_WITHIN:.0%})",
                new["rps"] >= (1 - NEW_VISITOR_WITHIN) * returning["rps"],
            ))  # fmt: skip
    for viewer in ("visitor", "member"):
        long_thread = by_name.get(("post with 2,000 comments", viewer))
        short_thread = by_name.get(("post with 300 comments", viewer))
        if long_thread and short_thread:
            verdicts.append(_verdict(
                f"post with 2,000 comments ({viewer}): p50 {long_thread['p50_ms']} ms, "
                f"{long_thread['gzip_bytes']:,} bytes compressed vs 300 comments "
                f"{short_thread['p50_ms']} ms, {short_thread['gzip_bytes']:,} bytes (within 2x)",
                long_thread["p50_ms"] <= LONG_THREAD_FACTOR * short_thread["p50_ms"]
                and long_thread["gzip_bytes"] <= LONG_THREAD_FACTOR * short_thread["gzip_bytes"],
            ))  # fmt: skip
        if short_thread:
            verdicts.append(_verdict(
                f"post with 300 comments ({viewer}): {short_thread['gzip_bytes']:,} bytes "
                f"compressed (about {POST_PAGE_GZIP_TARGET:,})",
                short_thread["gzip_bytes"] <= POST_PAGE_GZIP_TARGET * 1.1,
            ))  # fmt: skip
    heaviest = max(
        (row for row in pages if "first_visit_gzip_bytes" in row and row["page"] != ".ics feed"),
        key=lambda row: row["first_visit_gzip_bytes"],
        default=None,
    )
    if heaviest:
        verdicts.append(_verdict(
            f"first visit, heaviest page ({heaviest['page']}): "
            f"{heaviest['first_visit_gzip_bytes']:,} bytes compressed with its CSS, fonts "
            f"and images (under {FIRST_VISIT_TARGET:,})",
            heaviest["first_visit_gzip_bytes"] < FIRST_VISIT_TARGET,
        ))  # fmt: skip
    for row in results:
        if row.get("kind") != "growth":
            continue
        base_row = by_name.get((row["page"], row["viewer"]))
        if base_row:
            verdicts.append(_verdict(
                f"{row['page']} ({row['viewer']}) on the larger data: {row['ratio_to_bare']:.2f} "
                f"of the bare floor vs {base_row['ratio_to_bare']:.2f}, {row['queries_warm']} vs "
                f"{base_row['queries_warm']} queries when warm (within {GROWTH_FACTOR}x, same "
                "queries)",
                row["ratio_to_bare"] * GROWTH_FACTOR >= base_row["ratio_to_bare"]
                and row["queries_warm"] == base_row["queries_warm"],
            ))  # fmt: skip
        verdicts.append(_verdict(
            f"{row['name']}: {row['queries']} SQL queries (ceiling {QUERY_CEILING}), "
            f"{row['non_2xx']} error responses",
            0 <= row["queries"] <= QUERY_CEILING and row["non_2xx"] == 0 and row["status"] == 200,
            must_hold=True,
        ))  # fmt: skip
    verdicts.append(_verdict(
        f"write mix: {write_mix['errors']} errors in {write_mix['requests']} requests",
        write_mix["errors"] == 0 and write_mix["requests"] > 0, must_hold=True,
    ))  # fmt: skip
    return verdicts


TABLE_HEAD = [
    "| page | req/s | p50 ms | p99 ms | SQL queries | bytes | gzip bytes | first visit gzip "
    "| bare floor req/s beside | ratio to bare | layout floor req/s beside | ratio to layout |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]


def _beside(row, key) -> str:
    if row.get("kind") == "floor":
        low, high = row["floor_range"]
        return f"mean of {low:.0f}–{high:.0f}"
    return f"{row[key]:.1f}"


def table(report: dict) -> list[str]:
    lines = list(TABLE_HEAD)
    for row in report["pages"]:
        first = row.get("first_visit_gzip_bytes")
        lines.append(
            f"| {row['name']} | {row['rps']:.1f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['queries'] if row['queries'] >= 0 else 'not counted'} | {row['bytes']:,} | "
            f"{row['gzip_bytes']:,} | "
            f"{f'{first:,}' if first else ''} | "
            f"{'' if row.get('kind') == 'floor' else _beside(row, 'bare_rps')} | "
            f"{row['ratio_to_bare']:.2f} | "
            f"{'' if row.get('kind') == 'floor' else _beside(row, 'floor_rps')} | "
            f"{row['ratio_to_floor']:.2f} |"
        )
    return lines


DOCS_START, DOCS_END = "<!-- bench:start -->", "<!-- bench:end -->"


def update_docs(path: Path, report: dict) -> None:
    """Replace the table between the bench markers with this run's."""
    text = path.read_text()
    if DOCS_START not in text or DOCS_END not in text:
        raise CommandError(f"{path} has no {DOCS_START} … {DOCS_END} block")
    head, _, rest = text.partition(DOCS_START)
    _, _, tail = rest.partition(DOCS_END)
    body = to_markdown(report, brief=True).replace("# Benchmark", "Run of", 1)
    path.write_text(f"{head}{DOCS_START}\n{body}{DOCS_END}{tail}")


def to_markdown(report: dict, *, brief: bool = False) -> str:
    """The run as Markdown. `brief` (for the docs) folds the passing query-ceiling and
    error checks into one line."""
    lines = [
        f"# Benchmark {report['when']}",
        "",
        f"- Server: {report['server']}",
        f"- Load: {report['load']}",
        f"- Database: {report['database']}"
        f"{' (quick mode: small dataset)' if report['quick'] else ''}; cache: {report['cache']}",
        f"- Machine: {report['machine']}",
        "- Floors: *bare Django floor* = Django's default middleware and a three-line "
        "template; *layout floor* = our middleware and base layout. Visitor rows are new "
        "visitors (no cookie); gzip bytes as deploy/nginx.conf sends them.",
        "",
        *table(report),
    ]
    mix = report["write_mix"]
    lines += [
        "",
        f"Write mix: {mix['requests']} requests ({mix['rps']} req/s, p50 {mix['p50_ms']} ms, "
        f"p99 {mix['p99_ms']} ms), **{mix['errors']} errors**; by action: {mix['by_action']}",
        "",
        "## Targets",
        "",
    ]
    verdicts = report["verdicts"]
    if brief:
        checks = [v for v in verdicts if v["must_hold"] and v["ok"]]
        verdicts = [v for v in verdicts if not (v["must_hold"] and v["ok"])]
        lines.append(f"- ✅ {len(checks)} query-ceiling, error and write-mix checks passed")
    for verdict in verdicts:
        mark = "✅" if verdict["ok"] else ("❌" if verdict["must_hold"] else "⚠️")
        lines.append(f"- {mark} {verdict['what']}")
    return "\n".join(lines) + "\n"
