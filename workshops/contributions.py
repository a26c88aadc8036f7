"""Workshops' part of a member's contribution record (settings.CONTRIBUTION_SECTIONS):
workshops attended with their hours (counted as the certificates of attendance count
them), workshops facilitated, themes proposed and quotes shared. Five queries,
whatever the number of workshops."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import timezone

from members.contributions import Section
from workshops.models import Feedback, Registration, Session, ThemeProposal, Workshop


def _hours(*spans) -> Decimal:
    seconds = sum((span.end - span.start).total_seconds() for span in spans)
    return (Decimal(seconds) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _day(moment) -> str:
    return timezone.localtime(moment).strftime("%-d %b %Y")


def attended(user, now=None) -> list[tuple[Workshop, list[Session], Decimal]]:
    """(workshop, sessions attended, hours) for each workshop the member was marked at,
    oldest first: a workshop's own length, or for a series the sessions they came to
    (as workshops.certificates counts them). Two queries."""
    now = now or timezone.now()
    cancelled = Workshop.Status.CANCELLED
    sessions = defaultdict(list)
    workshops = {}
    for session in (
        Session.objects.attended_by(user)
        .filter(start__lte=now)
        .exclude(workshop__status=cancelled)
        .select_related("workshop")
        .order_by("start", "pk")
    ):
        sessions[session.workshop_id].append(session)
        workshops[session.workshop_id] = session.workshop
    for registration in (
        Registration.objects.confirmed()
        .filter(member=user, attended=True, workshop__start__lte=now)
        .exclude(workshop__status=cancelled)
        .select_related("workshop")
    ):
        workshops[registration.workshop_id] = registration.workshop
    found = []
    for pk, workshop in workshops.items():
        came = sessions.get(pk, [])
        found.append((workshop, came, _hours(*came) if came else _hours(workshop)))
    found.sort(key=lambda item: (item[0].start, item[0].pk))
    return found


def record(user, *, is_self: bool) -> list[Section]:
    now = timezone.now()
    rows = attended(user, now)
    total = sum((hours for _, _, hours in rows), Decimal("0"))
    attended_section = Section(
        slug="workshops",
        title="Workshops attended",
        columns=["Workshop", "Date", "Sessions attended", "Hours"],
        rows=[
            [workshop.title, _day(workshop.start), len(came) if came else "", hours]
            for workshop, came, hours in rows
        ],
        urls=[workshop.get_absolute_url() for workshop, _, _ in rows],
        summary=(
            f"{len(rows)} workshop{'s' if len(rows) != 1 else ''}, {total} hours in all "
            "(attendance as marked by the organisers)."
            if rows
            else ""
        ),
        empty="No attended workshops yet.",
    )
    facilitated = list(
        user.facilitated_workshops.filter(start__lte=now)
        .exclude(status=Workshop.Status.CANCELLED)
        .order_by("start", "pk")
    )
    roles = Section(
        slug="roles",
        title="Roles held",
        columns=["Role", "Workshop", "Date", "Hours"],
        rows=[
            ["Facilitator", workshop.title, _day(workshop.start), _hours(workshop)]
            for workshop in facilitated
        ],
        urls=["" for _ in facilitated],
        empty="No roles recorded yet.",
    )
    themes = list(
        ThemeProposal.objects.filter(author=user).select_related("workshop").order_by("created_at")
    )
    themes_section = Section(
        slug="themes",
        title="Themes proposed",
        columns=["Theme", "Workshop", "Chosen for the case study"],
        rows=[
            [theme.text, theme.workshop.title, "Yes" if theme.chosen else "No"] for theme in themes
        ],
        urls=[reverse("workshops:themes", args=[theme.workshop.slug]) for theme in themes],
        empty="No themes proposed yet.",
    )
    quotes = Feedback.objects.published_quotes().filter(member=user).select_related("workshop")
    if not is_self:
        # A quote published anonymously, or by kind of expertise, stays unattributed.
        quotes = quotes.filter(attribution=Feedback.Attribution.NAME)
    quotes = list(quotes.order_by("quote_approved_at", "pk"))
    quotes_section = Section(
        slug="quotes",
        title="Quotes shared",
        columns=["Quote", "Workshop", "Published"],
        rows=[[item.quote, item.workshop.title, _day(item.quote_approved_at)] for item in quotes],
        urls=["" for _ in quotes],
        empty="No published quotes yet.",
    )
    return [attended_section, roles, themes_section, quotes_section]
