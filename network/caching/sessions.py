"""Sessions read from the cache and written through to the database
(`cached_db`), with the same outage handling as network.sessions.

Used when REDIS_URL is set: every app process then shares one cache, so a
session changed by one process (a sign-out, say) is never read stale by another.
Signed-in pages skip a database query for the session on every request, and the
session comes in the same round trip as the other values every page reads
(network.caching.requestcache).
"""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore

from network.caching import requestcache
from network.sessions import OutageAwareSave


class SessionStore(OutageAwareSave, CachedDbSessionStore):
    @classmethod
    def shared_cache_key(cls, session_key: str) -> str | None:
        """The cache key of a session, for the request snapshot to read it early;
        None when sessions live in another cache than the default one."""
        if settings.SESSION_CACHE_ALIAS != "default":
            return None
        return cls.cache_key_prefix + session_key

    def load(self):
        if self.session_key is not None:
            data = requestcache.take(self.cache_key)
            if data is not None:
                return data
        return super().load()
