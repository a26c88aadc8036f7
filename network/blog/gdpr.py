"""Personal data held by the blog, for the members work's export and erase pages."""

from django_comments_xtd.models import XtdComment

from network.blog.models import PostLike
from network.caching.generations import bump

FORMER_MEMBER = "Former member"


def export(user) -> dict:
    comments = XtdComment.objects.filter(user=user).order_by("submit_date")
    return {
        "comments": [
            {
                "post_id": comment.object_pk,
                "written_at": comment.submit_date.isoformat(),
                "text": comment.comment,
                "deleted": comment.is_removed,
            }
            for comment in comments
        ],
        "liked_posts": list(
            PostLike.objects.filter(user=user).values_list("post__title", flat=True)
        ),
        "posts_written": list(user.blog_posts.values_list("title", flat=True)),
    }


def erase(user) -> None:
    """Comments stay, so threads still make sense, but no longer say who wrote them."""
    XtdComment.objects.filter(user=user).update(
        user=None, user_name=FORMER_MEMBER, user_email="", user_url="", ip_address=None
    )
    bump("comments", "people")
    PostLike.objects.filter(user=user).delete()
