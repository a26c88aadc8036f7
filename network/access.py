"""The viewer's standing on the network, as the core sees it.

Who counts as an active member, an organiser or the owner is decided by the members
app (members.roles.standing). Its middleware puts the answer on every request as
`request.standing`, so the core (the members-only gate, the layout, the key of every
cached fragment) asks for it here without importing the apps built on it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Standing:
    signed_in: bool = False
    member: bool = False  # an active member: reads members' content, sees the directory
    organiser: bool = False  # runs the network (the owner counts)
    owner: bool = False

    @property
    def role(self) -> str:
        """What the viewer may see as a short string: their role, never who they are."""
        if not self.signed_in:
            return "visitor"
        return "-".join(
            [
                "member" if self.member else "signed-in",
                "organiser" if self.organiser else "",
                "owner" if self.owner else "",
            ]
        )


VISITOR = Standing()


def standing_of(request) -> Standing:
    """The standing members' middleware worked out for this request (a visitor's
    outside a request, or before that middleware has run)."""
    return getattr(request, "standing", VISITOR)
