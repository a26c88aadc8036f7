from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from members.models import Area, Expertise, Profile
from network.forms import HoneypotMixin
from network.images import validate_and_process_image
from network.models import Network, Topic

EXPERTISE_LABEL = "I bring experience as…"
EXPERTISE_HINT = "Choose any that apply. Every kind of expertise is valued equally here."
AREA_CHOICES = [("", "Choose an area (optional)"), *Area.choices]


def _clean_other_expertise(form):
    data = form.cleaned_data
    if Expertise.OTHER in (data.get("expertise") or []) and not data.get("expertise_other"):
        form.add_error("expertise_other", "Please tell us what other experience you bring.")


class SignupForm(HoneypotMixin, AllauthSignupForm):
    """allauth's sign-up (e-mail, password) plus the network's profile questions."""

    display_name = forms.CharField(
        label="Your name", max_length=80, help_text="The name other members see."
    )
    pronouns = forms.CharField(
        label="Pronouns (optional)", max_length=40, required=False, help_text="For example she/her."
    )
    expertise = forms.MultipleChoiceField(
        label=EXPERTISE_LABEL,
        choices=Expertise.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=EXPERTISE_HINT,
    )
    expertise_other = forms.CharField(
        label="Other experience (if you chose Other)", max_length=120, required=False
    )
    organisation = forms.CharField(label="Organisation (optional)", max_length=160, required=False)
    area = forms.ChoiceField(label="Area", choices=AREA_CHOICES, required=False)
    interests = forms.ModelMultipleChoiceField(
        label="Topics you care about (optional)",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The network's topics: they lead you to resources and discussions on them.",
    )
    topics = forms.CharField(
        label="Other topics, in your own words (optional)",
        max_length=300,
        required=False,
        help_text="For example: carers' rights, theatre-based dialogue.",
    )
    why_join = forms.CharField(
        label="Why I want to join",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        help_text="A few sentences, up to 1,000 characters.",
    )
    accept_terms = forms.BooleanField(label="I accept the Terms of Service", required=True)

    field_order = [
        "email",
        "password1",
        "password2",
        "display_name",
        "pronouns",
        "expertise",
        "expertise_other",
        "organisation",
        "area",
        "interests",
        "topics",
        "why_join",
        "accept_terms",
        "website_url",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept_terms"].label = format_html(
            'I have read and accept the <a href="{}">Terms of Service</a>', reverse("terms")
        )
        self.fields["email"].label = "Email"
        self.fields["email"].help_text = "We send a link to check it is yours. Nobody else sees it."
        if "password1" in self.fields:
            self.fields[
                "password1"
            ].help_text = "At least 8 characters, not a common password and not only numbers."
        for name in ("email", "password1", "password2"):
            if name in self.fields:
                self.fields[name].widget.attrs.pop("placeholder", None)

    def clean_email(self):
        email = super().clean_email()
        if Network.objects.current().join_policy == Network.JoinPolicy.INVITATION:
            from members.membership import invitation_from_session

            request = allauth_context.request
            invitation = invitation_from_session(request) if request else None
            if invitation is None or not invitation.is_usable:
                raise forms.ValidationError(
                    "This network is by invitation only, and your invitation is no longer valid."
                )
            if not invitation.is_for(email):
                raise forms.ValidationError(
                    "Please use the e-mail address your invitation was sent to."
                )
        return email

    def clean(self):
        cleaned = super().clean()
        _clean_other_expertise(self)
        return cleaned

    def custom_signup(self, request, user):
        from members.membership import accept_terms

        data = self.cleaned_data
        user.display_name = data["display_name"].strip()
        user.save(update_fields=["display_name"])
        Profile.objects.filter(user=user).update(
            pronouns=data["pronouns"],
            expertise=list(data["expertise"]),
            expertise_other=data["expertise_other"],
            organisation=data["organisation"],
            area=data["area"],
            topics=data["topics"],
            why_join=data["why_join"],
            state=Profile.State.PENDING,
        )
        user.profile.interests.set(data["interests"])
        accept_terms(user=user)


class ProfileForm(forms.ModelForm):
    display_name = forms.CharField(
        label="Your name", max_length=80, help_text="The name other members see."
    )
    expertise = forms.MultipleChoiceField(
        label=EXPERTISE_LABEL,
        choices=Expertise.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=EXPERTISE_HINT,
    )

    class Meta:
        model = Profile
        fields = [
            "pronouns",
            "expertise",
            "expertise_other",
            "expertise_visibility",
            "organisation",
            "organisation_visibility",
            "area",
            "area_visibility",
            "interests",
            "topics",
            "bio",
            "bio_visibility",
            "website",
            "website_visibility",
            "contributions_visibility",
        ]
        labels = {
            "pronouns": "Pronouns (optional)",
            "expertise_other": "Other experience (if you chose Other)",
            "expertise_visibility": "Who can see your experience?",
            "organisation": "Organisation (optional)",
            "organisation_visibility": "Who can see your organisation?",
            "area": "Area",
            "area_visibility": "Who can see your area?",
            "interests": "Topics you care about",
            "topics": "Other topics, in your own words",
            "bio": "About you",
            "bio_visibility": "Who can see 'About you'?",
            "website": "Website (optional)",
            "website_visibility": "Who can see your website?",
            "contributions_visibility": "Who can see your contribution record?",
        }
        help_texts = {
            "contributions_visibility": "The workshops you attended with their hours, the "
            "roles you held, the themes and quotes you shared and what they led to. You "
            "can always see and download it yourself.",
            "bio": "Plain text, up to 3,000 characters. Links become clickable.",
            "website": "A full address, starting with https://",
            "interests": "Shown with 'About you', to the same people. Each leads to the "
            "library's resources on it.",
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
            "interests": forms.CheckboxSelectMultiple,
        }

    field_order = ["display_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].initial = self.instance.user.display_name
        self.fields["area"].choices = AREA_CHOICES
        # Added after the other choices: a form sent without it keeps the member's choice.
        self.fields["contributions_visibility"].required = False
        self.order_fields(["display_name"])

    def clean_contributions_visibility(self):
        return (
            self.cleaned_data.get("contributions_visibility")
            or self.instance.contributions_visibility
        )

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Please enter the name other members see.")
        return name

    def clean(self):
        cleaned = super().clean()
        _clean_other_expertise(self)
        return cleaned

    def save(self, commit=True):
        profile = super().save(commit=commit)
        profile.user.display_name = self.cleaned_data["display_name"]
        if commit:
            profile.user.save(update_fields=["display_name"])
        return profile


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label="Your picture",
        help_text="A JPEG, PNG or WebP image of at most 5 MB. We remove location and camera "
        "details and make a square copy.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_avatar(self):
        upload = self.cleaned_data["avatar"]
        self.processed = validate_and_process_image(upload, sizes=(256, 64), square=True)
        return upload


class NotificationsForm(forms.ModelForm):
    """When to e-mail each kind of discussion activity, the digest's time, and the
    e-mails a member can switch off. Choices are radio buttons: each says what it means."""

    class Meta:
        model = Profile
        fields = [
            "email_replies",
            "email_comments",
            "email_mentions",
            "digest_hour",
            "digest_weekday",
            "notify_workshops",
            "receive_broadcasts",
        ]
        labels = {
            "email_replies": "When someone replies to one of your comments",
            "email_comments": "When someone comments on a post you follow or wrote",
            "email_mentions": "When someone mentions you in a comment",
            "digest_hour": "Send my digest at (London time)",
            "digest_weekday": "Send my weekly digest on",
            "notify_workshops": "E-mail me reminders and news about workshops I registered for",
            "receive_broadcasts": "E-mail me messages from the network's organisers",
        }
        help_texts = {
            "digest_hour": "A daily digest comes once a day at this time, only when there is "
            "something new.",
            "digest_weekday": "Only used for the kinds you want in a weekly digest.",
        }
        widgets = {
            "email_replies": forms.RadioSelect,
            "email_comments": forms.RadioSelect,
            "email_mentions": forms.RadioSelect,
        }


class TermsForm(forms.Form):
    accept = forms.BooleanField(label="I have read and accept these Terms of Service")


class InviteForm(forms.Form):
    email = forms.EmailField(label="Their e-mail address")
    message = forms.CharField(
        label="A personal message (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Someone with this e-mail address has already joined.")
        return email


class DeclineForm(forms.Form):
    message = forms.CharField(
        label="Message to the applicant (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )


class InvitationRequestForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(label="Your e-mail address")
    why = forms.CharField(
        label="In a sentence, why you would like to join",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )


class ReinstateForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the member sees this in the e-mail we send them)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )
    restore_comments = forms.BooleanField(
        label="Also put back the comments removed with the suspension",
        required=False,
        help_text="For a suspension for spam made by mistake: only the comments that "
        "suspension removed come back.",
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the member sees this)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )
    until = forms.DateField(
        label="Suspended until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to suspend until someone reinstates them.",
    )
    for_spam = forms.BooleanField(
        label="This is spam: also remove all of their comments", required=False
    )

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if until and until <= timezone.localdate():
            raise forms.ValidationError("Please choose a date in the future.")
        return until

    def until_datetime(self):
        until = self.cleaned_data.get("until")
        if not until:
            return None
        return timezone.make_aware(timezone.datetime.combine(until, timezone.datetime.min.time()))


class BroadcastForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=150)
    body = forms.CharField(
        label="Message",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": 10000}),
        help_text="Plain text. Each member gets their own copy with an unsubscribe link.",
    )
    expertise = forms.ChoiceField(
        label="Only members who bring (optional)",
        choices=[("", "Any kind of expertise"), *Expertise.choices],
        required=False,
    )
    area = forms.ChoiceField(
        label="Only members in (optional)",
        choices=[("", "Any area"), *Area.choices],
        required=False,
    )

    def clean_subject(self):
        # An e-mail header cannot hold a line break (Django refuses to send it):
        # a pasted subject is put on one line.
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise forms.ValidationError("Please write a subject.")
        return subject


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To make sure it is you.",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Name or organisation", required=False, max_length=100)
    expertise = forms.ChoiceField(
        label="Brings experience as",
        choices=[("", "Any"), *Expertise.choices],
        required=False,
    )
    area = forms.ChoiceField(label="Area", choices=[("", "Any"), *Area.choices], required=False)
