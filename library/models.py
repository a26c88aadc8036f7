"""The network's shared knowledge: resources (with versioned files), partner
organisations and outcomes ("you said, we did")."""

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Max, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from members.models import Visibility
from network.blog.models import Post
from network.files import RandomFolder
from network.models import Topic
from network.slugs import unique_slug
from network.uploads import LIBRARY_KINDS
from workshops.models import Feedback, ThemeProposal, Workshop


class Partner(models.Model):
    class Kind(models.TextChoices):
        VOLUNTARY = "voluntary", "Voluntary and community organisation"
        NHS = "nhs", "NHS"
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        ACADEMIC = "academic", "Academic"
        SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
        OTHER = "other", "Other"

    name = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(max_length=180, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(max_length=1500, blank=True, help_text="A few sentences.")
    website = models.URLField(blank=True)
    logo = models.ImageField(upload_to=RandomFolder("partners"), blank=True)
    logo_alt = models.CharField("logo description", max_length=200, blank=True)
    workshops = models.ManyToManyField(Workshop, blank=True, related_name="partner_organisations")
    posts = models.ManyToManyField(Post, blank=True, related_name="partner_organisations")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Partner, self.name, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('library:partners')}#{self.slug}"


class PartnerMembership(models.Model):
    """The partner organisation a member belongs to, shown as they choose."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="memberships")
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )

    def __str__(self):
        return f"{self.member} at {self.partner}"


class Audience(models.TextChoices):
    SERVICE_USERS = "service_users", "People who use services"
    CARERS = "carers", "Carers"
    PROFESSIONALS = "professionals", "Health and care professionals"
    RESEARCHERS = "researchers", "Researchers"
    COMMUNITY = "community", "Community and voluntary organisations"
    COMMISSIONERS = "commissioners", "Policy makers and commissioners"


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)

    def visible_to(self, *, members: bool):
        """Published resources a viewer may see: members see members-only ones too."""
        visible = self.published()
        return visible if members else visible.filter(visibility=Resource.Visibility.PUBLIC)

    def browse(self, *, kind="", topic="", audience=""):
        found = self
        if kind:
            found = found.filter(kind=kind)
        if topic:
            found = found.filter(topics__slug=topic)
        if audience:
            # A JSON list: PostgreSQL asks its index-friendly containment; SQLite, which
            # has none, matches the quoted code in the stored text.
            if connection.vendor == "postgresql":
                found = found.filter(audiences__contains=[audience])
            else:
                found = found.filter(audiences__icontains=f'"{audience}"')
        return found

    def for_list(self):
        """What a resource card shows: its topics and latest files, in fixed queries."""
        return self.prefetch_related(
            "topics",
            Prefetch("files", queryset=ResourceFile.objects.order_by("is_easy_read", "-version")),
        )


class Resource(models.Model):
    class Kind(models.TextChoices):
        TOOLKIT = "toolkit", "Toolkit"
        GUIDE = "guide", "Guide"
        REPORT = "report", "Report"
        EVIDENCE = "evidence", "Evidence"
        WORKSHOP_NOTES = "workshop_notes", "Notes from a workshop"
        VIDEO = "video", "Video"
        LINK = "link", "Link"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Everyone"
        MEMBERS = "members", "Members only"

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        SUGGESTED = "suggested", "Suggested by a member, waiting for an organiser"
        DECLINED = "declined", "Declined"

    class Licence(models.TextChoices):
        CC_BY = "cc-by", "Creative Commons Attribution (CC BY 4.0)"
        CC_BY_NC = "cc-by-nc", "Creative Commons Attribution-NonCommercial (CC BY-NC 4.0)"
        CC_BY_SA = "cc-by-sa", "Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)"
        OGL = "ogl", "Open Government Licence"
        ALL_RIGHTS = "all-rights", "All rights reserved (ask before reusing)"
        UNKNOWN = "unknown", "Not known yet"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    summary = models.TextField(max_length=1000, help_text="In plain words: what it is, for whom.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GUIDE)
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="resources", help_text="The topics members choose too."
    )
    audiences = models.JSONField(default=list, blank=True, help_text="Codes from Audience.")
    link = models.URLField("web address", blank=True, help_text="For videos and links.")
    licence = models.CharField(max_length=20, choices=Licence.choices, default=Licence.UNKNOWN)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggested_resources",
    )
    workshops = models.ManyToManyField(Workshop, blank=True, related_name="resources")
    posts = models.ManyToManyField(Post, blank=True, related_name="resources")
    partners = models.ManyToManyField(Partner, blank=True, related_name="resources")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Resource, self.title, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("library:detail", args=[self.slug])

    @property
    def audience_labels(self):
        labels = dict(Audience.choices)
        return [labels[code] for code in self.audiences if code in labels]

    @property
    def is_public(self):
        return self.visibility == self.Visibility.PUBLIC

    def latest_files(self):
        """The newest version of the main file and of the easy-read one (prefetched)."""
        latest = {}
        for item in self.files.all():
            if item.is_easy_read not in latest or item.version > latest[item.is_easy_read].version:
                latest[item.is_easy_read] = item
        return [latest[key] for key in (False, True) if key in latest]


class ResourceFile(models.Model):
    """One version of a resource's file. A new upload is a new version: the older ones
    stay listed, with their dates."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=RandomFolder("library"), max_length=200)
    kind = models.CharField(max_length=10, choices=[(k, v[2]) for k, v in LIBRARY_KINDS.items()])
    is_easy_read = models.BooleanField("easy-read version", default=False)
    version = models.PositiveIntegerField(default=1)
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    note = models.CharField("what changed", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # A PDF's first page as a small PNG, made once when the file is uploaded
    # (library.services.make_preview); empty for other kinds or an unreadable PDF.
    preview = models.ImageField(
        upload_to=RandomFolder("previews"),
        max_length=200,
        blank=True,
        editable=False,
        width_field="preview_width",
        height_field="preview_height",
    )
    preview_width = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    preview_height = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["is_easy_read", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "is_easy_read", "version"], name="one_number_per_version"
            )
        ]

    def __str__(self):
        easy = " (easy read)" if self.is_easy_read else ""
        return f"{self.resource} v{self.version}{easy}"

    @property
    def kind_label(self):
        return LIBRARY_KINDS[self.kind][2]

    @property
    def content_type(self):
        return LIBRARY_KINDS[self.kind][1]

    @property
    def url(self):
        return self.file.url


class OutcomeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("workshop", "post").annotate(
            voices=Count("feedback", distinct=True)
            + Count("themes", distinct=True)
            + Count("comments", distinct=True)
        )


class Outcome(models.Model):
    """You said, we did: what changed because of what members said."""

    title = models.CharField(max_length=200)
    you_said = models.TextField("you said", max_length=2000)
    we_did = models.TextField("we did", max_length=2000)
    workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="answered_by"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="answered_by"
    )
    feedback = models.ManyToManyField(Feedback, blank=True, related_name="outcomes")
    themes = models.ManyToManyField(ThemeProposal, blank=True, related_name="outcomes")
    comments = models.ManyToManyField(
        "django_comments_xtd.XtdComment",
        blank=True,
        related_name="outcomes",
        help_text="Comments in a discussion this answers.",
    )
    resources = models.ManyToManyField(Resource, blank=True, related_name="outcomes")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    notified_at = models.DateTimeField("people told", null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notified_count = models.PositiveIntegerField(default=0)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('library:outcomes')}#outcome-{self.pk}"


def partner_listing():
    """Every partner with what it has done with the network, in four queries."""
    return Partner.objects.annotate(
        workshop_count=Count("workshops", distinct=True),
        resource_count=Count(
            "resources", filter=Q(resources__status=Resource.Status.PUBLISHED), distinct=True
        ),
        last_workshop=Max("workshops__start"),
    )
