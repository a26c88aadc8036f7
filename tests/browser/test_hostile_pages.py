"""Stored hostile input in real Chromium: the pages that show it (a post with hostile
comments, a profile with a hostile bio, a workshop with hostile themes and quotes,
search results, the directory) run none of it: the `page` fixture fails the test
on any JavaScript dialog. axe stays clean on them."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from members.models import Visibility
from network.blog.comments import post_content_type
from network.blog.models import Post
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import PASSWORD
from tests.security.hostile import XSS
from workshops.models import Feedback, Registration, ThemeProposal, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [value for _, value in XSS]


@pytest.fixture
def hostile_site(network, terms, owner, member, make_user):
    author = make_user(
        display_name='Eve <img src=x onerror=alert("name")>',
        bio="\n".join(PAYLOADS),
        bio_visibility=Visibility.EVERYONE,
        organisation='"><script>alert("org")</script>',
        organisation_visibility=Visibility.EVERYONE,
        website="https://example.org/?q=<script>alert(1)</script>",
        website_visibility=Visibility.EVERYONE,
    )
    post = Post.objects.create(
        title='Trust <svg onload=alert("title")>',
        body="\n\n".join(PAYLOADS),
        status=Post.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )
    post.authors.set([owner])
    for text in PAYLOADS:
        XtdComment.objects.create(
            content_type=post_content_type(),
            object_pk=str(post.pk),
            site_id=settings.SITE_ID,
            user=author,
            user_name=str(author)[:50],
            user_email=author.email,
            comment=text,
            submit_date=timezone.now(),
        )
    now = timezone.now()
    upcoming = Workshop.objects.create(
        title="Listening <script>alert('workshop')</script>",
        slug="listening",
        summary=PAYLOADS[1],
        description="\n\n".join(PAYLOADS),
        start=now + timedelta(days=7),
        end=now + timedelta(days=7, hours=2),
        venue_name='<img src=x onerror=alert("venue")>',
        capacity=10,
    )
    Registration.objects.create(
        workshop=upcoming, member=member, status=Registration.Status.CONFIRMED, queue_number=1
    )
    for text in PAYLOADS:
        ThemeProposal.objects.create(workshop=upcoming, author=author, text=text[:300], chosen=True)
    past = Workshop.objects.create(
        title="Looking back",
        slug="looking-back",
        summary="What we learned.",
        start=now - timedelta(days=7),
        end=now - timedelta(days=7, hours=-2),
        venue_name="Oxford House",
        capacity=10,
        status=Workshop.Status.COMPLETED,
    )
    for number, text in enumerate(PAYLOADS[:6]):
        person = make_user(display_name=f"Quoter {number}")
        Feedback.objects.create(
            workshop=past,
            member=person,
            usefulness=5,
            quote=text,
            quote_consent=True,
            attribution=Feedback.Attribution.NAME,
            attribution_text=str(author),
            quote_approved_at=now,
        )
    return {"author": author, "post": post, "upcoming": upcoming, "past": past}


def test_pages_showing_stored_hostile_input_run_none_of_it(page, live_server, hostile_site, member):
    sign_in(page, live_server, member.email, PASSWORD)
    author = hostile_site["author"]
    pages = [
        hostile_site["post"].get_absolute_url(),
        f"/members/{author.pk}/",
        "/members/?q=Eve",
        f"/workshops/{hostile_site['upcoming'].slug}/",
        f"/workshops/{hostile_site['upcoming'].slug}/themes/",
        f"/workshops/{hostile_site['past'].slug}/",
        "/workshops/past/",
        "/search/?q=Trust",
        "/blog/",
        "/",
    ]
    for path in pages:
        page.goto(f"{live_server.url}{path}")
        # Escaped, the payloads are text a reader can see.
        text = page.locator("main").inner_text()
        shown = any(part in text for part in ("<script>", "<svg", "onerror="))
        assert shown or path in ("/", "/blog/"), path
        assert page.dialogs == [], path
    assert_accessible(page)


@pytest.mark.parametrize("query", PAYLOADS[:8])
def test_search_results_for_a_hostile_query_run_none_of_it(page, live_server, hostile_site, query):
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("Search posts, workshops, resources and members").fill(query)
    page.get_by_label("Search posts, workshops, resources and members").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_label(
        "Search posts, workshops, resources and members"
    ).input_value() == " ".join(query.split())
    assert page.dialogs == []


def test_the_post_with_hostile_comments_stays_accessible(page, live_server, hostile_site, member):
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(f"{live_server.url}{hostile_site['post'].get_absolute_url()}")
    assert page.locator(".comment__text").count() >= len(PAYLOADS) // 2
    assert_accessible(page)
    page.goto(f"{live_server.url}/members/{hostile_site['author'].pk}/")
    assert_accessible(page)
