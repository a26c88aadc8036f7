"""`manage.py loadtest` against the real thing: gunicorn with production settings,
PostgreSQL and Redis. The command checks every acknowledged write itself and exits
non-zero when anything is off; these tests also read its report, so a failure
says what broke."""

from tests.faults.conftest import LOAD_DATABASE, fault_database_url, query, run_loadtest


def test_ten_seconds_of_mixed_load_answer_no_5xx(load_report):
    assert load_report["server_errors"] == 0
    assert load_report["bad_answers"] == 0
    assert load_report["requests"] > 100
    assert set(load_report["actions"]) == {
        "browse", "read_post", "comment", "like", "register", "cancel", "signup"
    }  # fmt: skip


def test_every_acknowledged_write_of_the_load_is_in_the_database(load_report):
    writes = load_report["acknowledged_writes"]
    assert writes["comments"] > 0
    assert writes["likes_known"] > 0
    assert writes["registrations_known"] > 0
    assert writes["signups"] > 0
    assert load_report["lost_writes"] == 0
    # The command compared each one with the database; check one kind independently.
    run = load_report["run_id"]
    stored = query(
        fault_database_url(LOAD_DATABASE),
        "SELECT count(*) FROM django_comments WHERE comment LIKE %s",
        [f"Load comment {run}-%"],
    )[0][0]
    assert stored == writes["comments"]  # no failures to answer, so nothing extra either


def test_counts_add_up_after_the_load(load_report):
    for workshop in load_report["places"]:
        assert workshop["confirmed"] <= workshop["capacity"]
        if workshop["waiting"]:
            assert workshop["confirmed"] == workshop["capacity"]
    for post in load_report["views"]:
        # one view per reading session, exactly (nothing went unanswered)
        assert post["views"] == post["sessions_that_read_it"]
        assert post["unanswered_first_reads"] == 0


def test_database_restart_under_load_gives_503_pages_then_recovers_within_5_seconds(
    fault_cluster, redis_server, tmp_path
):
    report = run_loadtest(
        tmp_path,
        "--duration", "10",
        "--restart-database", fault_cluster,
        "--outage-at", "3",
        "--outage-seconds", "3",
    )  # fmt: skip
    outage = report["outage"]

    # While the database was away: the friendly page in the layout, and /healthz 503.
    assert outage["requests_while_away"] > 0
    assert outage["outage_pages_while_away"] > 0
    assert outage["healthz_503_while_away"] > 0
    assert report["statuses"].get("500", 0) == 0
    assert report["server_errors"] == report["outage_503_pages"]  # every 5xx was that page
    # Back within 5 seconds, with the same gunicorn, and serving afterwards.
    assert outage["last_failure_after_back_seconds"] <= 5
    assert outage["healthz_200_after_back_seconds"] <= 5
    assert outage["requests_served_after_recovery_window"] > 0
    assert report["app_restarted"] is False
    assert report["lost_writes"] == 0
