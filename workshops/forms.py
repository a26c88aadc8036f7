from django import forms

from members.models import Area
from network.forms import HoneypotMixin
from workshops.images import strip_metadata, validate_cover_image
from workshops.models import AccessNeed, Feedback, ParticipantMessage, ThemeProposal, Workshop


class RegistrationForm(forms.Form):
    access_needs = forms.MultipleChoiceField(
        label="Access needs",
        choices=AccessNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "Optional. Only the organisers of this workshop see these. They are deleted "
            "automatically 30 days after the workshop ends."
        ),
    )
    access_needs_other = forms.CharField(
        label="Tell us more about your access needs",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: dietary needs, or what would help you take part.",
    )

    def clean(self):
        data = super().clean()
        if (
            AccessNeed.OTHER in data.get("access_needs", [])
            and not data.get("access_needs_other", "").strip()
        ):
            self.add_error("access_needs_other", "Tell us what the other access need is.")
        return data


class ThemeProposalForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ThemeProposal
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": 300})}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 5:
            raise forms.ValidationError("Describe the theme or situation in a few words.")
        return text


class FeedbackForm(HoneypotMixin, forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label="How useful was the workshop for you?",
        choices=[
            (n, f"{n}{label}")
            for n, label in [(1, " – not useful"), (2, ""), (3, ""), (4, ""), (5, " – very useful")]
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    quote_consent = forms.BooleanField(
        label="I agree that this quote may be published on the network's website",
        required=False,
        help_text="You can withdraw your consent at any time; the quote is then removed at once.",
    )
    attribution = forms.ChoiceField(
        label="How should the quote be attributed?",
        choices=Feedback.Attribution.choices,
        widget=forms.RadioSelect,
        initial=Feedback.Attribution.ANONYMOUS,
    )

    class Meta:
        model = Feedback
        fields = [
            "usefulness",
            "what_worked",
            "what_to_change",
            "quote",
            "quote_consent",
            "attribution",
        ]
        labels = {
            "what_worked": "What worked well?",
            "what_to_change": "What should we change?",
            "quote": "A quote we may publish (optional)",
        }
        help_texts = {
            "quote": "A sentence or two about the workshop, in your own words.",
        }
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 4}),
            "what_to_change": forms.Textarea(attrs={"rows": 4}),
            "quote": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if data.get("quote", "").strip() and not data.get("quote_consent"):
            self.add_error(
                "quote_consent", "Tick the box to let us publish your quote, or leave it empty."
            )
        return data


class WorkshopFilterForm(forms.Form):
    format = forms.ChoiceField(
        label="Format", choices=[("", "Any format"), *Workshop.Format.choices], required=False
    )
    area = forms.ChoiceField(
        label="Area", choices=[("", "Anywhere"), *Area.choices], required=False
    )
    online = forms.ChoiceField(
        label="Online or in person",
        choices=[("", "Either"), ("yes", "Online only"), ("no", "In person only")],
        required=False,
    )

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["format"]:
            queryset = queryset.filter(format=data["format"])
        if data["area"]:
            queryset = queryset.filter(borough=data["area"]).exclude(attendance="online")
        if data["online"] == "yes":
            queryset = queryset.exclude(attendance="in_person")
        elif data["online"] == "no":
            queryset = queryset.exclude(attendance="online")
        return queryset


class WorkshopAdminForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = "__all__"  # noqa: DJ007 (the admin decides what to show)

    def clean_cover_image(self):
        image = self.cleaned_data.get("cover_image")
        # Only a new upload has content_type; a kept image is already clean.
        if image and hasattr(image, "content_type"):
            validate_cover_image(image)
            return strip_metadata(image, name=self.instance.slug or "cover")
        return image


class ParticipantMessageForm(forms.Form):
    audience = forms.ChoiceField(
        label="Send to",
        choices=ParticipantMessage.Audience.choices,
        initial=ParticipantMessage.Audience.CONFIRMED,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label="Subject", max_length=150)
    body = forms.CharField(
        label="Message",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": 10000}),
        help_text="Plain text. Each person gets their own copy; replies come to you.",
    )

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise forms.ValidationError("Please write a subject.")
        return subject
