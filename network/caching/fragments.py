"""Cached page fragments: part of a page rendered once for everyone of the same role.

`{% cachedfragment %}` (network/templatetags/fragments.py) keeps its HTML under a key
made by `fragment_key` from: the release, the generations of the data it shows
(network.caching.generations), the viewer's role (never who they are), the path, only
the query parameters the page reads, and optionally the minute.

Parts that belong to one person never go into the cached HTML. The fragment leaves a
*hole* there, filled per request after the cache:
- `<!--own:USER-->A<!--else-->B<!--/own-->` keeps A for that user (Delete on their
  own comment) and B for everyone else;
- `<!--csrf-->` ({% csrf_hole %}) becomes this request's CSRF field;
- an app may add its own kind (the blog's "you like this") with `register_hole`.

Everything else about the viewer is kept out by construction: while a fragment
renders, `user`, `perms`, `messages`, `csrf_token` and everything on `request` but its
path and the declared query parameters raise `PerViewerValueInFragment`.
"""

import hashlib
import time

from django.core.cache import cache
from django.http import QueryDict
from django.middleware.csrf import get_token
from django.template import TemplateSyntaxError
from django.utils.html import format_html

from network.access import standing_of
from network.caching import local
from network.caching.generations import generations, minute
from network.caching.release import release

TIMEOUT = 600


class PerViewerValueInFragment(TemplateSyntaxError):
    """A cached fragment asked for something that belongs to one viewer: it would be
    served to everyone of the same role. Use a hole, or move it out of the fragment."""


def _refusal(name: str) -> PerViewerValueInFragment:
    return PerViewerValueInFragment(
        f"'{name}' is per-viewer and cannot be used inside {{% cachedfragment %}}: "
        "use a hole (docs/caching.md) or move it out of the fragment."
    )


class _Refused:
    """Stands in for a per-viewer value while a fragment renders: any use raises, and
    is noted in `touched` (the template language swallows errors in some places,
    such as `{% if not user.is_authenticated %}`; the fragment then refuses itself)."""

    def __init__(self, name: str, touched: list):
        self._name = name
        self._touched = touched

    def _refuse(self, *args, **kwargs):
        self._touched.append(self._name)
        raise _refusal(self._name)

    __getattr__ = __getitem__ = __str__ = __bool__ = __iter__ = __len__ = __eq__ = _refuse
    __hash__ = object.__hash__

    def __html__(self):
        self._refuse()


class _DeclaredQuery(QueryDict):
    """The query parameters a fragment declared (`params=`): reading any other one is
    refused, since it is not part of the fragment's key."""

    def __init__(self, declared, touched: list):
        super().__init__(mutable=True)
        self._declared = set(declared)
        self._touched = touched

    def _check(self, name):
        if name not in self._declared:
            _Refused(f"request.GET.{name} (not in the fragment's params)", self._touched)._refuse()

    def __getitem__(self, name):
        self._check(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self._check(name)
        try:
            return super().__getitem__(name)
        except KeyError:
            return default

    def getlist(self, name, default=None):
        self._check(name)
        return super().getlist(name, default)


class _RequestInFragment:
    """What a fragment may read of the request: the path (and the view it resolved to)
    and the declared query parameters, which are part of its key. Anything else raises."""

    def __init__(self, request, params: tuple[str, ...], touched: list):
        self._touched = touched
        self.path = request.path
        self.resolver_match = getattr(request, "resolver_match", None)
        self.GET = _DeclaredQuery(params, touched)
        for name in params:
            if name in request.GET:
                self.GET.setlist(name, request.GET.getlist(name))

    def __getattr__(self, name):
        _Refused(f"request.{name}", self._touched)._refuse()


def render_guarded(nodelist, context, params: tuple[str, ...]) -> str:
    """Render a fragment's template with every per-viewer value refused."""
    touched = []
    request = context.get("request")
    guards = {name: _Refused(name, touched) for name in ("user", "perms", "messages", "csrf_token")}
    guards["request"] = _RequestInFragment(request, params, touched) if request else None
    with context.push(guards):
        html = nodelist.render(context)
    if touched:
        raise _refusal(touched[0])
    return html


def viewer_class(request, viewer=None) -> str:
    """What the viewer may see, as a short string: their role, never their identity.

    `viewer` is the comments' Viewer when the page has one: whether they may comment
    or moderate changes the comment tree (and costs no query, it is known already)."""
    role = standing_of(request).role
    if viewer is not None and role != "visitor":
        role += "-".join(
            [
                "",
                "commenter" if viewer.can_comment else "",
                "moderator" if viewer.can_moderate else "",
            ]
        )
    return role


def declared_query(request, names) -> str:
    """The request's query string cut down to `names`, URL-encoded: what a fragment
    may build links from (any other parameter is not part of its key)."""
    query = QueryDict(mutable=True)
    for name in names:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    return query.urlencode()


def fragment_key(request, name: str, kinds, *, params=(), timed=False, vary="", viewer=None):
    query = ""
    if request is not None and params:
        query = "&".join(
            f"{param}={value}" for param in sorted(params) for value in request.GET.getlist(param)
        )
    parts = [
        release(),
        generations(*kinds, "network"),
        viewer_class(request, viewer),
        request.path if request is not None else "",
        query,
        str(minute()) if timed else "",
        str(vary),
    ]
    return f"fragment:{name}:{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:32]}"


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
    fragment = local.copies.get(key)
    if fragment is not None:
        return fragment
    now = time.time()
    fragment = cache.get(key)
    if not isinstance(fragment, Fragment) or fragment.expires <= now:
        fragment = Fragment(render(), now + timeout)
        cache.set(key, fragment, timeout)
    local.copies.put(key, fragment, len(fragment.html), fragment.expires)
    return fragment


# --- Holes: per-viewer parts inside a cached fragment -------------------------------------------

CSRF = "<!--csrf-->"
# (markers that show the hole is there, filler(html, request) -> html), added by apps.
_hole_fillers: list[tuple[tuple[str, ...], object]] = []


def register_hole(markers: tuple[str, ...], filler) -> None:
    """An app's own kind of hole: `filler(html, request)` runs when any of `markers`
    is in a fragment's HTML (e.g. the blog's "you like this")."""
    if all(existing is not filler for _, existing in _hole_fillers):
        _hole_fillers.append((markers, filler))


def fill_holes(html, request) -> str:
    """Fill a cached fragment's per-viewer holes for this request. `html` is a
    string, or a cached Fragment (which fills its `own` holes faster)."""
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    if isinstance(html, Fragment):
        html = html.with_own_filled(user_id)
    elif "<!--own:" in html:
        html = _fill_own(html, user_id)
    for markers, filler in _hole_fillers:
        if any(marker in html for marker in markers):
            html = filler(html, request)
    if CSRF in html and request is not None:
        field = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        )
        html = html.replace(CSRF, field)
    return html


def _fill_own(html: str, user_id: int | None) -> str:
    """The own holes filled by splitting: a page of comments has hundreds of them, and
    splitting is several times faster than a regular expression on a long page."""
    parts = html.split("<!--own:")
    filled = [parts[0]]
    for part in parts[1:]:
        pk, _, rest = part.partition("-->")
        mine, _, rest = rest.partition("<!--else-->")
        others, _, tail = rest.partition("<!--/own-->")
        filled.append(mine if pk.isdigit() and int(pk) == user_id else others)
        filled.append(tail)
    return "".join(filled)
