"""Members' part of the owner's view of the network (settings.OVERVIEW_SECTIONS): growth
per month, the mix of expertise, and the applications waiting. Each figure is one
aggregate query, whatever the number of people."""

from datetime import date, timedelta

from django.db import connections
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from members.models import LIVED_EXPERIENCE, Expertise, Profile
from network.charts import Chart

# How many months the growth chart shows (earlier months count in its running total).
GROWTH_MONTHS = 24


def month_start(moment) -> date:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return date(local.year, local.month, 1)


def months_back(last: date, count: int) -> list[date]:
    """`count` first days of months ending with `last`, oldest first."""
    months = []
    year, month = last.year, last.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _by_month(queryset, field: str) -> dict[date, int]:
    rows = (
        queryset.filter(**{f"{field}__isnull": False})
        .annotate(month=TruncMonth(field))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    found = {}
    for row in rows:
        key = month_start(row["month"])
        found[key] = found.get(key, 0) + row["n"]
    return found


def growth_chart(now=None) -> Chart:
    """Two queries: joins per month, leaves per month."""
    now = now or timezone.now()
    joined = _by_month(Profile.objects.all(), "joined_at")
    left = _by_month(Profile.objects.all(), "left_at")
    months = months_back(month_start(now), GROWTH_MONTHS)
    first = months[0]
    members = sum(n for m, n in joined.items() if m < first) - sum(
        n for m, n in left.items() if m < first
    )
    rows = []
    for month in months:
        members += joined.get(month, 0) - left.get(month, 0)
        rows.append((f"{month:%b %Y}", [joined.get(month, 0), left.get(month, 0), members]))
    # From the first month anyone joined (within the window).
    while len(rows) > 1 and not any(rows[0][1]):
        rows.pop(0)
    return Chart(
        slug="growth",
        title="Members over time",
        description=(
            f"Members at the end of each month, for up to the last {GROWTH_MONTHS} months. "
            "The table beside also gives how many joined and how many left each month."
        ),
        label_heading="Month",
        series=["Joined", "Left", "Members at the month's end"],
        rows=rows,
        note="Joined: the day a membership was approved. Left: the day a member left.",
        drawn=[2],
    )


def _contains(code: str, prefix: str, vendor: str) -> Q:
    if vendor == "sqlite":
        # No JSON containment on SQLite: the codes are fixed identifiers, so the quoted
        # code in the JSON text matches exactly (as ProfileQuerySet.with_expertise).
        return Q(**{f"{prefix}expertise__icontains": f'"{code}"'})
    return Q(**{f"{prefix}expertise__contains": [code]})


def expertise_counts(profiles) -> dict:
    """{code: people, "lived": people with lived experience, "total": people} for these
    profiles, in one query."""
    vendor = connections[profiles.db].vendor
    lived = Q()
    for code in LIVED_EXPERIENCE:
        lived |= _contains(code, "", vendor)
    return profiles.order_by().aggregate(
        total=Count("pk"),
        lived=Count("pk", filter=lived),
        **{code: Count("pk", filter=_contains(code, "", vendor)) for code in Expertise.values},
    )


def expertise_chart(profiles, *, slug: str, title: str, who: str, heading: str) -> Chart:
    counts = expertise_counts(profiles)
    total, lived = counts["total"], counts["lived"]
    share = f"{100 * lived / total:.0f}%" if total else "none yet"
    return Chart(
        slug=slug,
        title=title,
        description=(
            f"How many {who} bring each kind of expertise (people may bring several). "
            f"Lived experience (people who use services and carers): {lived} of {total}, {share}."
        ),
        label_heading="Kind of expertise",
        series=[heading],
        rows=[(label, [counts[code]]) for code, label in Expertise.choices],
        note=f"Lived-experience share: {lived} of {total} ({share}).",
    )


def members_expertise_chart() -> Chart:
    return expertise_chart(
        Profile.objects.active(),
        slug="expertise-members",
        title="Expertise among members",
        who="active members",
        heading="Active members",
    )


WAITING_BANDS = (
    ("Under a week", 0, 7),
    ("1 to 2 weeks", 7, 14),
    ("2 to 4 weeks", 14, 28),
    ("4 weeks or more", 28, None),
)


def applications_chart(now=None) -> Chart:
    """One query: applications waiting for a decision, by how long they have waited."""
    now = now or timezone.now()
    waiting = Profile.objects.pending().filter(applied_at__isnull=False)

    def band(low, high):
        condition = Q(applied_at__lte=now - timedelta(days=low))
        if high is not None:
            condition &= Q(applied_at__gt=now - timedelta(days=high))
        return Count("pk", filter=condition)

    figures = waiting.order_by().aggregate(
        total=Count("pk"),
        oldest=Min("applied_at"),
        **{f"band{i}": band(low, high) for i, (_, low, high) in enumerate(WAITING_BANDS)},
    )
    longest = (now - figures["oldest"]).days if figures["oldest"] else None
    note = (
        f"{figures['total']} waiting; the longest has waited {longest} days."
        if figures["total"]
        else "Nobody is waiting."
    )
    return Chart(
        slug="applications",
        title="Applications waiting",
        description=(
            "Applications to join waiting for an organiser's decision, by how long they "
            f"have waited. {note}"
        ),
        label_heading="Waiting for",
        series=["Applications"],
        rows=[(label, [figures[f"band{i}"]]) for i, (label, _, _) in enumerate(WAITING_BANDS)],
        note=note + " Counted from the day the applicant confirmed their e-mail address.",
    )


def charts() -> list[Chart]:
    """Four queries."""
    return [growth_chart(), members_expertise_chart(), applications_chart()]
