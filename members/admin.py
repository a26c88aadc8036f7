from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join

from members import moderation
from members.models import (
    SIGN_UP_ANSWERS,
    Broadcast,
    Expertise,
    Invitation,
    InvitationRequest,
    ModerationAction,
    Profile,
    TermsAcceptance,
    User,
)
from members.roles import can_edit_account_of
from network import admin_actions


class ModerationActionInline(admin.TabularInline):
    """The audit log about this person, read-only."""

    model = ModerationAction
    fk_name = "subject"
    fields = ["created_at", "kind", "actor", "reason", "detail"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Moderation history (audit log)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_superuser", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        ("Roles", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]
    inlines = [ModerationActionInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can_edit_account_of(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and obj.pk != request.user.pk and form.changed_data:
            # Staff editing someone else's account: who, when and which fields.
            moderation.record_action(
                actor=request.user,
                subject=obj,
                kind=ModerationAction.Kind.STAFF_EDIT,
                detail="Changed: " + ", ".join(sorted(form.changed_data)),
            )


class ExpertiseFilter(admin.SimpleListFilter):
    title = "expertise"
    parameter_name = "expertise"

    def lookups(self, request, model_admin):
        return Expertise.choices

    def queryset(self, request, queryset):
        if self.value() in Expertise.values:
            return queryset.with_expertise(self.value())
        return queryset


class HideTextActionForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the member is e-mailed this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ReinstateActionForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="The member sees this in the e-mail we send them.",
    )
    restore_comments = forms.BooleanField(
        required=False, label="Also put back the comments removed with the suspension"
    )


class SuspendActionForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    until = forms.DateField(required=False, help_text="Optional end date (YYYY-MM-DD).")
    for_spam = forms.BooleanField(required=False, label="Spam: also remove their comments")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "state",
        "declined_before",
        "expertise_list",
        "organisation",
        "area",
        "why_join_short",
        "created_at",
        "joined_at",
    ]
    list_filter = ["state", ExpertiseFilter, "area", "joined_at", "created_at"]
    search_fields = ["user__display_name", "user__email", "organisation"]
    list_select_related = ["user"]
    ordering = ["-created_at"]
    actions = [
        "approve_selected",
        "decline_selected",
        "suspend_selected",
        "reinstate_selected",
        "hide_text_selected",
        "show_text_selected",
    ]
    # Profiles belong to their members: on anyone else's profile every field is
    # read-only, for organisers and the owner alike (has_change_permission). Moderators
    # act through the actions, which write the audit log. Suspensions change only through
    # suspend and reinstate, so they are read-only even on one's own profile.
    readonly_fields = [
        "user",
        "state",
        "applicant_answers",
        "created_at",
        "applied_at",
        "joined_at",
        "left_at",
        "suspension_reason",
        "suspended_until",
        "text_hidden_at",
        "approvers_notified_at",
        "moderation_history",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "user",
                    "state",
                    "created_at",
                    "applied_at",
                    "joined_at",
                    "left_at",
                    "approvers_notified_at",
                ]
            },
        ),
        ("Applicant's answers", {"fields": ["applicant_answers"]}),
        (
            "Profile (written by the member)",
            {"fields": [*SIGN_UP_ANSWERS, "bio", "website", "text_hidden_at"]},
        ),
        (
            "Visibility",
            {
                "fields": [
                    "organisation_visibility",
                    "area_visibility",
                    "bio_visibility",
                    "website_visibility",
                    "expertise_visibility",
                ]
            },
        ),
        ("Suspension", {"fields": ["suspension_reason", "suspended_until"]}),
        ("Audit log", {"fields": ["moderation_history"]}),
    ]

    @admin.display(description="expertise")
    def expertise_list(self, profile):
        return ", ".join(profile.expertise_labels())

    @admin.display(description="why join")
    def why_join_short(self, profile):
        text = profile.why_join
        return text if len(text) <= 80 else text[:79] + "…"

    @admin.display(description="answers")
    def applicant_answers(self, profile):
        rows = [
            ("Brings experience as", ", ".join(profile.expertise_labels()) or "—"),
            ("Organisation", profile.organisation or "—"),
            ("Area", profile.get_area_display() or "—"),
            ("Topics of interest", profile.topics or "—"),
            ("Why I want to join", profile.why_join or "—"),
        ]
        return format_html("<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows))

    @admin.display(description="moderation history")
    def moderation_history(self, profile):
        actions = ModerationAction.objects.filter(subject_id=profile.user_id).select_related(
            "actor"
        )
        if not actions:
            return "No moderation so far."
        rows = [
            (
                f"{action.created_at:%Y-%m-%d %H:%M}",
                action.get_kind_display(),
                str(action.actor or "the system"),
                action.reason or action.detail,
            )
            for action in actions
        ]
        return format_html(
            "<table><tr><th>When</th><th>What</th><th>By</th><th>Why</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description="declined before", boolean=True, ordering="declined_before")
    def declined_before(self, profile):
        return profile.declined_before

    def get_queryset(self, request):
        # Whether an application of theirs was ever declined, for the list (no query a row).
        declines = ModerationAction.objects.filter(
            subject_id=OuterRef("user_id"), kind=ModerationAction.Kind.DECLINE
        )
        return super().get_queryset(request).annotate(declined_before=Exists(declines))

    def has_change_permission(self, request, obj=None):
        # Someone else's profile is theirs: staff see it, and moderate it with the
        # actions (logged), but never rewrite it. The owner is no exception.
        if obj is not None and obj.user_id != request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting a profile would lose the audit trail: members delete their own
        # account from "Your data", which erases it properly.
        return False

    def _can_approve(self, request):
        return request.user.has_perm("members.approve_members")

    @admin.action(description="Approve selected applicants")
    def approve_selected(self, request, queryset):
        return self._decide_applicants(
            request, queryset, moderation.approve, "approve_selected", "Approve",
            "Each will be e-mailed a welcome and can take part at once.",
        )  # fmt: skip

    @admin.action(description="Decline selected applicants")
    def decline_selected(self, request, queryset):
        return self._decide_applicants(
            request, queryset, moderation.decline, "decline_selected", "Decline",
            "Each will be e-mailed, kindly, that their application was not accepted.",
        )  # fmt: skip

    def _decide_applicants(self, request, queryset, decide, action, verb, consequence):
        """Asks first (who will be told), then decides each application; the
        moderation log records every decision."""
        if not self._can_approve(request):
            self.message_user(request, f"You may not {verb.lower()} members.", messages.ERROR)
            return None
        applicants = queryset.filter(state=Profile.State.PENDING).select_related("user")
        people = f"{len(applicants)} {pluralize(len(applicants), 'applicant,applicants')}"
        if not admin_actions.confirmed(request):
            return admin_actions.ask_first(
                self, request, action=action, items=applicants, title=f"{verb} {people}?",
                consequence=consequence, button=f"{verb} and e-mail {people}",
            )  # fmt: skip
        for profile in applicants:
            decide(actor=request.user, profile=profile)
        self.message_user(request, f"{verb}d {people}.", messages.SUCCESS)
        return None

    @admin.action(description="Suspend selected members…")
    def suspend_selected(self, request, queryset):
        """Asks for the reason (and optional end date) on a second page."""
        targets = queryset.filter(state=Profile.State.ACTIVE, user__is_superuser=False)
        form = SuspendActionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            from django.utils import timezone

            until = form.cleaned_data["until"]
            until_dt = (
                timezone.make_aware(timezone.datetime.combine(until, timezone.datetime.min.time()))
                if until
                else None
            )
            count = 0
            for profile in targets.select_related("user"):
                moderation.suspend(
                    actor=request.user,
                    profile=profile,
                    reason=form.cleaned_data["reason"],
                    until=until_dt,
                    remove_comments=form.cleaned_data["for_spam"],
                )
                count += 1
            self.message_user(request, f"Suspended {count} member(s).", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/members/profile/suspend.html",
            {
                **self.admin_site.each_context(request),
                "title": "Suspend members",
                "form": form,
                "targets": targets.select_related("user"),
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Hide the profile text of selected members…", permissions=["change"])
    def hide_text_selected(self, request, queryset):
        """Asks for the reason on a second page; never touches the moderator's own
        profile or the owner's."""
        targets = [
            profile
            for profile in queryset.filter(text_hidden_at__isnull=True).select_related("user")
            if moderation.may_act_on(request.user, profile.user)
        ]
        form = HideTextActionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = sum(
                moderation.hide_profile_text(
                    actor=request.user, profile=profile, reason=form.cleaned_data["reason"]
                )
                for profile in targets
            )
            self.message_user(
                request, f"Hid the profile text of {count} member(s).", messages.SUCCESS
            )
            return None
        return TemplateResponse(
            request,
            "admin/members/profile/hide_text.html",
            {
                **self.admin_site.each_context(request),
                "title": "Hide profile text",
                "form": form,
                "targets": targets,
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )

    @admin.action(
        description="Show the hidden profile text of selected members again",
        permissions=["change"],
    )
    def show_text_selected(self, request, queryset):
        count = sum(
            moderation.show_profile_text(actor=request.user, profile=profile)
            for profile in queryset.filter(text_hidden_at__isnull=False).select_related("user")
        )
        self.message_user(request, f"Showed the profile text of {count} member(s).")

    @admin.action(description="Reinstate selected members…")
    def reinstate_selected(self, request, queryset):
        """Asks for the reason (e-mailed to each member) on a second page."""
        targets = queryset.filter(state=Profile.State.SUSPENDED).select_related("user")
        form = ReinstateActionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = restored = 0
            for profile in targets:
                restored += moderation.reinstate(
                    actor=request.user,
                    profile=profile,
                    reason=form.cleaned_data["reason"],
                    restore_comments=form.cleaned_data["restore_comments"],
                )
                count += 1
            self.message_user(
                request,
                f"Reinstated {count} member(s) and e-mailed them; {restored} comment(s) restored.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/members/profile/reinstate.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reinstate members",
                "form": form,
                "targets": targets,
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "subject", "actor", "reason"]
    list_filter = ["kind"]
    list_select_related = ["subject", "actor"]
    search_fields = ["subject__display_name", "actor__display_name", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TermsAcceptance)
class TermsAcceptanceAdmin(admin.ModelAdmin):
    list_display = ["user", "terms", "accepted_at"]
    list_select_related = ["user", "terms"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "invited_by", "created_at", "expires_at", "used_at"]
    list_select_related = ["invited_by"]
    search_fields = ["email"]
    exclude = ["token"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Broadcast)
class BroadcastAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "subject", "sender", "recipient_count"]
    list_select_related = ["sender"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(InvitationRequest)
class InvitationRequestAdmin(admin.ModelAdmin):
    """The owner's queue of strangers asking for an invitation: invite (the usual
    invitation e-mail) or decline (a polite e-mail), in one step."""

    list_display = ["name", "email", "why", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    readonly_fields = ["name", "email", "why", "status", "decided_by", "decided_at", "created_at"]
    actions = ["invite_selected", "decline_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Invite the selected people (sends the invitation e-mail)")
    def invite_selected(self, request, queryset):
        return self._answer(
            request, queryset, invite_them=True, action="invite_selected", verb="Invite",
            consequence="Each will be e-mailed an invitation to join.",
        )  # fmt: skip

    @admin.action(description="Decline the selected requests (sends a polite e-mail)")
    def decline_selected(self, request, queryset):
        return self._answer(
            request, queryset, invite_them=False, action="decline_selected", verb="Decline",
            consequence="Each will be e-mailed, politely, that the network cannot invite them now.",
        )  # fmt: skip

    def _answer(self, request, queryset, *, invite_them, action, verb, consequence):
        """Asks first (who will be e-mailed), then answers each request."""
        from members.membership import answer_invitation_request

        asks = queryset.filter(status=InvitationRequest.Status.WAITING)
        people = f"{len(asks)} {pluralize(len(asks), 'person,people')}"
        if not admin_actions.confirmed(request):
            return admin_actions.ask_first(
                self, request, action=action, items=asks, title=f"{verb} {people}?",
                consequence=consequence, button=f"{verb} and e-mail {people}",
            )  # fmt: skip
        for ask in asks:
            answer_invitation_request(actor=request.user, ask=ask, invite_them=invite_them)
        self.message_user(request, f"{verb}d {people}.", messages.SUCCESS)
        return None
