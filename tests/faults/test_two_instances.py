"""Two app instances (two gunicorns on different ports) sharing one PostgreSQL and
one Redis behave as one site: sessions, rate limits, the cached network record and
workshop places are shared, not per process."""

import json
import re
import subprocess
import sys
import threading

import pytest

from devtools import serverctl
from devtools.loadgen import Client
from tests.faults.conftest import (
    BASE_DIR,
    TWO_SITES_REDIS_DB,
    flush_redis,
    manage,
    production_env,
    query,
    recreate_database,
    redis_url,
)
from tests.faults.formscrape import form_fields

PORT_A, PORT_B = 8791, 8792
PASSWORD = "correct-horse-battery-staple"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BUILD = (
    "import django, json; django.setup(); "
    "from tests.faults.two_sites_data import build; print('DATA ' + json.dumps(build()))"
)


@pytest.fixture(scope="module")
def sites(fault_cluster, redis_server, tmp_path_factory):
    database_url = recreate_database("network_faults_two")
    flush_redis(TWO_SITES_REDIS_DB)
    env = production_env(DATABASE_URL=database_url, REDIS_URL=redis_url(TWO_SITES_REDIS_DB))
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    built = subprocess.run(
        [sys.executable, "-c", BUILD], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        check=False, timeout=120,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    data = json.loads(built.stdout.split("DATA ", 1)[1])
    serverctl.collectstatic(env)
    logs = tmp_path_factory.mktemp("two-sites")
    servers = [
        serverctl.start_gunicorn(port=port, env=env, workers=2, log_path=logs / f"{port}.log")
        for port in (PORT_A, PORT_B)
    ]
    try:
        for port in (PORT_A, PORT_B):
            serverctl.wait_until_up(port)
        yield {"database_url": database_url, **data}
    finally:
        for server in servers:
            serverctl.stop(server)


def client(port, cookies=None) -> Client:
    new = Client("127.0.0.1", port)
    new.cookies.update(cookies or {})
    return new


def sign_in(browser: Client, email, password, code=None):
    """Sign in with the password, then (for a staff account) the second factor's code."""
    page = browser.request("GET", "/accounts/login/")
    token = CSRF.search(page.body.decode()).group(1)
    response = browser.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": email, "password": password},
    )
    if code is None:
        return response
    assert response.headers["location"] == "/accounts/2fa/authenticate/"
    page = browser.request("GET", "/accounts/2fa/authenticate/")
    token = CSRF.search(page.body.decode()).group(1)
    return browser.request(
        "POST", "/accounts/2fa/authenticate/", {"csrfmiddlewaretoken": token, "code": code}
    )


def test_a_sign_in_on_one_instance_is_valid_on_the_other(sites):
    on_a = client(PORT_A)
    signed_in = sign_in(on_a, "maya@two.example", PASSWORD)
    assert signed_in.status == 302

    on_b = client(PORT_B, on_a.cookies)
    my_profile_form = on_b.request("GET", "/members/me/edit/")

    assert my_profile_form.status == 200
    assert 'value="Maya"' in my_profile_form.body.decode()
    signed_out = client(PORT_B).request("GET", "/members/me/edit/")
    assert signed_out.status == 302
    assert signed_out.headers["location"].startswith("/accounts/login/")


def test_failed_sign_ins_count_across_both_instances(sites):
    # login_failed allows 5 attempts per account in 5 minutes: 3 here, 2 there.
    for port in (PORT_A, PORT_A, PORT_A, PORT_B, PORT_B):
        failed = sign_in(client(port), "target@two.example", "wrong password")
        assert failed.status == 200
        assert "Too many failed attempts to sign in" not in failed.body.decode()

    refused = sign_in(client(PORT_B), "target@two.example", PASSWORD)

    # Counted per process, B would have seen only 2 failures and let the right password in.
    assert refused.status == 200
    assert "Too many failed attempts to sign in" in refused.body.decode()


def test_a_change_made_through_one_instance_shows_on_both_at_once(sites):
    for port in (PORT_A, PORT_B):  # both have the network record cached
        home = client(port).request("GET", "/").body.decode()
        assert "Before the change" in home

    owner = client(PORT_A)
    assert sign_in(owner, "owner@two.example", PASSWORD, sites["owner_recovery_code"]).status == 302
    path = f"/admin/network/network/{sites['network']}/change/"
    form = form_fields(owner.request("GET", path).body.decode(), "network_form")
    form["tagline"] = ["After the change"]
    saved = owner.request("POST", path, {**form, "_save": "Save"})
    assert saved.status == 302, saved.body.decode()[:2000]

    for port in (PORT_B, PORT_A):
        home = client(port).request("GET", "/").body.decode()
        assert "After the change" in home
        assert "Before the change" not in home


def test_a_registration_race_across_both_instances_fills_exactly_the_capacity(sites):
    workshop = sites["workshop"]
    cookies = sites["racer_cookies"]
    barrier = threading.Barrier(len(cookies))
    statuses = [None] * len(cookies)

    def race(n, cookie):
        browser = client((PORT_A, PORT_B)[n % 2])
        browser.set_cookie_header(cookie)
        page = browser.request("GET", f"/workshops/{workshop['slug']}/register/")
        token = CSRF.search(page.body.decode()).group(1)
        barrier.wait(timeout=60)
        answer = browser.request(
            "POST", f"/workshops/{workshop['slug']}/register/", {"csrfmiddlewaretoken": token}
        )
        statuses[n] = answer.status

    threads = [threading.Thread(target=race, args=(n, c)) for n, c in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert statuses == [302] * len(cookies)
    rows = query(
        sites["database_url"],
        "SELECT status, count(*) FROM workshops_registration WHERE workshop_id = %s "
        "GROUP BY status",
        [workshop["pk"]],
    )
    assert dict(rows) == {"confirmed": workshop["capacity"], "waiting": 15}
    queue = query(
        sites["database_url"],
        "SELECT queue_number FROM workshops_registration WHERE workshop_id = %s "
        "ORDER BY queue_number",
        [workshop["pk"]],
    )
    assert [n for (n,) in queue] == list(range(1, len(cookies) + 1))
