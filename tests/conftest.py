"""Shared fixtures: the network record and one person for each role.

Roles, as in the guide: a visitor (anonymous), a pending applicant, an active
member, an organiser, the network owner, and a suspended member.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from members.models import Area, Profile, TermsAcceptance
from members.roles import ORGANISERS_GROUP, is_staff_account, sync_organisers_group
from network.blog.comments import new_comment
from network.blog.models import Post
from network.caching.local import forget_local_copies
from network.models import Network, TermsVersion
from tests.staff import pass_second_factor
from workshops.models import Workshop

PASSWORD = "correct-horse-battery-staple"

# The slow lanes, one folder each: every test in tests/<lane>/ gets the marker <lane>, so
# `-m "not browser and not faults and not bench"` (make test-fast) leaves them out.
SLOW_LANES = ("browser", "faults", "bench")
TESTS_ROOT = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        try:
            folder = item.path.resolve().relative_to(TESTS_ROOT).parts[0]
        except ValueError:
            continue
        if folder in SLOW_LANES:
            item.add_marker(getattr(pytest.mark, folder))


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and cached fragments live in the cache (fragments also in each
    # process's own copy): no test sees another's.
    cache.clear()
    forget_local_copies()
    yield
    cache.clear()
    forget_local_copies()


REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def shared_cache():
    # The real Redis, as production with several app processes uses it. CI starts it;
    # without it these tests fail (never skip).
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "network.caching.redis.RedisCache",
                "LOCATION": REDIS_TEST_URL,
                "KEY_PREFIX": "tests-shared-cache",
            }
        }
    ):
        from django.core.cache import cache

        cache.clear()
        yield cache
        cache.clear()


@pytest.fixture
def make_user(db):
    """make_user(state="active", email=None, display_name=None, **profile_fields)."""
    counter = {"n": 0}

    def make(
        state=Profile.State.ACTIVE,
        email=None,
        display_name=None,
        password=PASSWORD,
        **profile_fields,
    ):
        counter["n"] += 1
        n = counter["n"]
        user = get_user_model().objects.create_user(
            email=email or f"person{n}@example.org",
            password=password,
            display_name=display_name or f"Person {n}",
        )
        Profile.objects.filter(user=user).update(state=state, **profile_fields)
        user.refresh_from_db()
        _verify_email(user)
        _accept_current_terms(user)
        return user

    return make


def _accept_current_terms(user):
    # Everyone made by the fixtures has accepted the Terms in force, as real members
    # have (members.roles.can_participate checks it). Tests of re-acceptance
    # publish a newer version themselves.
    current = TermsVersion.objects.current()
    if current is not None:
        TermsAcceptance.objects.get_or_create(user=user, terms=current)


def _verify_email(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


@pytest.fixture
def owner(db):
    user = get_user_model().objects.create_superuser(
        email="owner@example.org", password=PASSWORD, display_name="Lucie Stephens"
    )
    Profile.objects.filter(user=user).update(state=Profile.State.ACTIVE)
    _verify_email(user)
    return user


@pytest.fixture
def network(db, owner):
    return Network.objects.create(
        name="Co-production practitioners network",
        tagline="A network for co-production practitioners",
        about="We bring together **everyone** who brings expertise.",
        owner=owner,
        contact_email="hello@example.org",
        join_policy=Network.JoinPolicy.OPEN,
        visibility=Network.Visibility.PUBLIC,
        safeguarding_lead_name="Sam Safe",
        safeguarding_lead_email="safeguarding@example.org",
    )


@pytest.fixture
def members_only(network):
    network.visibility = Network.Visibility.MEMBERS_ONLY
    network.save()
    return network


@pytest.fixture
def terms(db):
    version = TermsVersion.objects.create(
        version="1.0", text="Be kind. Respect every kind of expertise."
    )
    for user in get_user_model().objects.all():
        _accept_current_terms(user)
    return version


@pytest.fixture
def member(make_user):
    return make_user(display_name="Maya Member")


@pytest.fixture
def pending(make_user):
    return make_user(state=Profile.State.PENDING, display_name="Pat Pending")


@pytest.fixture
def suspended(make_user):
    return make_user(
        state=Profile.State.SUSPENDED,
        display_name="Sid Suspended",
        suspension_reason="Repeated off-topic posts.",
    )


@pytest.fixture
def organiser(make_user):
    user = make_user(display_name="Olu Organiser")
    user.groups.add(sync_organisers_group())
    user.is_staff = True
    user.save()
    assert user.groups.filter(name=ORGANISERS_GROUP).exists()
    return user


def client_for(user, *, second_factor=True, enforce_csrf_checks=False) -> Client:
    """A client signed in as `user` (None: a visitor). A staff account (the owner, an
    organiser) has also passed its second factor in that session, as after signing in
    with password and code; `second_factor=False` leaves it at the password."""
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    if user is not None:
        client.force_login(user, backend="members.backends.MemberModelBackend")
        # Asked of a fresh copy: nothing is remembered on the test's own object.
        if second_factor and is_staff_account(type(user)._default_manager.get(pk=user.pk)):
            pass_second_factor(client, user)
    return client


@pytest.fixture
def member_client(member):
    return client_for(member)


@pytest.fixture
def organiser_client(organiser):
    return client_for(organiser)


@pytest.fixture
def owner_client(owner):
    return client_for(owner)


@pytest.fixture
def pending_client(pending):
    return client_for(pending)


@pytest.fixture
def suspended_client(suspended):
    return client_for(suspended)


@pytest.fixture
def page_cache_off(settings):
    """Pages rendered afresh on every request (cached fragments off): for tests that
    count the queries of rendering a page with 1 and N items."""
    settings.FRAGMENT_CACHE = False


# --- Blog posts in each state, and comments (used by the blog's, the core's and the security tests)


@pytest.fixture
def make_post(db, owner):
    def make(title="A post about co-production", *, authors=None, tags=(), **fields):
        fields.setdefault("body", "Co-production recognises **all** forms of expertise.")
        fields.setdefault("status", Post.Status.PUBLISHED)
        fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
        post = Post.objects.create(title=title, **fields)
        post.authors.set(authors if authors is not None else [owner])
        post.tags.set(tags)
        return post

    return make


@pytest.fixture
def post(network, make_post):
    return make_post("Co-production Narrative as Creative Theatre–based Dialogue")


@pytest.fixture
def draft(network, make_post):
    return make_post("An unfinished draft", status=Post.Status.DRAFT)


@pytest.fixture
def scheduled(network, make_post):
    return make_post(
        "A post for next week",
        status=Post.Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=7),
    )


@pytest.fixture
def make_workshop(db):
    """Workshops two weeks ahead, in person, with ten places (any field can be given)."""
    counter = {"n": 0}

    def make(**fields):
        counter["n"] += 1
        start = fields.pop("start", timezone.now() + timedelta(days=14))
        defaults = {
            "title": f"Workshop {counter['n']}",
            "summary": "Learning together through a live case study.",
            "description": "We use **theatre**.",
            "format": Workshop.Format.SHORT,
            "start": start,
            "end": start + timedelta(hours=3),
            "venue_name": "Oxford House",
            "venue_address": "Derbyshire Street, London E2 6HG",
            "borough": Area.TOWER_HAMLETS,
            "capacity": 10,
        }
        defaults.update(fields)
        return Workshop.objects.create(**defaults)

    return make


@pytest.fixture
def write_comment(db):
    """write_comment(post, user, text, parent=None): a comment saved straight to the
    database, as xtd threads it (no notifications, no rate limit)."""

    def write(post, user, text="A thoughtful comment.", parent=None, **fields):
        comment = new_comment(post=post, user=user, text=text, parent=parent, **fields)
        comment.save()
        return comment

    return write
