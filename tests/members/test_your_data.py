"""Download my data, delete my account, leave the network."""

import io
import json
import zipfile

import pytest
from django_comments_xtd.models import XtdComment

from members.models import Invitation, ModerationAction, Profile, User
from tests.conftest import PASSWORD, client_for
from tests.members.conftest import image_upload

pytestmark = pytest.mark.django_db


def test_export_contains_my_data_and_nobody_elses(
    network, terms, organiser, make_user, make_comment
):
    me = make_user(
        email="me@example.org",
        display_name="Mo Me",
        organisation="My Org",
        why_join="My reasons",
        expertise=["carer"],
    )
    other = make_user(email="other@example.org", display_name="Ola Other", organisation="Their Org")
    make_comment(me, network, "My own comment")
    make_comment(other, network, "Someone else's comment")
    ModerationAction.objects.create(actor=organiser, subject=me, kind="suspend", reason="About me")
    ModerationAction.objects.create(actor=organiser, subject=other, kind="suspend", reason="Not me")
    Invitation.objects.create(email="friend@example.org", invited_by=me)

    response = client_for(me).get("/members/me/data/download/")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(_open_export(response)["my-data.json"])
    assert data["account"]["email"] == "me@example.org"
    assert data["profile"]["organisation"] == "My Org"
    assert data["profile"]["why_join"] == "My reasons"
    assert data["consents"][0]["terms_version"] == "1.0"
    assert [c["comment"] for c in data["comments"]] == ["My own comment"]
    assert [a["reason"] for a in data["moderation_about_me"]] == ["About me"]
    assert data["invitations_sent"][0]["email"] == "friend@example.org"
    text = "".join(_open_export(response).values())
    for foreign in ("other@example.org", "Ola Other", "Their Org", "Not me", "Someone else"):
        assert foreign not in text
    assert organiser.email not in text


def _open_export(response) -> dict:
    """The downloaded zip's files by name, as text."""
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_export_is_readable_names_posts_and_workshops_and_lists_comments_once(
    network, terms, member, post, write_comment
):
    from datetime import timedelta

    from django.utils import timezone

    from workshops.models import Workshop
    from workshops.services import register

    write_comment(post, member, "Co-production starts with listening.")
    start = timezone.now() + timedelta(days=7)
    workshop = Workshop.objects.create(
        title="Communicating about change",
        summary="Learning together.",
        description="We use theatre.",
        format=Workshop.Format.SHORT,
        start=start,
        end=start + timedelta(hours=3),
        capacity=10,
    )
    register(workshop=workshop, member=member)

    files = _open_export(client_for(member).get("/members/me/data/download/"))
    assert sorted(files) == ["my-data.html", "my-data.json"]
    data = json.loads(files["my-data.json"])
    assert [(c["comment"], c["on"], c["url"]) for c in data["comments"]] == [
        ("Co-production starts with listening.", post.title, post.get_absolute_url())
    ]
    assert "comments" not in data["blog"]
    page = files["my-data.html"]
    assert page.count("Co-production starts with listening.") == 1
    assert f'<a href="http://testserver{post.get_absolute_url()}">{post.title}</a>' in page
    assert (
        f'<a href="http://testserver{workshop.get_absolute_url()}">Communicating about change</a>'
        in page
    )
    assert "<h1>Everything the network holds about you</h1>" in page


def test_delete_account_needs_the_password(network, member):
    response = client_for(member).post("/members/me/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_delete_account_erases_personal_data_and_keeps_threads(
    network, terms, member, make_user, make_comment
):
    friend = make_user(display_name="Fay Friend")
    Profile.objects.filter(user=member).update(
        bio="My story", organisation="My Org", why_join="Reasons", website="https://me.example"
    )
    client = client_for(member)
    client.post("/members/me/picture/", {"avatar": image_upload()})
    avatar_path = Profile.objects.get(user=member).avatar.path
    mine = make_comment(member, network, "My comment")
    reply = make_comment(friend, network, "A reply", parent=mine)
    email = member.email

    response = client.post("/members/me/delete/", {"password": PASSWORD})
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session

    user = User.objects.get(pk=member.pk)
    assert user.email != email and "@invalid" in user.email
    assert str(user) == "Former member"
    assert not user.has_usable_password() and not user.is_active
    profile = user.profile
    assert (profile.bio, profile.organisation, profile.why_join, profile.website) == ("",) * 4
    assert not profile.avatar
    import os

    assert not os.path.exists(avatar_path)
    assert not user.emailaddress_set.exists()
    assert not user.terms_acceptances.exists()

    mine.refresh_from_db()
    reply.refresh_from_db()
    assert mine.user_name == "Former member" and mine.user_email == ""
    assert mine.comment == "My comment"
    assert reply.parent_id == mine.pk and reply.thread_id == mine.thread_id
    assert XtdComment.objects.count() == 2
    # Nothing personal is left anywhere in their data.
    from members.gdpr import export

    dumped = json.dumps(export(user))
    for secret in (email, "My story", "My Org", "Reasons", "me.example", "Maya Member"):
        assert secret not in dumped
    # They cannot sign in again.
    assert not client_for(None).login(email=email, password=PASSWORD)


def test_owner_cannot_delete_their_account(network, owner):
    response = client_for(owner).post("/members/me/delete/", {"password": PASSWORD})
    assert response.status_code == 403


def test_leaving_keeps_data_and_rejoining_follows_the_policy(network, member):
    client = client_for(member)
    client.post("/members/me/leave/")
    profile = Profile.objects.get(user=member)
    assert profile.state == Profile.State.LEFT
    directory = client.get("/members/").content.decode()
    assert member.display_name not in directory.split('class="cards member-list"')[-1]
    client.post("/members/me/leave/", {"rejoin": "1"})
    profile.refresh_from_db()
    assert profile.state == Profile.State.ACTIVE  # open network


def test_notification_preferences_are_saved(network, member):
    page = client_for(member).get("/members/me/notifications/").content.decode()
    assert "Always sent straight away" in page and "Daily digest" in page
    client_for(member).post(
        "/members/me/notifications/",
        {
            "email_replies": "now",
            "email_comments": "weekly",
            "email_mentions": "off",
            "digest_hour": "18",
            "digest_weekday": "4",
            "receive_broadcasts": "on",
        },
    )
    profile = Profile.objects.get(user=member)
    assert (profile.email_replies, profile.email_comments, profile.email_mentions) == (
        "now",
        "weekly",
        "off",
    )
    assert (profile.digest_hour, profile.get_digest_weekday_display()) == (18, "Friday")
    assert profile.receive_broadcasts and not profile.notify_workshops
