"""The network itself: its settings, its terms, and the reports people send it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from network.caching import requestcache
from network.caching.release import release
from network.markdown import render_markdown
from network.slugs import unique_slug

# A pickled Network: the release is part of the key (network/caching/release.py).
NETWORK_CACHE_KEY = f"network:current:{release()}"
TERMS_CACHE_KEY = "network:terms:current-id:v1"
TERMS_CACHE_SECONDS = 300
# Every page reads both: they come in the request's first cache round trip.
requestcache.register_hot_keys(NETWORK_CACHE_KEY, TERMS_CACHE_KEY)


class NetworkQuerySet(models.QuerySet):
    def current(self):
        """The site's one Network record, cached until it is next saved."""
        network = requestcache.get(NETWORK_CACHE_KEY)
        if network is None:
            network = self.select_related("owner").order_by("pk").first()
            if network is None:
                network = Network(name="Co-production practitioners network")
            else:
                requestcache.set(NETWORK_CACHE_KEY, network, 300)
        return network


class Network(models.Model):
    class JoinPolicy(models.TextChoices):
        OPEN = "open", "Open: anyone who verifies their e-mail joins at once"
        APPROVAL = "approval", "Approval: the owner or an organiser approves each applicant"
        INVITATION = "invitation", "Invitation: only people invited by a member can join"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: anyone can read posts, workshops and profiles"
        MEMBERS_ONLY = "members-only", "Members only: visitors see only the public pages"

    name = models.CharField(max_length=120)
    tagline = models.CharField(max_length=200, blank=True)
    about = models.TextField(
        "about text", blank=True, help_text="Markdown. Shown on the About page."
    )
    about_html = models.TextField(editable=False, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The network owner: shown as its creator and able to do everything.",
    )
    contact_email = models.EmailField("contact e-mail", blank=True)
    join_policy = models.CharField(
        max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    safeguarding_lead_name = models.CharField(max_length=120, blank=True)
    safeguarding_lead_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = NetworkQuerySet.as_manager()

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.about_html = render_markdown(self.about)
        super().save(*args, **kwargs)
        requestcache.delete(NETWORK_CACHE_KEY)
        sync_site(self)

    @property
    def is_members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS_ONLY

    @property
    def creator_name(self) -> str:
        return str(self.owner) if self.owner_id else ""


def sync_site(network: "Network | None" = None) -> None:
    """Keep django.contrib.sites' record in step with SITE_URL and the network's
    name: allauth's e-mails ("Hello from ...") and the sitemap's addresses come
    from it, and would otherwise say example.com."""
    from django.contrib.sites.models import Site

    network = network or Network.objects.current()
    Site.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": network.name[:50]},
    )


class TermsVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())

    def current(self):
        return self.published().order_by("-published_at", "-pk").first()

    def current_id(self) -> int | None:
        """The current version's id, cached: every signed-in page asks whether the
        viewer accepted it. One small query on a miss; the cache entry expires when
        a version scheduled for later becomes current, and saving one clears it."""
        cached = requestcache.get(TERMS_CACHE_KEY)
        if cached is not None:
            return cached or None
        now = timezone.now()
        versions = list(self.order_by("-published_at", "-pk").values_list("pk", "published_at"))
        current = next((pk for pk, published in versions if published <= now), None)
        upcoming = [published for _, published in versions if published > now]
        lifetime = TERMS_CACHE_SECONDS
        if upcoming:
            lifetime = max(1, min(lifetime, int((min(upcoming) - now).total_seconds()) + 1))
        requestcache.set(TERMS_CACHE_KEY, current or 0, lifetime)
        return current


class TermsVersion(models.Model):
    """One version of the Terms of Service. Members accept a particular version."""

    version = models.CharField(max_length=20, unique=True, help_text="For example 1.0 or 2026-11.")
    text = models.TextField(help_text="Markdown.")
    text_html = models.TextField(editable=False, blank=True)
    changes = models.TextField(
        "what changed",
        blank=True,
        max_length=1000,
        help_text="A few plain sentences shown to members when they are asked to accept "
        "this version: what is different from the last one.",
    )
    published_at = models.DateTimeField(
        default=timezone.now,
        help_text="The version becomes current at this time; members accept it at next sign-in.",
    )

    objects = TermsVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = "Terms of Service version"

    def __str__(self):
        return f"Terms of Service {self.version}"

    def save(self, *args, **kwargs):
        self.text_html = render_markdown(self.text)
        super().save(*args, **kwargs)
        requestcache.delete(TERMS_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        requestcache.delete(TERMS_CACHE_KEY)
        return result


class IssueReport(models.Model):
    """A report from "Report an Issue", or about a piece of content: the moderation queue."""

    class Category(models.TextChoices):
        AT_RISK = "at_risk", "Someone may be at risk"
        ABUSIVE = "abusive", "Abusive or offensive content"
        SPAM = "spam", "Spam"
        BROKEN = "broken", "Something is broken"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        CLOSED = "closed", "Closed"

    category = models.CharField(max_length=12, choices=Category.choices)
    page_url = models.CharField("page address", max_length=500, blank=True)
    description = models.TextField("what happened", max_length=5000)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="issue_reports",
    )
    reporter_name = models.CharField("your name", max_length=120, blank=True)
    reporter_email = models.EmailField("your e-mail address", blank=True)
    # The reported piece of content (a comment, a post), when the report is about one.
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    notes = models.TextField("moderator notes", blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_category_display()} ({self.get_status_display()})"

    @property
    def is_safeguarding(self) -> bool:
        return self.category == self.Category.AT_RISK


class Topic(models.Model):
    """The network's shared vocabulary of topics (kept by the owner in the admin): what
    members say they care about on their profile, and what the library files resources
    under, so a member's topic leads to the resources on it."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Topic, self.name, self.pk, length=55, fallback="topic")
        super().save(*args, **kwargs)


class Notification(models.Model):
    """Something that happened that one member should know about (network/notifications.py
    creates them; the apps call `notify(...)`, the core never imports the apps)."""

    class Kind(models.TextChoices):
        REPLY = "reply", "A reply to your comment"
        COMMENT = "comment", "A new comment on a post you follow"
        MENTION = "mention", "Someone mentioned you"
        WORKSHOP = "workshop", "A change to a workshop you are in"
        PLACE = "place", "A place offered to you"
        DECISION = "decision", "A decision about your application or a claim"
        OUTCOME = "outcome", "An outcome answering your contribution"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    # What it is about (a post's or workshop's title): digests group by it.
    about = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once its e-mail is settled: sent straight away, sent in a digest, or not wanted.
    # A digest takes only unsettled ones, so nothing is e-mailed twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text
