"""Paid involvement fixtures: a workshop that took place, paid for panel members, and
files to upload as receipts."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from involvement.models import InvolvementRole, Offer, Rate
from tests.library.conftest import pdf_bytes
from tests.workshops.conftest import workshop  # noqa: F401
from workshops.models import Registration, Workshop

PANEL_RATE = "Panel, half day"


def png_upload(name="receipt.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name="ticket.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes("Return ticket"), content_type="application/pdf")


@pytest.fixture
def panel_rate(db):
    return Rate.objects.create(
        name=PANEL_RATE,
        unit=Rate.Unit.HALF_DAY,
        amount=Decimal("80.00"),
        applies_from=timezone.localdate() - timedelta(days=60),
    )


@pytest.fixture
def panel(make_workshop, network):  # noqa: F811 (the fixture imported above)
    """A panel that met two days ago."""
    return make_workshop(
        title="Review panel",
        start=timezone.now() - timedelta(days=2),
        status=Workshop.Status.COMPLETED,
    )


@pytest.fixture
def offer(panel, panel_rate, organiser):
    return Offer.objects.create(
        workshop=panel,
        role=InvolvementRole.objects.get(name="Panel member"),
        rate_name=PANEL_RATE,
        units=Decimal("1"),
        created_by=organiser,
    )


@pytest.fixture
def attend():
    """attend(workshop, person): a confirmed place, marked as attended."""
    counter = {"n": 0}

    def mark(where, person, attended=True):
        counter["n"] += 1
        return Registration.objects.create(
            workshop=where,
            member=person,
            status=Registration.Status.CONFIRMED,
            queue_number=counter["n"],
            attended=attended,
        )

    return mark
