"""Every form a person can reach, fed the hostile corpus (tests/security/hostile.py):
never a 5xx; a form that re-displays shows the error and keeps the input,
escaped; every page that then shows what was stored shows it escaped."""

from datetime import timedelta
from itertools import count

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from members.models import Invitation, Profile
from network.blog.models import Post
from network.models import IssueReport
from tests.conftest import client_for
from tests.security.hostile import (
    CORPUS,
    FOR_STRUCTURED_FIELDS,
    PATHS,
    assert_answered,
    is_kept,
    shows_error,
    submit,
    workshop_admin_form,
)
from workshops.models import Feedback, Registration, ThemeProposal, Workshop

pytestmark = pytest.mark.django_db


def hammer(
    client, url, base, *, together=(), each=(), kept=None, ok=(302,), after=None, corpus=None
):
    """Send every payload: once in all `together` fields at the same time, then in
    each of the `each` fields alone; `base` (called with a fresh number) fills the
    rest validly. A response that is not a success (`ok`) must be the form again,
    with its error and (for `kept` fields) the input escaped. `after(response)`
    runs on each success, e.g. to look at the page showing what was stored."""
    numbers = count(1)
    kept = set(together if kept is None else kept)
    runs = [(tuple(together), CORPUS)] if together else []
    runs += [((name,), corpus or CORPUS) for name in each]
    successes = 0
    for fields, payloads in runs:
        for label, value in payloads:
            data = {**base(next(numbers)), **dict.fromkeys(fields, value)}
            response = submit(client, url, data)
            where = f"POST {url} {'+'.join(fields)} = {label}"
            assert_answered(response, where)
            if response.status_code in ok:
                successes += 1
                if after:
                    after(response, where)
                continue
            html = response.content.decode()
            assert shows_error(html), f"{where}: {response.status_code} without an error"
            for name in set(fields) & kept:
                if "\x00" not in value:
                    assert is_kept(value, html), f"{where}: {name} not kept"
    return successes


def get_ok(client, url, where=""):
    response = client.get(url)
    assert_answered(response, f"GET {url} {where}")
    return response


# --- Joining and one's profile -----------------------------------------------------------


def test_sign_up_survives_the_corpus(world):
    client = client_for(None)

    def base(n):
        return {
            "email": f"newcomer{n}@example.org",
            "password1": "a-long-and-unusual-passphrase-42",
            "password2": "a-long-and-unusual-passphrase-42",
            "display_name": f"Newcomer {n}",
            "expertise": ["carer"],
            "area": "hackney",
            "accept_terms": "on",
            "website_url": "",
        }

    def signed_up(response, where):
        client.logout()

    stored = hammer(
        client,
        reverse("account_signup"),
        base,
        together=["display_name", "pronouns", "expertise_other", "organisation", "topics",
                  "why_join"],
        each=["email", "area", "expertise", "password1"],
        kept=["display_name", "pronouns", "expertise_other", "organisation", "topics",
              "why_join", "email"],
        after=signed_up,
    )  # fmt: skip
    assert stored > 0
    # Organisers read applicants' answers on the pending list, page after page.
    organiser = client_for(world.people["organiser"])
    pages = Profile.objects.pending().count() // 20 + 1
    for page in range(1, pages + 1):
        get_ok(organiser, f"{reverse('members:pending')}?page={page}")
    for user in get_user_model().objects.filter(email__startswith="newcomer")[:60]:
        get_ok(organiser, reverse("members:profile", args=[user.pk]))


def test_profile_edit_survives_the_corpus(world):
    member = world.people["member"]
    client = client_for(member)
    reader = client_for(world.people["organiser"])
    everyone = "everyone"

    def base(n):
        return {
            "display_name": "Maya Member",
            "expertise": ["carer"],
            "area": "hackney",
            "expertise_visibility": everyone,
            "organisation_visibility": everyone,
            "area_visibility": everyone,
            "bio_visibility": everyone,
            "website_visibility": everyone,
        }

    def shown(response, where):
        get_ok(reader, reverse("members:profile", args=[member.pk]), where)
        get_ok(client_for(None), reverse("members:profile", args=[member.pk]), where)
        get_ok(reader, reverse("members:directory"), where)

    hammer(
        client,
        reverse("members:edit_profile"),
        base,
        together=["display_name", "pronouns", "expertise_other", "organisation", "topics", "bio"],
        each=["website", "area", "expertise", "bio_visibility"],
        kept=["pronouns", "expertise_other", "organisation", "topics", "bio", "website"],
        after=shown,
    )


def test_directory_and_search_survive_the_corpus(world):
    reader = client_for(world.people["member"])
    for label, value in CORPUS:
        for params in (
            {"q": value},
            {"q": "a", "expertise": value, "area": value, "page": value},
        ):
            for url in (reverse("members:directory"), reverse("search")):
                response = reader.get(url, params)
                assert_answered(response, f"GET {url} {label}")
                html = response.content.decode()
                if params["q"] == value and len(value) < 100 and "\x00" not in value:
                    # The search box shows what was searched for (white space
                    # tidied), or the filter form says what is wrong with it.
                    tidied = " ".join(value.split())
                    assert is_kept(value, html) or is_kept(tidied, html) or shows_error(html), (
                        f"GET {url} {label}"
                    )


def test_list_filters_survive_the_corpus(world):
    visitor = client_for(None)
    for label, value in CORPUS:
        for url, params in (
            (reverse("blog_list"), {"tag": value}),
            (reverse("blog_list"), {"author": value, "page": value}),
            (reverse("workshops:list"), {"format": value, "area": value, "online": value}),
            (reverse("workshops:past"), {"page": value}),
            (reverse("report"), {"page": value}),
            (reverse("blog_post", args=[world.post.slug]), {"cpage": value}),
        ):
            assert_answered(visitor.get(url, params), f"GET {url} {label}")


def test_addresses_with_bytes_that_are_not_utf8_are_answered(world):
    for role in ("visitor", "member", "organiser"):
        client = client_for(world.people[role])
        for path in PATHS:
            response = client.get(path)
            assert_answered(response, f"{role} GET {path}")


# --- Comments ----------------------------------------------------------------------------


def test_comments_and_replies_survive_the_corpus(world):
    client = client_for(world.people["member"])
    post_url = reverse("blog_post", args=[world.post.slug])

    hammer(
        client,
        reverse("blog_comment", args=[world.post.slug]),
        lambda n: {},
        together=["comment"],
    )
    hammer(
        client,
        reverse("blog_comment_reply", args=[world.hidden_comment.pk]),
        lambda n: {},
        together=["comment"],
    )
    assert XtdComment.objects.count() > 40
    for viewer in ("visitor", "member", "organiser"):
        reader = client_for(world.people[viewer])
        for page in range(1, 6):
            get_ok(reader, f"{post_url}?cpage={page}", viewer)
    # Comments also show on their authors' profiles.
    get_ok(client, reverse("members:profile", args=[world.people["member"].pk]))


def test_comment_reports_survive_the_corpus(world):
    client = client_for(world.people["member"])
    hammer(
        client,
        reverse("blog_comment_report", args=[world.hidden_comment.pk]),
        lambda n: {"category": "spam"},
        together=["description"],
        each=["category"],
        ok=(200,),
    )


def test_report_an_issue_survives_the_corpus(world):
    hammer(
        client_for(None),
        reverse("report"),
        lambda n: {"category": "broken", "description": "Something broke.", "website_url": ""},
        together=["description", "reporter_name"],
        each=["page_url", "reporter_email", "category", "website_url"],
        kept=["description", "reporter_name", "page_url", "reporter_email"],
    )
    assert IssueReport.objects.count() > 20
    organiser = client_for(world.people["organiser"])
    get_ok(organiser, reverse("admin:network_issuereport_changelist"))
    for issue in IssueReport.objects.all()[:60]:
        get_ok(organiser, reverse("admin:network_issuereport_change", args=[issue.pk]))


# --- Workshops ---------------------------------------------------------------------------


def test_workshop_registration_with_access_needs_survives_the_corpus(world):
    member = world.people["member"]
    hammer(
        client_for(member),
        reverse("workshops:register", args=[world.upcoming.slug]),
        lambda n: {"access_needs": ["other"]},
        together=["access_needs_other"],
        each=["access_needs"],
        kept=["access_needs_other"],
    )
    registration = Registration.objects.get(workshop=world.upcoming, member=member)
    assert registration.status == Registration.Status.CONFIRMED
    organiser = client_for(world.people["organiser"])
    get_ok(organiser, reverse("workshops:attendees", args=[world.upcoming.slug]))
    get_ok(organiser, reverse("workshops:attendees_csv", args=[world.upcoming.slug]))


def test_theme_proposals_survive_the_corpus(world):
    client = client_for(world.people["member"])
    themes_url = reverse("workshops:themes", args=[world.upcoming.slug])
    hammer(client, themes_url, lambda n: {"website_url": ""}, together=["text"])
    assert ThemeProposal.objects.count() > 20
    get_ok(client, themes_url)
    ThemeProposal.objects.update(chosen=True)
    get_ok(client, reverse("workshops:detail", args=[world.upcoming.slug]))


def test_workshop_feedback_survives_the_corpus(world):
    client = client_for(world.people["member"])

    def published(response, where):
        Feedback.objects.filter(quote_consent=True).update(quote_approved_at=timezone.now())
        get_ok(client_for(None), reverse("workshops:detail", args=[world.past.slug]), where)
        get_ok(client_for(None), reverse("workshops:past"), where)

    hammer(
        client,
        reverse("workshops:feedback", args=[world.past.slug]),
        lambda n: {
            "usefulness": "4",
            "attribution": "name",
            "quote_consent": "on",
            "what_worked": "The theatre.",
            "website_url": "",
        },
        together=["what_worked", "what_to_change", "quote"],
        each=["usefulness", "attribution"],
        after=published,
    )


# --- Invitations, broadcasts, moderation -------------------------------------------------


def test_invitations_survive_the_corpus(world):
    client = client_for(world.people["member"])
    invite_url = reverse("members:invite")
    hammer(
        client,
        invite_url,
        lambda n: {"email": f"friend{n}@example.org"},
        together=["message"],
        each=["email"],
    )
    assert Invitation.objects.count() > 20
    get_ok(client, invite_url)


def test_broadcasts_survive_the_corpus(world):
    client = client_for(world.people["organiser"])
    url = reverse("members:broadcast")
    base = {"subject": "News", "body": "Hello everyone."}
    # The preview re-displays the message (200); sending it redirects.
    hammer(client, url, lambda n: base, together=["subject", "body"],
           each=["expertise", "area"], ok=(200,))  # fmt: skip
    hammer(client, url, lambda n: {**base, "send": "1"}, together=["subject", "body"])


def test_moderation_forms_survive_the_corpus(world):
    client = client_for(world.people["organiser"])
    url = reverse("members:moderate", args=[world.hidden.pk])

    def reinstate(response, where):
        assert client.post(url, {"action": "reinstate", "reason": "Corpus run."}).status_code == 302

    hammer(
        client,
        url,
        lambda n: {"action": "suspend", "reason": "Spam."},
        together=["reason"],
        each=["until", "action"],
        ok=(302, 403),
        after=reinstate,
    )
    get_ok(client, reverse("members:moderate", args=[world.hidden.pk]))
    get_ok(client_for(world.hidden), reverse("members:status"))


# --- Organisers' admin forms -------------------------------------------------------------


def test_admin_post_form_survives_the_corpus(world):
    organiser = world.people["organiser"]
    client = client_for(organiser)
    now = timezone.localtime()

    def base(n):
        return {
            "title": f"Hostile post {n}",
            "slug": f"hostile-post-{n}",
            "authors": [organiser.pk],
            "body": "A body.",
            "status": Post.Status.PUBLISHED,
            "publish_at_0": now.strftime("%Y-%m-%d"),
            "publish_at_1": (now - timedelta(minutes=5)).strftime("%H:%M:%S"),
            "comments_open": "on",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
            "attachments-MIN_NUM_FORMS": "0",
            "attachments-MAX_NUM_FORMS": "1000",
        }

    def shown(response, where):
        post = Post.objects.order_by("-pk").first()
        get_ok(client_for(None), post.get_absolute_url(), where)

    stored = hammer(
        client,
        reverse("admin:blog_post_add"),
        base,
        together=["body", "excerpt", "cover_alt"],
        each=["title", "slug", "status", "publish_at_0", "publish_at_1", "authors"],
        kept=[],
        after=shown,
        corpus=FOR_STRUCTURED_FIELDS,
    )
    assert stored > 20
    get_ok(client_for(None), reverse("blog_list"))
    get_ok(client_for(None), reverse("blog_feed_rss"))
    get_ok(client, reverse("admin:blog_post_changelist"))
    post = Post.objects.order_by("-pk").first()
    hammer(
        client,
        reverse("admin:blog_post_change", args=[post.pk]),
        lambda n: {**base(n), "slug": post.slug},
        together=["body"],
        kept=[],
        after=shown,
    )


def test_admin_workshop_form_survives_the_corpus(world):
    organiser = world.people["organiser"]
    client = client_for(organiser)

    def base(n):
        return workshop_admin_form(f"hostile-{n}")

    def shown(response, where):
        workshop = Workshop.objects.order_by("-pk").first()
        get_ok(client_for(None), workshop.get_absolute_url(), where)

    stored = hammer(
        client,
        reverse("admin:workshops_workshop_add"),
        base,
        together=["title", "summary", "description", "outcomes", "venue_name", "venue_address",
                  "accessibility_notes", "guest_facilitators", "partners", "cover_image_alt"],
        each=["slug", "capacity", "reserved_places", "start_0", "start_1", "end_1",
              "joining_link", "borough", "format", "facilitators"],
        kept=[],
        after=shown,
        corpus=FOR_STRUCTURED_FIELDS,
    )  # fmt: skip
    assert stored > 20
    get_ok(client_for(None), reverse("workshops:list"))
    get_ok(client_for(None), reverse("workshops:upcoming_ics"))
    get_ok(client, reverse("admin:workshops_workshop_changelist"))
