"""The organiser check and Terms acceptance are asked on every page, so they are
cached; a change must still show on the very next request."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import TermsAcceptance, User
from members.roles import has_accepted_current_terms, is_organiser, sync_organisers_group
from network.models import TermsVersion

pytestmark = pytest.mark.django_db


def fresh(user):
    # A new request loads the user anew: nothing remembered on the object itself.
    return User.objects.get(pk=user.pk)


def test_promoting_and_demoting_an_organiser_shows_at_once(member):
    assert is_organiser(fresh(member)) is False  # now cached as "no"
    group = sync_organisers_group()

    member.groups.add(group)
    assert is_organiser(fresh(member)) is True

    group.user_set.remove(member)
    assert is_organiser(fresh(member)) is False

    group.user_set.add(member)
    assert is_organiser(fresh(member)) is True
    group.user_set.clear()
    assert is_organiser(fresh(member)) is False


def test_a_new_terms_version_asks_members_again_at_once(terms, member):
    assert has_accepted_current_terms(fresh(member)) is True  # cached as accepted

    new = TermsVersion.objects.create(version="2.0", text="Updated.")
    assert has_accepted_current_terms(fresh(member)) is False

    TermsAcceptance.objects.create(user=member, terms=new)
    assert has_accepted_current_terms(fresh(member)) is True


@pytest.fixture
def clock(monkeypatch, settings):
    """Moves this process's clock forward without waiting: Django's `timezone.now()` (read
    by TermsVersion.objects.current_id) and `time.time()` (read by the cache to expire
    entries). The cache is this process's memory cache, whose expiry reads that clock
    (a Redis server keeps its own time)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-cached-roles-clock",
        }
    }
    real_time, real_now = time.time, timezone.now
    moved = {"seconds": 0.0}
    monkeypatch.setattr(time, "time", lambda: real_time() + moved["seconds"])
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=moved["seconds"]))

    def advance(seconds):
        moved["seconds"] += seconds

    yield advance
    from django.core.cache import cache

    cache.clear()


def test_a_version_scheduled_for_later_becomes_current_at_its_time(terms, member, clock):
    TermsVersion.objects.create(
        version="3.0", text="Soon.", published_at=timezone.now() + timedelta(seconds=1)
    )
    assert TermsVersion.objects.current_id() == terms.pk
    assert has_accepted_current_terms(fresh(member)) is True

    clock(2.1)

    assert TermsVersion.objects.current_id() != terms.pk
    assert has_accepted_current_terms(fresh(member)) is False
