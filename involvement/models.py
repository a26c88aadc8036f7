"""Paid involvement: the owner's rate table, involvement roles, and the offers an
organiser makes on a workshop (or one session of a series). Nothing about money is
hard-coded: every figure lives in a Rate row with the date it applies from, so a claim
made under an earlier row keeps it (docs/features.md)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from network.files import RandomFolder
from workshops.models import Session, Workshop

PENCE = Decimal("0.01")


class Rate(models.Model):
    class Unit(models.TextChoices):
        HOUR = "hour", "Per hour"
        HALF_DAY = "half_day", "Per half day"
        DAY = "day", "Per day"
        PREPARATION = "preparation", "Preparation time (per hour)"

    name = models.CharField(max_length=100, help_text="For example “Public contributor, hourly”.")
    unit = models.CharField(max_length=20, choices=Unit.choices)
    amount = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="Pounds and pence.",
    )
    applies_from = models.DateField(
        help_text=(
            "A change is a new row from a new date; "
            "earlier claims keep the rate they were made under."
        )
    )
    demo = models.BooleanField(
        default=False, help_text="Seeded example figure: replace it with the network's own."
    )

    class Meta:
        ordering = ["name", "-applies_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "applies_from"], name="involvement_rate_once_per_date"
            )
        ]

    def __str__(self):
        unit = self.get_unit_display().lower()
        return f"{self.name}: £{self.amount} {unit} from {self.applies_from:%d %b %Y}"

    @classmethod
    def current(cls, name: str, on=None):
        """The row of the rate called `name` that applies on the date `on` (today)."""
        on = on or timezone.localdate()
        return cls.objects.filter(name=name, applies_from__lte=on).order_by("-applies_from").first()


class InvolvementRole(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Offer(models.Model):
    """A workshop (or one session of a series) is paid involvement for a role, at a rate
    name: the amount is the Rate row applying on the day of the workshop.

    Who may claim it: everyone the organisers mark as having attended, or only the
    people named on the offer (once they too are marked as attended)."""

    class Who(models.TextChoices):
        ATTENDEES = "attendees", "Everyone marked as having attended"
        NAMED = "named", "Only the people named below, once marked as having attended"

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="involvement_offers"
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="involvement_offers",
        help_text="Leave empty for the whole workshop.",
    )
    role = models.ForeignKey(InvolvementRole, on_delete=models.PROTECT, related_name="offers")
    rate_name = models.CharField(max_length=100, help_text="The name of a rate in the rate table.")
    units = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.25"))],
        help_text="How many hours (or half days, days) the rate is paid for.",
    )
    who = models.CharField(
        "Who can claim",
        max_length=10,
        choices=Who.choices,
        default=Who.ATTENDEES,
    )
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        help_text="Only used when “Only the people named below” is chosen.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["workshop", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "session", "role"], name="involvement_offer_once"
            )
        ]

    def __str__(self):
        return f"{self.workshop}: {self.role} ({self.rate_name})"

    def day(self):
        start = self.session.start if self.session_id else self.workshop.start
        return timezone.localdate(start)

    def rate(self):
        return Rate.current(self.rate_name, on=self.day())

    def amount(self):
        rate = self.rate()
        return None if rate is None else (rate.amount * self.units).quantize(PENCE)

    def clean(self):
        if self.session_id and self.session.workshop_id != self.workshop_id:
            raise ValidationError({"session": "Choose a session of this workshop."})
        if self.rate_name and not Rate.objects.filter(name=self.rate_name).exists():
            raise ValidationError(
                {"rate_name": "There is no rate with this name in the rate table."}
            )


# --- Claims: what an eligible participant asks for after taking part -----------------------------


class ExportBatch(models.Model):
    """One export of approved claims for the finance team: its claims are marked with it,
    so a later export never includes them again (nothing is paid twice)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    claim_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        ordering = ["-created"]
        verbose_name = "finance export"

    def __str__(self):
        return f"{self.reference} ({self.claim_count} claims, £{self.total})"

    @property
    def reference(self) -> str:
        return f"EXP-{self.pk:05d}"


class Claim(models.Model):
    """What one person claims for one offer: the fee (as a payment, a voucher, or
    declined) and their expenses. The rate is frozen on the claim when it is made, from
    the row that applied on the day of the workshop, so a later change does not alter it."""

    class Choice(models.TextChoices):
        PAYMENT = "payment", "Payment"
        VOUCHER = "voucher", "A voucher"
        DECLINE = "decline", "No fee (declined)"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for an organiser to approve"
        QUERIED = "queried", "The organisers have a question"
        APPROVED = "approved", "Approved"

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="claims")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="involvement_claims"
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Financial records are kept (HMRC: 6 years), so the account cannot be deleted
    # from under them; erasure minimises them instead (involvement/gdpr.py).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvement_claims"
    )
    role_name = models.CharField(max_length=100)
    day = models.DateField(help_text="The day of the workshop (or session).")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    # Frozen from the rate table when the claim is made.
    rate_name = models.CharField(max_length=100)
    rate_unit = models.CharField(max_length=20, choices=Rate.Unit.choices)
    rate_amount = models.DecimalField(max_digits=8, decimal_places=2)
    units = models.DecimalField(max_digits=5, decimal_places=2)
    fee = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="Rate × units, in pounds and pence."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    exported_in = models.ForeignKey(
        ExportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(
        null=True, blank=True, help_text="When the claimant's personal details were minimised."
    )

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "member"], name="involvement_claim_once")
        ]
        indexes = [models.Index(fields=["status", "exported_in"])]

    def __str__(self):
        return f"{self.reference}: {self.role_name}, {self.workshop}"

    @property
    def reference(self) -> str:
        return f"PI-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        """The claimant may still change it (choose again, add or remove expenses)."""
        return self.status != self.Status.APPROVED and self.exported_in_id is None

    @property
    def fee_payable(self) -> Decimal:
        """The fee as money or as a voucher; nothing when declined."""
        return Decimal("0.00") if self.choice == self.Choice.DECLINE else self.fee

    @property
    def expenses_total(self) -> Decimal:
        """From the prefetched expenses (views and exports prefetch them)."""
        return sum((expense.amount for expense in self.expenses.all()), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.fee_payable + self.expenses_total

    def status_label(self) -> str:
        if self.exported_in_id:
            return "Approved and sent to the finance team for payment"
        return self.get_status_display()


def tax_year_of(day) -> int:
    """The UK tax year a day falls in, by the year it starts (6 April)."""
    return day.year if (day.month, day.day) >= (4, 6) else day.year - 1


class Expense(models.Model):
    class Kind(models.TextChoices):
        TRAVEL = "travel", "Travel"
        CARE = "care", "Carer or childcare cover"
        OTHER = "other", "Other"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expenses")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(
        max_digits=8, decimal_places=2, validators=[MinValueValidator(PENCE)]
    )
    # A photo (re-encoded without metadata) or a PDF, checked by its content.
    receipt = models.FileField(upload_to=RandomFolder("receipts"), blank=True, max_length=200)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: £{self.amount}"


class ClaimEvent(models.Model):
    """Every change to a claim: who, when, what (and the message, for a question)."""

    class Action(models.TextChoices):
        MADE = "made", "Claim made"
        CHOICE = "choice", "Choice changed"
        EXPENSE_ADDED = "expense_added", "Expense added"
        EXPENSE_REMOVED = "expense_removed", "Expense removed"
        QUERIED = "queried", "Question from the organisers"
        ANSWERED = "answered", "Answered and sent back"
        APPROVED = "approved", "Approved"
        EXPORTED = "exported", "Exported for payment"
        ERASED = "erased", "Personal details minimised"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.claim.reference}: {self.get_action_display()} ({self.at:%d %b %Y %H:%M})"
