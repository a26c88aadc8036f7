"""Writing posts in the admin: organisers hold exactly the blog permissions they need
(members.roles.ORGANISER_PERMISSIONS); the owner, a superuser, can do everything."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.html import format_html
from django_comments_xtd.admin import XtdCommentsAdmin
from django_comments_xtd.models import XtdComment

from network import uploads
from network.blog.models import Attachment, Post, Tag
from network.forms import CheckedModelMultipleChoiceField


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "title", "slug", "authors", "body", "excerpt", "cover", "cover_alt",
            "status", "publish_at", "featured", "comments_open", "tags",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        post = self.instance
        if post.pk and post.status == Post.Status.SCHEDULED and post.is_published:
            # Gone live since it was scheduled: the form says so, and saving keeps it live.
            self.initial["status"] = Post.Status.PUBLISHED

    def clean_cover(self):
        cover = self.cleaned_data.get("cover")
        # A new upload is an UploadedFile (a kept cover is the stored FieldFile):
        # checking it here puts the message on the form; Post.save() re-encodes.
        if isinstance(cover, UploadedFile):
            try:
                uploads.check_image(cover)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return cover


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 1
    fields = ["file", "title", "kind", "size"]
    readonly_fields = ["kind", "size"]
    # A tabular inline shows its labels as column headers only: name each input.
    widgets_labels = {"file": "Attachment file", "title": "Attachment title"}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.widgets_labels:
            field.widget.attrs["aria-label"] = self.widgets_labels[db_field.name]
        return field


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = [
        "title",
        "status_display",
        "authors_display",
        "publish_at",
        "view_count",
        "comments",
        "featured",
        "preview",
    ]
    list_filter = ["status", "featured", "comments_open", "tags", "publish_at"]
    search_fields = ["title", "body", "authors__display_name"]
    prepopulated_fields = {"slug": ["title"]}
    # Plain multiple selects: Django's filter_horizontal widget fails axe (aria on labels).
    date_hierarchy = "publish_at"
    inlines = [AttachmentInline]
    readonly_fields = ["view_count"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "authors", "body", "excerpt"]}),
        ("Picture", {"fields": ["cover", "cover_alt"]}),
        (
            "Publishing",
            {"fields": ["status", "publish_at", "featured", "comments_open", "tags", "view_count"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_counts()
            .prefetch_related("authors")
            .defer("body", "body_html", "body_text")
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", CheckedModelMultipleChoiceField)
        if db_field.name == "authors":
            kwargs["queryset"] = get_user_model().objects.filter(
                Q(profile__state="active") | Q(is_superuser=True)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not form.instance.authors.exists():
            form.instance.authors.add(request.user)

    @admin.display(description="Status", ordering="status")
    def status_display(self, obj):
        return obj.status_label

    @admin.display(description="Posted by")
    def authors_display(self, obj):
        return ", ".join(str(author) for author in obj.authors.all())

    @admin.display(description="Comments", ordering="comment_count")
    def comments(self, obj):
        return obj.comment_count

    @admin.display(description="Page")
    def preview(self, obj):
        label = "View" if obj.is_published else "Preview"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class CommentAdmin(XtdCommentsAdmin):
    """django-comments-xtd's comment admin, searching what this network's users have
    (there is no username: names and e-mails), so organisers can find any comment, and the
    outcome admin can look comments up by their text (autocomplete)."""

    search_fields = ["comment", "user__display_name", "user__email", "user_name"]


admin.site.unregister(XtdComment)
admin.site.register(XtdComment, CommentAdmin)
