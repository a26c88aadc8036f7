"""View counts: a read never writes to the database. Each view is an increment in the
shared cache (Redis here, as in production), moved into the post row by
flush_view_counts() (run every minute by the scheduled worker); the page shows the
stored count plus the pending one, so "Views: N" is exact at once."""

import contextlib
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from network.blog.models import Post
from network.blog.services import flush_view_counts, pending_views, record_view
from tests.blog.conftest import BROWSER_UA
from tests.conftest import client_for

READERS = 8
VIEWS_EACH = 5
WRITES = ("INSERT", "UPDATE", "DELETE")


def writes_in(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.mark.django_db
def test_a_new_visitors_post_page_makes_no_database_write(network, make_post, shared_cache):
    post = make_post("Shared widely")
    client = client_for(None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 200
    assert "Views: 1" in response.content.decode()
    assert writes_in(queries.captured_queries) == []
    # No session was started for the visitor either (the view is remembered in a cookie).
    assert "sessionid" not in response.cookies
    assert pending_views(post.pk) == 1


@pytest.mark.django_db
def test_the_stored_count_is_exact_after_the_flush(network, make_post, shared_cache):
    post = make_post("Read")
    Post.objects.filter(pk=post.pk).update(view_count=10)
    for _ in range(3):
        client_for(None).get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)
    post.refresh_from_db()
    assert post.view_count == 10  # nothing written yet

    assert flush_view_counts() == 3
    post.refresh_from_db()
    assert post.view_count == 13
    assert pending_views(post.pk) == 0
    assert flush_view_counts() == 0  # nothing moves twice
    html = client_for(None).get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)
    assert "Views: 14" in html.content.decode()


@pytest.mark.django_db
def test_a_failed_flush_keeps_the_counts_for_the_next_run(network, make_post, shared_cache):
    post = make_post("Read")
    record_view(post.pk)
    record_view(post.pk)

    def fail_updates(execute, sql, params, many, context):
        if sql.startswith("UPDATE"):
            raise RuntimeError("database went away")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_updates), pytest.raises(RuntimeError):
        flush_view_counts()
    assert pending_views(post.pk) == 2
    assert flush_view_counts() == 2
    post.refresh_from_db()
    assert post.view_count == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_are_never_lost(network, make_post, shared_cache):
    post = make_post("Popular")
    start = threading.Barrier(READERS)
    errors = []

    def reader():
        try:
            start.wait()
            for _ in range(VIEWS_EACH):
                record_view(post.pk)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert flush_view_counts() == READERS * VIEWS_EACH
    post.refresh_from_db()
    assert post.view_count == READERS * VIEWS_EACH


@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_through_the_page_each_count_once(network, make_post, shared_cache):
    post = make_post("Read at once")
    start = threading.Barrier(4)
    statuses = []
    # SQLite's in-memory test database fails at once on a table lock: take turns there.
    turn = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def read():
        client = client_for(None)
        start.wait()
        for _ in range(2):  # a refresh: must not count again
            with turn:
                response = client.get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)
            statuses.append(response.status_code)
        connections.close_all()

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    flush_view_counts()
    post.refresh_from_db()
    assert post.view_count == 4


@pytest.mark.django_db
def test_the_workers_every_minute_job_stores_pending_views(network, make_post, shared_cache):
    from network.blog.tasks import flush_view_counts_job

    post = make_post("Read")
    record_view(post.pk)
    flush_view_counts_job()
    post.refresh_from_db()
    assert post.view_count == 1
    assert pending_views(post.pk) == 0
