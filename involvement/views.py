"""The participant's pages: what they can claim, their claims, and a claim's page.
Views parse, call involvement.services, and render; who may is asked of
involvement.permissions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from involvement import permissions, services
from involvement.forms import RECEIPT_HELP, AnswerForm, ChoiceForm, ExpenseForm
from involvement.models import Claim, Expense, Offer
from network.files import Grant, send
from network.ratelimit import is_rate_limited

ADVICE = [
    ("Citizens Advice: benefits", "https://www.citizensadvice.org.uk/benefits/"),
    ("Turn2us: benefits calculator and advice", "https://www.turn2us.org.uk/"),
]


def _offer_form(offer, data=None):
    return ChoiceForm(data, prefix=f"offer-{offer.pk}", initial={"choice": Claim.Choice.PAYMENT})


@require_safe
@permissions.may_claim
def claims(request):
    return _claims_page(request)


def _claims_page(request, *, failed_offer=None, failed_form=None, status=200):
    # Queries: the claimable offers; their rates (one per offer's rate name and day, a
    # few rows); the claims with their workshop and session; their expenses; their
    # questions and answers.
    offers = services.claimable_offers(request.user)
    for offer in offers:
        offer.form = failed_form if offer == failed_offer else _offer_form(offer)
    mine = list(services.claims_of(request.user))
    return render(
        request,
        "involvement/claims.html",
        {
            "offers": offers,
            "claims": mine,
            "years": services.yearly_totals(mine),
            "advice": ADVICE,
            # The error summary of the layout's <title> ("Error: …"); shown at the top
            # when the offer it is about is no longer one to claim.
            "form": failed_form,
            "form_elsewhere": failed_form is not None and failed_offer not in offers,
        },
        status=status,
    )


@require_POST
@permissions.may_claim
def make_claim(request, offer_id):
    offer = get_object_or_404(Offer, pk=offer_id)
    form = _offer_form(offer, request.POST)
    if form.is_valid():
        try:
            claim = services.make_claim(
                offer=offer, member=request.user, choice=form.cleaned_data["choice"]
            )
        except services.ClaimError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Your claim {claim.reference} is made. Add any expenses below; the "
                "organisers approve it after that.",
            )
            return redirect("involvement:claim", claim.pk)
    return _claims_page(request, failed_offer=offer, failed_form=form, status=400)


def _own_claim(request, pk) -> Claim:
    """The viewer's own claim (organisers handle others' in the admin); 404 otherwise."""
    return get_object_or_404(services.claims_of(request.user), pk=pk)


def _claim_page(request, claim, *, status=200, **forms):
    context = {
        "claim": claim,
        "choice_form": forms.get("choice_form")
        or ChoiceForm(initial={"choice": claim.choice}, prefix="choice"),
        "expense_form": forms.get("expense_form") or ExpenseForm(prefix="expense"),
        "answer_form": forms.get("answer_form") or AnswerForm(prefix="answer"),
        "receipt_help": RECEIPT_HELP,
        "advice": ADVICE,
    }
    # The form whose errors the page shows (the layout's <title> and the summary).
    context["form"] = next((form for form in forms.values() if form.errors), None)
    return render(request, "involvement/claim.html", context, status=status)


@require_safe
@permissions.may_claim
def claim(request, pk):
    return _claim_page(request, _own_claim(request, pk))


def _write(request, pk, form_class, prefix, change, done: str):
    """POST a form of the claim's page: on success `change(claim, cleaned_data)` and back
    to the page with `done`; on failure the page again with the form's errors."""
    claim = _own_claim(request, pk)
    form = form_class(request.POST, request.FILES, prefix=prefix)
    if is_rate_limited(request, "claim_change"):
        # Counted per person: receipts are uploads, so a runaway script stops here.
        form.is_valid()  # keeps what was typed, shown with the message
        form.add_error(None, "You have changed your claims many times just now. Please wait "
                       "a few minutes and try again (what you typed is kept below; a receipt "
                       "file must be chosen again).")  # fmt: skip
    elif form.is_valid():
        try:
            change(claim, form.cleaned_data)
        except services.ClaimError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect("involvement:claim", claim.pk)
    return _claim_page(request, claim, status=400, **{f"{prefix}_form": form})


@require_POST
@permissions.may_claim
def change_choice(request, pk):
    return _write(
        request,
        pk,
        ChoiceForm,
        "choice",
        lambda claim, data: services.change_choice(
            claim=claim, by=request.user, choice=data["choice"]
        ),
        "Your choice is saved.",
    )


@require_POST
@permissions.may_claim
def add_expense(request, pk):
    return _write(
        request,
        pk,
        ExpenseForm,
        "expense",
        lambda claim, data: services.add_expense(
            claim=claim,
            by=request.user,
            kind=data["kind"],
            description=data["description"],
            amount=data["amount"],
            receipt=data["receipt"],
        ),
        "The expense is added.",
    )


@require_POST
@permissions.may_claim
def answer(request, pk):
    return _write(
        request,
        pk,
        AnswerForm,
        "answer",
        lambda claim, data: services.answer(claim=claim, by=request.user, message=data["message"]),
        "Your answer is sent: the organisers will look at your claim again.",
    )


@require_POST
@permissions.may_claim
def remove_expense(request, pk, expense_id):
    claim = _own_claim(request, pk)
    expense = get_object_or_404(Expense, pk=expense_id, claim=claim)
    try:
        services.remove_expense(expense=expense, by=request.user)
    except services.ClaimError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The expense is removed.")
    return redirect("involvement:claim", claim.pk)


@require_safe
@permissions.may_claim
def receipt(request, expense_id):
    """A receipt, for its claimant and the organisers (the admin links here)."""
    expense = get_object_or_404(Expense.objects.select_related("claim"), pk=expense_id)
    if not expense.receipt:
        raise PermissionDenied("There is no receipt for this expense.")
    if not permissions.can_see_claim(request.user, expense.claim):
        raise PermissionDenied("Only the person who claimed and the organisers see a receipt.")
    extension = expense.receipt.name.rsplit(".", 1)[-1]
    return send(
        expense.receipt.name,
        Grant(download_name=f"{expense.claim.reference}-receipt-{expense.pk}.{extension}"),
    )


# Money owed for work done is owed to a suspended or departed member too: on a
# members-only network these pages stay open to anyone signed in (each asks its own
# question above), like the members' own account pages.
for _view in (
    claims,
    make_claim,
    claim,
    change_choice,
    add_expense,
    answer,
    remove_expense,
    receipt,
):
    _view.members_only_exempt = True
