"""A participant's claim in real Chromium at 360 px: from the workshop page to the claims
page, a claim made as a voucher, a hostile receipt refused, a travel expense with a real
receipt added, and no axe violations on any of these pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from involvement.models import Claim, Expense, InvolvementRole, Offer, Rate
from tests.browser.conftest import assert_accessible, assert_fits_width, sign_in
from tests.conftest import PASSWORD
from tests.library.conftest import pdf_bytes
from workshops.models import Registration, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paid_panel(settings, tmp_path, network, member):
    settings.MEDIA_ROOT = tmp_path
    # A transaction test starts from an empty database: the rate and role are ours.
    Rate.objects.get_or_create(
        name="Panel, half day",
        applies_from=date(2024, 4, 1),
        defaults={"unit": Rate.Unit.HALF_DAY, "amount": Decimal("75.00")},
    )
    role, _ = InvolvementRole.objects.get_or_create(name="Panel member")
    start = timezone.now() - timedelta(days=3)
    workshop = Workshop.objects.create(
        title="Review panel: the discharge leaflet",
        summary="People with lived experience review a draft.",
        start=start,
        end=start + timedelta(hours=3),
        venue_name="Oxford House",
        capacity=8,
        status=Workshop.Status.COMPLETED,
    )
    Registration.objects.create(
        workshop=workshop,
        member=member,
        status=Registration.Status.CONFIRMED,
        queue_number=1,
        attended=True,
    )
    Offer.objects.create(workshop=workshop, role=role, rate_name="Panel, half day")
    return workshop


def test_a_participant_claims_a_voucher_and_travel_with_a_receipt_at_360px(
    page, live_server, member, paid_panel, tmp_path
):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, member.email, PASSWORD)

    page.goto(f"{live_server.url}{paid_panel.get_absolute_url()}")
    page.get_by_role("link", name="Claim your payment and expenses").click()
    assert page.get_by_role("heading", name="Payments and expenses", level=1).is_visible()
    assert page.get_by_text("£75.00").is_visible()
    assert page.get_by_role("link", name="Citizens Advice: benefits").is_visible()
    assert_accessible(page)
    assert_fits_width(page, 360)

    page.get_by_label("A voucher").check()
    page.get_by_role("button", name="Claim", exact=True).click()
    assert page.get_by_role("heading", name="Claim PI-").is_visible()
    assert_accessible(page)
    assert_fits_width(page, 360)

    hostile = tmp_path / "ticket.pdf"
    hostile.write_bytes(b"<html><script>alert(1)</script></html>")
    page.get_by_label("Travel").check()
    page.get_by_label("Description").fill("Return bus fare")
    page.get_by_label("Amount in pounds").fill("3.50")
    page.set_input_files("#id_expense-receipt", str(hostile))
    page.get_by_role("button", name="Add this expense").click()
    assert page.title().startswith("Error: ")
    assert page.get_by_text("not by its name").first.is_visible()
    assert_accessible(page)
    assert_fits_width(page, 360)

    ticket = tmp_path / "ticket-real.pdf"
    ticket.write_bytes(pdf_bytes("Return ticket"))
    page.set_input_files("#id_expense-receipt", str(ticket))
    page.get_by_role("button", name="Add this expense").click()
    assert page.get_by_text("The expense is added.").is_visible()
    assert page.get_by_role("link", name="Receipt for Return bus fare").is_visible()
    assert_accessible(page)
    assert_fits_width(page, 360)

    claim = Claim.objects.get()
    assert (claim.choice, claim.fee) == ("voucher", Decimal("75.00"))
    assert Expense.objects.get().amount == Decimal("3.50")

    page.goto(f"{live_server.url}/involvement/claims/")
    assert page.get_by_text("£75.00 as a voucher").is_visible()
    assert_accessible(page)
    assert_fits_width(page, 360)


def test_an_organiser_approves_and_exports_in_the_admin_with_no_axe_violations(
    page, live_server, member, organiser, paid_panel
):
    from involvement import services

    claim = services.make_claim(
        offer=Offer.objects.get(), member=member, choice=Claim.Choice.PAYMENT
    )
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, live_server, organiser.email, PASSWORD)
    page.goto(f"{live_server.url}{paid_panel.get_absolute_url()}")
    page.get_by_role("link", name="Payment and expense claims for this workshop").click()
    page.wait_for_url(f"**/admin/involvement/claim/?workshop__id__exact={paid_panel.pk}")
    assert page.get_by_text(claim.reference).first.is_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/admin/involvement/claim/{claim.pk}/change/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/involvement/claim/")
    page.locator(f"input[name=_selected_action][value='{claim.pk}']").check()
    page.select_option("select[name=action]", "approve_claims")
    page.get_by_role("button", name="Go").click()
    assert page.get_by_role("heading", name="Approve 1 claim(s)?").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve and e-mail the claimants").click()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED

    page.get_by_role("link", name="Export approved claims for finance").click()
    assert page.get_by_text("1 approved claim, £75.00").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export 1 claim and mark them as sent").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    claim.refresh_from_db()
    assert claim.exported_in is not None
