"""Sessions read from the cache and written through to the database
(`cached_db`), with the same outage handling as network.sessions.

Used when REDIS_URL is set: every app process then shares one cache, so a
session changed by one process (a sign-out, say) is never read stale by another.
Signed-in pages skip a database query for the session on every request.
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore

from network.sessions import OutageAwareSave


class SessionStore(OutageAwareSave, CachedDbSessionStore):
    pass
