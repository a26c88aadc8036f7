"""When the database is away the site says so (503, in its layout) instead of
failing with a 500, and /healthz tells the load balancer."""

import json

import pytest
from django.test import Client, RequestFactory

from network.views import server_error
from tests.network.conftest import PRODUCTION_ENV, run_django
from tests.network.layout import assert_in_layout

OUTAGE_SCRIPT = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
results = {}
for path in ["/healthz", "/", "/about/", "/report/", "/no-such-page/"]:
    response = client.get(path)
    results[path] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode(),
    }
print("RESULTS " + json.dumps(results))
"""


@pytest.fixture(scope="module")
def database_down():
    """The real site, in its own process, with a PostgreSQL server that is not there."""
    result = run_django(
        "-c",
        OUTAGE_SCRIPT,
        env={
            **PRODUCTION_ENV,
            "ALLOWED_HOSTS": "testserver",
            "SECURE_HTTPS": "false",
            # The test settings only so static files need no collectstatic.
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:1/network_unreachable",
        },
    )
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULTS "))
    return json.loads(line.removeprefix("RESULTS "))


def test_healthz_answers_503_when_the_database_is_unreachable(database_down):
    assert database_down["/healthz"]["status"] == 503
    assert database_down["/healthz"]["body"] == "database unavailable\n"


@pytest.mark.parametrize("path", ["/", "/about/", "/report/", "/no-such-page/"])
def test_pages_answer_503_in_the_layout_while_the_database_is_unreachable(database_down, path):
    page = database_down[path]

    assert page["status"] == 503
    assert page["retry_after"] == "5"
    assert "<h1>We'll be back in a moment</h1>" in page["body"]
    assert '<a class="skip-link" href="#main">' in page["body"]
    assert "Report an Issue</a>" in page["body"]


@pytest.mark.urls("tests.network.urls_failing")
def test_a_view_meeting_a_database_error_gives_the_503_page(network):
    network.save()  # puts the network record in the cache, as on a running site
    client = Client(raise_request_exception=False)

    response = client.get("/test/database-gone/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "We'll be back in a moment" in response.content.decode()
    assert_in_layout(response)


@pytest.mark.urls("tests.network.urls_failing")
def test_a_bug_gives_the_500_page_in_the_layout(network):
    client = Client(raise_request_exception=False)

    response = client.get("/test/broken/")

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
    assert_in_layout(response, creator=None)


def test_500_page_renders_without_touching_the_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
