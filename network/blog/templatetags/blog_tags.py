"""Blog pieces for other pages: the home page's posts and recent comments."""

from django import template
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_comments_xtd.models import XtdComment

from network.blog import mentions
from network.blog.comments import post_content_type
from network.blog.models import Post
from network.blog.permissions import reads_posts_in_full

register = template.Library()

HOME_POSTS = 6
RECENT_COMMENTS = 5


@register.simple_tag(takes_context=True)
def home_posts(context):
    """Featured posts, then the latest: {"featured": [...], "latest": [...]} in 3 queries."""
    # Whether the viewer likes each post is a hole in the card, filled per request.
    posts = list(
        Post.objects.published()
        .for_listing()
        .order_by("-featured", "-publish_at", "-pk")[:HOME_POSTS]
    )
    return {
        "featured": [post for post in posts if post.featured],
        "latest": [post for post in posts if not post.featured],
    }


@register.simple_tag(takes_context=True)
def recent_comments(context):
    """The newest comments on posts the viewer may read, each with its post: 2 queries."""
    if not reads_posts_in_full(context["standing"]):
        return []
    visible_pks = (
        Post.objects.published()
        .annotate(pk_text=Cast("pk", CharField(max_length=64)))
        .values("pk_text")
    )
    comments = list(
        XtdComment.objects.filter(
            content_type=post_content_type(),
            object_pk__in=visible_pks,
            is_public=True,
            is_removed=False,
        )
        .select_related("user__profile")
        .order_by("-submit_date")[:RECENT_COMMENTS]
    )
    posts = Post.objects.only("title", "slug").in_bulk({int(c.object_pk) for c in comments})
    for comment in comments:
        comment.post = posts.get(int(comment.object_pk))
    return comments


@register.simple_tag
def liked_hole(post):
    """Where " (you like this)" goes for a viewer who likes `post` (network/blog/likes.py)."""
    return mark_safe(f"<!--liked:{int(post.pk)}-->")  # noqa: S308 (an integer)


@register.simple_tag
def if_liked(post, yes, no):
    """`yes` for a viewer who likes `post`, `no` for everyone else (a hole in the fragment)."""
    return format_html("<!--ifliked:{}-->{}<!--else-->{}<!--/ifliked-->", int(post.pk), yes, no)


@register.simple_tag
def comment_text(comment):
    """A comment's text as HTML, its mentions linked (network/blog/mentions.py)."""
    return mentions.render(comment)
