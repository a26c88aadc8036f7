"""Organisers see what attendees said: ratings, counts, comments, and the quotes they may
use; nobody else sees the summary."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from workshops import services
from workshops.models import Feedback, Registration, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(make_workshop, make_user, network):
    workshop = make_workshop(title="Listening well")
    people = [make_user() for _ in range(3)]
    for person in people:
        services.register(workshop=workshop, member=person)
    ended = timezone.now() - timedelta(days=1)
    Workshop.objects.filter(pk=workshop.pk).update(
        start=ended - timedelta(hours=2), end=ended, status="completed"
    )
    Registration.objects.update(attended=True)
    Feedback.objects.create(
        workshop=workshop,
        member=people[0],
        usefulness=5,
        what_worked="Hearing carers first.",
        quote="It changed how I run ward rounds.",
        quote_consent=True,
        attribution_text="A carer",
    )
    Feedback.objects.create(
        workshop=workshop, member=people[1], usefulness=4, what_to_change="More breaks."
    )
    return workshop


def test_organisers_see_counts_ratings_comments_and_quotable_quotes(answered, organiser):
    page = (
        client_for(organiser)
        .get(reverse("workshops:feedback_summary", args=[answered.slug]))
        .content.decode()
    )
    assert "<strong>2</strong> of 3 people who attended gave feedback" in page
    assert "Average usefulness: <strong>4.5 out of 5</strong>" in page
    assert "Hearing carers first." in page and "More breaks." in page
    assert "It changed how I run ward rounds." in page and "A carer" in page
    assert "(not yet approved)" in page


def test_members_cannot_see_the_summary(answered, member):
    response = client_for(member).get(reverse("workshops:feedback_summary", args=[answered.slug]))
    assert response.status_code == 403
