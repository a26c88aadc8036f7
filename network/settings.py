"""Settings for the Co-production practitioners network.

Every value that differs between a laptop and production is read from the
environment here, once, through the small typed helpers below. Bad values stop
start-up with a message that names the variable, rather than failing later.
docs/operations.md has the full table of variables.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from network.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# In production a missing secret or host list is a configuration error, not
# something to paper over with a default that would silently be insecure.
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string), or DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Set it to the site's host names, separated by commas "
        "(for example ALLOWED_HOSTS=network.example.org)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, used in e-mails and badge snippets where no
# request is at hand (management commands, the mail queue).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "network",
    "members",
    "network.blog",
    "workshops",
    "library",
    "involvement",
    # Django's admin with the network's site (members/admin_site.py): open only to
    # staff who are active members and have passed their second factor.
    "members.admin_apps.NetworkAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    # Two-factor authentication: required for staff (members/staff.py), optional for members.
    "allauth.mfa",
    # django_comments_xtd must come before django_comments (its templates win).
    "django_comments_xtd",
    "django_comments",
    "mailer",
    # The worker: `manage.py run_huey` runs each app's tasks.py (scheduled jobs, mail queue).
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "network.middleware.DatabaseUnavailableMiddleware",
    "network.middleware.SecurityHeadersMiddleware",
    # Outside the session middleware, so it sees whether the answer was personal.
    "network.middleware.PrivateResponsesMiddleware",
    # Reads the session and the values every page needs in one cache round trip.
    "network.caching.requestcache.RequestCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the header middleware, so its 400 carries the security headers too.
    "network.middleware.RejectNulBytesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # request.standing: who the viewer is on the network, read by the core below.
    "members.middleware.StandingMiddleware",
    "network.middleware.MembersOnlyMiddleware",
]

ROOT_URLCONF = "network.urls"
WSGI_APPLICATION = "network.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "network.context_processors.network",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite file by default so the site runs with nothing installed; PostgreSQL in
# CI and production through DATABASE_URL. Connections are kept open and checked
# before reuse, so a restarted database is picked up without restarting the app.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (runserver, the mail worker) share the file: wait for locks
    # instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Take the write lock when a transaction starts: two processes that both read
    # and then write (a registration locking its workshop) would otherwise fail at
    # once with "database is locked" instead of waiting their turn.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Rate limits and cached pages must be shared by every app process, so production
# with more than one process sets REDIS_URL.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "network.caching.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "network"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions in the database, saved so that a database outage gives the 503 page;
# read through the shared cache when there is one (Redis), saving a query a page.
SESSION_ENGINE = "network.caching.sessions" if REDIS_URL else "network.sessions"

# --- Users and sign-in (django-allauth) -------------------------------------------------------
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "members.backends.MemberModelBackend",
    "members.backends.MemberAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
SITE_ID = 1

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Membership (members/): the sign-up form asks the profile questions, the adapter
# applies the join policy, and confirming the e-mail link signs the person in.
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "members.forms.SignupForm"}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# "ip" counts the visitor's address (network.clientip): behind a reverse proxy, set
# TRUSTED_PROXY_COUNT or every visitor shares the proxy's address and one person's
# failures lock everyone out. "key" counts one account (the e-mail address).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Failed sign-ins: 10 a minute from one address (whatever the accounts), 5 in five
    # minutes for one account (from any address). A password reset clears the latter.
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "10/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/180s/key",
    # The network's own actions share allauth's cache-backed limiter
    # (network.ratelimit): shared across app processes when REDIS_URL is set.
    "report": "5/10m/ip",
    "comment": "10/m/user",
    "invite": "20/h/user",
    "invitation_request": "3/h/ip",
    "feedback": "10/m/user",
    "theme_proposal": "10/h/user",
    "broadcast": "10/h/user",
    # Changes to one's payment claims (choice, expenses with receipts, answers).
    "claim_change": "30/h/user",
    # The @ suggestion list's lookups: it asks a quarter of a second after typing stops,
    # so a person never reaches this; a script walking the member list does.
    "mention_lookup": "60/m/user",
}

# Two-factor authentication (allauth.mfa): an authenticator app's six-digit codes, with
# recovery codes for when the phone is lost. Required for the owner and organisers before
# the admin or a moderation page opens (members/staff.py), optional for members. A code
# from the step before or after the current 30 seconds is accepted too, for phones whose
# clock is a little off.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Co-production network"
MFA_TOTP_TOLERANCE = 1
# A staff account's session ends this many hours after it signed in (members' sessions
# last Django's two weeks).
STAFF_SESSION_HOURS = env_int("STAFF_SESSION_HOURS", 4)
if STAFF_SESSION_HOURS < 1:
    raise ImproperlyConfigured("STAFF_SESSION_HOURS must be at least 1.")

# --- E-mail ---------------------------------------------------------------------------------
# Every message goes into django-mailer's database queue and is sent by the
# worker (`manage.py run_huey`, network/tasks.py), so a slow or failing SMTP server never
# loses a message or slows a page. The worker hands messages to the real
# backend below: the console (your terminal) unless SMTP is configured.
EMAIL_BACKEND = "network.mail.QueueBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
else:
    MAILER_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The sender of every e-mail: the network's name and an address (set it in production).
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Co-production practitioners network <network@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILER_USE_FILE_LOCK = False

# --- Scheduled jobs and the mail queue: one worker, `manage.py run_huey` (Huey) -----------
# Each app's jobs are in its tasks.py. The queue and the locks that keep a job from running
# twice at once live in SQLite under var/ on the embedded default, in Redis when REDIS_URL is
# set (then several workers on several machines share them). Never "immediate" outside tests:
# the worker runs the jobs, also with DEBUG on.
HUEY_NAME = env_str("CACHE_KEY_PREFIX", "network")
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": HUEY_NAME, "url": REDIS_URL}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": HUEY_NAME,
        "filename": env_str("HUEY_SQLITE_PATH", str(BASE_DIR / "var" / "huey.sqlite3")),
    }
HUEY |= {
    "immediate": False,
    "utc": True,
    # Two worker threads; an idle worker looks for new jobs at least every 2 seconds, so
    # e-mails reach the `make run` terminal (or the SMTP server) within seconds.
    "consumer": {
        "workers": 2,
        "worker_type": "thread",
        "initial_delay": 0.1,
        "backoff": 1.15,
        "max_delay": 2.0,
    },
}

# --- Comments -------------------------------------------------------------------------------
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # three levels: a comment, a reply, a reply to that
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_SALT = env_str("COMMENTS_XTD_SALT", SECRET_KEY[:32]).encode()
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_MAX_THREAD_LEVEL_BY_APP_MODEL = {}
COMMENTS_HIDE_REMOVED = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
# The sign-in pages' own words (django-allauth's strings) rewritten in the network's voice.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The page where members choose their e-mails, linked from the foot of every e-mail.
EMAIL_PREFERENCES_PATH = "/members/me/notifications/"

# --- Static files and uploads ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads are private (network/files.py): /media/<name> leads to the app, which
# checks who may have the file before sending it. Nothing serves MEDIA_ROOT directly.
MEDIA_URL = "/media/"
if env_str("MEDIA_URL", MEDIA_URL) != MEDIA_URL:
    raise ImproperlyConfigured(
        "MEDIA_URL is always /media/ (the app's address for uploads): remove the variable."
    )
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Behind nginx (deploy/nginx.conf): after the check the app answers with
# `X-Accel-Redirect: /protected/<name>` and nginx sends the file from MEDIA_ROOT
# through that internal location. Without it, the app streams the file itself.
MEDIA_ACCEL_REDIRECT = env_bool("MEDIA_ACCEL_REDIRECT", False)
MEDIA_ACCEL_PREFIX = "/protected/"
# With object storage, the app redirects to a signed link to the bucket valid this long.
UPLOAD_LINK_SECONDS = env_int("UPLOAD_LINK_SECONDS", 300)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads on object storage (S3 or any S3-compatible service) when a bucket is given,
# so several app servers share them and none keeps files of its own. Credentials
# come the usual boto3 ways (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or the
# machine's role). The bucket stays private: pages link to the app (MEDIA_URL), which
# checks and then redirects to a signed link that expires (network/storage.py).
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGIN = ""  # where uploaded files come from, if not this site (for the CSP)
if AWS_STORAGE_BUCKET_NAME:
    if env_str("AWS_S3_CUSTOM_DOMAIN", "") or not env_bool("AWS_QUERYSTRING_AUTH", True):
        raise ImproperlyConfigured(
            "AWS_S3_CUSTOM_DOMAIN and AWS_QUERYSTRING_AUTH=false would make uploads public: "
            "every link to the bucket is signed and expires (docs/operations.md). Remove them."
        )
    _region = env_str("AWS_S3_REGION_NAME", "")
    _endpoint = env_str("AWS_S3_ENDPOINT_URL", "")
    STORAGES["default"] = {
        "BACKEND": "network.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": _region or None,
            "endpoint_url": _endpoint or None,
            "querystring_auth": True,
            "querystring_expire": UPLOAD_LINK_SECONDS,
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    if _endpoint:
        MEDIA_ORIGIN = _endpoint.rstrip("/")
    else:
        # Signed links use the global host; a regional bucket may also answer on its own.
        MEDIA_ORIGIN = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
        if _region:
            MEDIA_ORIGIN += f" https://{AWS_STORAGE_BUCKET_NAME}.s3.{_region}.amazonaws.com"

# Uploads larger than this are streamed to a temporary file, never held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# --- Behind a reverse proxy -----------------------------------------------------------------
# How many proxies of our own stand in front of the app (nginx: 1; a load balancer and
# nginx: 2). Only then is the visitor's address read from X-Forwarded-For, for the rate
# limits per address and the comments' records (network.clientip); with 0, the default,
# the header is ignored, since anyone can send it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}.")
# allauth reads the address through our adapter (members.adapter); its own setting
# says the same for anything of allauth's that reads the header itself.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- Security -------------------------------------------------------------------------------
# HTTPS settings are on in production. SECURE_HTTPS=false turns them off for a
# production-mode run on plain http://127.0.0.1 (the benchmark, `make serve`).
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Served by network.middleware.SecurityHeadersMiddleware. No inline script, no
# third party: every asset comes from this site.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    f"img-src 'self' data:{' ' + MEDIA_ORIGIN if MEDIA_ORIGIN else ''}; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# --- Logging --------------------------------------------------------------------------------
# One JSON object a line on stdout: what log collectors parse without configuration.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "network.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "mailer": {"level": "WARNING"},
    },
}

# --- What the core asks of the apps built on it (network/hooks.py) --------------------------
# Dotted paths, so the core (network/) imports none of the apps.
MEMBER_COUNT = "members.models.active_member_count"
# The site search: (kind, find(query, viewer), snippet(item, query) or None), in order.
SEARCH_SECTIONS = [
    ("post", "network.blog.search.search_posts", "network.blog.search.snippet"),
    ("workshop", "workshops.search.search_workshops", None),
    ("resource", "library.search.search_resources", None),
    ("member", "members.search.search_members", None),
]
# Who hears of spam and abuse reports; what a reported piece of content is (the queue).
ORGANISER_EMAILS = "members.roles.organiser_emails"
REPORTED_CONTENT = ["network.blog.moderation.reported_comments"]
# The owner's view of the network (/network/overview/): each app's figures, in order.
OVERVIEW_SECTIONS = [
    "members.overview.charts",
    "workshops.overview.charts",
    "involvement.overview.charts",
]
# A member's contribution record (members.contributions): each app's part, in order.
CONTRIBUTION_SECTIONS = [
    "workshops.contributions.record",
    "library.contributions.record",
    "involvement.contributions.record",
]
# Who may have each uploaded file (network/files.py): its first folder, and the check
# of the app that owns it, check(request, name) -> network.files.Grant or None.
UPLOAD_ACCESS = {
    "avatars": "members.roles.picture_access",
    "covers": "network.blog.uploads.cover_access",
    "attachments": "network.blog.uploads.attachment_access",
    "workshops": "workshops.permissions.cover_access",
    "library": "library.permissions.file_access",
    "previews": "library.permissions.preview_access",
    "partners": "library.permissions.logo_access",
    "receipts": "involvement.permissions.receipt_access",
}
# `manage.py seed_demo`: each part of the demo network, in order.
DEMO_SEEDERS = [
    ("members", "members.demo.seed_members"),
    ("the network", "network.demo.seed_network"),
    ("blog", "network.blog.demo.seed_blog"),
    ("workshops", "workshops.demo.seed_workshops"),
    ("library", "library.demo.seed_library"),
    ("paid involvement", "involvement.demo.seed_involvement"),
]
# The largest file the resources library accepts (library/forms.py): under nginx's
# client_max_body_size (deploy/nginx.conf), so the refusal is our clear message.
LIBRARY_MAX_FILE_BYTES = 20 * 1024 * 1024
# What `seed_demo` prints beside a demo sign-in (the staff accounts' second factor).
DEMO_SIGN_IN_NOTE = "members.demo.sign_in_note"
# Why a signed-in person cannot take part, and their next step (network.access.Blocked).
BLOCKED_STANDING = "members.roles.blocked_standing"

# --- The network's own switches -------------------------------------------------------------
# Cached page fragments (docs/caching.md); tests that count the queries of
# rendering a page turn them off.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", True)
