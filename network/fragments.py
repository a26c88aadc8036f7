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
import pickle
import re
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from network import requestcache

KINDS = ("posts", "comments", "people", "workshops", "network")
PREFIX = "fragments:gen:"


def generations(*kinds: str) -> str:
    keys = [PREFIX + kind for kind in kinds]
    found = requestcache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            # First use (or the cache was flushed): start a generation. add() keeps
            # another process's token if it got there first.
            cache.add(key, secrets.token_hex(6), timeout=None)
            token = cache.get(key)
            requestcache.remember(key, token)
        tokens.append(str(token))
    return ".".join(tokens)


def cached_under(kinds, key: str, load, timeout: int):
    """`load()`, kept in the cache until data of these kinds next changes (its key
    holds their generations). None is never cached: a missing row is looked up again.
    This process also keeps a pickled copy (see "Kept in this process" below), so a
    repeated read costs neither a query nor a round trip, and every request still
    gets objects of its own to change. With FRAGMENT_CACHE off, `load()` every time."""
    if not settings.FRAGMENT_CACHE:
        return load()
    full_key = f"{key}:{generations(*kinds)}"
    pickled = _local.get(full_key)
    if pickled is not None:
        return pickle.loads(pickled)  # noqa: S301 (pickled by this process)
    value = cache.get(full_key)
    if value is None:
        value = load()
        if value is None:
            return None
        cache.set(full_key, value, timeout)
    pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    _local.put(full_key, pickled, len(pickled), time.time() + timeout)
    return value


def bump(*kinds: str) -> None:
    """Invalidate every fragment showing these kinds of data (after the commit, so a
    request between the write and the commit cannot cache the old state again)."""

    def replace():
        requestcache.set_many({PREFIX + kind: secrets.token_hex(6) for kind in kinds}, timeout=None)

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


# --- Kept in this process ------------------------------------------------------------------------
#
# The key of a fragment or of a `cached_under` value changes whenever what it holds
# changes (the generations are read from the shared cache on every request), so a copy
# kept in this process is never stale: it only saves fetching and unpickling the same
# thing again (a post's comment tree is 150-300 KB; the signed-in user, a profile and a
# post row are small, but a round trip to Redis costs as much as rendering a small
# page). A fragment's copy expires when the shared entry does, so a "5 minutes ago" is
# not kept past the fragment's timeout.


class _LocalCache:
    """A least-recently-used store of bounded size, in this process's memory."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[float, object, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] <= time.time():
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, value, size: int, expires: float) -> None:
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= previous[2]
            self._entries[key] = (expires, value, size)
            self._size += size
            while self._size > self.max_bytes and len(self._entries) > 1:
                _, (_, _, dropped) = self._entries.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


LOCAL_BYTES = 32 * 1024 * 1024  # per process
_local = _LocalCache(LOCAL_BYTES)


class Fragment:
    """A rendered fragment and when it expires, as cached."""

    __slots__ = ("html", "expires", "_for_others")

    def __init__(self, html: str, expires: float):
        self.html = html
        self.expires = expires
        self._for_others = None

    def __getstate__(self):
        return (self.html, self.expires)

    def __setstate__(self, state):
        self.html, self.expires = state
        self._for_others = None

    def with_own_filled(self, user_id: int | None) -> str:
        """The HTML with its `own` holes filled for this viewer. Most viewers wrote
        nothing on the page: they all get one copy, filled once."""
        if "<!--own:" not in self.html:
            return self.html
        if user_id is not None and f"<!--own:{user_id}-->" in self.html:
            return _fill_own(self.html, user_id)
        if self._for_others is None:
            self._for_others = _fill_own(self.html, None)
        return self._for_others


def cached_fragment(key: str, render, timeout: int) -> Fragment:
    """The fragment under `key`: from this process, else the shared cache, else
    `render()` (stored in both)."""
    fragment = _local.get(key)
    if fragment is not None:
        return fragment
    now = time.time()
    fragment = cache.get(key)
    if not isinstance(fragment, Fragment) or fragment.expires <= now:
        fragment = Fragment(render(), now + timeout)
        cache.set(key, fragment, timeout)
    _local.put(key, fragment, len(fragment.html), fragment.expires)
    return fragment


def forget_local_copies() -> None:
    _local.clear()


# --- Holes: per-viewer parts inside a cached fragment -------------------------------------------

LIKED = re.compile(r"<!--liked:(\d+)-->")
IF_LIKED = re.compile(r"<!--ifliked:(\d+)-->(.*?)<!--else-->(.*?)<!--/ifliked-->", re.DOTALL)
OWN = re.compile(r"<!--own:(\d+)-->(.*?)<!--else-->(.*?)<!--/own-->", re.DOTALL)
CSRF = "<!--csrf-->"


def fill_holes(html, request) -> str:
    """Fill a cached fragment's per-viewer holes for this request.

    `<!--liked:POST-->` becomes " (you like this)" when the viewer likes the post
    and `<!--ifliked:POST-->A<!--else-->B<!--/ifliked-->` keeps A when they do, B
    otherwise (one query for the whole fragment); `<!--own:USER-->A<!--else-->B<!--/own-->`
    keeps A for that user (e.g. Delete on their own comment) and B for everyone else;
    `<!--csrf-->` becomes this request's CSRF field, so a cached form still posts.
    `html` is a string, or a cached Fragment (which fills its `own` holes faster).
    """
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    if isinstance(html, Fragment):
        html = html.with_own_filled(user_id)
    elif "<!--own:" in html:
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

    from network.blog.models import PostLike

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
