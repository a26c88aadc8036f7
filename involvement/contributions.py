"""Paid involvement's part of a member's contribution record (settings.CONTRIBUTION_SECTIONS):
the involvement roles they held, from their claims (a declined fee still counts: the
role was held). The record is private unless the member shares it, and the member
decides that knowing a role such as "participant with lived experience" is shown. One
query."""

from involvement.models import Claim
from members.contributions import Section


def record(user, *, is_self: bool) -> list[Section]:
    claims = list(
        Claim.objects.filter(member=user).select_related("workshop").order_by("day", "pk")
    )
    return [
        Section(
            slug="involvement",
            title="Involvement roles",
            columns=["Role", "Workshop", "Date"],
            rows=[
                [claim.role_name, claim.workshop.title, claim.day.strftime("%-d %b %Y")]
                for claim in claims
            ],
            urls=[claim.workshop.get_absolute_url() for claim in claims],
            empty="No paid involvement roles yet.",
        )
    ]
