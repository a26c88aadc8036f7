from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from network import hooks
from network.models import IssueReport, Network, TermsVersion, Topic


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


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """The network's topics: members choose theirs on their profile, the library files
    resources under them."""

    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at"]
    ordering = ["-published_at"]


@admin.register(IssueReport)
class IssueReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "category", "status", "reported", "reporter_display"]
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

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status":
            # The list's editable status column has no label of its own.
            field.widget.attrs["aria-label"] = "Status"
        return field

    list_select_related = ["reporter"]
    date_hierarchy = "created_at"

    readonly_fields = [*readonly_fields, "reported_in_full"]
    fields = [*fields, "reported_in_full"]
    actions = ["dismiss"]

    def has_add_permission(self, request):
        return False

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)

        class WithReportedContent(changelist):
            def get_results(self, request):
                super().get_results(request)
                # What each report is about, for the whole page at once.
                found = hooks.reported_content(self.result_list)
                for issue in self.result_list:
                    issue.reported_content = found.get(issue.pk)

        return WithReportedContent

    def _content(self, obj):
        if not hasattr(obj, "reported_content"):
            obj.reported_content = hooks.reported_content([obj]).get(obj.pk)
        return obj.reported_content

    @admin.display(description="What was reported")
    def reported(self, obj):
        content = self._content(obj)
        if content is None:
            return Truncator(obj.description).chars(120)
        return self._render(content, Truncator(content.text).chars(160))

    @admin.display(description="What was reported")
    def reported_in_full(self, obj):
        content = self._content(obj)
        return self._render(content, content.text) if content else "–"

    def _render(self, content, text):
        link = (
            format_html(' <a href="{}">See it in its thread</a>', content.url)
            if content.url
            else ""
        )
        actions = format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            ((url, label) for label, url in content.actions),
        )
        return format_html(
            "<q>{}</q><br>by {} ({}){}<br>{}", text, content.author, content.state, link, actions
        )

    @admin.action(description="Dismiss (close the report, nothing to do)", permissions=["change"])
    def dismiss(self, request, queryset):
        done = queryset.exclude(status=IssueReport.Status.CLOSED).update(
            status=IssueReport.Status.CLOSED
        )
        for issue in queryset:
            self.log_change(request, issue, "Dismissed")
        self.message_user(request, f"{done} report(s) dismissed.")

    @admin.display(description="Reported by")
    def reporter_display(self, obj):
        return obj.reporter_name or obj.reporter_email or (obj.reporter or "Anonymous")
