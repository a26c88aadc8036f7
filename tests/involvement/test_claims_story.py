"""The claims story end to end: the owner sets a rate, an organiser offers paid places, a
participant attends and claims a fee and a travel expense with a receipt, an organiser
queries then approves, and the finance export holds the claim once."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from involvement.models import Claim, ClaimEvent, Expense, ExportBatch, InvolvementRole, Offer
from tests.conftest import client_for
from tests.involvement.conftest import png_upload
from workshops import services as workshop_services
from workshops.models import Registration, Workshop

CHANGELIST = reverse("admin:involvement_claim_changelist")
EXPORT = reverse("admin:involvement_claim_export")


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # a byte-order mark: spreadsheet apps read £ and names right
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_whole_story_from_rate_to_finance_export(
    owner, organiser, make_user, make_workshop, network
):
    participant = make_user(display_name="Sam Panel", email="sam@example.org")
    owner_admin, organiser_admin = client_for(owner), client_for(organiser)

    # The owner sets the rate in the admin.
    month_ago = timezone.localdate() - timedelta(days=30)
    response = owner_admin.post(
        reverse("admin:involvement_rate_add"),
        {
            "name": "Panel, half day",
            "unit": "half_day",
            "amount": "80.00",
            "applies_from": month_ago.isoformat(),
        },
    )
    assert response.status_code == 302

    # An organiser offers paid places on a workshop; the participant registers.
    workshop = make_workshop(title="Review panel", start=timezone.now() + timedelta(days=7))
    response = organiser_admin.post(
        reverse("admin:involvement_offer_add"),
        {
            "workshop": workshop.pk,
            "role": InvolvementRole.objects.get(name="Panel member").pk,
            "rate_name": "Panel, half day",
            "units": "1",
            "who": "attendees",
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    registration = workshop_services.register(workshop=workshop, member=participant)

    # Before the workshop, and before attendance is marked, there is nothing to claim.
    participant_client = client_for(participant)
    assert (
        "Nothing to claim just now."
        in participant_client.get("/involvement/claims/").content.decode()
    )

    # The workshop takes place; the organiser marks the participant as attended.
    Workshop.objects.filter(pk=workshop.pk).update(
        start=timezone.now() - timedelta(days=1),
        end=timezone.now() - timedelta(days=1) + timedelta(hours=3),
        status=Workshop.Status.COMPLETED,
    )
    organiser_admin.post(
        reverse("admin:workshops_registration_changelist"),
        {"action": "mark_attended", "_selected_action": [registration.pk]},
    )
    assert Registration.objects.get(pk=registration.pk).attended

    # The workshop page leads to the claims page, which offers £80.00.
    assert (
        "/involvement/claims/"
        in participant_client.get(workshop.get_absolute_url()).content.decode()
    )
    page = participant_client.get("/involvement/claims/").content.decode()
    assert "Review panel" in page and "£80.00" in page
    assert "Citizens Advice" in page and "Turn2us" in page

    # The participant claims the fee as a payment, and a travel expense with a receipt.
    response = participant_client.post(
        reverse("involvement:make_claim", args=[offer.pk]), {f"offer-{offer.pk}-choice": "payment"}
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("involvement:claim", args=[claim.pk])
    response = participant_client.post(
        reverse("involvement:add_expense", args=[claim.pk]),
        {
            "expense-kind": "travel",
            "expense-description": "Return train fare",
            "expense-amount": "12.40",
            "expense-receipt": png_upload(),
        },
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.amount == Decimal("12.40")
    assert expense.receipt.name.startswith("receipts/")
    assert (
        participant_client.get(reverse("involvement:receipt", args=[expense.pk])).status_code == 200
    )

    # An organiser queries it: the participant is e-mailed the question.
    mail.outbox.clear()
    response = organiser_admin.post(
        CHANGELIST,
        {
            "action": "query_claims",
            "_selected_action": [claim.pk],
            "apply": "1",
            "message": "Could you add the return half of the ticket?",
        },
    )
    assert response.status_code == 302
    (question,) = mail.outbox
    assert question.to == ["sam@example.org"]
    assert claim.reference in question.subject
    assert "Could you add the return half of the ticket?" in question.body
    assert f"/involvement/claims/{claim.pk}/" in question.body
    claim.refresh_from_db()
    assert claim.status == Claim.Status.QUERIED
    page = participant_client.get(reverse("involvement:claim", args=[claim.pk])).content.decode()
    assert "Could you add the return half of the ticket?" in page

    # The participant answers; the claim waits for approval again.
    participant_client.post(
        reverse("involvement:answer", args=[claim.pk]),
        {"answer-message": "It is the same ticket: a return."},
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED

    # The organiser approves: asked first, then done, and the participant is told.
    mail.outbox.clear()
    ask = organiser_admin.post(
        CHANGELIST, {"action": "approve_claims", "_selected_action": [claim.pk]}
    )
    assert ask.status_code == 200 and "Approve 1 claim(s)?" in ask.content.decode()
    assert Claim.objects.get().status == Claim.Status.SUBMITTED
    organiser_admin.post(
        CHANGELIST, {"action": "approve_claims", "_selected_action": [claim.pk], "apply": "1"}
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
    assert [message.to for message in mail.outbox] == [["sam@example.org"]]
    # Both decisions are in the participant's notifications, linking to the claim.
    decisions = list(participant.notifications.filter(kind="decision").order_by("pk"))
    assert [d.text for d in decisions] == [
        f"A question about your claim for {workshop.title}",
        f"Your claim for {workshop.title} is approved",
    ]
    assert decisions[1].url == f"/involvement/claims/{claim.pk}/"

    # The export asks first, then holds the claim once with the right amounts.
    confirm = organiser_admin.get(EXPORT)
    assert confirm.status_code == 200
    assert "1 approved claim, £92.40" in confirm.content.decode()
    assert ExportBatch.objects.count() == 0
    rows = rows_of(organiser_admin.post(EXPORT, {"format": "csv"}))
    header, *claims = rows
    assert len(claims) == 1
    row = dict(zip(header, claims[0], strict=True))
    assert row["Reference"] == claim.reference
    assert row["Name"] == "Sam Panel"
    assert row["Fee choice"] == "Payment"
    assert row["Fee to pay (£)"] == "80.00"
    assert row["Voucher (£)"] == "0.00"
    assert row["Expenses (£)"] == "12.40"
    assert row["Receipts"] == "1"
    assert row["Total to pay (£)"] == "92.40"

    # A second export does not include it.
    again = organiser_admin.post(EXPORT, {"format": "csv"})
    assert again.status_code == 302
    assert ExportBatch.objects.count() == 1
    claim.refresh_from_db()
    assert claim.exported_in == ExportBatch.objects.get()
    assert not claim.is_open

    # Every change is recorded: who, what.
    events = [(e.action, e.actor) for e in ClaimEvent.objects.filter(claim=claim)]
    assert events == [
        (ClaimEvent.Action.MADE, participant),
        (ClaimEvent.Action.EXPENSE_ADDED, participant),
        (ClaimEvent.Action.QUERIED, organiser),
        (ClaimEvent.Action.ANSWERED, participant),
        (ClaimEvent.Action.APPROVED, organiser),
        (ClaimEvent.Action.EXPORTED, organiser),
    ]

    # The owner changes the rate later, even from a date before the workshop: the
    # claim keeps the rate it was made under.
    owner_admin.post(
        reverse("admin:involvement_rate_add"),
        {
            "name": "Panel, half day",
            "unit": "half_day",
            "amount": "95.00",
            "applies_from": (month_ago + timedelta(days=1)).isoformat(),
        },
    )
    assert offer.amount() == Decimal("95.00")
    claim.refresh_from_db()
    assert (claim.fee, claim.rate_amount) == (Decimal("80.00"), Decimal("80.00"))
    page = participant_client.get("/involvement/claims/").content.decode()
    assert "£80.00 as payment" in page and "£95.00" not in page
    # The yearly total counts it.
    assert "£92.40" in page


def test_a_declined_fee_and_a_voucher_each_appear_right_in_the_export(
    offer, panel, attend, make_user, organiser
):
    declining, voucher = make_user(display_name="Dee Clines"), make_user(display_name="Vi Voucher")
    for person, choice in ((declining, "decline"), (voucher, "voucher")):
        attend(panel, person)
        client_for(person).post(
            reverse("involvement:make_claim", args=[offer.pk]), {f"offer-{offer.pk}-choice": choice}
        )
    declined_claim = Claim.objects.get(member=declining)
    # Declining the fee still lets them claim their expenses.
    client_for(declining).post(
        reverse("involvement:add_expense", args=[declined_claim.pk]),
        {"expense-kind": "care", "expense-description": "Childcare", "expense-amount": "30"},
    )
    admin = client_for(organiser)
    pks = list(Claim.objects.values_list("pk", flat=True))
    ask = admin.post(CHANGELIST, {"action": "approve_claims", "_selected_action": pks})
    assert "Approve 2 claim(s)?" in ask.content.decode()
    admin.post(CHANGELIST, {"action": "approve_claims", "_selected_action": pks, "apply": "1"})
    # A bulk approval is recorded on each claim as one of several.
    assert set(ClaimEvent.objects.filter(action="approved").values_list("detail", flat=True)) == {
        "One of 2 approved together"
    }

    workbook = load_workbook(io.BytesIO(admin.post(EXPORT, {"format": "xlsx"}).content))
    header, *rows = [list(row) for row in workbook["Claims"].iter_rows(values_only=True)]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name["Dee Clines"]["Fee choice"] == "No fee (declined)"
    assert by_name["Dee Clines"]["Fee to pay (£)"] == 0
    assert by_name["Dee Clines"]["Voucher (£)"] == 0
    assert by_name["Dee Clines"]["Expenses (£)"] == 30
    assert by_name["Dee Clines"]["Total to pay (£)"] == 30
    assert by_name["Vi Voucher"]["Fee choice"] == "A voucher"
    assert by_name["Vi Voucher"]["Fee to pay (£)"] == 0
    assert by_name["Vi Voucher"]["Voucher (£)"] == 80
    assert by_name["Vi Voucher"]["Total to pay (£)"] == 0
    assert by_name["Vi Voucher"]["Reference"] == Claim.objects.get(member=voucher).reference

    # A claim approved after the first export is the only one in the next.
    late = make_user(display_name="Lee Late")
    attend(panel, late)
    client_for(late).post(
        reverse("involvement:make_claim", args=[offer.pk]), {f"offer-{offer.pk}-choice": "payment"}
    )
    late_claim = Claim.objects.get(member=late)
    admin.post(
        CHANGELIST, {"action": "approve_claims", "_selected_action": [late_claim.pk], "apply": "1"}
    )
    header, *rows = rows_of(admin.post(EXPORT, {"format": "csv"}))
    assert [row[0] for row in rows] == [late_claim.reference]
    # An earlier export can be downloaded again: the same claims, never new ones.
    first = ExportBatch.objects.order_by("pk").first()
    header, *rows = rows_of(
        admin.get(reverse("admin:involvement_exportbatch_download", args=[first.pk, "csv"]))
    )
    assert sorted(row[1] for row in rows) == ["Dee Clines", "Vi Voucher"]
