"""The co-design loop: case-study themes before, feedback and quotes after."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Expertise
from tests.conftest import client_for
from workshops import services
from workshops.models import Feedback, Registration, ThemeProposal, ThemeSupport, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def participants(workshop, make_user):
    people = [make_user() for _ in range(3)]
    for person in people:
        services.register(workshop=workshop, member=person)
    return people


def test_participants_propose_and_support_themes_once_each(workshop, participants):
    alice, bob, cara = participants
    themes_url = reverse("workshops:themes", args=[workshop.slug])
    client_for(alice).post(themes_url, {"text": "A discharge conversation that went wrong"})
    proposal = ThemeProposal.objects.get()
    support_url = reverse("workshops:support_theme", args=[workshop.slug, proposal.pk])
    client_for(bob).post(support_url)
    client_for(bob).post(support_url)  # a second support is refused quietly
    client_for(alice).post(support_url)  # authors do not support their own
    assert ThemeSupport.objects.filter(proposal=proposal).count() == 1
    html = client_for(cara).get(themes_url).content.decode()
    assert "A discharge conversation that went wrong" in html
    assert "1 supporter" in html


def test_theme_form_redisplays_with_error_and_input_kept(workshop, participants):
    response = client_for(participants[0]).post(
        reverse("workshops:themes", args=[workshop.slug]), {"text": "abc"}
    )
    assert response.status_code == 200
    assert "Describe the theme" in response.content.decode()
    assert "abc</textarea>" in response.content.decode()


def test_organisers_see_themes_ranked_and_mark_chosen_which_participants_then_see(
    workshop, participants, organiser
):
    alice, bob, cara = participants
    quiet = ThemeProposal.objects.create(workshop=workshop, author=alice, text="Quiet theme")
    popular = ThemeProposal.objects.create(workshop=workshop, author=alice, text="Popular theme")
    ThemeSupport.objects.create(proposal=popular, member=bob)
    ThemeSupport.objects.create(proposal=popular, member=cara)
    ThemeSupport.objects.create(proposal=quiet, member=bob)

    client = client_for(organiser)
    response = client.get(reverse("workshops:themes", args=[workshop.slug]))
    assert [p.text for p in response.context["proposals"]] == ["Popular theme", "Quiet theme"]
    assert [p.support_count for p in response.context["proposals"]] == [2, 1]

    client.post(reverse("workshops:choose_theme", args=[workshop.slug, quiet.pk]))
    html = client_for(cara).get(workshop.get_absolute_url()).content.decode()
    assert "Themes chosen for the live case study" in html
    assert "Quiet theme" in html
    assert "Popular theme" not in html


def test_themes_close_when_the_workshop_starts(make_workshop, make_user, network):
    workshop = make_workshop(start=timezone.now() + timedelta(hours=1))
    person = make_user()
    services.register(workshop=workshop, member=person)
    Workshop.objects.filter(pk=workshop.pk).update(start=timezone.now() - timedelta(minutes=1))
    response = client_for(person).post(
        reverse("workshops:themes", args=[workshop.slug]), {"text": "Too late a theme"}
    )
    assert response.status_code == 403


@pytest.fixture
def attended(make_workshop, make_user, network):
    workshop = make_workshop(
        start=timezone.now() - timedelta(days=2), status=Workshop.Status.COMPLETED
    )
    person = make_user(display_name="Joy Mensah", expertise=[Expertise.CARER])
    Registration.objects.create(
        workshop=workshop,
        member=person,
        status=Registration.Status.CONFIRMED,
        queue_number=1,
        attended=True,
    )
    return workshop, person


def _feedback(client, workshop, **fields):
    data = {
        "usefulness": "5",
        "what_worked": "The role-play",
        "what_to_change": "More time",
        "quote": "",
        "attribution": "anonymous",
        **fields,
    }
    return client.post(reverse("workshops:feedback", args=[workshop.slug]), data)


@pytest.mark.parametrize(
    ("attribution", "shown"),
    [("name", "Joy Mensah"), ("expertise", "A carer"), ("anonymous", "A workshop participant")],
)
def test_consented_quote_appears_once_approved_with_the_chosen_attribution(
    attribution, shown, attended, organiser, client
):
    workshop, person = attended
    _feedback(
        client_for(person),
        workshop,
        quote="We want more health professionals to be like that!",
        quote_consent="on",
        attribution=attribution,
    )
    item = Feedback.objects.get()
    assert item.attribution_text == shown
    assert (
        "more health professionals" not in client.get(workshop.get_absolute_url()).content.decode()
    )

    client_for(organiser).post(
        reverse("admin:workshops_feedback_changelist"),
        {"action": "approve_quotes", "_selected_action": [item.pk]},
    )
    for url in (workshop.get_absolute_url(), reverse("home"), reverse("workshops:past")):
        html = client.get(url).content.decode()
        assert "We want more health professionals to be like that!" in html
        assert shown in html


def test_quote_without_consent_is_refused_with_the_error_by_the_box(attended):
    workshop, person = attended
    response = _feedback(client_for(person), workshop, quote="Lovely day")
    assert response.status_code == 200
    assert "Tick the box to let us publish your quote" in response.content.decode()
    assert "Lovely day" in response.content.decode()
    assert not Feedback.objects.exists()


def test_withdrawing_consent_removes_the_quote_at_once(attended, organiser, client):
    workshop, person = attended
    _feedback(client_for(person), workshop, quote="Worth every minute", quote_consent="on")
    item = Feedback.objects.get()
    item.quote_approved_at = timezone.now()
    item.save()
    assert "Worth every minute" in client.get(workshop.get_absolute_url()).content.decode()

    client_for(person).post(reverse("workshops:withdraw_quote", args=[workshop.slug]))
    assert "Worth every minute" not in client.get(workshop.get_absolute_url()).content.decode()
    assert "Worth every minute" not in client.get(reverse("home")).content.decode()
    item.refresh_from_db()
    assert (item.quote, item.quote_consent, item.quote_approved_at) == ("", False, None)
    assert item.usefulness == 5  # the rest of the feedback is kept


def test_changing_a_published_quote_needs_approval_again(attended, client):
    workshop, person = attended
    _feedback(client_for(person), workshop, quote="First words", quote_consent="on")
    Feedback.objects.update(quote_approved_at=timezone.now())
    _feedback(client_for(person), workshop, quote="Second words", quote_consent="on")
    item = Feedback.objects.get()
    assert item.quote == "Second words"
    assert item.quote_approved_at is None
    assert "Second words" not in client.get(workshop.get_absolute_url()).content.decode()
