"""The blog: posts written by organisers in the admin, their tags, attachments and likes.

Comments are django-comments-xtd's XtdComment, attached to posts by content type
(see network/comments.py).
"""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from network import fulltext, uploads
from network.files import RandomFolder
from network.markdown import render_markdown
from network.slugs import unique_slug

MARKDOWN_HELP = (
    "Markdown: a blank line starts a new paragraph; ## Heading; **bold**, *italic*; "
    "- for a bullet list; > for a quote; [link text](https://example.org). "
    "Images only from this site's uploads. Other HTML is shown as you typed it."
)


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        db_table = "network_tag"  # created when the blog lived in the network app
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Tag, self.name, self.pk, length=55, fallback="tag")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('blog_list')}?tag={self.slug}"


def comment_count_subquery():
    """Public, not removed comments of each post, as one correlated subquery.

    Comments point at posts through a text `object_pk`, so the count is a subquery
    (no join that would multiply rows, and the cast keeps PostgreSQL happy)."""
    from django_comments_xtd.models import XtdComment

    counts = (
        XtdComment.objects.filter(
            content_type=ContentType.objects.get_for_model(Post),
            object_pk=Cast(OuterRef("pk"), models.CharField(max_length=64)),
            is_public=True,
            is_removed=False,
        )
        .order_by()
        .values("object_pk")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), Value(0))


# What post search matches, and how it ranks: the title above the body.
POST_SEARCH_FIELDS = (("title", "A"), ("body_text", "B"))


class PostQuerySet(models.QuerySet):
    def published(self):
        """Visible to readers now. A scheduled post becomes published when its time
        comes, with no job to flip it: the filter compares with the clock."""
        return self.filter(
            status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED],
            publish_at__lte=timezone.now(),
        )

    def visible_to(self, user):
        from network.blog.permissions import can_preview_posts

        if can_preview_posts(user):
            return self.all()
        return self.published()

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def store_search_vectors(self):
        fulltext.store_vectors(self, POST_SEARCH_FIELDS)

    def with_counts(self, viewer=None):
        """Comment and like counts, and whether `viewer` liked each post: no query per row."""
        qs = self.annotate(
            comment_count=comment_count_subquery(),
            like_count=Coalesce(
                Subquery(
                    PostLike.objects.filter(post=OuterRef("pk"))
                    .order_by()
                    .values("post")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=models.IntegerField(),
                ),
                Value(0),
            ),
        )
        if viewer is not None and viewer.is_authenticated:
            qs = qs.annotate(
                liked=Exists(PostLike.objects.filter(post=OuterRef("pk"), user=viewer))
            )
        else:
            qs = qs.annotate(liked=Value(False, output_field=models.BooleanField()))
        return qs

    def for_listing(self, viewer=None):
        from django.contrib.auth import get_user_model

        authors = get_user_model().objects.select_related("profile").order_by("display_name")
        return (
            self.with_counts(viewer)
            .prefetch_related(models.Prefetch("authors", queryset=authors), "tags")
            .defer("body", "body_html")
        )


def view_count_of(post_id: int) -> int:
    """A post's view count as stored now. Plain SQL on purpose: it is read on every
    view of a post page, where building the ORM query cost more than running it."""
    from django.db import connection

    table = connection.ops.quote_name(Post._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT view_count FROM {table} WHERE id = %s", [post_id])  # noqa: S608 (no user text)
        row = cursor.fetchone()
    return row[0] if row else 0


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The post's address: /blog/<slug>/."
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="blog_posts",
        help_text="Shown as “Posted by …”. Leave empty to be the author yourself.",
        blank=True,
    )
    body = models.TextField(help_text=MARKDOWN_HELP)
    body_html = models.TextField(editable=False, blank=True)
    # Plain text of the body: what search looks in and what highlights are cut from.
    body_text = models.TextField(editable=False, blank=True)
    # Written after each save (network.fulltext); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    excerpt = models.TextField(
        max_length=600,
        blank=True,
        help_text="A sentence or two for lists, feeds and link previews. "
        "Left empty, the start of the post is used.",
    )
    cover = models.ImageField(
        "cover image",
        # Stored under a random folder: a draft's cover cannot be found by guessing.
        upload_to=RandomFolder("covers"),
        max_length=255,
        blank=True,
        help_text="JPEG, PNG or WebP, up to 5 MB and 20 megapixels. "
        "Location and camera data are removed.",
    )
    cover_alt = models.CharField(
        "cover image description",
        max_length=200,
        blank=True,
        help_text="What the picture shows, for people who cannot see it.",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    featured = models.BooleanField(default=False, help_text="Featured posts come first.")
    comments_open = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "publish time",
        default=timezone.now,
        db_index=True,
        help_text="A time in the future makes the post scheduled: it appears then.",
    )
    view_count = models.PositiveIntegerField("views", default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = fulltext.SearchVectorDeferredManager.from_queryset(PostQuerySet)()

    class Meta:
        db_table = "network_post"
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Post, self.title, self.pk, length=190, fallback="post")
        if self.status == self.Status.PUBLISHED and self.publish_at > timezone.now():
            self.status = self.Status.SCHEDULED
        elif self.status == self.Status.SCHEDULED and self.publish_at <= timezone.now():
            # Its time has come: it is published (readers already see it so).
            self.status = self.Status.PUBLISHED
        self.body_html = render_markdown(self.body)
        self.body_text = re.sub(r"\s+", " ", strip_tags(self.body_html)).strip()
        if not self.excerpt.strip():
            self.excerpt = Truncator(self.body_text).words(40)
        if self.cover and not self.cover._committed:
            self.cover = uploads.clean_image(self.cover, name_stem=self.slug[:60] or "cover")
        super().save(*args, **kwargs)
        fulltext.store_after_save(self, POST_SEARCH_FIELDS, kwargs)

    def get_absolute_url(self):
        return reverse("blog_post", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        post = super().from_db(db, field_names, values)
        # What was stored: clean() checks the publish time only when it is being set.
        post._stored_schedule = (post.__dict__.get("status"), post.__dict__.get("publish_at"))
        return post

    def clean(self):
        # Only when the schedule is being set: a post that went live since keeps its time.
        # (To the second: the admin's time field drops the microseconds.)
        stored = getattr(self, "_stored_schedule", None)
        being_set = (
            stored is None
            or stored[1] is None
            or self.publish_at is None
            or stored[0] != self.status
            or stored[1].replace(microsecond=0) != self.publish_at.replace(microsecond=0)
        )
        if (
            being_set
            and self.status == self.Status.SCHEDULED
            and self.publish_at
            and self.publish_at <= timezone.now()
        ):
            # A past time would publish it at once: say so rather than surprise.
            raise ValidationError(
                {"publish_at": "A scheduled post needs a publish time in the future."}
            )

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT and self.publish_at <= timezone.now()

    def is_visible_to(self, user) -> bool:
        """Readers see published posts; organisers also see drafts and scheduled ones."""
        from network.blog.permissions import can_preview_posts

        return self.is_published or can_preview_posts(user)

    @property
    def status_label(self) -> str:
        if self.is_published:
            return "Published"
        if self.status == self.Status.DRAFT:
            return "Draft"
        return "Scheduled"

    def toggle_like(self, user) -> bool:
        """Like, or unlike if already liked. True when the post is now liked."""
        deleted, _ = PostLike.objects.filter(post=self, user=user).delete()
        if deleted:
            return False
        PostLike.objects.get_or_create(post=self, user=user)
        return True

    def accepts_comments(self) -> bool:
        return self.comments_open and self.is_published


def validate_attachment(upload):
    uploads.detect_attachment_kind(upload)


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        upload_to=RandomFolder("attachments"),
        max_length=255,
        validators=[validate_attachment],
        help_text="PDF, Word (.docx), OpenDocument text (.odt) or PowerPoint (.pptx), up to 20 MB.",
    )
    title = models.CharField(max_length=200, blank=True, help_text="Defaults to the file name.")
    kind = models.CharField(max_length=8, editable=False)
    size = models.PositiveIntegerField(editable=False, default=0)
    original_name = models.CharField(max_length=200, editable=False, blank=True)

    class Meta:
        db_table = "network_attachment"
        ordering = ["pk"]

    def __str__(self):
        return self.title or self.original_name

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.kind = uploads.detect_attachment_kind(self.file)
            self.size = self.file.size
            self.original_name = self.file.name.rsplit("/", 1)[-1][:200]
            # Stored under a name we choose: never the uploader's path or extension.
            self.file.name = uploads.safe_download_name(self.original_name, self.kind)
        if not self.title:
            self.title = self.original_name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("blog_attachment", args=[self.post.slug, self.pk])

    @property
    def download_name(self) -> str:
        return uploads.safe_download_name(self.title or self.original_name, self.kind)

    @property
    def content_type(self) -> str:
        return uploads.ATTACHMENT_KINDS[self.kind][1]

    @property
    def kind_label(self) -> str:
        return self.kind.upper()


class PostLike(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "network_postlike"
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_like_per_member_per_post")
        ]

    def __str__(self):
        return f"{self.user} likes {self.post}"


class Follow(models.Model):
    """A member follows a post: new comments on it reach their notifications. Commenting
    follows the post; the Follow button on the post does too, and Unfollow stops it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_follow_per_member_per_post")
        ]

    def __str__(self):
        return f"{self.user} follows {self.post}"


class Mention(models.Model):
    """A member mentioned in a comment, as written ("@Maya Member"): resolved once when
    the comment is saved (network/blog/mentions.py), so they are told once."""

    comment = models.ForeignKey(
        "django_comments_xtd.XtdComment", on_delete=models.CASCADE, related_name="mentions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentioned_in"
    )
    written = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "member"], name="one_mention_per_comment")
        ]

    def __str__(self):
        return f"@{self.written} in comment {self.comment_id}"
