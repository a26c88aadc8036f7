"""Personal data held by the blog, for the members work's export and erase pages."""

from django_comments_xtd.models import XtdComment

from network.blog.models import PostLike
from network.caching.generations import bump

FORMER_MEMBER = "Former member"


def export(user) -> dict:
    """The member's comments are in the members' part of the export (once, with the
    title and address of the post each is on); here what only the blog holds."""
    return {
        "liked_posts": [
            {"title": like.post.title, "url": like.post.get_absolute_url()}
            for like in PostLike.objects.filter(user=user).select_related("post")
        ],
        "posts_written": [
            {"title": post.title, "url": post.get_absolute_url()} for post in user.blog_posts.all()
        ],
    }


def erase(user) -> None:
    """Comments stay, so threads still make sense, but no longer say who wrote them."""
    XtdComment.objects.filter(user=user).update(
        user=None, user_name=FORMER_MEMBER, user_email="", user_url="", ip_address=None
    )
    bump("comments", "people")
    PostLike.objects.filter(user=user).delete()
