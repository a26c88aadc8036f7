"""The owner's view of the network and a member's contribution record in a real browser:
axe-clean at 360 px, nothing scrolls sideways, and the CSV downloads arrive."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from involvement.models import InvolvementRole, Offer, Rate
from members.models import Profile
from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD
from workshops.models import Feedback, Registration, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _a_little_history(member, make_user):
    start = timezone.now() - timedelta(days=40)
    workshop = Workshop.objects.create(
        title="Communicating about change",
        summary="Learning together.",
        start=start,
        end=start + timedelta(hours=2, minutes=30),
        venue_name="Oxford House",
        capacity=12,
        status=Workshop.Status.COMPLETED,
    )
    people = [member] + [make_user(expertise=["carer"]) for _ in range(3)]
    for n, person in enumerate(people, start=1):
        Profile.objects.filter(user=person).update(joined_at=start - timedelta(days=30 * n))
        Registration.objects.create(
            workshop=workshop,
            member=person,
            status=Registration.Status.CONFIRMED,
            queue_number=n,
            attended=n != 4,
        )
        Feedback.objects.create(workshop=workshop, member=person, usefulness=6 - n)
    applicant = make_user(state=Profile.State.PENDING)
    Profile.objects.filter(user=applicant).update(applied_at=timezone.now() - timedelta(days=9))
    Rate.objects.create(
        name="Browser hourly", unit=Rate.Unit.HOUR, amount=Decimal("25"), applies_from=start.date()
    )
    role, _ = InvolvementRole.objects.get_or_create(name="Browser test role")
    Offer.objects.create(workshop=workshop, role=role, rate_name="Browser hourly", units=3)


def test_the_overview_is_accessible_at_360px_with_its_downloads(
    page, live_server, network, owner, member, make_user
):
    _a_little_history(member, make_user)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, owner.email, PASSWORD)
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Overview of the network").click()
    page.wait_for_url(lambda url: url.endswith("/network/overview/"))
    assert page.get_by_role("heading", name="Overview of the network", level=1).is_visible()
    assert page.get_by_role("img", name="Members over time").is_visible()
    assert page.get_by_role(
        "img", name="Paid involvement per quarter: offered and paid"
    ).is_visible()
    assert_accessible(page)
    assert_fits_width(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download “Feedback ratings” as CSV").click()
    assert download.value.suggested_filename == "network-feedback.csv"
    text = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert text.splitlines()[:2] == ["Rating,People", "5 out of 5,1"]


def test_the_contribution_record_is_accessible_at_360px_and_downloads(
    page, live_server, network, member, make_user
):
    _a_little_history(member, make_user)
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, member.email, PASSWORD)
    page.goto(live_server.url + f"/members/{member.pk}/")
    page.get_by_role("link", name="Your contribution record").click()
    assert page.get_by_role("heading", name=f"Contribution record: {member}").is_visible()
    assert page.get_by_text("1 workshop, 2.50 hours in all").is_visible()
    assert_accessible(page)
    assert_fits_width(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV (spreadsheet)").click()
    text = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert "Communicating about change" in text
    assert "2.50" in text
