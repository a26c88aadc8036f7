"""The viewer's standing on the network, as the core sees it.

Who counts as an active member, an organiser or the owner is decided by the members
app (members.roles.standing). Its middleware puts the answer on every request as
`request.standing`, so the core (the members-only gate, the layout, the key of every
cached fragment) asks for it here without importing the apps built on it.
"""

import functools
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from network import hooks


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


@dataclass(frozen=True)
class Blocked:
    """Why a signed-in person cannot take part, in plain words, and their next step.

    Decided in one place (settings.BLOCKED_STANDING, members.roles.blocked_standing);
    shown by the 403 page, the layout, the workshop registration panel and the
    comment form area (templates/includes/blocked.html)."""

    state: str  # "terms", "unverified", "pending", "suspended", "declined", "left"
    message: str
    next_url: str
    next_label: str
    # "post" for a next step that is a button (send the confirmation e-mail again).
    next_method: str = "get"
    post_fields: tuple = ()  # (name, value) pairs for a "post" next step
    detail: str = ""  # what changed in the Terms, the reason for a suspension


def blocked_of(request) -> Blocked | None:
    """What stops the signed-in viewer taking part, or None (visitors, and members
    who may). Worked out once per request."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_blocked"):
        request._blocked = hooks.blocked_standing(request.user, request.get_full_path())
    return request._blocked


def standing_of(request) -> Standing:
    """The standing members' middleware worked out for this request (a visitor's
    outside a request, or before that middleware has run)."""
    return getattr(request, "standing", VISITOR)


def requires(check, reason: str):
    """A view decorator for one "who may do this?" question, asked the same way
    everywhere: `check(user)` decides; a visitor it refuses is sent to sign in (and
    brought back), a signed-in person it refuses gets a 403 saying `reason` and what
    stands in their way with their next step (network.access.Blocked); a member whose
    only obstacle is the updated Terms is taken to accept them, then brought back.

    Each app names its questions once, beside the rules they ask (e.g.
    `may_comment = requires(can_comment, "...")` in network/blog/permissions.py)."""

    def decorator(view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not check(request.user):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                blocked = blocked_of(request)
                if blocked is not None and blocked.state == "terms":
                    return redirect(blocked.next_url)
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        return guarded

    return decorator


signed_in = requires(lambda user: user.is_authenticated, "Please sign in.")
