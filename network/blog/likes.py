"""The blog's hole in cached fragments: whether the viewer likes a post.

`<!--liked:POST-->` becomes " (you like this)" for a viewer who likes the post, and
`<!--ifliked:POST-->A<!--else-->B<!--/ifliked-->` keeps A for them, B for everyone
else: one query for the whole fragment. Registered with the core's fragments in
BlogConfig.ready; the template tags that leave these holes are in blog_tags.
"""

import re

from django.db import connection

from network.blog.models import PostLike

LIKED = re.compile(r"<!--liked:(\d+)-->")
IF_LIKED = re.compile(r"<!--ifliked:(\d+)-->(.*?)<!--else-->(.*?)<!--/ifliked-->", re.DOTALL)
MARKERS = ("<!--liked:", "<!--ifliked:")


def fill_liked(html: str, request) -> str:
    user = getattr(request, "user", None)
    liked = set()
    if user is not None and user.is_authenticated:
        post_ids = {int(pk) for pk in LIKED.findall(html)}
        post_ids.update(int(m.group(1)) for m in IF_LIKED.finditer(html))
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
