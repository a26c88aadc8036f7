"""Workshops' part of the owner's view of the network (settings.OVERVIEW_SECTIONS): who
comes (the mix of expertise among attendees), attendance against registrations per
month, and the feedback ratings. A fixed number of aggregate queries."""

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from members.models import Profile
from members.overview import GROWTH_MONTHS, expertise_chart, month_start, months_back
from network.charts import Chart
from workshops.models import Feedback, Registration, SessionPlace, Workshop


def attendee_profiles():
    """The profiles of everyone marked as having attended a workshop or a session."""
    return Profile.objects.filter(
        Q(user_id__in=Registration.objects.filter(attended=True).values("member"))
        | Q(user_id__in=SessionPlace.objects.filter(attended=True).values("member"))
    )


def attendees_expertise_chart() -> Chart:
    return expertise_chart(
        attendee_profiles(),
        slug="expertise-attendees",
        title="Expertise among workshop attendees",
        who="people who attended at least one workshop or session",
        heading="Attendees",
    )


def _monthly(queryset, start_field: str) -> dict:
    rows = (
        queryset.annotate(month=TruncMonth(start_field))
        .order_by()
        .values("month")
        .annotate(
            registered=Count("pk"),
            attended=Count("pk", filter=Q(attended=True)),
        )
    )
    found = {}
    for row in rows:
        key = month_start(row["month"])
        registered, attended = found.get(key, (0, 0))
        found[key] = (registered + row["registered"], attended + row["attended"])
    return found


def attendance_chart(now=None) -> Chart:
    """Two queries: whole-workshop places, then single-session places, per month of the
    workshop (or session), for workshops that have started and were not cancelled."""
    now = now or timezone.now()
    confirmed = Registration.Status.CONFIRMED
    cancelled = Workshop.Status.CANCELLED
    whole = _monthly(
        Registration.objects.filter(status=confirmed, workshop__start__lte=now).exclude(
            workshop__status=cancelled
        ),
        "workshop__start",
    )
    sessions = _monthly(
        SessionPlace.objects.filter(status=confirmed, session__start__lte=now).exclude(
            session__workshop__status=cancelled
        ),
        "session__start",
    )
    months = months_back(month_start(now), GROWTH_MONTHS)
    rows = []
    for month in months:
        registered = whole.get(month, (0, 0))[0] + sessions.get(month, (0, 0))[0]
        attended = whole.get(month, (0, 0))[1] + sessions.get(month, (0, 0))[1]
        rows.append((f"{month:%b %Y}", [registered, attended]))
    # Trim the empty months before the first workshop.
    while len(rows) > 1 and not any(rows[0][1]):
        rows.pop(0)
    total_registered = sum(r[1][0] for r in rows)
    total_attended = sum(r[1][1] for r in rows)
    rate = f"{100 * total_attended / total_registered:.0f}%" if total_registered else "none yet"
    return Chart(
        slug="attendance",
        title="Attendance against registrations",
        description=(
            "For each month: confirmed places at workshops (and single sessions of series) "
            f"that have taken place, and how many of those people attended. "
            f"Over these months: {total_attended} of {total_registered} ({rate})."
        ),
        label_heading="Month",
        series=["Confirmed places", "Attended"],
        rows=rows,
        note=(
            f"Attended: marked by an organiser. Over the months shown (at most the last "
            f"{GROWTH_MONTHS}): {total_attended} of {total_registered} ({rate}). Cancelled "
            "workshops are left out."
        ),
    )


def feedback_chart() -> Chart:
    """One query: how many gave each rating, and the average."""
    figures = Feedback.objects.order_by().aggregate(
        average=Avg("usefulness"),
        total=Count("pk"),
        **{f"r{n}": Count("pk", filter=Q(usefulness=n)) for n in range(1, 6)},
    )
    average = f"{figures['average']:.1f} out of 5" if figures["total"] else "no ratings yet"
    return Chart(
        slug="feedback",
        title="Feedback ratings",
        description=(
            "How useful people found the workshops, from 1 (not useful) to 5 (very useful): "
            f"how many gave each rating. {figures['total']} ratings, average {average}."
        ),
        label_heading="Rating",
        series=["People"],
        rows=[(f"{n} out of 5", [figures[f"r{n}"]]) for n in range(5, 0, -1)],
        note=f"{figures['total']} ratings; average {average}.",
    )


def charts() -> list[Chart]:
    """Four queries."""
    return [attendees_expertise_chart(), attendance_chart(), feedback_chart()]
