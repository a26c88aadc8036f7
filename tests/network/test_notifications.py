"""The notification centre: the header's unread count, marking read, pruning."""

from datetime import timedelta

import pytest
from django.utils import timezone

from network import notifications
from network.models import Notification
from network.tasks import prune_notifications_job

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_unread_count_in_the_header_and_the_list(network, member, member_client):
    notifications.notify(member, "reply", "Ada replied to your comment", "/blog/")
    notifications.notify(member, "mention", "Bo mentioned you", "/blog/")
    page = member_client.get("/notifications/").content.decode()
    assert 'Notifications <span class="badge">2' in page
    assert "Ada replied to your comment" in page and "Bo mentioned you" in page


def test_opening_one_marks_it_read_and_goes_to_the_thing(network, member, member_client):
    n = notifications.notify(member, "reply", "Ada replied", "/blog/")
    response = member_client.post(f"/notifications/{n.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/blog/"
    assert notifications.unread_count(member) == 0


def test_mark_all_read(network, member, member_client):
    for i in range(3):
        notifications.notify(member, "comment", f"New comment {i}", "/blog/")
    member_client.post("/notifications/read-all/")
    page = member_client.get("/notifications/").content.decode()
    assert 'class="badge"' not in page
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_someone_elses_notification_cannot_be_opened(network, member, make_user, member_client):
    other = make_user(display_name="Olu Other")
    n = notifications.notify(other, "reply", "Private", "/blog/")
    member_client.post(f"/notifications/{n.pk}/open/")
    n.refresh_from_db()
    assert n.read_at is None
    assert "Private" not in member_client.get("/notifications/").content.decode()


def test_visitors_are_sent_to_sign_in(network, client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_count_costs_visitors_nothing_and_members_at_most_one_query(
    network, member, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert notifications.unread_count(AnonymousUser()) == 0
    notifications.notify(member, "reply", "Ada replied", "/blog/")
    with django_assert_num_queries(1):
        assert notifications.unread_count(member) == 1
    with django_assert_num_queries(0):
        assert notifications.unread_count(member) == 1


def test_the_scheduled_job_prunes_old_notifications(network, member):
    now = timezone.now()
    keep = notifications.notify(member, "reply", "Recent unread", "/blog/")
    old_read = notifications.notify(member, "reply", "Old read", "/blog/")
    old_unread = notifications.notify(member, "reply", "Old unread", "/blog/")
    very_old = notifications.notify(member, "reply", "Very old", "/blog/")
    Notification.objects.filter(pk=old_read.pk).update(
        created_at=now - timedelta(days=100), read_at=now - timedelta(days=99)
    )
    Notification.objects.filter(pk=old_unread.pk).update(created_at=now - timedelta(days=100))
    Notification.objects.filter(pk=very_old.pk).update(created_at=now - timedelta(days=400))
    prune_notifications_job.call_local()
    assert set(Notification.objects.values_list("pk", flat=True)) == {keep.pk, old_unread.pk}
    assert notifications.unread_count(member) == 2


def test_the_header_count_adds_one_query_for_a_member_only_when_not_cached(
    network, member, member_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member_client.get("/about/")
    notifications.notify(member, "reply", "Ada replied", "/blog/")
    with CaptureQueriesContext(connection) as cold:
        member_client.get("/about/")
    with CaptureQueriesContext(connection) as warm:
        page = member_client.get("/about/").content.decode()
    assert 'class="badge">1' in page
    assert len(cold) - len(warm) == 1
    assert not any("network_notification" in q["sql"] for q in warm.captured_queries)


def test_the_header_count_adds_no_query_for_visitors_and_at_most_one_for_members(
    network, member, client, member_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as visitor:
        page = client.get("/about/").content.decode()
    assert not any("network_notification" in q["sql"] for q in visitor.captured_queries)
    assert 'class="badge"' not in page

    member_client.get("/about/")
    with CaptureQueriesContext(connection) as warm:
        member_client.get("/about/")
    notifications.notify(member, "reply", "Ada replied", "/blog/")
    with django_assert_max_num_queries(len(warm) + 1):
        page = member_client.get("/about/").content.decode()
    assert 'class="badge">1' in page


def test_the_centre_links_to_the_email_choices(network, member_client):
    page = member_client.get("/notifications/").content.decode()
    assert (
        '<a href="/members/me/notifications/">Choose which of them are e-mailed to you, '
        "and when</a>"
    ) in page
