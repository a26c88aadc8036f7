"""Claims in the member's data download, erasure (financial records kept, personal
details minimised), the six-year retention, the privacy page and the demo."""

import io
import json
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from involvement import gdpr, services
from involvement.demo import seed_involvement
from involvement.models import Claim, ClaimEvent, Expense
from tests.conftest import PASSWORD, client_for
from tests.involvement.conftest import pdf_upload


def _claim_with_receipt(offer, person, organiser, *, approve: bool):
    claim = services.make_claim(offer=offer, member=person, choice="payment")
    services.add_expense(
        claim=claim,
        by=person,
        kind="care",
        description="Childcare for my son Jamie",
        amount=Decimal("24.00"),
        receipt=pdf_upload(),
    )
    services.query(claims=[claim], by=organiser, message="Which nursery, Jamie's?")
    services.answer(claim=claim, by=person, message="Little Stars nursery")
    if approve:
        services.approve(claims=[claim], by=organiser)
    return claim


def test_claims_and_receipts_are_in_the_members_data_download(
    offer, panel, attend, member, organiser, make_user
):
    attend(panel, member)
    claim = _claim_with_receipt(offer, member, organiser, approve=True)
    other = make_user(display_name="Ola Other")
    attend(panel, other)
    services.make_claim(offer=offer, member=other, choice="voucher")

    archive = zipfile.ZipFile(
        io.BytesIO(client_for(member).get("/members/me/data/download/").content)
    )
    data = json.loads(archive.read("my-data.json"))
    (exported,) = data["involvement"]["claims"]
    assert exported["reference"] == claim.reference
    assert exported["fee"] == "80.00"
    assert exported["choice"] == "Payment"
    assert exported["expenses"] == [
        {
            "kind": "Carer or childcare cover",
            "description": "Childcare for my son Jamie",
            "amount": "24.00",
            "receipt": f"files/receipts/{claim.reference}-receipt-{Expense.objects.get().pk}.pdf",
        }
    ]
    # The receipt itself is in the zip, where the record says.
    receipt = archive.read(exported["expenses"][0]["receipt"])
    assert receipt.startswith(b"%PDF-")
    assert [n for n in archive.namelist() if n.startswith("files/")] == [
        exported["expenses"][0]["receipt"]
    ]
    assert [event["what"] for event in exported["history"]] == [
        "Claim made",
        "Expense added",
        "Question from the organisers",
        "Answered and sent back",
        "Approved",
    ]
    assert "Ola Other" not in json.dumps(data)
    assert claim.reference in archive.read("my-data.html").decode()


def test_erasure_keeps_approved_claims_minimised_and_deletes_the_rest(
    offer, panel, make_workshop, attend, member, organiser, django_capture_on_commit_callbacks
):
    attend(panel, member)
    kept = _claim_with_receipt(offer, member, organiser, approve=True)
    receipt_path = Path(Expense.objects.get(claim=kept).receipt.path)
    other_workshop = make_workshop(start=panel.start, title="Another panel")
    attend(other_workshop, member)
    second_offer = type(offer).objects.create(
        workshop=other_workshop, role=offer.role, rate_name=offer.rate_name
    )
    dropped = _claim_with_receipt(second_offer, member, organiser, approve=False)
    dropped_receipt = Path(Expense.objects.get(claim=dropped).receipt.path)

    # Receipts leave storage once the erasure commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post("/members/me/delete/", {"password": PASSWORD})
    assert response.status_code == 302

    # The approved claim stays for the finance records, with its figures and receipt.
    claim = Claim.objects.get()
    assert claim.pk == kept.pk
    assert (claim.fee, claim.status, claim.erased_at is not None) == (
        Decimal("80.00"),
        "approved",
        True,
    )
    assert str(claim.member) == "Former member"
    expense = claim.expenses.get()
    assert expense.amount == Decimal("24.00")
    assert "Jamie" not in expense.description
    assert receipt_path.exists()
    assert not ClaimEvent.objects.exclude(message="").exists()
    assert ClaimEvent.objects.filter(claim=claim, action="erased").exists()
    # The claim never approved is gone, receipt and all.
    assert not Claim.objects.filter(pk=dropped.pk).exists()
    assert not dropped_receipt.exists()


def test_claims_are_deleted_six_years_after_their_tax_year(offer, panel, attend, member, organiser):
    attend(panel, member)
    claim = _claim_with_receipt(offer, member, organiser, approve=True)
    Claim.objects.filter(pk=claim.pk).update(day=date(2019, 4, 5))  # tax year 2018 to 2019
    assert gdpr.retention_ends(date(2019, 4, 5)) == date(2025, 4, 6)
    assert gdpr.purge_expired(today=date(2025, 4, 5)) == 0
    assert gdpr.purge_expired(today=date(2025, 4, 6)) == 1
    assert not Claim.objects.exists() and not Expense.objects.exists()


def test_the_privacy_page_says_how_long_payment_records_are_kept(client, network):
    page = client.get(reverse("privacy")).content.decode()
    assert "Payment and expense claims" in page
    assert "six years after the end of the tax year" in page


def test_the_account_menu_links_to_payments_and_expenses(member, network):
    page = client_for(member).get(reverse("members:your_data")).content.decode()
    assert '<a href="/involvement/claims/">Payments and expenses</a>' in page


def test_the_demo_gives_the_demo_member_a_claim_to_make_and_an_approved_one(
    member, organiser, network
):
    users = {"member": member, "organiser": organiser}
    seed_involvement(io.StringIO(), users)
    seed_involvement(io.StringIO(), users)  # idempotent
    (approved,) = Claim.objects.filter(member=member)
    assert approved.status == "approved" and approved.total == Decimal("78.50")
    (claimable,) = services.claimable_offers(member)
    assert claimable.amount_on_day == Decimal("75.00")
    assert ("paid involvement", "involvement.demo.seed_involvement") in settings.DEMO_SEEDERS


def test_the_overview_shows_what_approved_claims_paid_beside_what_was_offered(
    offer, panel, attend, make_user, organiser, owner
):
    from involvement.overview import offers_chart, quarter_of

    people = [make_user() for _ in range(4)]
    for person in people:
        attend(panel, person)
    paid = services.make_claim(offer=offer, member=people[0], choice="payment")
    services.add_expense(
        claim=paid, by=people[0], kind="travel", description="Train", amount=Decimal("12.40")
    )
    voucher = services.make_claim(offer=offer, member=people[1], choice="voucher")
    declined = services.make_claim(offer=offer, member=people[2], choice="decline")
    services.add_expense(
        claim=declined, by=people[2], kind="care", description="Cover", amount=Decimal("30.00")
    )
    services.make_claim(offer=offer, member=people[3], choice="payment")  # not approved
    services.approve(claims=[paid, voucher, declined], by=organiser)

    chart = offers_chart()
    quarter = quarter_of(offer.day())
    # Offered: one place at £80; paid: £80 + £12.40, a £80 voucher, £30 of expenses.
    assert dict(chart.rows) == {quarter: [Decimal("80.00"), Decimal("202.40")]}
    page = client_for(owner).get("/network/overview/").content.decode()
    assert "Paid (£, approved claims)" in page and "£202.40" in page


def test_the_contribution_record_lists_the_involvement_roles_held(
    offer, panel, attend, member, organiser
):
    attend(panel, member)
    services.make_claim(offer=offer, member=member, choice="decline")  # still a role held
    page = client_for(member).get(f"/members/{member.pk}/contributions/").content.decode()
    assert "Involvement roles" in page
    assert offer.role.name in page
    assert panel.title in page
    csv_text = client_for(member).get(f"/members/{member.pk}/contributions.csv").content.decode()
    assert offer.role.name in csv_text
