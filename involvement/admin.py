from decimal import Decimal

from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from involvement import exports, permissions, services
from involvement.forms import QueryForm
from involvement.models import (
    Claim,
    ClaimEvent,
    Expense,
    ExportBatch,
    InvolvementRole,
    Offer,
    Rate,
)
from network import admin_actions


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "amount", "applies_from", "demo"]
    list_filter = ["unit", "demo"]

    def has_module_permission(self, request):
        return permissions.can_offer_paid_places(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_offer_paid_places(request.user)

    # Rows are history: a change is a new row from a new date, never an edit.
    def has_change_permission(self, request, obj=None):
        return permissions.can_keep_rates(request.user) and obj is None

    def has_add_permission(self, request):
        return permissions.can_keep_rates(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InvolvementRole)
class InvolvementRoleAdmin(admin.ModelAdmin):
    list_display = ["name"]

    def has_module_permission(self, request):
        return permissions.can_offer_paid_places(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_offer_paid_places(request.user)

    def has_add_permission(self, request):
        return permissions.can_keep_rates(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_keep_rates(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["workshop", "session", "role", "rate_name", "units", "who"]
    autocomplete_fields = ["workshop", "people"]
    readonly_fields = ["created_by", "created"]

    def has_module_permission(self, request):
        return permissions.can_offer_paid_places(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_offer_paid_places(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return permissions.can_offer_paid_places(request.user)

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- Claims: organisers approve or query them, and export the approved for finance ---------------


class ExportedFilter(admin.SimpleListFilter):
    title = "sent to finance"
    parameter_name = "exported"

    def lookups(self, request, model_admin):
        return [("no", "Not yet"), ("yes", "Yes")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(exported_in__isnull=self.value() == "no")
        return queryset


class ClaimsOnly:
    """Every page and inline of claims asks the one question (involvement.permissions);
    nothing is edited in a form: changes are the actions, each recorded."""

    def has_module_permission(self, request):
        return permissions.can_handle_claims(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_handle_claims(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ExpenseInline(ClaimsOnly, admin.TabularInline):
    model = Expense
    extra = 0
    fields = ["kind", "description", "amount", "receipt_link"]
    readonly_fields = fields

    @admin.display(description="receipt")
    def receipt_link(self, obj):
        if not obj.receipt:
            return "none"
        return format_html(
            '<a href="{}">Open the receipt</a>', reverse("involvement:receipt", args=[obj.pk])
        )


class ClaimEventInline(ClaimsOnly, admin.TabularInline):
    model = ClaimEvent
    extra = 0
    fields = ["at", "actor", "action", "detail", "message"]
    readonly_fields = fields
    verbose_name_plural = "History (every change: who, when, what)"


@admin.register(Claim)
class ClaimAdmin(ClaimsOnly, admin.ModelAdmin):
    list_display = [
        "reference",
        "member",
        "workshop",
        "day",
        "role_name",
        "choice",
        "fee_payable",
        "expenses",
        "status",
        "exported_in",
    ]
    list_filter = [
        "status",
        ExportedFilter,
        "choice",
        ("workshop", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["member__display_name", "member__email", "workshop__title"]
    list_select_related = ["member", "workshop", "exported_in"]
    fields = [
        "reference",
        "member",
        "workshop",
        "session",
        "day",
        "role_name",
        "choice",
        "rate_name",
        "rate_amount",
        "units",
        "fee",
        "status",
        "exported_in",
        "created",
        "erased_at",
    ]
    readonly_fields = fields
    inlines = [ExpenseInline, ClaimEventInline]
    actions = ["approve_claims", "query_claims"]
    change_list_template = "admin/involvement/claim/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(expenses_sum=Coalesce(Sum("expenses__amount"), Decimal("0.00")))
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="fee")
    def fee_payable(self, obj):
        return "declined" if obj.choice == Claim.Choice.DECLINE else f"£{obj.fee}"

    @admin.display(description="expenses", ordering="expenses_sum")
    def expenses(self, obj):
        return f"£{obj.expenses_sum:.2f}"

    @admin.action(description="Approve the selected claims (asks first)")
    def approve_claims(self, request, queryset):
        if not permissions.can_handle_claims(request.user):
            raise PermissionDenied("Only the network's organisers approve claims.")
        claims = list(
            queryset.filter(status=Claim.Status.SUBMITTED, exported_in__isnull=True)
            .select_related("member", "workshop")
            .order_by("pk")
        )
        if not admin_actions.confirmed(request) or not claims:
            return admin_actions.ask_first(
                self,
                request,
                action="approve_claims",
                title=f"Approve {len(claims)} claim(s)?",
                items=claims,
                consequence=(
                    "Each claimant is e-mailed that their claim is approved; approved claims "
                    "go into the next export for finance. Only claims waiting for approval "
                    "are listed: a claim with an open question waits for its answer."
                ),
                button="Approve and e-mail the claimants",
            )
        done = services.approve(claims=claims, by=request.user)
        self.message_user(request, f"Approved {done} claim(s); each claimant is e-mailed.")
        return None

    @admin.action(description="Ask the claimants a question (they are e-mailed)")
    def query_claims(self, request, queryset):
        if not permissions.can_handle_claims(request.user):
            raise PermissionDenied("Only the network's organisers query claims.")
        claims = [claim for claim in queryset if claim.is_open]
        form = QueryForm(request.POST if request.POST.get("apply") else None)
        if form.is_bound and form.is_valid() and claims:
            done = services.query(
                claims=claims, by=request.user, message=form.cleaned_data["message"]
            )
            self.message_user(request, f"Asked {done} claimant(s); each is e-mailed the question.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Ask about {len(claims)} claim(s)",
            "opts": self.opts,
            "claims": claims,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/involvement/claim/query.html", context)

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="involvement_claim_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """Asks first (how many claims, the total), then marks them exported in one batch
        and sends the file: a second export never includes them again."""
        if not permissions.can_handle_claims(request.user):
            raise PermissionDenied("Only the network's organisers export claims for payment.")
        if request.method == "POST":
            file_format = request.POST.get("format")
            if file_format not in ("csv", "xlsx"):
                file_format = "csv"
            batch, claims = services.export(by=request.user)
            if batch is None:
                self.message_user(request, "There are no approved claims to export.")
                return redirect("admin:involvement_claim_changelist")
            return export_response(batch, claims, file_format)
        due = list(services.due_for_export())
        context = {
            **self.admin_site.each_context(request),
            "title": "Export approved claims for the finance team?",
            "opts": self.opts,
            "claims": due,
            "total": sum((claim.total for claim in due), Decimal("0.00")),
        }
        return TemplateResponse(request, "admin/involvement/claim/confirm_export.html", context)


def export_response(batch, claims, file_format: str) -> HttpResponse:
    name = f"claims-{batch.reference}.{file_format}"
    if file_format == "xlsx":
        response = HttpResponse(content_type=exports.XLSX_TYPE)
        exports.write_xlsx(response, claims)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        exports.write_csv(response, claims)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@admin.register(ExportBatch)
class ExportBatchAdmin(ClaimsOnly, admin.ModelAdmin):
    """Earlier exports: who made them and when; each can be downloaded again (the same
    claims, never new ones)."""

    list_display = ["reference", "created", "created_by", "claim_count", "total", "download"]
    fields = ["reference", "created", "created_by", "claim_count", "total"]
    readonly_fields = fields
    list_select_related = ["created_by"]

    @admin.display(description="download again")
    def download(self, obj):
        return format_html(
            '<a href="{}">CSV<span class="visually-hidden"> of {}</span></a> · '
            '<a href="{}">.xlsx<span class="visually-hidden"> of {}</span></a>',
            reverse("admin:involvement_exportbatch_download", args=[obj.pk, "csv"]),
            obj.reference,
            reverse("admin:involvement_exportbatch_download", args=[obj.pk, "xlsx"]),
            obj.reference,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/<str:file_format>/",
                self.admin_site.admin_view(self.download_view),
                name="involvement_exportbatch_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk, file_format):
        if not permissions.can_handle_claims(request.user):
            raise PermissionDenied("Only the network's organisers export claims for payment.")
        if file_format not in ("csv", "xlsx"):
            raise Http404("No such format.")
        batch = get_object_or_404(ExportBatch, pk=pk)
        claims = list(
            Claim.objects.filter(exported_in=batch)
            .select_related("member", "workshop", "exported_in")
            .prefetch_related("expenses")
            .order_by("pk")
        )
        return export_response(batch, claims, file_format)
