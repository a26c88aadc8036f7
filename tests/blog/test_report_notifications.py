"""Every report about a comment notifies someone: spam and abuse the organisers and the
owner (with the reported text and a link to it in its thread); someone at risk the
safeguarding lead, at once."""

import pytest
from django.core import mail

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_spam_report_emails_the_organisers_and_the_owner(
    member, organiser, make_user, post, write_comment
):
    author = make_user(display_name="Sid Spammer")
    comment = write_comment(post, author, "Cheap pills at example.biz")
    client_for(member).post(f"/blog/comments/{comment.pk}/report/", {"category": "spam"})
    assert sorted(m.to[0] for m in mail.outbox) == sorted([organiser.email, "owner@example.org"])
    message = mail.outbox[0]
    assert message.subject == "A comment was reported as spam"
    assert "Cheap pills at example.biz" in message.body
    assert "Sid Spammer" in message.body
    assert f"{post.get_absolute_url()}#c{comment.pk}" in message.body
    assert str(member) in message.body


def test_a_risk_report_goes_to_the_safeguarding_lead_not_the_organisers(
    member, organiser, make_user, post, write_comment
):
    comment = write_comment(post, make_user(), "I can't go on")
    client_for(member).post(f"/blog/comments/{comment.pk}/report/", {"category": "at_risk"})
    assert [m.to for m in mail.outbox] == [["safeguarding@example.org"]]


def test_an_organiser_reporting_is_not_emailed_about_their_own_report(
    organiser, make_user, post, write_comment
):
    comment = write_comment(post, make_user(), "Rude words")
    client_for(organiser).post(f"/blog/comments/{comment.pk}/report/", {"category": "abusive"})
    assert [m.to for m in mail.outbox] == [["owner@example.org"]]
