"""Personal data held by the library: export and erasure (UK GDPR), found by name by
the members' data download and erasure (members/gdpr.py)."""

from library.models import PartnerMembership, Resource


def export(user) -> dict:
    membership = PartnerMembership.objects.filter(member=user).select_related("partner").first()
    return {
        "partner_organisation": (
            {"partner": membership.partner.name, "shown_to": membership.visibility}
            if membership
            else None
        ),
        "suggested_resources": [
            {"title": r.title, "summary": r.summary, "status": r.status, "link": r.link}
            for r in Resource.objects.filter(suggested_by=user)
        ],
    }


def erase(user) -> None:
    """Forget which partner the person belongs to; suggestions waiting for an organiser
    go, published ones stay without their name."""
    PartnerMembership.objects.filter(member=user).delete()
    Resource.objects.filter(suggested_by=user).exclude(status=Resource.Status.PUBLISHED).delete()
    Resource.objects.filter(suggested_by=user).update(suggested_by=None)
