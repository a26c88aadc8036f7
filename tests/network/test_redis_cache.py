"""The Redis cache keeps one client per connection pool (network/caching/redis.py)."""

import threading

import pytest


def test_the_cache_reuses_its_client_and_shares_values_between_threads(shared_cache):
    client = shared_cache._cache.get_client(write=True)
    assert shared_cache._cache.get_client(write=True) is client
    shared_cache.set("greeting", "hello", 30)
    seen = []

    def read():
        from django.core.cache import cache

        seen.append(cache.get("greeting"))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == ["hello"] * 4
    assert shared_cache.get_many(["greeting", "missing"]) == {"greeting": "hello"}


pytestmark = pytest.mark.django_db
