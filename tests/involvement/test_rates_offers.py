"""Part 1 of paid involvement: the owner's rate table, roles, and organisers' offers."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from involvement.models import InvolvementRole, Offer, Rate
from tests.conftest import client_for


def test_demo_rates_and_roles_are_seeded_and_labelled_as_demo(db):
    hourly = Rate.current("Public contributor, hourly")
    assert hourly.amount == Decimal("25.00")
    assert hourly.demo
    assert InvolvementRole.objects.filter(name="Co-facilitator").exists()


def test_a_rate_change_is_a_new_row_and_earlier_workshops_keep_the_old_rate(make_workshop, network):
    role = InvolvementRole.objects.get(name="Panel member")
    Rate.objects.create(
        name="Panel, hourly",
        unit=Rate.Unit.HOUR,
        amount=Decimal("20.00"),
        applies_from=date(2025, 1, 1),
    )
    today = timezone.localdate()
    Rate.objects.create(
        name="Panel, hourly", unit=Rate.Unit.HOUR, amount=Decimal("27.50"), applies_from=today
    )
    earlier = make_workshop(start=timezone.now() - timedelta(days=30))
    later = make_workshop(start=timezone.now() + timedelta(days=7))
    old = Offer.objects.create(
        workshop=earlier, role=role, rate_name="Panel, hourly", units=Decimal("3")
    )
    new = Offer.objects.create(
        workshop=later, role=role, rate_name="Panel, hourly", units=Decimal("3")
    )
    assert old.amount() == Decimal("60.00")
    assert new.amount() == Decimal("82.50")


def test_the_owner_adds_a_rate_in_the_admin_but_an_organiser_cannot(owner, organiser):
    data = {
        "name": "Public contributor, hourly",
        "unit": "hour",
        "amount": "27.00",
        "applies_from": "2026-04-01",
    }
    assert (
        client_for(organiser).post(reverse("admin:involvement_rate_add"), data).status_code == 403
    )
    response = client_for(owner).post(reverse("admin:involvement_rate_add"), data)
    assert response.status_code == 302
    assert Rate.current("Public contributor, hourly", on=date(2026, 4, 2)).amount == Decimal(
        "27.00"
    )
    # The earlier row stays as it was.
    assert Rate.current("Public contributor, hourly", on=date(2025, 4, 2)).amount == Decimal(
        "25.00"
    )


def test_an_organiser_offers_paid_places_and_an_unknown_rate_is_refused(organiser, workshop):
    role = InvolvementRole.objects.get(name="Co-facilitator")
    admin = client_for(organiser)
    add = reverse("admin:involvement_offer_add")
    refused = admin.post(
        add, {"workshop": workshop.pk, "role": role.pk, "rate_name": "No such rate", "units": "3"}
    )
    assert "There is no rate with this name" in refused.content.decode()
    admin.post(
        add,
        {
            "workshop": workshop.pk,
            "role": role.pk,
            "rate_name": "Public contributor, hourly",
            "units": "3",
            "who": "attendees",
        },
    )
    offer = Offer.objects.get()
    assert offer.created_by == organiser
    assert offer.amount() == Decimal("75.00")
