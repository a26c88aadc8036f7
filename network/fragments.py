"""Cached page fragments that show a change at once.

A fragment's cache key holds the current *generation* of each kind of data it
shows ("posts", "comments", "people", "workshops", "network"). Every write to
that kind of data (model signals below, plus the few queryset updates that
bypass signals, which call `bump()` themselves) replaces the generation with a
new random token, so the next request renders afresh: nothing is ever served
stale by waiting for a timeout. The key also holds what the viewer is allowed
to see (their role, not who they are) and the page address.

Parts that belong to one person (whether *you* like a post, the Delete link on
*your* comment) never go into the cached HTML: the fragment leaves a hole there
(`hole(kind, *args)`), filled per request after the cache (see HOLE_FILLERS).

With several app processes the generations must live in a shared cache
(REDIS_URL); with the local-memory cache each process would only see its own
writes.
"""

import functools
import hashlib
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

KINDS = ("posts", "comments", "people", "workshops", "network")
PREFIX = "fragments:gen:"


def generations(*kinds: str) -> str:
    keys = [PREFIX + kind for kind in kinds]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            # First use (or the cache was flushed): start a generation. add() keeps
            # another process's token if it got there first.
            cache.add(key, secrets.token_hex(6), timeout=None)
            token = cache.get(key)
        tokens.append(str(token))
    return ".".join(tokens)


def bump(*kinds: str) -> None:
    """Invalidate every fragment showing these kinds of data (after the commit, so a
    request between the write and the commit cannot cache the old state again)."""

    def replace():
        cache.set_many({PREFIX + kind: secrets.token_hex(6) for kind in kinds}, timeout=None)

    replace()
    transaction.on_commit(replace)


@functools.cache
def code_version() -> str:
    """A fingerprint of this release's templates and code, part of every fragment key:
    after a deploy, fragments cached by the previous release (in a shared Redis) are
    never served, even if their data has not changed."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in ("templates", "network", "members", "workshops"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".html", ".py"} and path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def minute() -> int:
    """For fragments that also change with the clock (a scheduled post appears, a
    workshop starts): part of their key, so they are at most a minute behind it."""
    return int(time.time() // 60)


def viewer_class(request, viewer=None) -> str:
    """What the viewer may see, as a short string: their role, never their identity.

    `viewer` is the comments' Viewer when the page has one: whether they may comment
    or moderate changes the comment tree (and costs no query, it is known already)."""
    from members.roles import is_active_member, is_organiser

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return "visitor"
    parts = [
        "member" if is_active_member(user) else "signed-in",
        "organiser" if is_organiser(user) else "",
        "owner" if user.is_superuser else "",
    ]
    if viewer is not None:
        parts += [
            "commenter" if viewer.can_comment else "",
            "moderator" if viewer.can_moderate else "",
        ]
    return "-".join(parts)


# --- Holes: per-viewer parts inside a cached fragment -------------------------------------------

LIKED = re.compile(r"<!--liked:(\d+)-->")
IF_LIKED = re.compile(r"<!--ifliked:(\d+)-->(.*?)<!--else-->(.*?)<!--/ifliked-->", re.DOTALL)
OWN = re.compile(r"<!--own:(\d+)-->(.*?)<!--else-->(.*?)<!--/own-->", re.DOTALL)
CSRF = "<!--csrf-->"


def fill_holes(html: str, request) -> str:
    """Fill a cached fragment's per-viewer holes for this request.

    `<!--liked:POST-->` becomes " (you like this)" when the viewer likes the post
    and `<!--ifliked:POST-->A<!--else-->B<!--/ifliked-->` keeps A when they do, B
    otherwise (one query for the whole fragment); `<!--own:USER-->A<!--else-->B<!--/own-->`
    keeps A for that user (e.g. Delete on their own comment) and B for everyone else;
    `<!--csrf-->` becomes this request's CSRF field, so a cached form still posts.
    """
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    if "<!--own:" in html:
        html = _fill_own(html, user_id)
    if "<!--liked:" in html or "<!--ifliked:" in html:
        liked = set()
        if user_id is not None:
            post_ids = {int(pk) for pk in LIKED.findall(html)}
            post_ids.update(int(m.group(1)) for m in IF_LIKED.finditer(html))
            liked = _liked_post_ids(user_id, sorted(post_ids))
        html = IF_LIKED.sub(lambda m: m.group(2) if int(m.group(1)) in liked else m.group(3), html)
        html = LIKED.sub(lambda m: " (you like this)" if int(m.group(1)) in liked else "", html)
    if CSRF in html and request is not None:
        from django.middleware.csrf import get_token
        from django.utils.html import format_html

        field = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        )
        html = html.replace(CSRF, field)
    return html


def _fill_own(html: str, user_id: int | None) -> str:
    """OWN.sub() by hand: a page of comments has hundreds of these holes, and splitting
    is several times faster than the regular expression on a long page."""
    parts = html.split("<!--own:")
    filled = [parts[0]]
    for part in parts[1:]:
        pk, _, rest = part.partition("-->")
        mine, _, rest = rest.partition("<!--else-->")
        others, _, tail = rest.partition("<!--/own-->")
        filled.append(mine if pk.isdigit() and int(pk) == user_id else others)
        filled.append(tail)
    return "".join(filled)


def _liked_post_ids(user_id: int, post_ids: list[int]) -> set[int]:
    """Plain SQL on purpose: this runs on every signed-in page with a like hole, and
    building the equivalent ORM query cost more than running it (about 2 ms)."""
    from django.db import connection

    from network.models import PostLike

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
