"""Paid involvement's part of other apps' pages, which look for its templates by name
(involvement/_workshop_claims.html on a workshop's page)."""

from django import template

from involvement import services

register = template.Library()


@register.simple_tag(takes_context=True)
def may_claim_for(context, workshop) -> bool:
    """Has the viewer something to claim (or a claim) for this workshop? One query, asked
    only on the page of a workshop that has started, of a signed-in viewer."""
    user = context["request"].user
    if not user.is_authenticated:
        return False
    return services.eligible_offers(user).filter(workshop=workshop).exists()
