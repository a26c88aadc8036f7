"""{% cachedfragment %}: cache part of a page until the data it shows changes.

    {% load fragments %}
    {% cachedfragment "blog-list" "posts" "comments" "people" timed=True %}
      ... HTML that may contain per-viewer holes (network/fragments.py) ...
    {% endcachedfragment %}

The name, then the kinds of data shown (see network.fragments.KINDS). The key
also holds the viewer's role, the page address (path and query) and, with
timed=True, the minute (for lists that change with the clock). `vary=...` adds
any other value. Nothing inside the block runs on a cache hit, so querysets the
view passes lazily cost nothing then.
"""

import hashlib

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from network import fragments

register = template.Library()

TIMEOUT = 600


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, kinds, options):
        self.nodelist = nodelist
        self.name = name
        self.kinds = kinds
        self.options = options

    def render(self, context):
        request = context.get("request")
        if not settings.FRAGMENT_CACHE:
            return mark_safe(fragments.fill_holes(self.nodelist.render(context), request))  # noqa: S308
        options = {key: value.resolve(context) for key, value in self.options.items()}
        name = self.name.resolve(context)
        kinds = [kind.resolve(context) for kind in self.kinds]
        parts = [
            fragments.code_version(),
            fragments.generations(*kinds, "network"),
            fragments.viewer_class(request, context.get("viewer")),
            request.get_full_path() if request is not None else "",
            str(fragments.minute()) if options.get("timed") else "",
            str(options.get("vary", "")),
        ]
        digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
        key = f"fragment:{name}:{digest}"
        fragment = fragments.cached_fragment(
            key, lambda: self.nodelist.render(context), options.get("timeout") or TIMEOUT
        )
        return mark_safe(fragments.fill_holes(fragment, request))  # noqa: S308 (rendered by us)


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedfragment needs a name")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    name = parser.compile_filter(bits[1])
    kinds, options = [], {}
    for bit in bits[2:]:
        if "=" in bit:
            key, value = bit.split("=", 1)
            options[key] = parser.compile_filter(value)
        else:
            kinds.append(parser.compile_filter(bit))
    return CachedFragmentNode(nodelist, name, kinds, options)


@register.simple_tag
def liked_hole(post):
    """Where " (you like this)" goes for a viewer who likes `post`."""
    return mark_safe(f"<!--liked:{int(post.pk)}-->")  # noqa: S308 (an integer)


@register.simple_tag
def if_liked(post, yes, no):
    """`yes` for a viewer who likes `post`, `no` for everyone else (a hole in the fragment)."""
    return format_html("<!--ifliked:{}-->{}<!--else-->{}<!--/ifliked-->", int(post.pk), yes, no)


@register.simple_tag
def csrf_hole():
    """{% csrf_token %} inside a cached fragment: the field is filled per request."""
    return mark_safe(fragments.CSRF)  # noqa: S308 (a constant)
