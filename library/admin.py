"""Organisers keep the library in the admin. File uploads go through
library.services.add_file_version (checked by content, always a new version);
publishing a suggestion and telling people about an outcome through the services,
the latter after a confirmation page."""

from django import forms
from django.contrib import admin
from django.db import models
from django.template.response import TemplateResponse

from library import services
from library.forms import PartnerAdminForm, ResourceFileAdminForm
from library.models import Outcome, Partner, PartnerMembership, Resource, ResourceFile

# Many-to-many choices as labelled checkboxes: they work without JavaScript and pass axe
# (the admin's two-box filter widget does not).
CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


class ResourceFileInline(admin.StackedInline):
    model = ResourceFile
    form = ResourceFileAdminForm
    extra = 1
    fields = ["file", "is_easy_read", "note", "version", "kind", "size", "uploaded_at"]
    readonly_fields = ["version", "kind", "size", "uploaded_at"]
    verbose_name = "file (a new upload is added as a new version; older ones stay listed)"

    def has_change_permission(self, request, obj=None):
        # A version, once uploaded, stays as it was: upload a new one instead.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "visibility", "status", "suggested_by", "created_at"]
    list_filter = ["status", "kind", "visibility", "topics"]
    search_fields = ["title", "summary"]
    list_select_related = ["suggested_by"]
    formfield_overrides = CHECKBOXES
    readonly_fields = ["suggested_by", "created_at", "updated_at"]
    inlines = [ResourceFileInline]
    actions = ["publish"]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ResourceFile:
            return super().save_formset(request, form, formset, change)
        # Files are never edited or replaced: each new upload becomes the next version.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None) or {}
            if inline_form.instance.pk or not data.get("file"):
                continue
            formset.new_objects.append(
                services.add_file_version(
                    resource=form.instance,
                    upload=data["file"],
                    kind=inline_form.upload_kind,
                    by=request.user,
                    easy_read=data.get("is_easy_read", False),
                    note=data.get("note", ""),
                )
            )
        return formset.new_objects

    @admin.action(description="Publish (tells the member who suggested it)", permissions=["change"])
    def publish(self, request, queryset):
        waiting = queryset.exclude(status=Resource.Status.PUBLISHED).select_related("suggested_by")
        count = 0
        for resource in waiting:
            services.publish_suggestion(resource=resource, by=request.user)
            count += 1
        self.message_user(request, f"{count} resource(s) published.")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    form = PartnerAdminForm
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    formfield_overrides = CHECKBOXES


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(admin.ModelAdmin):
    list_display = ["member", "partner", "visibility"]
    list_select_related = ["member", "partner"]

    def has_add_permission(self, request):
        return False  # members say this themselves


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ["title", "workshop", "post", "created_at", "notified_at", "notified_count"]
    list_select_related = ["workshop", "post"]
    search_fields = ["title", "you_said", "we_did"]
    formfield_overrides = CHECKBOXES
    readonly_fields = ["created_by", "created_at", "notified_at", "notified_by", "notified_count"]
    actions = ["tell_people"]
    # Any comment, found by its words or its author (the comment admin's search), so the
    # picker does not grow with the discussions.
    autocomplete_fields = ["comments"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "feedback":
            kwargs["queryset"] = db_field.related_model.objects.select_related("workshop", "member")
        if db_field.name == "themes":
            kwargs["queryset"] = db_field.related_model.objects.select_related("workshop")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(
        description="E-mail the people whose contributions these answer", permissions=["change"]
    )
    def tell_people(self, request, queryset):
        outcomes = list(queryset.filter(notified_at__isnull=True))
        if request.POST.get("confirm") == "yes":
            sent = sum(services.notify_outcome(outcome=o, by=request.user) for o in outcomes)
            self.message_user(request, f"{sent} e-mail(s) queued for {len(outcomes)} outcome(s).")
            return None
        rows = [(outcome, list(services.outcome_recipients(outcome))) for outcome in outcomes]
        return TemplateResponse(
            request,
            "admin/library/outcome/confirm_tell.html",
            {
                **self.admin_site.each_context(request),
                "title": "Tell people what changed?",
                "rows": rows,
                "already": queryset.filter(notified_at__isnull=False).count(),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "selected": queryset.values_list("pk", flat=True),
            },
        )
