"""Test settings: the production settings module, with test-only speed-ups.

Production mode (DEBUG off) is kept so tests see what users see; HTTPS redirects
are off because the test client and live server speak plain HTTP.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret-" + "k" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_HTTPS", "false")
os.environ.setdefault("SITE_URL", "http://testserver")
# Sync Playwright runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from network.settings import *  # noqa: E402, F403
from network.settings import HUEY, INSTALLED_APPS, STORAGES  # noqa: E402

# The development tools' commands (seed_scale, bench, loadtest) are tested too.
INSTALLED_APPS = [*INSTALLED_APPS, "devtools"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="network-test-media-")
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Serve static files from the app folders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
# Jobs run at once in the test process (tests call them or the code that enqueues them);
# tests/network/test_worker.py turns this off to run real consumers on this SQLite file.
HUEY = {
    **HUEY,
    "huey_class": "huey.SqliteHuey",
    "filename": os.path.join(tempfile.mkdtemp(prefix="network-test-huey-"), "huey.sqlite3"),
    "immediate": True,
}
HUEY.pop("url", None)
