from django import forms
from django.core.exceptions import ValidationError

from network.models import IssueReport


class HoneypotMixin(forms.Form):
    """A field people never see: includes/field.html wraps it in an aria-hidden,
    display:none block, so neither eyes, keyboards nor screen readers reach it;
    bots fill it in, and the form is then refused."""

    website_url = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website_url(self):
        if self.cleaned_data.get("website_url"):
            raise forms.ValidationError("This form could not be sent. Please try again.")
        return ""


class IssueReportForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = IssueReport
        fields = ["category", "page_url", "description", "reporter_name", "reporter_email"]
        widgets = {
            "category": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
            "page_url": forms.TextInput(attrs={"inputmode": "url"}),
        }
        labels = {
            "category": "What is this about?",
            "page_url": "Which page? (optional)",
            "description": "What happened?",
            "reporter_name": "Your name (optional)",
            "reporter_email": "Your e-mail address (optional, so we can reply)",
        }
        help_texts = {
            "description": "Up to 5,000 characters. Please include what you saw and where.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A ModelForm offers a "---------" choice for a field without a default:
        # as a radio button it would read as a sixth, meaningless category.
        self.fields["category"].choices = IssueReport.Category.choices

    def clean_description(self):
        # Django's CharField already refuses empty (whitespace-only) text and NUL bytes.
        return self.cleaned_data["description"].strip()


class CheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A many-to-many choice that refuses ids no database integer can hold.

    Django looks the chosen ids up with `pk__in`; on SQLite a number beyond 64
    bits raises OverflowError there (a 500) instead of "not a valid choice"."""

    def _check_values(self, value):
        for pk in value or ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django reports what is not a number itself
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
