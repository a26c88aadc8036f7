"""The library's part of a member's contribution record (settings.CONTRIBUTION_SECTIONS):
the outcomes ("you said, we did") that answer what the member said, through their
workshop feedback, the themes they proposed or their comments. One query."""

from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator

from library.models import Outcome
from members.contributions import Section
from workshops.models import Feedback


def record(user, *, is_self: bool) -> list[Section]:
    feedback = Q(feedback__member=user)
    if not is_self:
        # Feedback given anonymously (or by kind of expertise) is not tied to the person.
        feedback &= Q(feedback__attribution=Feedback.Attribution.NAME)
    outcomes = list(
        Outcome.objects.filter(
            feedback
            | Q(themes__author=user)
            | Q(comments__user=user, comments__is_public=True, comments__is_removed=False)
        )
        .distinct()
        .order_by("created_at", "pk")
    )
    return [
        Section(
            slug="outcomes",
            title="Outcomes these contributions led to",
            columns=["Outcome", "We did", "Date"],
            rows=[
                [
                    outcome.title,
                    Truncator(outcome.we_did).chars(300),
                    timezone.localtime(outcome.created_at).strftime("%-d %b %Y"),
                ]
                for outcome in outcomes
            ],
            urls=[outcome.get_absolute_url() for outcome in outcomes],
            empty="No outcomes linked to these contributions yet.",
        )
    ]
