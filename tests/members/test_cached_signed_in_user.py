"""With a shared cache (Redis), the signed-in user is cached between requests.
Every change that matters must still apply on the very next request."""

import os

import pytest
from django.test import override_settings

from members.models import Profile, TermsAcceptance
from members.roles import sync_organisers_group
from network.models import TermsVersion
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

REDIS = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def shared_cache():
    # The real Redis, as production with several app processes uses it. CI starts it;
    # without it these tests fail (never skip).
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS,
                "KEY_PREFIX": "tests-signed-in-user",
            }
        }
    ):
        from django.core.cache import cache

        cache.clear()
        yield cache
        cache.clear()


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
    assert client.get("/members/invite/").status_code == 403
    TermsAcceptance.objects.create(user=member, terms=new_terms)
    assert client.get("/members/invite/").status_code == 200


def test_signing_in_works_with_the_cached_user(shared_cache, network, terms, member, client):
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}, follow=True
    )
    assert response.context["user"] == member
    assert client.get("/members/me/edit/").status_code == 200
