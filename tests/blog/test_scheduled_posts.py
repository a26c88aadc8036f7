"""A scheduled post, once its time has come, is published: the admin says so, later edits
work, and the worker's job stores the new status."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network.blog.models import Post
from network.blog.tasks import publish_due_posts_job
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _gone_live(scheduled):
    """The clock passes the publish time (moved back, rather than the clock forward)."""
    went_live = timezone.now() - timedelta(hours=2)
    Post.objects.filter(pk=scheduled.pk).update(publish_at=went_live)
    scheduled.refresh_from_db()
    assert scheduled.status == Post.Status.SCHEDULED
    return scheduled


def _edit(client, post, **changes):
    local = timezone.localtime(post.publish_at)
    data = {
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "excerpt": post.excerpt,
        "cover_alt": "",
        "status": post.status,
        "publish_at_0": local.strftime("%Y-%m-%d"),
        "publish_at_1": local.strftime("%H:%M:%S"),
        "comments_open": "on",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return client.post(f"/admin/blog/post/{post.pk}/change/", data)


def test_a_scheduled_post_edits_cleanly_after_going_live(organiser, scheduled):
    post = _gone_live(scheduled)
    client = client_for(organiser)
    assert "Published" in client.get("/admin/blog/post/").content.decode()
    form = client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert '<option value="published" selected>' in form
    # Even sent back with the stored "scheduled", the edit is saved and the post stays live.
    response = _edit(client, post, title="A post for last week", status="scheduled")
    assert response.status_code == 302, response.content.decode()[:3000]
    post.refresh_from_db()
    assert post.title == "A post for last week"
    assert post.status == Post.Status.PUBLISHED and post.is_published


def test_scheduling_a_new_time_in_the_past_is_still_refused(organiser, scheduled):
    client = client_for(organiser)
    response = _edit(
        client, scheduled, publish_at_0=(timezone.localdate() - timedelta(days=1)).isoformat()
    )
    assert response.status_code == 200
    assert "A scheduled post needs a publish time in the future." in response.content.decode()


def test_the_job_stores_published_on_posts_whose_time_has_come(scheduled, make_post):
    later = make_post(
        "Still to come",
        status=Post.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=1),
    )
    post = _gone_live(scheduled)
    publish_due_posts_job()
    post.refresh_from_db()
    later.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert later.status == Post.Status.SCHEDULED
