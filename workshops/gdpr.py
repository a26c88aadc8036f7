"""Personal data held by workshops: export and erasure (UK GDPR).

Called by the members work's export/erase pages.
"""

from django.utils import timezone

from network.caching.generations import bump
from workshops import services
from workshops.models import Feedback, Registration, ThemeProposal, ThemeSupport


def export(user) -> dict:
    registrations = Registration.objects.filter(member=user).select_related("workshop")
    return {
        "registrations": [
            {
                "workshop": r.workshop.title,
                "url": r.workshop.get_absolute_url(),
                "start": r.workshop.start.isoformat(),
                "status": r.status,
                "place": r.pool,
                "attended": r.attended,
                "access_needs": r.access_need_labels(),
                "registered_at": r.created_at.isoformat(),
                "reminder_sent_at": r.reminder_sent_at.isoformat() if r.reminder_sent_at else None,
            }
            for r in registrations
        ],
        "theme_proposals": [
            {"workshop": t.workshop.title, "text": t.text, "chosen": t.chosen}
            for t in ThemeProposal.objects.filter(author=user).select_related("workshop")
        ],
        "theme_supports": [
            {"workshop": s.proposal.workshop.title, "theme": s.proposal.text}
            for s in ThemeSupport.objects.filter(member=user).select_related("proposal__workshop")
        ],
        "feedback": [
            {
                "workshop": f.workshop.title,
                "usefulness": f.usefulness,
                "what_worked": f.what_worked,
                "what_to_change": f.what_to_change,
                "quote": f.quote,
                "quote_consent": f.quote_consent,
                "attribution": f.attribution,
                "quote_published": f.is_published,
            }
            for f in Feedback.objects.filter(member=user).select_related("workshop")
        ],
    }


def erase(user) -> None:
    """Cancel future registrations (their places go to the waiting list), forget
    access needs, and keep feedback and proposed themes without the person."""
    now = timezone.now()
    future = Registration.objects.filter(member=user, workshop__start__gt=now).exclude(
        status=Registration.Status.CANCELLED
    )
    for registration in future:
        services.cancel(registration=registration)
    Registration.objects.filter(member=user).update(access_needs=[], access_needs_other="")
    # Published quotes stay (the member consented) but no longer name them.
    Feedback.objects.filter(member=user).update(
        member=None,
        attribution=Feedback.Attribution.ANONYMOUS,
        attribution_text="A workshop participant",
    )
    ThemeProposal.objects.filter(author=user).update(author=None)
    bump("workshops")
    ThemeSupport.objects.filter(member=user).delete()
