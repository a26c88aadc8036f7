"""The blog's hole in cached fragments: whether the viewer likes a post.

`<!--liked:POST-->` becomes " (you like this)" for a viewer who likes the post, and
`<!--ifliked:POST-->A<!--else-->B<!--/ifliked-->` keeps A for them, B for everyone
else: one query for the whole fragment. Registered with the core's fragments in
BlogConfig.ready; the template tags that leave these holes are in blog_tags.

On a post's own page the viewer's relation to it (likes it, follows it) is read in one
query (`relation_to`) and remembered for the request, so the like hole and the Follow
button together cost one query.
"""

import re

from django.db import connection

from network.blog.models import Follow, PostLike

LIKED = re.compile(r"<!--liked:(\d+)-->")
IF_LIKED = re.compile(r"<!--ifliked:(\d+)-->(.*?)<!--else-->(.*?)<!--/ifliked-->", re.DOTALL)
MARKERS = ("<!--liked:", "<!--ifliked:")


def fill_liked(html: str, request) -> str:
    user = getattr(request, "user", None)
    liked = set()
    if user is not None and user.is_authenticated:
        post_ids = {int(pk) for pk in LIKED.findall(html)}
        post_ids.update(int(m.group(1)) for m in IF_LIKED.finditer(html))
        if len(post_ids) == 1:
            [post_id] = post_ids
            liked = {post_id} if relation_to(request, post_id)[0] else set()
        else:
            liked = liked_post_ids(user.pk, sorted(post_ids))
    html = IF_LIKED.sub(lambda m: m.group(2) if int(m.group(1)) in liked else m.group(3), html)
    return LIKED.sub(lambda m: " (you like this)" if int(m.group(1)) in liked else "", html)


def liked_post_ids(user_id: int, post_ids: list[int]) -> set[int]:
    """Plain SQL on purpose: this runs on every signed-in page with a like hole, and
    building the equivalent ORM query cost more than running it (about 2 ms)."""
    if not post_ids:
        return set()
    table = connection.ops.quote_name(PostLike._meta.db_table)
    placeholders = ", ".join(["%s"] * len(post_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT post_id FROM {table} WHERE user_id = %s AND post_id IN ({placeholders})",  # noqa: S608 (no user text)
            [user_id, *post_ids],
        )
        return {row[0] for row in cursor.fetchall()}


def relation_to(request, post_id: int) -> tuple[bool, bool]:
    """(likes it, follows it) for the signed-in viewer: one query, remembered for the
    request."""
    remembered = request.__dict__.setdefault("_blog_relations", {})
    if post_id not in remembered:
        likes = connection.ops.quote_name(PostLike._meta.db_table)
        follows = connection.ops.quote_name(Follow._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 'like' FROM {likes} WHERE user_id = %s AND post_id = %s "  # noqa: S608 (no user text)
                f"UNION ALL SELECT 'follow' FROM {follows} WHERE user_id = %s AND post_id = %s",
                [request.user.pk, post_id, request.user.pk, post_id],
            )
            found = {row[0] for row in cursor.fetchall()}
        remembered[post_id] = ("like" in found, "follow" in found)
    return remembered[post_id]
