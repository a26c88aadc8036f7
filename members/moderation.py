"""The moderation audit log: one function every app calls when it moderates."""

from members.models import ModerationAction


def record_action(
    *, actor, subject, kind: str, reason: str = "", detail: str = ""
) -> ModerationAction:
    """Write who did what to whom and why. `actor` is None when the system acted."""
    return ModerationAction.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=subject,
        kind=kind,
        reason=reason,
        detail=detail[:300],
    )
