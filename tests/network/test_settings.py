"""The settings read the environment once and refuse to start when production
would be insecure or broken."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.network.conftest import PRODUCTION_ENV, load_settings, run_django


def test_production_refuses_to_start_without_secret_key():
    result = run_django(
        "manage.py", "check", env={"DEBUG": "false", "ALLOWED_HOSTS": "network.example.org"}
    )

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_django("manage.py", "check", env={"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]})

    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_starts_when_secret_key_and_hosts_are_set():
    result = run_django("manage.py", "check", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_reports_nothing_with_production_settings():
    result = run_django(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_debug_is_off_unless_asked_for():
    assert load_settings(**PRODUCTION_ENV)["DEBUG"] is False
    assert load_settings(**PRODUCTION_ENV, DEBUG="true")["DEBUG"] is True


def test_local_development_needs_no_configuration():
    settings = load_settings(DEBUG="true")

    assert settings["SECRET_KEY"]
    assert settings["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert settings["SECURE_SSL_REDIRECT"] is False


def test_a_malformed_value_stops_start_up_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false, not 'maybe'"):
        load_settings(**PRODUCTION_ENV, DEBUG="maybe")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        load_settings(**PRODUCTION_ENV, EMAIL_HOST="smtp.example.org", EMAIL_PORT="smtp")


def test_allowed_hosts_is_a_comma_separated_list():
    settings = load_settings(**{**PRODUCTION_ENV, "ALLOWED_HOSTS": "a.example.org, b.example.org,"})

    assert settings["ALLOWED_HOSTS"] == ["a.example.org", "b.example.org"]


def test_database_is_a_sqlite_file_by_default():
    database = load_settings(**PRODUCTION_ENV)["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert str(database["NAME"]).endswith("var/db.sqlite3")
    # Several threads (runserver and the mail worker) share the file.
    assert database["OPTIONS"]["timeout"] == 20


def test_database_url_selects_postgresql_with_persistent_checked_connections():
    database = load_settings(
        **PRODUCTION_ENV, DATABASE_URL="postgres://net:s3cret@db.internal:6543/network_live"
    )["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "network_live"
    assert database["HOST"] == "db.internal"
    assert database["PORT"] == 6543
    assert database["USER"] == "net"
    assert database["PASSWORD"] == "s3cret"
    assert database["CONN_MAX_AGE"] == 600
    assert database["CONN_HEALTH_CHECKS"] is True


def test_connection_lifetime_can_be_tuned():
    database = load_settings(
        **PRODUCTION_ENV,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/network",
        DATABASE_CONN_MAX_AGE="60",
    )["DATABASES"]["default"]

    assert database["CONN_MAX_AGE"] == 60


def test_cache_is_local_memory_by_default():
    cache = load_settings(**PRODUCTION_ENV)["CACHES"]["default"]

    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_shares_the_cache_between_processes():
    cache = load_settings(**PRODUCTION_ENV, REDIS_URL="redis://cache.internal:6379/2")["CACHES"][
        "default"
    ]

    assert cache["BACKEND"] == "network.caching.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"


def test_mail_is_queued_and_printed_to_the_console_by_default():
    settings = load_settings(**PRODUCTION_ENV)

    assert settings["EMAIL_BACKEND"] == "network.mail.QueueBackend"
    assert settings["MAILER_EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_smtp_variables_send_the_queue_through_an_smtp_server():
    settings = load_settings(
        **PRODUCTION_ENV,
        EMAIL_HOST="smtp.example.org",
        EMAIL_HOST_USER="network",
        EMAIL_HOST_PASSWORD="pw",
        DEFAULT_FROM_EMAIL="network@example.org",
    )

    assert settings["EMAIL_BACKEND"] == "network.mail.QueueBackend"
    assert settings["MAILER_EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.example.org", 587)
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["EMAIL_USE_SSL"] is False
    assert settings["DEFAULT_FROM_EMAIL"] == "network@example.org"

    implicit_tls = load_settings(**PRODUCTION_ENV, EMAIL_HOST="smtp.example.org", EMAIL_PORT="465")
    assert (implicit_tls["EMAIL_USE_SSL"], implicit_tls["EMAIL_USE_TLS"]) == (True, False)


def test_production_uses_https_hsts_and_secure_cookies_behind_a_proxy():
    settings = load_settings(**PRODUCTION_ENV)

    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31_536_000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_secure_https_false_allows_a_production_run_on_plain_http():
    settings = load_settings(**PRODUCTION_ENV, SECURE_HTTPS="false")

    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SESSION_COOKIE_SECURE"] is False


def test_whitenoise_serves_compressed_static_files_right_after_security_middleware():
    settings = load_settings(**PRODUCTION_ENV)

    assert settings["MIDDLEWARE"][:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert (
        settings["STORAGES"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_uploads_and_locale_are_configured_for_a_uk_network():
    settings = load_settings(**PRODUCTION_ENV, MEDIA_ROOT="/srv/network/media")

    assert str(settings["MEDIA_ROOT"]) == "/srv/network/media"
    assert settings["MEDIA_URL"] == "/media/"
    assert (settings["TIME_ZONE"], settings["LANGUAGE_CODE"], settings["USE_TZ"]) == (
        "Europe/London",
        "en-gb",
        True,
    )


def test_logs_are_one_json_object_a_line_on_stdout():
    result = run_django(
        "-c",
        "import django, logging; django.setup(); "
        "logging.getLogger('network.test').warning('hello %s', 'collector')",
        env={**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "network.settings"},
    )

    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout.strip().splitlines()[-1])
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "network.test"
    assert entry["message"] == "hello collector"
    assert "time" in entry
