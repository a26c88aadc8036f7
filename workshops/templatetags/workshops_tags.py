"""Workshops on the home page: a fixed number of queries whatever the data."""

from django import template
from django.utils import timezone

from workshops.models import Feedback, Registration, Workshop

register = template.Library()


@register.simple_tag
def upcoming_workshops(limit: int = 3):
    """The next few workshops with their places counted (one query)."""
    return list(Workshop.objects.upcoming().with_counts()[:limit])


@register.simple_tag
def workshop_quotes(limit: int = 3):
    """Approved quotes that their authors consented to publish (one query)."""
    return list(Feedback.objects.published_quotes().select_related("workshop")[:limit])


@register.simple_tag
def profile_workshops(person, is_self: bool, limit: int = 5):
    """For a profile page: the workshops `person` facilitates (public), and, on their
    own page only, the workshops they are registered for. Which workshops someone
    attends can reveal health matters, so nobody else sees that. Two queries."""
    facilitated = list(
        Workshop.objects.filter(facilitators=person)
        .exclude(status=Workshop.Status.CANCELLED)
        .order_by("-start")[:limit]
    )
    registrations = []
    if is_self:
        registrations = list(
            Registration.objects.active()
            .filter(member=person, workshop__start__gt=timezone.now())
            .select_related("workshop")
            .order_by("workshop__start")[:limit]
        )
    return {"facilitated": facilitated, "registrations": registrations}
