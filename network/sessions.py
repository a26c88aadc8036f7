"""Database sessions that report a database outage as one.

Django's database session store turns any database error while saving a session
into "the session was deleted" (a 400 Bad Request). When the database has just
gone away that is the wrong answer: the error is let through, so the request gets
the 503 page like every other request during the outage (network.views.server_error).
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError


class OutageAwareSave:
    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except UpdateError as error:
            cause = error.__context__
            if isinstance(cause, OperationalError | InterfaceError):
                raise cause from None
            raise


class SessionStore(OutageAwareSave, DatabaseSessionStore):
    pass
