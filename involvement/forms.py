"""The participant's forms: a choice for the fee, an expense with its receipt, an answer
to the organisers' question. Receipts are checked by their content (network.uploads,
network.images), never their name."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from involvement.models import Claim, Expense
from network import images
from network.uploads import detect_library_kind

MAX_RECEIPT_BYTES = 10 * 1024 * 1024
RECEIPT_KINDS = {"pdf", "png", "jpeg", "webp"}
RECEIPT_HELP = "A photo (JPEG, PNG or WebP) or a PDF, at most 10 MB."


class ChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label="How would you like to receive the fee?",
        choices=Claim.Choice.choices,
        widget=forms.RadioSelect,
        help_text="You can still claim your expenses whichever you choose.",
    )


def checked_receipt(upload) -> ContentFile:
    """The receipt to store: a PDF as it is; a photo re-encoded without metadata (no
    camera location). ValidationError for anything else, whatever its name says."""
    try:
        kind = detect_library_kind(upload, max_bytes=MAX_RECEIPT_BYTES)
    except ValidationError:
        kind = None
    if kind not in RECEIPT_KINDS:
        raise ValidationError(
            "Please upload a photo (JPEG, PNG or WebP) or a PDF of the receipt. "
            "A file is checked by what is inside it, not by its name."
        )
    if kind == "pdf":
        upload.seek(0)
        return ContentFile(upload.read(), name="receipt.pdf")
    (processed,) = images.validate_and_process_image(
        upload, sizes=(2400,), square=False, max_bytes=MAX_RECEIPT_BYTES
    )
    extension = processed.file.name.rsplit(".", 1)[-1]
    return ContentFile(processed.file.read(), name=f"receipt.{extension}")


class ExpenseForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is it for?", choices=Expense.Kind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label="Description",
        max_length=200,
        help_text="For example “Return bus fare” or “Two hours of childcare”.",
    )
    amount = forms.DecimalField(
        label="Amount in pounds",
        min_value=Decimal("0.01"),
        max_value=Decimal("9999.99"),
        decimal_places=2,
        help_text="For example 12.50",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    receipt = forms.FileField(
        label="Receipt or ticket (optional)",
        required=False,
        help_text=f"{RECEIPT_HELP} If you have none, say so in the description.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )

    def clean_receipt(self):
        upload = self.cleaned_data.get("receipt")
        return checked_receipt(upload) if upload else None


class AnswerForm(forms.Form):
    message = forms.CharField(
        label="Your answer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The organisers read it with your claim.",
    )


class QueryForm(forms.Form):
    """The organisers' question (the admin's query action)."""

    message = forms.CharField(
        label="Your question for the claimant (they are e-mailed it)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
    )
