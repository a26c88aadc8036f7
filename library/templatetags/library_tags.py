"""What the workshop and post pages show from the library, through the templates
they look for by name (library/_workshop_library.html, library/_post_library.html):
the workshops and the blog never import the library."""

from django import template
from django.utils import timezone

from library import permissions
from library.models import Outcome, Partner, Resource
from network.caching.generations import cached_under

register = template.Library()


SECTION_SECONDS = 600


def _section(user, kind, pk, *, resources, partners, outcomes):
    """The lists, kept in the cache until the library or the page's own kind next
    changes (every library save bumps "workshops" and "posts"), so a page view usually
    runs none of these queries. Keyed by whether the viewer sees members-only resources."""
    members = permissions.sees_members_resources(user)

    def load():
        # Most pages have nothing from the library: one query says so (a UNION of the
        # three links), and only a page with links reads the three lists.
        linked = (
            resources.order_by()
            .values("pk")
            .union(partners.order_by().values("pk"), outcomes.order_by().values("pk"), all=True)
        )
        if not list(linked[:1]):
            return {"resources": [], "partners": [], "outcomes": []}
        return {
            "resources": list(resources.visible_to(members=members).order_by("title")),
            "partners": list(partners.order_by("name")),
            "outcomes": list(outcomes.order_by("-created_at")),
        }

    return dict(
        cached_under((kind,), f"library:section:{kind}:{pk}:{int(members)}", load, SECTION_SECONDS)
    )


@register.inclusion_tag("library/_section.html", takes_context=True)
def workshop_library(context, workshop):
    """The workshop's resources, partners and outcomes (cached: see _section), and for a past
    workshop an invitation to organisers to add the evidence it produced."""
    user = context["request"].user
    section = _section(
        user,
        "workshops",
        workshop.pk,
        resources=Resource.objects.filter(workshops=workshop),
        partners=Partner.objects.filter(workshops=workshop),
        outcomes=Outcome.objects.filter(workshop=workshop),
    )
    # Names in the workshop's own partner text that no partner record stands for yet are
    # still shown, as text (an organiser links them in the admin's Partners).
    linked = {partner.name.casefold() for partner in section["partners"]}
    section["unlinked_partners"] = [
        name for name in workshop.partner_list() if name.casefold() not in linked
    ]
    section["invite_evidence"] = permissions.can_manage(user) and workshop.end <= timezone.now()
    section["label"] = "workshop"
    return section


@register.inclusion_tag("library/_section.html", takes_context=True)
def post_library(context, post):
    user = context["request"].user
    section = _section(
        user,
        "posts",
        post.pk,
        resources=Resource.objects.filter(posts=post),
        partners=Partner.objects.filter(posts=post),
        outcomes=Outcome.objects.filter(post=post),
    )
    section["label"] = "post"
    return section
