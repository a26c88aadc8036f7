from django import forms

from network.models import IssueReport


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS and labelled as such for screen
    readers); bots fill it in, and the form is then refused."""

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
        text = self.cleaned_data["description"].replace("\x00", "").strip()
        if not text:
            raise forms.ValidationError("Please tell us what happened.")
        return text
