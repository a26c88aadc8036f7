"""Every write to a claim, in one place: made, changed, questioned, approved, exported.

Each function is keyword-only, runs in one transaction, takes the claim rows it changes
with `select_for_update()` before it checks their state, records a ClaimEvent (who,
when, what) for every change, and queues its e-mail inside the same transaction (if
the change rolls back, so does the e-mail), as workshops/services.py does.

Eligibility: a person may claim an offer when the organisers marked them as having
attended (the workshop; a session of a series for an offer on that session; any
session of a series for an offer on the whole series) and the offer is for everyone
who attended or names them.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from involvement.models import (
    PENCE,
    Claim,
    ClaimEvent,
    Expense,
    ExportBatch,
    Offer,
    Rate,
    tax_year_of,
)
from network import notifications as centre
from network.mail import absolute_url, send_templated_mail
from workshops.models import Registration, SessionAttendance, SessionPlace


class ClaimError(Exception):
    """Why a claim could not be made or changed, in words for the person."""


# --- Reads --------------------------------------------------------------------------------------


def eligible_offers(member):
    """The offers `member` may claim (claimed already or not), soonest last."""
    attended_workshop = Registration.objects.filter(
        workshop=OuterRef("workshop"),
        member=member,
        status=Registration.Status.CONFIRMED,
        attended=True,
    )
    attended_any_session = SessionPlace.objects.filter(
        session__workshop=OuterRef("workshop"), member=member, attended=True
    )
    attended_session_place = SessionPlace.objects.filter(
        session=OuterRef("session"), member=member, attended=True
    )
    attended_session = SessionAttendance.objects.filter(
        session=OuterRef("session"), registration__member=member
    )
    named = Offer.people.through.objects.filter(offer=OuterRef("pk"), user=member)
    return (
        Offer.objects.annotate(
            attended=(
                Q(session__isnull=True) & (Exists(attended_workshop) | Exists(attended_any_session))
            )
            | (
                Q(session__isnull=False)
                & (Exists(attended_session_place) | Exists(attended_session))
            )
        )
        .filter(attended=True)
        .filter(Q(who=Offer.Who.ATTENDEES) | Exists(named))
        .select_related("workshop", "session", "role")
        .order_by("-workshop__start", "pk")
    )


def claimable_offers(member) -> list:
    """Eligible offers not yet claimed, each with `amount_on_day` (None while the rate is
    not set): one query for the offers, one for the rows of their rates."""
    offers = list(eligible_offers(member).exclude(claims__member=member))
    rows = Rate.objects.filter(name__in={offer.rate_name for offer in offers}).order_by(
        "-applies_from"
    )
    rates = list(rows) if offers else []
    for offer in offers:
        day = offer.day()
        rate = next((r for r in rates if r.name == offer.rate_name and r.applies_from <= day), None)
        offer.amount_on_day = None if rate is None else (rate.amount * offer.units).quantize(PENCE)
    return offers


def claims_of(member):
    return (
        Claim.objects.filter(member=member)
        .select_related("workshop", "session", "exported_in")
        .prefetch_related(
            "expenses",
            Prefetch(
                "events",
                queryset=ClaimEvent.objects.filter(
                    action__in=[ClaimEvent.Action.QUERIED, ClaimEvent.Action.ANSWERED]
                ),
                to_attr="conversation",
            ),
        )
    )


def yearly_totals(claims) -> list[dict]:
    """Per UK tax year (6 April to 5 April), newest first: fees as money, as vouchers,
    and expenses, of the claims approved (or sent for payment)."""
    years = {}
    for claim in claims:
        if claim.status != Claim.Status.APPROVED:
            continue
        year = years.setdefault(
            tax_year_of(claim.day),
            {"payments": Decimal("0.00"), "vouchers": Decimal("0.00"), "expenses": Decimal("0.00")},
        )
        if claim.choice == Claim.Choice.PAYMENT:
            year["payments"] += claim.fee
        elif claim.choice == Claim.Choice.VOUCHER:
            year["vouchers"] += claim.fee
        year["expenses"] += claim.expenses_total
    return [
        {"start": start, "end": start + 1, **sums, "total": sum(sums.values())}
        for start, sums in sorted(years.items(), reverse=True)
    ]


# --- The participant's writes -------------------------------------------------------------------


def _record(claim, actor, action, *, detail: str = "", message: str = "") -> ClaimEvent:
    return ClaimEvent.objects.create(
        claim=claim, actor=actor, action=action, detail=detail[:300], message=message
    )


def make_claim(*, offer: Offer, member, choice: str) -> Claim:
    """Claim `offer` for `member`: the rate applying on the workshop's day is frozen on
    the claim. Raises ClaimError when they may not, or have claimed it already."""
    if choice not in Claim.Choice.values:
        raise ClaimError("Choose a payment, a voucher, or no fee.")
    with transaction.atomic():
        if not eligible_offers(member).filter(pk=offer.pk).exists():
            raise ClaimError(
                "You cannot claim this: ask the organisers to mark you as having attended."
            )
        offer = Offer.objects.select_for_update().select_related("role").get(pk=offer.pk)
        if Claim.objects.filter(offer=offer, member=member).exists():
            raise ClaimError("You have already claimed this.")
        rate = offer.rate()
        if rate is None:
            raise ClaimError(
                "The rate for this is not set yet. Please ask the organisers, "
                "then come back to claim."
            )
        claim = Claim.objects.create(
            offer=offer,
            workshop_id=offer.workshop_id,
            session_id=offer.session_id,
            member=member,
            role_name=offer.role.name,
            day=offer.day(),
            choice=choice,
            rate_name=rate.name,
            rate_unit=rate.unit,
            rate_amount=rate.amount,
            units=offer.units,
            fee=offer.amount(),
        )
        _record(claim, member, ClaimEvent.Action.MADE, detail=claim.get_choice_display())
    return claim


def _lock_open(claim: Claim) -> Claim:
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if not claim.is_open:
        raise ClaimError("This claim has been approved, so it can no longer be changed.")
    return claim


def change_choice(*, claim: Claim, by, choice: str) -> Claim:
    if choice not in Claim.Choice.values:
        raise ClaimError("Choose a payment, a voucher, or no fee.")
    with transaction.atomic():
        claim = _lock_open(claim)
        if claim.choice != choice:
            before = claim.get_choice_display()
            claim.choice = choice
            claim.save(update_fields=["choice", "updated"])
            _record(
                claim,
                by,
                ClaimEvent.Action.CHOICE,
                detail=f"{before} → {claim.get_choice_display()}",
            )
    return claim


def add_expense(*, claim: Claim, by, kind: str, description: str, amount, receipt=None):
    """`receipt`: a file already checked by its content (forms.ExpenseForm), or None."""
    with transaction.atomic():
        claim = _lock_open(claim)
        expense = Expense(claim=claim, kind=kind, description=description, amount=amount)
        if receipt is not None:
            expense.receipt.save(receipt.name, receipt, save=False)
        expense.save()
        _record(
            claim,
            by,
            ClaimEvent.Action.EXPENSE_ADDED,
            detail=f"{expense.get_kind_display()}, £{expense.amount}"
            + (", with a receipt" if receipt is not None else ""),
        )
    return expense


def remove_expense(*, expense: Expense, by) -> None:
    with transaction.atomic():
        claim = _lock_open(expense.claim)
        expense = Expense.objects.get(pk=expense.pk, claim=claim)
        _record(
            claim,
            by,
            ClaimEvent.Action.EXPENSE_REMOVED,
            detail=f"{expense.get_kind_display()}, £{expense.amount}",
        )
        receipt = expense.receipt.name
        expense.delete()
        if receipt:
            transaction.on_commit(lambda: Expense.receipt.field.storage.delete(receipt))


def answer(*, claim: Claim, by, message: str) -> Claim:
    """The claimant answers the organisers' question: the claim waits for approval again."""
    with transaction.atomic():
        claim = _lock_open(claim)
        claim.status = Claim.Status.SUBMITTED
        claim.save(update_fields=["status", "updated"])
        _record(claim, by, ClaimEvent.Action.ANSWERED, message=message)
    return claim


# --- The organisers' writes ---------------------------------------------------------------------


def _claim_url(claim) -> str:
    return absolute_url(reverse("involvement:claim", args=[claim.pk]))


def _note(claim, text: str) -> None:
    """A decision about a claim, in the claimant's notifications (e-mailed at once)."""
    centre.notify(
        claim.member, "decision", text, reverse("involvement:claim", args=[claim.pk]),
        about=claim.workshop.title, emailed=True,
    )  # fmt: skip


def _lock_many(claims) -> list[Claim]:
    return list(
        Claim.objects.select_for_update(of=("self",))
        .filter(pk__in=[claim.pk for claim in claims])
        .select_related("member", "workshop")
        .order_by("pk")
    )


def query(*, claims, by, message: str) -> int:
    """Ask the claimants a question (`message`): each is e-mailed, and the claim waits
    for their answer. Approved or exported claims are left alone. Returns how many."""
    message = message.strip()
    if not message:
        raise ClaimError("Write the question for the claimant.")
    done = 0
    with transaction.atomic():
        for claim in _lock_many(claims):
            if not claim.is_open:
                continue
            claim.status = Claim.Status.QUERIED
            claim.save(update_fields=["status", "updated"])
            _record(claim, by, ClaimEvent.Action.QUERIED, message=message)
            _note(claim, f"A question about your claim for {claim.workshop.title}")
            send_templated_mail(
                template="involvement/email/claim_queried",
                to=[claim.member.email],
                context={"claim": claim, "message": message, "claim_url": _claim_url(claim)},
            )
            done += 1
    return done


def approve(*, claims, by) -> int:
    """Approve the claims waiting for approval (a claim with an open question waits
    for its answer); each claimant is e-mailed. Returns how many were approved."""
    done = 0
    with transaction.atomic():
        waiting = [
            claim
            for claim in _lock_many(claims)
            if claim.status == Claim.Status.SUBMITTED and not claim.exported_in_id
        ]
        detail = f"One of {len(waiting)} approved together" if len(waiting) > 1 else ""
        for claim in waiting:
            claim.status = Claim.Status.APPROVED
            claim.save(update_fields=["status", "updated"])
            _record(claim, by, ClaimEvent.Action.APPROVED, detail=detail)
            _note(claim, f"Your claim for {claim.workshop.title} is approved")
            send_templated_mail(
                template="involvement/email/claim_approved",
                to=[claim.member.email],
                context={"claim": claim, "claim_url": _claim_url(claim)},
            )
            done += 1
    return done


def due_for_export():
    """Approved claims never exported: what the next export will contain."""
    return (
        Claim.objects.filter(status=Claim.Status.APPROVED, exported_in__isnull=True)
        .select_related("member", "workshop", "session")
        .prefetch_related("expenses")
        .order_by("pk")
    )


def export(*, by) -> tuple[ExportBatch | None, list[Claim]]:
    """Mark every approved, never-exported claim as exported in a new batch, and return
    the batch and its claims (None and [] when there are none). The rows are locked
    first, so two organisers exporting at once never both get the same claim."""
    with transaction.atomic():
        pks = list(
            Claim.objects.select_for_update()
            .filter(status=Claim.Status.APPROVED, exported_in__isnull=True)
            .values_list("pk", flat=True)
        )
        if not pks:
            return None, []
        claims = list(due_for_export().filter(pk__in=pks))
        batch = ExportBatch.objects.create(
            created_by=by,
            created=timezone.now(),
            claim_count=len(claims),
            total=sum((claim.total for claim in claims), Decimal("0.00")),
        )
        Claim.objects.filter(pk__in=pks).update(exported_in=batch, updated=timezone.now())
        ClaimEvent.objects.bulk_create(
            ClaimEvent(
                claim=claim,
                actor=by,
                action=ClaimEvent.Action.EXPORTED,
                detail=f"In {batch.reference}, with {len(claims) - 1} other claim(s)",
            )
            for claim in claims
        )
        for claim in claims:
            claim.exported_in = batch
    return batch, claims
