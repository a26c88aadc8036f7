"""Certificates of attendance: a PDF that opens and names the attendee, the workshop, its
date, hours and facilitators and the network; only for people marked as attended."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import client_for
from workshops import services
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_workshop(make_workshop, make_user, network):
    start = timezone.now() - timedelta(days=3)
    workshop = make_workshop(
        title="Co-producing discharge plans",
        start=timezone.now() + timedelta(days=1),
        guest_facilitators="Dr Aoife Ní Bhriain",
    )
    facilitator = make_user(display_name="Kwame Mensah")
    workshop.facilitators.add(facilitator)
    attendee, absent = make_user(display_name="Seán Ó Briain"), make_user()
    services.register(workshop=workshop, member=attendee)
    services.register(workshop=workshop, member=absent)
    Workshop.objects.filter(pk=workshop.pk).update(
        start=start, end=start + timedelta(hours=2, minutes=30), status="completed"
    )
    Registration.objects.filter(member=attendee).update(attended=True)
    workshop.refresh_from_db()
    return workshop, attendee, absent


def test_an_attendee_downloads_a_certificate_that_opens_and_names_them(past_workshop, network):
    workshop, attendee, _ = past_workshop
    client = client_for(attendee)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Download your certificate of attendance (PDF)" in page

    response = client.get(reverse("workshops:certificate", args=[workshop.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    text = " ".join(text.split())
    assert len(reader.pages) == 1
    assert "Certificate of attendance" in text
    assert "Seán Ó Briain" in text
    assert "Co-producing discharge plans" in text
    assert "2 hours 30 minutes" in text
    assert "Kwame Mensah" in text and "Dr Aoife Ní Bhriain" in text
    assert network.name in text


def test_people_not_marked_as_attended_are_told_why_there_is_no_certificate(past_workshop):
    workshop, _, absent = past_workshop
    client = client_for(absent)
    assert "certificate" not in client.get(workshop.get_absolute_url()).content.decode()
    response = client.get(reverse("workshops:certificate", args=[workshop.slug]))
    assert response.status_code == 403
    assert "ask the organisers to mark your attendance" in response.content.decode()


def test_visitors_are_sent_to_sign_in(past_workshop, client):
    workshop, *_ = past_workshop
    response = client.get(reverse("workshops:certificate", args=[workshop.slug]))
    assert response.status_code == 302
    assert "login" in response["Location"]
