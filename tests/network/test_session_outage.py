"""A database that goes away while a session is being saved gives the 503 page,
not Django's "session deleted" 400."""

import pytest
from django.db import OperationalError, connection

from network.blog.models import Post
from network.blog.services import flush_view_counts
from tests.blog.conftest import BROWSER_UA
from tests.network.layout import assert_in_layout

pytestmark = pytest.mark.django_db


def fail_session_updates(execute, sql, params, many, context):
    if sql.startswith('UPDATE "django_session"'):
        raise OperationalError("terminating connection due to administrator command")
    return execute(sql, params, many, context)


def test_losing_the_database_while_saving_the_session_gives_the_503_page(
    network, member_client, make_post
):
    post = make_post()
    member_client.get("/", HTTP_USER_AGENT=BROWSER_UA)  # the session exists
    member_client.raise_request_exception = False

    # Reading a post records it in the session (view counting): that save fails.
    with connection.execute_wrapper(fail_session_updates):
        response = member_client.get(post.get_absolute_url(), HTTP_USER_AGENT=BROWSER_UA)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "We'll be back in a moment" in response.content.decode()
    assert_in_layout(response)
    flush_view_counts()
    assert Post.objects.get(pk=post.pk).view_count == 1
