"""Personal data held by paid involvement: export and erasure (UK GDPR).

Claims are financial records. HMRC expects them kept for six years after the end of
the tax year they belong to, so erasure keeps an approved claim's figures (reference,
workshop, day, role, rate, fee, choice, expense amounts and receipts, status and the
history of who approved and exported it) and minimises the personal details: the
descriptions of expenses and the words of questions and answers are removed (the
account itself is renamed "Former member" by members.gdpr). A claim never approved was
never paid: it is deleted with its receipts. `purge_expired` deletes claims, receipts
included, once the six years are over (involvement/tasks.py runs it daily)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from involvement.models import Claim, ClaimEvent, Expense, tax_year_of

RETENTION_YEARS = 6


def export(user) -> dict:
    claims = (
        Claim.objects.filter(member=user)
        .select_related("workshop", "exported_in")
        .prefetch_related("expenses", "events")
        .order_by("day", "pk")
    )
    return {
        "claims": [
            {
                "reference": claim.reference,
                "workshop": claim.workshop.title,
                "url": claim.workshop.get_absolute_url(),
                "day": claim.day.isoformat(),
                "role": claim.role_name,
                "choice": claim.get_choice_display(),
                "rate": f"{claim.rate_name}: £{claim.rate_amount}",
                "rate_unit": claim.get_rate_unit_display(),
                "units": str(claim.units),
                "fee": str(claim.fee),
                "status": claim.status_label(),
                "made_at": claim.created.isoformat(),
                "expenses": [
                    {
                        "kind": expense.get_kind_display(),
                        "description": expense.description,
                        "amount": str(expense.amount),
                        "receipt": f"files/{_receipt_path(claim, expense)}"
                        if expense.receipt
                        else None,
                    }
                    for expense in claim.expenses.all()
                ],
                "history": [
                    {
                        "when": event.at.isoformat(),
                        "what": event.get_action_display(),
                        "detail": event.detail,
                        "message": event.message,
                    }
                    for event in claim.events.all()
                ],
            }
            for claim in claims
        ]
    }


def _receipt_path(claim, expense) -> str:
    extension = expense.receipt.name.rsplit(".", 1)[-1]
    return f"receipts/{claim.reference}-receipt-{expense.pk}.{extension}"


def files(user) -> list[tuple[str, str]]:
    """The receipts, for the data download's zip: (path under files/, stored name)."""
    expenses = (
        Expense.objects.filter(claim__member=user).exclude(receipt="").select_related("claim")
    )
    return [(_receipt_path(expense.claim, expense), expense.receipt.name) for expense in expenses]


def _delete_with_receipts(claims) -> None:
    receipts = list(
        Expense.objects.filter(claim__in=claims)
        .exclude(receipt="")
        .values_list("receipt", flat=True)
    )
    storage = Expense.receipt.field.storage
    ClaimEvent.objects.filter(claim__in=claims).delete()
    Expense.objects.filter(claim__in=claims).delete()
    claims.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in receipts])


def erase(user) -> None:
    now = timezone.now()
    mine = Claim.objects.filter(member=user)
    _delete_with_receipts(
        mine.exclude(status=Claim.Status.APPROVED).filter(exported_in__isnull=True)
    )
    kept = list(mine.filter(erased_at__isnull=True))
    Expense.objects.filter(claim__in=kept).update(description="(removed at the claimant's request)")
    ClaimEvent.objects.filter(claim__in=kept).exclude(message="").update(message="")
    Claim.objects.filter(pk__in=[claim.pk for claim in kept]).update(erased_at=now)
    ClaimEvent.objects.bulk_create(
        ClaimEvent(claim=claim, actor=None, action=ClaimEvent.Action.ERASED) for claim in kept
    )


def retention_ends(day) -> date:
    """The day a claim for `day` may be deleted: six years after its tax year ends."""
    return date(tax_year_of(day) + 1 + RETENTION_YEARS, 4, 6)


def purge_expired(today=None) -> int:
    """Delete claims (and receipts) kept longer than the six years; returns how many."""
    today = today or timezone.localdate()
    expired = Claim.objects.filter(day__lt=date(tax_year_of(today) - RETENTION_YEARS, 4, 6))
    count = expired.count()
    if count:
        with transaction.atomic():
            _delete_with_receipts(expired)
    return count
