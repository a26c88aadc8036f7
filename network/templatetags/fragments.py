"""{% cachedfragment %}: cache part of a page until the data it shows changes.

    {% load fragments %}
    {% cachedfragment "blog-list" "posts" "comments" "people" params="page tag author" timed=True %}
      ... HTML that may contain per-viewer holes (network/caching/fragments.py) ...
    {% endcachedfragment %}

The name, then the kinds of data shown (network.caching.generations.KINDS). The key
also holds the viewer's role and the path; `params` names the query parameters the
page reads (only those are in the key, and only those are readable inside);
`timed=True` adds the minute (lists that change with the clock); `vary=...` adds any
other value. Nothing inside the block runs on a cache hit, so querysets the view
passes lazily cost nothing then. docs/caching.md says what may go inside.
"""

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from network.caching import fragments

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, kinds, options):
        self.nodelist = nodelist
        self.name = name
        self.kinds = kinds
        self.options = options

    def render(self, context):
        request = context.get("request")
        options = {key: value.resolve(context) for key, value in self.options.items()}
        params = options.get("params") or ()
        params = tuple(params.split() if isinstance(params, str) else params)

        def render():
            return fragments.render_guarded(self.nodelist, context, params)

        if not settings.FRAGMENT_CACHE:
            return mark_safe(fragments.fill_holes(render(), request))  # noqa: S308
        key = fragments.fragment_key(
            request,
            self.name.resolve(context),
            [kind.resolve(context) for kind in self.kinds],
            params=params,
            timed=bool(options.get("timed")),
            vary=options.get("vary", ""),
            viewer=context.get("viewer"),
        )
        fragment = fragments.cached_fragment(
            key, render, options.get("timeout") or fragments.TIMEOUT
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
def csrf_hole():
    """{% csrf_token %} inside a cached fragment: the field is filled per request."""
    return mark_safe(fragments.CSRF)  # noqa: S308 (a constant)
