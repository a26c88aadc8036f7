"""Organisers run workshops here. Changes to places go through workshops.services,
so the admin never bypasses the capacity lock or the waiting list."""

import copy

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from network import admin_actions
from network.caching.generations import bump
from network.forms import CheckedModelMultipleChoiceField
from workshops import exports, permissions, services
from workshops.forms import WorkshopAdminForm
from workshops.models import (
    Feedback,
    Registration,
    Session,
    SessionAttendance,
    SessionPlace,
    ThemeProposal,
    Workshop,
)


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ["member", "status", "pool", "queue_number", "access_needs_display", "attended"]
    readonly_fields = ["member", "status", "pool", "queue_number", "access_needs_display"]
    ordering = ["status", "queue_number"]

    def has_add_permission(self, request, obj=None):
        # Registrations are made by members (or through the waiting list), never by hand.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")

    @admin.display(description="Access needs")
    def access_needs_display(self, obj):
        return "; ".join(obj.access_need_labels()) or "–"


class SessionInline(admin.TabularInline):
    """The sessions of a series: people register once for all of them."""

    model = Session
    extra = 0
    fields = ["start", "end", "places"]
    readonly_fields = ["places"]
    verbose_name_plural = (
        "Sessions (a series: people register once, or per session as chosen above)"
    )

    @admin.display(description="places and attendance")
    def places(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:workshops_sessionplace_changelist") + f"?session__id__exact={obj.pk}"
        return format_html('<a href="{}">People at this session</a>', url)


class SessionAttendanceInline(admin.TabularInline):
    """Attendance per session of a series."""

    model = SessionAttendance
    extra = 0
    fields = ["session"]
    verbose_name_plural = "Sessions attended (series)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            registration_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Session.objects.filter(
                workshop__registrations__pk=registration_id
            ).select_related("workshop")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    form = WorkshopAdminForm
    list_display = [
        "title",
        "start",
        "format",
        "status",
        "capacity",
        "confirmed",
        "waiting",
        "cancelled",
        "attended",
    ]
    list_filter = ["status", ("start", admin.DateFieldListFilter), "format", "attendance"]
    search_fields = ["title", "summary"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    # A plain multiple select: Django's filter_horizontal widget fails axe (aria on labels).
    readonly_fields = ["counts_summary", "links"]
    inlines = [SessionInline, RegistrationInline]
    actions = [
        "export_attendees_csv",
        "export_attendees_xlsx",
        "mark_completed",
        "cancel_workshops",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "format", "status"]}),
        (
            "When",
            {
                "fields": [
                    "start",
                    "end",
                    "registration_opens_at",
                    "registration_closes_at",
                    "series_registration",
                ]
            },
        ),
        (
            "Where",
            {"fields": ["attendance", "joining_link", "venue_name", "venue_address", "borough"]},
        ),
        (
            "Accessibility of the venue",
            {
                "fields": [
                    "step_free_access",
                    "hearing_loop",
                    "accessible_toilet",
                    "quiet_room",
                    "bsl_interpreter",
                    "accessibility_notes",
                ]
            },
        ),
        ("Places", {"fields": ["capacity", "reserved_places", "reserved_release_at"]}),
        ("People", {"fields": ["facilitators", "guest_facilitators", "partners"]}),
        ("Cover image", {"fields": ["cover_image", "cover_image_alt"]}),
        ("After the workshop", {"fields": ["outcomes"]}),
        ("Registrations", {"fields": ["counts_summary", "links"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description="confirmed")
    def confirmed(self, obj):
        return obj.confirmed_reserved + obj.confirmed_general

    @admin.display(description="waiting", ordering="waiting_count")
    def waiting(self, obj):
        return obj.waiting_count

    @admin.display(description="cancelled", ordering="cancelled_count")
    def cancelled(self, obj):
        return obj.cancelled_count

    @admin.display(description="attended", ordering="attended_count")
    def attended(self, obj):
        return obj.attended_count

    @admin.display(description="Counts")
    def counts_summary(self, obj):
        if obj.pk is None:
            return "–"
        return (
            f"{obj.confirmed_reserved + obj.confirmed_general} confirmed "
            f"({obj.confirmed_reserved} in reserved places), {obj.waiting_count} waiting, "
            f"{obj.cancelled_count} cancelled, {obj.attended_count} attended"
        )

    @admin.display(description="Links")
    def links(self, obj):
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">Attendee list</a> · <a href="{}">Download CSV</a> · '
            '<a href="{}">Case-study themes</a>',
            f"{obj.get_absolute_url()}attendees/",
            f"{obj.get_absolute_url()}attendees.csv",
            f"{obj.get_absolute_url()}themes/",
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and "_confirm_notify" not in request.POST:
            confirmation = self._confirmation_page(request, object_id)
            if confirmation is not None:
                return confirmation
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _confirmation_page(self, request, object_id):
        """Before a change that e-mails people (time, place, format, joining link, or a
        cancellation): show what changed and how many will be told, and ask for an
        optional message. None when nobody would be told (the save goes ahead)."""
        workshop = self.get_object(request, object_id)
        if workshop is None or not self.has_change_permission(request, workshop):
            return None
        before = copy.copy(workshop)
        form = self.get_form(request, workshop, change=True)(
            request.POST, request.FILES, instance=workshop
        )
        if not form.is_valid():
            return None  # the change form shows the errors
        cancelling = (
            before.status != Workshop.Status.CANCELLED
            and workshop.status == Workshop.Status.CANCELLED
        )
        changes = [] if cancelling else services.changes_between(before, workshop)
        count = services.people_to_tell(before)
        if not count or not (cancelling or changes):
            return None
        hidden = [
            (name, value)
            for name in request.POST
            if name != "csrfmiddlewaretoken"
            for value in request.POST.getlist(name)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Tell the participants?",
            "opts": self.opts,
            "original": before,
            "cancelling": cancelling,
            "changes": changes,
            "count": count,
            "hidden": hidden,
        }
        return TemplateResponse(request, "admin/workshops/workshop/confirm_change.html", context)

    def save_model(self, request, obj, form, change):
        # Through the service, so the people an edit concerns are always told.
        message = request.POST.get("notify_message", "").strip()
        what, sent = services.save_workshop(workshop=obj, by=request.user, message=message)
        if what == "cancelled":
            self._record(request, obj, f"Cancelled; e-mailed {sent} people.", message)
            messages.info(request, f"Workshop cancelled; {sent} people have been e-mailed.")
        elif sent:
            self._record(request, obj, f"Told {sent} people what changed.", message)
            messages.info(request, f"{sent} people have been e-mailed what changed.")

    def _record(self, request, workshop, what: str, message: str) -> None:
        """The audit log: the admin's history of the workshop (LogEntry)."""
        self.log_change(request, workshop, f"{what} Message: {message}" if message else what)

    @admin.action(description="Download attendee list with access needs (CSV)")
    def export_attendees_csv(self, request, queryset):
        if not permissions.can_export_attendees(request.user):
            raise PermissionDenied("You may not export attendee lists.")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="attendees.csv"'
        exports.write_attendees_csv(response, queryset.order_by("start"))
        return response

    @admin.action(description="Export attendees (spreadsheet, .xlsx)")
    def export_attendees_xlsx(self, request, queryset):
        if not permissions.can_export_attendees(request.user):
            raise PermissionDenied("You may not export attendee lists.")
        response = HttpResponse(content_type=exports.XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="attendees.xlsx"'
        exports.write_attendees_xlsx(response, queryset.order_by("start"))
        return response

    @admin.action(description="Mark as completed")
    def mark_completed(self, request, queryset):
        done = queryset.filter(status=Workshop.Status.SCHEDULED, end__lte=timezone.now()).update(
            status=Workshop.Status.COMPLETED
        )
        bump("workshops")  # update() skips the signals cached pages listen to
        self.message_user(request, f"{done} workshop(s) marked as completed.")

    @admin.action(description="Cancel and e-mail everyone registered or waiting")
    def cancel_workshops(self, request, queryset):
        """Asks first (how many will be told, an optional message), then cancels."""
        workshops = list(queryset.exclude(status=Workshop.Status.CANCELLED).order_by("start"))
        if request.POST.get("apply") and workshops:
            message = request.POST.get("notify_message", "").strip()
            sent = 0
            for workshop in workshops:
                told = services.cancel_workshop(workshop=workshop, by=request.user, message=message)
                self._record(request, workshop, f"Cancelled; e-mailed {told} people.", message)
                sent += told
            self.message_user(request, f"Cancelled; {sent} e-mail(s) queued.")
            return None
        count = Registration.objects.active().filter(workshop__in=workshops).count()
        context = {
            **self.admin_site.each_context(request),
            "title": "Cancel workshops?",
            "opts": self.opts,
            "workshops": workshops,
            "count": count,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/workshops/workshop/confirm_cancel.html", context)


class PlaceAdmin(admin.ModelAdmin):
    """What the two kinds of place (a whole workshop's, a single session's) share in the
    admin: attendance marked in bulk, and removal that asks first, frees the place
    through the waiting list, tells each person and is recorded."""

    actions = ["mark_attended", "mark_not_attended", "remove_places"]
    place_of = ""  # "workshop" or "session": what the place is at
    # Each subclass has remove(place, by): the service that frees the place and tells them.

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Removing someone must free their place through the waiting list.
        return False

    @admin.action(description="Mark as attended", permissions=["change"])
    def mark_attended(self, request, queryset):
        done = queryset.filter(status=self.model.Status.CONFIRMED).update(attended=True)
        bump("workshops")  # update() skips the signals cached pages listen to
        self.message_user(request, f"{done} marked as attended.")

    @admin.action(description="Mark as not attended", permissions=["change"])
    def mark_not_attended(self, request, queryset):
        done = queryset.update(attended=False)
        bump("workshops")  # update() skips the signals cached pages listen to
        self.message_user(request, f"{done} marked as not attended.")

    @admin.action(description="Remove (frees the place, tells them)", permissions=["change"])
    def remove_places(self, request, queryset):
        """Asks first (who will be removed and told), then removes and records each."""
        places = queryset.exclude(status=self.model.Status.CANCELLED).select_related(
            *self.list_select_related
        )
        if not admin_actions.confirmed(request):
            people = f"{len(places)} {pluralize(len(places), 'person,people')}"
            return admin_actions.ask_first(
                self, request, action="remove_places", items=places,
                title=f"Remove {people} from the {self.place_of}?",
                consequence="Each person will be e-mailed that an organiser removed them, and "
                "each freed place goes to the next person on the waiting list, who is told.",
                button=f"Remove and e-mail {people}",
            )  # fmt: skip
        for place in places:
            self.remove(place, request.user)
            self.log_change(request, place, "Removed by an organiser; they were e-mailed.")
        self.message_user(request, f"{len(places)} removed; the waiting list has moved up.")
        return None


@admin.register(Registration)
class RegistrationAdmin(PlaceAdmin):
    list_display = ["member", "workshop", "status", "pool", "queue_number", "attended"]
    list_filter = ["status", "pool", "attended", "workshop__format", "workshop"]
    search_fields = ["member__display_name", "member__email", "workshop__title"]
    list_select_related = ["member", "workshop"]
    inlines = [SessionAttendanceInline]
    readonly_fields = [
        "workshop",
        "member",
        "status",
        "pool",
        "queue_number",
        "access_needs",
        "access_needs_other",
        "reminder_sent_at",
        "created_at",
    ]
    fields = [*readonly_fields, "attended"]
    place_of = "workshop"

    def remove(self, place, by):
        services.cancel(registration=place, by=by)


@admin.register(SessionPlace)
class SessionPlaceAdmin(PlaceAdmin):
    """People at single sessions of a series registered for per session: attendance per
    session, and removal (the place goes to the next in line, who is told)."""

    list_display = ["member", "session", "status", "queue_number", "attended"]
    list_filter = ["status", "attended", "session__workshop"]
    search_fields = ["member__display_name", "member__email", "session__workshop__title"]
    list_select_related = ["member", "session__workshop"]
    readonly_fields = [
        "session",
        "member",
        "status",
        "queue_number",
        "access_needs",
        "access_needs_other",
        "created_at",
    ]
    fields = [*readonly_fields, "attended"]
    place_of = "session"

    def remove(self, place, by):
        services.leave_session(place=place, by=by)


@admin.register(ThemeProposal)
class ThemeProposalAdmin(admin.ModelAdmin):
    list_display = ["text", "workshop", "author", "support_count", "chosen"]
    list_filter = ["chosen", "workshop"]
    list_editable = ["chosen"]
    list_select_related = ["workshop", "author"]

    def get_queryset(self, request):
        return super().get_queryset(request).ranked()

    @admin.display(description="support", ordering="support_count")
    def support_count(self, obj):
        return obj.support_count


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["workshop", "usefulness", "short_quote", "attribution_text", "published"]
    list_filter = ["workshop", "usefulness", "quote_consent", "quote_approved_at"]
    list_select_related = ["workshop"]
    readonly_fields = [
        "workshop",
        "member",
        "usefulness",
        "what_worked",
        "what_to_change",
        "quote",
        "quote_consent",
        "attribution",
        "attribution_text",
        "quote_approved_at",
        "quote_approved_by",
        "created_at",
    ]
    actions = ["approve_quotes", "unapprove_quotes"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="quote")
    def short_quote(self, obj):
        return (obj.quote[:80] + "…") if len(obj.quote) > 80 else obj.quote

    @admin.display(description="published", boolean=True)
    def published(self, obj):
        return obj.is_published

    @admin.action(description="Approve quotes for publication", permissions=["approve_quote"])
    def approve_quotes(self, request, queryset):
        done = queryset.awaiting_approval().update(
            quote_approved_at=timezone.now(), quote_approved_by=request.user
        )
        bump("workshops")  # update() skips the signals cached pages listen to
        self.message_user(request, f"{done} quote(s) approved and published.")

    @admin.action(description="Withdraw approval", permissions=["approve_quote"])
    def unapprove_quotes(self, request, queryset):
        done = queryset.update(quote_approved_at=None, quote_approved_by=None)
        bump("workshops")  # update() skips the signals cached pages listen to
        self.message_user(request, f"{done} quote(s) no longer published.")

    def has_approve_quote_permission(self, request):
        return request.user.has_perm("workshops.approve_quote")
