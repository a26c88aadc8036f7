"""Who may do what with posts and comments: each question answered in one place."""

from members.roles import can_participate, can_see_members_content, is_organiser
from network.models import Network


def can_comment(user) -> bool:
    """May write comments and replies, report comments and like posts: an active
    member who has accepted the current Terms of Service."""
    return can_participate(user)


def can_like(user) -> bool:
    return can_comment(user)


def can_moderate_comments(user) -> bool:
    """Organisers and the owner remove anyone's comment, with a reason."""
    return is_organiser(user)


def can_preview_posts(user) -> bool:
    """Drafts and scheduled posts are seen by the people who write them."""
    return is_organiser(user)


def can_read_posts_in_full(user) -> bool:
    """On a members-only network, visitors and non-members read titles and excerpts only."""
    if not Network.objects.current().is_members_only:
        return True
    return can_see_members_content(user)
