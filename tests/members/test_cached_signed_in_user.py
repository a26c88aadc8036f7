"""With a shared cache (Redis), the signed-in user is cached between requests.
Every change that matters must still apply on the very next request."""

import pytest
from django.conf import settings
from django.test import Client, override_settings

from members.models import Profile, TermsAcceptance
from members.roles import sync_organisers_group
from network.models import TermsVersion
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def test_a_suspension_applies_on_the_next_request(shared_cache, network, terms, member):
    client = client_for(member)
    assert client.get("/members/").status_code == 200  # the user is now cached

    profile = Profile.objects.get(user=member)
    profile.state = Profile.State.SUSPENDED
    profile.save()

    assert client.get("/members/").status_code == 403


def test_a_password_change_signs_out_other_sessions_at_once(shared_cache, network, member):
    client = client_for(member)
    assert client.get("/members/me/edit/").status_code == 200

    member.set_password("a-brand-new-passphrase")
    member.save()

    response = client.get("/members/me/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_promotion_and_new_terms_apply_on_the_next_request(shared_cache, network, terms, member):
    client = client_for(member)
    assert "/admin/" not in client.get("/").content.decode()

    member.groups.add(sync_organisers_group())
    member.is_staff = True
    member.save()
    assert 'href="/admin/"' in client.get("/").content.decode()

    # Inviting is taking part: it needs the current Terms accepted.
    assert client.get("/members/invite/").status_code == 200
    new_terms = TermsVersion.objects.create(version="2.0", text="Updated.")
    assert (
        client.get("/members/invite/")["Location"]
        == "/members/me/terms/?next=%2Fmembers%2Finvite%2F"
    )
    TermsAcceptance.objects.create(user=member, terms=new_terms)
    assert client.get("/members/invite/").status_code == 200


def test_signing_in_works_with_the_cached_user(shared_cache, network, terms, member, client):
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}, follow=True
    )
    assert response.context["user"] == member
    assert client.get("/members/me/edit/").status_code == 200


@override_settings(SESSION_ENGINE="network.caching.sessions")
def test_sessions_read_from_the_shared_cache_sign_in_and_sign_out_everywhere(
    shared_cache, network, terms, member, client
):
    # Production with REDIS_URL: each request reads its session in the same cache round
    # trip as the network record and the generations (network.caching.requestcache).
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    # The same session cookie sent to the site from another tab (another app process).
    same_browser_elsewhere = Client()
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    same_browser_elsewhere.cookies[settings.SESSION_COOKIE_NAME] = session_cookie
    for browser in (client, same_browser_elsewhere):
        assert browser.get("/members/me/edit/").status_code == 200

    client.post("/accounts/logout/")

    for browser in (client, same_browser_elsewhere):
        response = browser.get("/members/me/edit/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
