from django.contrib import admin

from network.models import IssueReport, Network, TermsVersion


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "join_policy", "visibility"]
    fieldsets = [
        (None, {"fields": ["name", "tagline", "about", "owner", "contact_email"]}),
        ("Who can join and see the network", {"fields": ["join_policy", "visibility"]}),
        ("Safeguarding", {"fields": ["safeguarding_lead_name", "safeguarding_lead_email"]}),
    ]
    autocomplete_fields = ["owner"]

    def has_add_permission(self, request):
        # One network per site.
        return super().has_add_permission(request) and not Network.objects.exists()


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at"]
    ordering = ["-published_at"]


@admin.register(IssueReport)
class IssueReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "category", "status", "page_url", "reporter_display"]
    list_filter = ["status", "category", "created_at"]
    list_editable = ["status"]
    search_fields = ["description", "page_url", "reporter_email", "reporter_name"]
    readonly_fields = [
        "category",
        "page_url",
        "description",
        "reporter",
        "reporter_name",
        "reporter_email",
        "content_type",
        "object_id",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields[:3] + ["status", "notes"] + readonly_fields[3:]
    list_select_related = ["reporter"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description="Reported by")
    def reporter_display(self, obj):
        return obj.reporter_name or obj.reporter_email or (obj.reporter or "Anonymous")
