"""Who may do what with paid involvement, decided from members/roles.py.

Every question is asked here and only here: by the views (through the decorators at
the bottom), by the admin (each ModelAdmin's has_*_permission) and by the receipt
download (`receipt_access`, the check for the "receipts" upload folder)."""

from involvement.models import Expense
from members import roles
from network.access import requires
from network.files import Grant


def can_keep_rates(user) -> bool:
    """The rate table is the owner's."""
    return roles.is_owner(user)


def can_offer_paid_places(user) -> bool:
    """Organisers (and the owner) mark workshops as paid involvement."""
    return roles.is_organiser(user)


def can_handle_claims(user) -> bool:
    """Organisers (and the owner) see claims, approve or query them, and export the
    approved ones for the finance team. An organiser counts only while an active member."""
    return roles.is_organiser(user)


def can_claim(user) -> bool:
    """Anyone signed in sees their own claims: money owed for work done is owed to a
    suspended or departed member too."""
    return user.is_authenticated


def can_see_claim(user, claim) -> bool:
    return user.is_authenticated and (claim.member_id == user.pk or can_handle_claims(user))


def receipt_access(request, name: str) -> Grant | None:
    """May the viewer have the receipt stored as `name`? The claimant and the organisers
    (network.files; a refusal there is a 404)."""
    expense = Expense.objects.filter(receipt=name).select_related("claim").first()
    if expense is None or not can_see_claim(request.user, expense.claim):
        return None
    return Grant(download_name=name.rsplit("/", 1)[-1])


# --- The questions views ask, each one decorator (network.access.requires) ------------------------

may_claim = requires(can_claim, "Sign in to see what you can claim.")
