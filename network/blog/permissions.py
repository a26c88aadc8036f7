"""Who may do what with posts and comments: each question answered in one place."""

from members.roles import can_participate, is_organiser, staff_page, standing
from network.access import Standing, requires
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
    return reads_posts_in_full(standing(user))


def reads_posts_in_full(standing: Standing) -> bool:
    """The same question asked of a viewer's standing (inside a cached fragment, which
    knows the viewer's role but not who they are)."""
    return not Network.objects.current().is_members_only or standing.member


def can_read_attachments(user, post) -> bool:
    """A post's cover and attachments: for those who may read the post in full (on a
    members-only network, members), and of a draft or scheduled post only organisers."""
    return post.is_visible_to(user) and can_read_posts_in_full(user)


# --- The questions views ask, each one decorator (network.access.requires) ------------------------

may_join_discussions = requires(
    can_comment, "Only members of the network can comment, reply, report comments and like posts."
)
may_read_posts_in_full = requires(
    can_read_posts_in_full, "This network's posts are for its members."
)
# A moderation page: staff also pass their second factor first (members.roles.staff_page).
may_remove_comments = staff_page(can_moderate_comments, "You can delete only your own comments.")
