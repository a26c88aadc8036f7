"""Who may claim what, receipts checked by content, who sees claims and receipts, and
the claims page's queries."""

import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from involvement import services
from involvement.models import Claim, Expense, InvolvementRole, Offer
from tests.conftest import client_for
from tests.involvement.conftest import PANEL_RATE, pdf_upload, png_upload
from workshops.models import Session, SessionPlace, Workshop

CLAIMS = "/involvement/claims/"


def claim_for(offer, person, choice="payment"):
    return services.make_claim(offer=offer, member=person, choice=choice)


def post_expense(client, claim, **fields):
    data = {
        "expense-kind": "travel",
        "expense-description": "Bus",
        "expense-amount": "4.20",
        **{f"expense-{name}": value for name, value in fields.items()},
    }
    return client.post(reverse("involvement:add_expense", args=[claim.pk]), data)


# --- Who may claim ------------------------------------------------------------------------------


def test_only_people_marked_as_attended_see_the_offer_and_may_claim_it(
    offer, panel, attend, member, make_user
):
    absent = make_user()
    attend(panel, absent, attended=False)
    page = client_for(absent).get(CLAIMS).content.decode()
    assert "Review panel" not in page and "Nothing to claim just now." in page
    refused = client_for(absent).post(
        reverse("involvement:make_claim", args=[offer.pk]), {f"offer-{offer.pk}-choice": "payment"}
    )
    assert refused.status_code == 400
    assert "ask the organisers to mark you as having attended" in refused.content.decode()
    assert Claim.objects.count() == 0

    attend(panel, member)
    assert "Review panel" in client_for(member).get(CLAIMS).content.decode()


def test_an_offer_for_named_people_is_claimable_by_them_alone(offer, panel, attend, make_user):
    named, other = make_user(), make_user()
    attend(panel, named)
    attend(panel, other)
    offer.who = Offer.Who.NAMED
    offer.save()
    offer.people.add(named)
    assert list(services.eligible_offers(named)) == [offer]
    assert list(services.eligible_offers(other)) == []


def test_an_offer_on_one_session_of_a_series_is_for_those_at_that_session(
    make_workshop, network, panel_rate, make_user
):
    start = timezone.now() - timedelta(days=20)
    series = make_workshop(
        format=Workshop.Format.SERIES,
        series_registration=Workshop.SeriesRegistration.PER_SESSION,
        start=start,
    )
    first, second = (
        Session.objects.create(
            workshop=series,
            start=start + timedelta(days=7 * n),
            end=start + timedelta(days=7 * n, hours=2),
        )
        for n in range(2)
    )
    there, elsewhere = make_user(), make_user()
    SessionPlace.objects.create(
        session=second, member=there, status="confirmed", queue_number=1, attended=True
    )
    SessionPlace.objects.create(
        session=first, member=elsewhere, status="confirmed", queue_number=2, attended=True
    )
    offer = Offer.objects.create(
        workshop=series,
        session=second,
        role=InvolvementRole.objects.get(name="Panel member"),
        rate_name=PANEL_RATE,
    )
    assert list(services.eligible_offers(there)) == [offer]
    assert list(services.eligible_offers(elsewhere)) == []
    claim = claim_for(offer, there)
    assert claim.day == timezone.localdate(second.start)
    assert claim.fee == Decimal("80.00")


def test_an_offer_is_claimed_once(offer, panel, attend, member):
    attend(panel, member)
    claim_for(offer, member)
    with pytest.raises(services.ClaimError, match="already claimed"):
        claim_for(offer, member, choice="voucher")
    assert "Nothing to claim just now." in client_for(member).get(CLAIMS).content.decode()


def test_a_claim_can_be_changed_until_it_is_approved(offer, panel, attend, member, organiser):
    attend(panel, member)
    claim = claim_for(offer, member)
    client = client_for(member)
    client.post(reverse("involvement:change_choice", args=[claim.pk]), {"choice-choice": "voucher"})
    claim.refresh_from_db()
    assert claim.choice == "voucher"
    services.approve(claims=[claim], by=organiser)
    refused = post_expense(client, claim)
    assert refused.status_code == 400
    assert "can no longer be changed" in refused.content.decode()
    assert Expense.objects.count() == 0


# --- Receipts: checked by content ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("receipt.pdf", b"This is only text, whatever its name says."),
        ("receipt.png", b"<html><script>alert(1)</script></html>"),
        ("receipt.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_a_receipt_that_is_not_an_image_or_a_pdf_by_content_is_refused(
    name, content, offer, panel, attend, member
):
    attend(panel, member)
    claim = claim_for(offer, member)
    response = post_expense(
        client_for(member), claim, receipt=SimpleUploadedFile(name, content, "application/pdf")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Please upload a photo (JPEG, PNG or WebP) or a PDF of the receipt." in page
    assert Expense.objects.count() == 0


def test_a_pdf_or_a_photo_receipt_is_kept(offer, panel, attend, member):
    attend(panel, member)
    claim = claim_for(offer, member)
    client = client_for(member)
    assert post_expense(client, claim, receipt=pdf_upload()).status_code == 302
    assert post_expense(client, claim, receipt=png_upload()).status_code == 302
    names = sorted(e.receipt.name.rsplit("/", 1)[-1] for e in Expense.objects.all())
    assert names == ["receipt.pdf", "receipt.png"]


# --- Who sees claims and receipts ---------------------------------------------------------------


@pytest.fixture
def receipt(offer, panel, attend, make_user):
    claimant = make_user(display_name="Cam Claimant")
    attend(panel, claimant)
    claim = claim_for(offer, claimant)
    post_expense(client_for(claimant), claim, receipt=pdf_upload())
    return Expense.objects.get()


def test_a_non_organiser_gets_403_on_the_claims_admin_the_export_and_others_receipts(
    receipt, member
):
    client = client_for(member)
    assert client.get(reverse("admin:involvement_claim_changelist")).status_code == 403
    assert client.get(reverse("admin:involvement_claim_export")).status_code == 403
    assert (
        client.post(reverse("admin:involvement_claim_export"), {"format": "csv"}).status_code == 403
    )
    assert client.get(reverse("involvement:receipt", args=[receipt.pk])).status_code == 403
    # The file's own address answers as if there were no such file.
    assert client.get(receipt.receipt.url).status_code == 404
    # Another member's claim page is not found.
    assert client.get(reverse("involvement:claim", args=[receipt.claim_id])).status_code == 404
    assert Claim.objects.get().exported_in is None


def test_the_claimant_and_organisers_open_a_receipt_and_a_visitor_signs_in_first(
    receipt, organiser, client
):
    claimant = receipt.claim.member
    for person in (claimant, organiser):
        response = client_for(person).get(reverse("involvement:receipt", args=[receipt.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert client_for(person).get(receipt.receipt.url).status_code == 200
    visitor = client.get(reverse("involvement:receipt", args=[receipt.pk]))
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]
    assert client.get(CLAIMS).status_code == 302


def test_organisers_see_claims_per_workshop_with_the_receipt_linked(receipt, organiser, panel):
    admin = client_for(organiser)
    listing = admin.get(
        reverse("admin:involvement_claim_changelist") + f"?workshop__id__exact={panel.pk}"
    )
    assert listing.status_code == 200
    assert receipt.claim.reference in listing.content.decode()
    page = admin.get(reverse("admin:involvement_claim_change", args=[receipt.claim_id]))
    assert reverse("involvement:receipt", args=[receipt.pk]) in page.content.decode()


# --- Queries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("how_many", [1, 3])
def test_the_claims_page_reads_a_fixed_number_of_queries(
    how_many, make_workshop, network, panel_rate, attend, member, django_assert_max_num_queries
):
    role = InvolvementRole.objects.get(name="Panel member")
    for n in range(how_many):
        workshop = make_workshop(start=timezone.now() - timedelta(days=n + 2))
        attend(workshop, member)
        offer = Offer.objects.create(workshop=workshop, role=role, rate_name=PANEL_RATE)
        claim = claim_for(offer, member)
        services.add_expense(
            claim=claim, by=member, kind="travel", description="Bus", amount=Decimal("3")
        )
        # One more offer to claim on each workshop.
        Offer.objects.create(
            workshop=workshop,
            role=InvolvementRole.objects.get(name="Co-facilitator"),
            rate_name=PANEL_RATE,
        )
    client = client_for(member)
    client.get(CLAIMS)
    # session, user, the claimable offers (with workshop, session, role), the rows of
    # their rates, the claims (with workshop, session, export), their expenses, their
    # questions and answers: 7, whatever the number of claims and offers
    with django_assert_max_num_queries(7):
        page = client.get(CLAIMS).content.decode()
    assert page.count("Claim</button>") == how_many


def test_a_bulk_approval_leaves_a_claim_with_an_open_question_waiting(
    offer, panel, attend, make_user, organiser
):
    asked, ready = make_user(), make_user()
    for person in (asked, ready):
        attend(panel, person)
    questioned = claim_for(offer, asked)
    services.query(claims=[questioned], by=organiser, message="Which bus?")
    ok = claim_for(offer, ready)
    assert services.approve(claims=[questioned, ok], by=organiser) == 1
    questioned.refresh_from_db()
    ok.refresh_from_db()
    assert (questioned.status, ok.status) == ("queried", "approved")


def test_a_removed_expense_takes_its_receipt_with_it(
    offer, panel, attend, member, django_capture_on_commit_callbacks
):
    attend(panel, member)
    claim = claim_for(offer, member)
    client = client_for(member)
    post_expense(client, claim, receipt=pdf_upload())
    expense = Expense.objects.get()
    stored = expense.receipt.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("involvement:remove_expense", args=[claim.pk, expense.pk]))
    assert response.status_code == 302
    assert not Expense.objects.exists()
    assert not os.path.exists(stored)
    assert [e.action for e in claim.events.all()] == ["made", "expense_added", "expense_removed"]


def test_an_offer_whose_rate_is_not_set_yet_says_so_and_cannot_be_claimed(panel, attend, member):
    offer = Offer.objects.create(
        workshop=panel, role=InvolvementRole.objects.get(name="Panel member"), rate_name="Later"
    )
    attend(panel, member)
    assert (
        "The organisers have not set the rate yet."
        in client_for(member).get(CLAIMS).content.decode()
    )
    with pytest.raises(services.ClaimError, match="rate for this is not set yet"):
        claim_for(offer, member)


def test_many_changes_in_a_short_time_are_refused_with_what_was_typed_kept(
    offer, panel, attend, member, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "claim_change": "2/h/user"}
    attend(panel, member)
    claim = claim_for(offer, member)
    client = client_for(member)
    for n in range(2):
        assert post_expense(client, claim, description=f"Bus {n}").status_code == 302
    refused = post_expense(client, claim, description="The third bus")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "You have changed your claims many times just now" in page
    assert "The third bus" in page
    assert claim.expenses.count() == 2
