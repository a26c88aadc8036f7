"""Every form people fill in shows its errors the GOV.UK way: the title starts with
"Error: ", the error summary is focused on load (autofocus, no JavaScript needed) and
links to the field on the same page, the message sits beside the field and what was
typed is kept. The browser journey for comments is in tests/browser/test_blog_comments.py."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.members.helpers import signup_data
from tests.workshops.conftest import workshop  # noqa: F401 (fixture)
from workshops.models import Registration, Workshop


def _sign_up(request):
    client = request.getfixturevalue("client")
    request.getfixturevalue("terms")
    data = signup_data("kept@example.org")
    del data["accept_terms"]
    return client.post("/accounts/signup/", data), "id_accept_terms", "kept@example.org"


def _sign_in(request):
    client = request.getfixturevalue("client")
    member = request.getfixturevalue("member")
    response = client.post("/accounts/login/", {"login": member.email, "password": "wrong"})
    return response, None, member.email


def _comment(request):
    post = request.getfixturevalue("post")
    client = request.getfixturevalue("member_client")
    return (
        client.post(reverse("blog_comment", args=[post.slug]), {"comment": "  "}),
        ("id_comment"),
        None,
    )


def _reply(request):
    post, member = request.getfixturevalue("post"), request.getfixturevalue("member")
    parent = request.getfixturevalue("write_comment")(post, member)
    client = request.getfixturevalue("member_client")
    url = reverse("blog_comment_reply", args=[parent.pk])
    return client.post(url, {"comment": "x" * 5001}), "id_comment", "x" * 5001


def _report(request):
    client = request.getfixturevalue("client")
    request.getfixturevalue("network")
    data = {"category": "", "description": "The map does not load on my phone"}
    return client.post(reverse("report"), data), "id_category_0", data["description"]


def _register(request):
    listed = request.getfixturevalue("workshop")
    client = request.getfixturevalue("member_client")
    url = reverse("workshops:register", args=[listed.slug])
    return client.post(url, {"access_needs": ["other"]}), "id_access_needs_other", None


def _profile(request):
    client = request.getfixturevalue("member_client")
    data = {"website": "not an address", "topics": "dialogue"}
    return client.post(reverse("members:edit_profile"), data), "id_website", "not an address"


def _feedback(request):
    past = request.getfixturevalue("make_workshop")(
        start=timezone.now() - timedelta(days=2), status=Workshop.Status.COMPLETED
    )
    member = request.getfixturevalue("member")
    Registration.objects.create(
        workshop=past,
        member=member,
        status=Registration.Status.CONFIRMED,
        queue_number=1,
        attended=True,
    )
    data = {"what_worked": "The role-play, kept", "attribution": "anonymous"}
    url = reverse("workshops:feedback", args=[past.slug])
    return client_for(member).post(url, data), "id_usefulness_0", "The role-play, kept"


FORMS = {
    "sign-up": _sign_up,
    "sign-in": _sign_in,
    "comment": _comment,
    "reply": _reply,
    "report": _report,
    "register": _register,
    "profile": _profile,
    "feedback": _feedback,
}


@pytest.mark.parametrize("name", FORMS)
def test_each_form_shows_errors_the_govuk_way(name, request, network):
    response, field_id, kept = FORMS[name](request)
    html = response.content.decode()
    assert re.search(r"<title>\s*Error: ", html), name
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, name
    assert "autofocus" in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    links = re.findall(r'href="([^"]*)"', summary.group(0))
    # Every link moves to a field on this page, never off the form.
    assert all(link.startswith("#id_") for link in links), links
    if field_id:
        assert f'href="#{field_id}"' in summary.group(0)
        assert f'id="{field_id}"' in html
        base_id = re.sub(r"_\d+$", "", field_id)
        assert f'id="{base_id}_error"' in html  # the message beside the field
    if kept:
        assert (
            f'value="{kept}"' in html
            or f">{kept}</textarea>" in html
            or (f"\n{kept}</textarea>" in html)
        ), name


def test_the_anti_spam_field_is_hidden_from_everyone_but_bots(client, network, terms):
    html = client.get("/accounts/signup/").content.decode()
    trap = re.search(r'<div class="field field--trap"[^>]*>.*?</div>', html, re.S).group(0)
    assert 'aria-hidden="true"' in trap
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    html = client.get(reverse("report")).content.decode()
    assert re.search(r'<div class="field field--trap" aria-hidden="true">', html)
