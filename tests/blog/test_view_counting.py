"""Concurrent readers: the view count is an atomic UPDATE ... SET view_count = view_count + 1,
so no view is lost when many requests arrive at once. On PostgreSQL (CI) each thread
has its own database connection; SQLite serialises writers and must agree."""

import threading

import pytest
from django.db import connection, connections

from network.blog.models import Post
from tests.blog.conftest import BROWSER_UA
from tests.conftest import client_for

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 8
VIEWS_EACH = 5


class _NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def database_turns():
    """PostgreSQL: no lock, the threads really race. SQLite's in-memory test database
    (shared cache) fails at once on a table lock instead of waiting as the file
    database does with its busy timeout, so there the threads take turns."""
    return threading.Lock() if connection.vendor == "sqlite" else _NoLock()


def test_concurrent_views_are_never_lost(network, make_post):
    post = make_post("Popular")
    start = threading.Barrier(READERS)
    errors = []
    turn = database_turns()

    def reader():
        try:
            start.wait()
            for _ in range(VIEWS_EACH):
                # A fresh object each time, as each request loads its own copy.
                with turn:
                    Post.objects.get(pk=post.pk).count_view()
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    post.refresh_from_db()
    assert post.view_count == READERS * VIEWS_EACH


def test_concurrent_readers_through_the_page_each_count_once(network, make_post):
    post = make_post("Read at once")
    start = threading.Barrier(4)
    statuses = []
    turn = database_turns()

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
    post.refresh_from_db()
    assert post.view_count == 4
    assert connection.vendor in {"postgresql", "sqlite"}
