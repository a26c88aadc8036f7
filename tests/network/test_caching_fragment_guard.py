"""A cached fragment is shared by everyone of the same role: nothing that belongs to one
viewer may be rendered into it (docs/caching.md). These tests plant such values and
expect the fragment to refuse them; the real templates are checked the same way every
time a test renders a page, and scanned below for what a render cannot see."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from members.roles import standing
from network.caching.fragments import PerViewerValueInFragment

pytestmark = pytest.mark.django_db

PLANTED = {
    "the viewer's name": "{{ user.display_name }}",
    "a CSRF token": "{% csrf_token %}",
    "a 'your profile' link": "{% url 'members:profile' user.pk %}",
    "a swallowed test": "{% if not user.is_authenticated %}Join{% endif %}",
    "the request's user": "{{ request.user }}",
    "the request's cookies": "{{ request.COOKIES }}",
    "an undeclared query parameter": "{{ request.GET.x }}",
    "the viewer's permissions": "{% if perms.blog.change_post %}Edit{% endif %}",
    "the viewer's messages": "{% for message in messages %}{{ message }}{% endfor %}",
}


def render_fragment(body: str, request, params: str = "") -> str:
    template = Template(
        '{% load fragments %}{% cachedfragment "planted" "posts" params="'
        + params
        + '" %}'
        + body
        + "{% endcachedfragment %}"
    )
    return template.render(
        Context({"request": request, "user": request.user, "csrf_token": "secret"})
    )


def member_request(user, path="/planted/"):
    request = RequestFactory().get(path)
    request.user = user
    request.standing = standing(user)
    return request


@pytest.mark.parametrize("body", PLANTED.values(), ids=PLANTED.keys())
@pytest.mark.parametrize("fragment_cache", [True, False], ids=["cached", "cache off"])
def test_a_per_viewer_value_planted_in_a_fragment_is_refused(member, body, fragment_cache):
    with override_settings(FRAGMENT_CACHE=fragment_cache), pytest.raises(PerViewerValueInFragment):
        render_fragment(body, member_request(member, f"/planted/{fragment_cache}/"))


def test_what_belongs_to_the_page_not_the_viewer_may_be_used(member):
    request = member_request(member, "/planted/?page=2&x=1")
    html = render_fragment(
        "{{ request.path }} page {{ request.GET.page }}{% csrf_hole %}", request, params="page"
    )
    assert html.startswith("/planted/ page 2")
    # The CSRF field is a hole, filled for this request after the cache.
    assert 'name="csrfmiddlewaretoken"' in html


def test_query_parameters_the_page_does_not_read_share_one_cached_copy(member):
    renders = []
    template = Template(
        '{% load fragments %}{% cachedfragment "shared" "posts" params="page" %}'
        "{{ count }}{% endcachedfragment %}"
    )

    class Counter:
        def __str__(self):
            renders.append(1)
            return str(len(renders))

    for junk in range(1, 6):
        request = member_request(member, f"/shared/?page=1&x={junk}")
        template.render(Context({"request": request, "count": Counter()}))
    assert len(renders) == 1
    request = member_request(member, "/shared/?page=2")
    template.render(Context({"request": request, "count": Counter()}))
    assert len(renders) == 2


# --- What a render cannot see: the like state is an annotation on the post ---------------------

BLOCK = re.compile(r"{%\s*cachedfragment.*?%}(.*?){%\s*endcachedfragment\s*%}", re.DOTALL)
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
PER_VIEWER_IN_SOURCE = re.compile(r"\.liked\b|\buser\.|request\.user|csrf_token|\bperms\.")


def fragment_sources(text: str, seen=None) -> str:
    """A fragment's body with the templates it includes, recursively."""
    seen = set() if seen is None else seen
    parts = [text]
    for name in INCLUDE.findall(text):
        if name not in seen:
            seen.add(name)
            path = Path(settings.BASE_DIR) / "templates" / name
            if path.exists():
                parts.append(fragment_sources(path.read_text(), seen))
    return "\n".join(parts)


def test_no_template_puts_a_per_viewer_value_inside_a_cached_fragment():
    templates = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
    found, checked = [], 0
    for path in templates:
        for body in BLOCK.findall(path.read_text()):
            checked += 1
            source = fragment_sources(body)
            # The comment tree names each comment's author (c.user), not the viewer.
            source = re.sub(r"\b(c|comment|profile|post|person)\.user\b", "author", source)
            found += [f"{path.name}: {m}" for m in PER_VIEWER_IN_SOURCE.findall(source)]
    assert checked >= 8  # every cached page is looked at
    assert found == []


def test_the_scan_finds_a_planted_like_state():
    planted = '{% cachedfragment "x" "posts" %}{% if post.liked %}You like this{% endif %}'
    assert PER_VIEWER_IN_SOURCE.findall(fragment_sources(planted + "{% endcachedfragment %}"))
