"""Paid involvement's part of the owner's view of the network (settings.OVERVIEW_SECTIONS).

For each quarter (by the day of the workshop or session): what was *offered* (the sum of
each offer's amount for one person: the rate applying on the day, times its units) and
what was *paid* (approved claims: fees taken as money or as a voucher, and expenses).
Two queries, whatever the number of offers and claims: the rates, and the offers with
the sums of their approved claims."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from involvement.models import Claim, Expense, Offer, Rate
from network.charts import Chart


def quarter_of(day) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def offers_chart() -> Chart:
    rates = defaultdict(list)  # name -> [(applies_from, amount)], newest first
    for name, applies_from, amount in Rate.objects.order_by("name", "-applies_from").values_list(
        "name", "applies_from", "amount"
    ):
        rates[name].append((applies_from, amount))
    offers = Offer.objects.annotate(
        day=Coalesce("session__start", "workshop__start"),
        paid=_approved_sum(
            Claim.objects.filter(offer=OuterRef("pk")).exclude(choice=Claim.Choice.DECLINE),
            "fee",
        )
        + _approved_sum(Expense.objects.filter(claim__offer=OuterRef("pk")), "amount", "claim__"),
    ).values_list("day", "rate_name", "units", "paid")
    counts, totals, paid = defaultdict(int), defaultdict(Decimal), defaultdict(Decimal)
    for start, rate_name, units, paid_for_offer in offers:
        day = timezone.localdate(start)
        amount = next((a for since, a in rates.get(rate_name, ()) if since <= day), None)
        quarter = quarter_of(day)
        counts[quarter] += 1
        if amount is not None:
            totals[quarter] += (amount * units).quantize(Decimal("0.01"))
        paid[quarter] += Decimal(paid_for_offer).quantize(Decimal("0.01"))
    quarters = sorted(counts)
    total = sum(totals.values(), Decimal("0"))
    total_paid = sum(paid.values(), Decimal("0"))
    return Chart(
        slug="involvement",
        title="Paid involvement per quarter: offered and paid",
        description=(
            "For each quarter (by the day of the workshop or session): the value of the "
            "paid-involvement offers organisers made, one place per offer, at the rate that "
            f"applied on the day (£{total:,.2f} in all), and what approved claims paid: fees "
            f"as money or vouchers, and expenses (£{total_paid:,.2f} in all)."
        ),
        label_heading="Quarter",
        series=["Offered (£, one place per offer)", "Paid (£, approved claims)"],
        rows=[(quarter, [totals[quarter], paid[quarter]]) for quarter in quarters],
        unit="£",
        note=(
            "Offered is the amount of each offer for one person; paid is what approved "
            "claims come to (a declined fee counts nothing, its expenses do). "
            f"{sum(counts.values())} offers in {len(quarters)} quarters."
        ),
    )


def _approved_sum(rows, field: str, via: str = ""):
    """The sum of `field` over `rows` (related to the offer) of approved claims, as a
    subquery of the offers (0 when none)."""
    total = (
        rows.filter(**{f"{via}status": Claim.Status.APPROVED})
        .values(f"{via}offer")
        .annotate(total=Sum(field))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return Coalesce(Subquery(total, output_field=money), Value(Decimal("0.00")), output_field=money)


def charts() -> list[Chart]:
    return [offers_chart()]
