from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from library.models import Audience, Partner, PartnerMembership, Resource, ResourceFile
from members.models import Visibility
from network import images
from network.forms import CheckedModelMultipleChoiceField
from network.models import Topic
from network.uploads import LIBRARY_FILE_HELP, detect_library_kind


def max_file_bytes() -> int:
    return settings.LIBRARY_MAX_FILE_BYTES


def checked_upload(upload):
    """(upload, kind) after the content check (network.uploads)."""
    return upload, detect_library_kind(upload, max_bytes=max_file_bytes())


class BrowseForm(forms.Form):
    """The library's filters (GET): unknown values are ignored, never an error page."""

    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *Resource.Kind.choices], required=False
    )
    topic = forms.ChoiceField(label="Topic", required=False)
    audience = forms.ChoiceField(
        label="Suits", choices=[("", "Anyone"), *Audience.choices], required=False
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any topic")] + [(t.slug, t.name) for t in topics]

    def filters(self) -> dict:
        if not self.is_valid():
            return {
                name: value
                for name, value in self.data.items()
                if name in self.fields and name not in self.errors
            }
        return {name: value for name, value in self.cleaned_data.items() if value}


class SuggestForm(forms.ModelForm):
    topics = CheckedModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics (optional)",
    )
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who is it for? (optional)",
    )
    upload = forms.FileField(
        label="File (optional)",
        required=False,
        help_text=f"A {LIBRARY_FILE_HELP} file, at most {max_file_bytes() // 2**20} MB.",
    )

    class Meta:
        model = Resource
        fields = ["title", "summary", "kind", "link", "licence"]
        labels = {"summary": "In a few plain words, what is it and who is it for?"}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4, "maxlength": 1000})}

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        self.upload_kind = checked_upload(upload)[1]
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("upload") and not data.get("link") and not self.errors:
            raise ValidationError("Please attach a file or give its web address.")
        return data


class ResourceFileAdminForm(forms.ModelForm):
    """A file added in the admin: checked by content; saved as a new version by
    library.services.add_file_version (never replacing an older one)."""

    class Meta:
        model = ResourceFile
        fields = ["file", "is_easy_read", "note"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and not self.instance.pk:
            self.upload_kind = checked_upload(upload)[1]
        return upload


class PartnerAdminForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "slug",
            "kind",
            "description",
            "website",
            "logo",
            "logo_alt",
            "workshops",
            "posts",
        ]

    def clean_logo(self):
        """A new logo is checked by content and re-encoded without metadata (as covers)."""
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):
            return images.clean_cover(logo, name_stem="logo", max_side=600)
        return logo


class PartnerMembershipForm(forms.Form):
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.all(),
        required=False,
        empty_label="None of these",
        label="The partner organisation I belong to",
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        initial=Visibility.MEMBERS,
        label="Who may see this on the partners page",
    )

    @staticmethod
    def initial_for(user) -> dict:
        membership = PartnerMembership.objects.filter(member=user).first()
        if membership is None:
            return {}
        return {"partner": membership.partner, "visibility": membership.visibility}
