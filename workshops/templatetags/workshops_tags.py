"""Workshops on the home page: a fixed number of queries whatever the data."""

from django import template

from workshops.models import Feedback, Workshop

register = template.Library()


@register.simple_tag
def upcoming_workshops(limit: int = 3):
    """The next few workshops with their places counted (one query)."""
    return list(Workshop.objects.upcoming().with_counts()[:limit])


@register.simple_tag
def workshop_quotes(limit: int = 3):
    """Approved quotes that their authors consented to publish (one query)."""
    return list(Feedback.objects.published_quotes().select_related("workshop")[:limit])
