"""Members: the people of the network and what they bring.

`User` is the sign-in identity (e-mail and password, managed by allauth).
`Profile` is the member: their state in the network, the expertise they bring
(lived experience counts as much as professional or academic expertise), and
who may see each part of their profile.
"""

import calendar
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import IntegrityError, connections, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(
        max_length=80, help_text="The name other members see.", blank=True
    )
    # The handle in public addresses (the blog's "posts by"), made from the display name
    # and made again when it changes: a person's id is never needed to find their name.
    slug = models.SlugField(
        "public handle",
        max_length=100,
        unique=True,
        editable=False,
        help_text="Made from the display name; used in links to the person's posts.",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    # The display name as read from the database, to notice a change (Model.from_db).
    _loaded_display_name = None

    class Meta:
        ordering = ["display_name"]
        # The directory and every list of people are sorted by name: with this index
        # PostgreSQL reads the first page in name order instead of sorting everyone.
        indexes = [models.Index(fields=["display_name"], name="members_user_display_name")]

    def __str__(self):
        return self.display_name or self.email.split("@")[0]

    def get_full_name(self):
        return str(self)

    def get_short_name(self):
        return str(self)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_display_name = dict(zip(field_names, values, strict=False)).get(
            "display_name"
        )
        return instance

    def save(self, *args, update_fields=None, **kwargs):
        # A new name gets a new handle: an old name never stays in the address.
        saving_name = update_fields is None or "display_name" in update_fields
        renamed = (
            self._loaded_display_name is not None and self.display_name != self._loaded_display_name
        )
        chose_slug = saving_name and (not self.slug or renamed)
        if chose_slug:
            self.slug = self._free_slug()
            if update_fields is not None:
                update_fields = {*update_fields, "slug"}
        for attempt in range(3):
            try:
                # A savepoint: two people with the same name saved at the same moment can
                # both pick the same free handle; the second then takes another.
                with transaction.atomic():
                    super().save(*args, update_fields=update_fields, **kwargs)
                break
            except IntegrityError as error:
                if not chose_slug or "slug" not in str(error) or attempt == 2:
                    raise
                self.slug = f"{self._free_slug()}-{secrets.token_hex(2)}"
        self._loaded_display_name = self.display_name

    def _free_slug(self) -> str:
        base = slug_base(self.display_name)
        taken = set(
            User.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        return first_free_slug(base, taken)


def slug_base(name: str) -> str:
    """The handle a display name gives, before it is made unique: never empty and
    never all digits (it must not look like an id), and never from the e-mail address."""
    base = slugify(name)[:80].strip("-") or "member"
    return f"member-{base}" if base.isdigit() else base


def first_free_slug(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


class Expertise(models.TextChoices):
    """What a member brings. Every kind is expertise; none ranks above another."""

    SERVICE_USER = "service_user", "Person who uses services / patient"
    CARER = "carer", "Carer"
    HEALTH_PROFESSIONAL = "health_professional", "Health professional"
    SOCIAL_CARE_PROFESSIONAL = "social_care_professional", "Social care professional"
    COMMUNITY_ORGANISATION = "community_organisation", "Community or voluntary organisation"
    POLICY_MAKER = "policy_maker", "Policy maker or commissioner"
    ACADEMIC = "academic", "Academic or researcher"
    HEALTH_ACTIVIST = "health_activist", "Health activist"
    OTHER = "other", "Other"


# Kinds of expertise earned by living with a condition or caring: the members
# that balanced workshop places are reserved for.
LIVED_EXPERIENCE = frozenset({Expertise.SERVICE_USER, Expertise.CARER})


class Area(models.TextChoices):
    BARKING_AND_DAGENHAM = "barking-and-dagenham", "Barking and Dagenham"
    BARNET = "barnet", "Barnet"
    BEXLEY = "bexley", "Bexley"
    BRENT = "brent", "Brent"
    BROMLEY = "bromley", "Bromley"
    CAMDEN = "camden", "Camden"
    CITY_OF_LONDON = "city-of-london", "City of London"
    CROYDON = "croydon", "Croydon"
    EALING = "ealing", "Ealing"
    ENFIELD = "enfield", "Enfield"
    GREENWICH = "greenwich", "Greenwich"
    HACKNEY = "hackney", "Hackney"
    HAMMERSMITH_AND_FULHAM = "hammersmith-and-fulham", "Hammersmith and Fulham"
    HARINGEY = "haringey", "Haringey"
    HARROW = "harrow", "Harrow"
    HAVERING = "havering", "Havering"
    HILLINGDON = "hillingdon", "Hillingdon"
    HOUNSLOW = "hounslow", "Hounslow"
    ISLINGTON = "islington", "Islington"
    KENSINGTON_AND_CHELSEA = "kensington-and-chelsea", "Kensington and Chelsea"
    KINGSTON_UPON_THAMES = "kingston-upon-thames", "Kingston upon Thames"
    LAMBETH = "lambeth", "Lambeth"
    LEWISHAM = "lewisham", "Lewisham"
    MERTON = "merton", "Merton"
    NEWHAM = "newham", "Newham"
    REDBRIDGE = "redbridge", "Redbridge"
    RICHMOND_UPON_THAMES = "richmond-upon-thames", "Richmond upon Thames"
    SOUTHWARK = "southwark", "Southwark"
    SUTTON = "sutton", "Sutton"
    TOWER_HAMLETS = "tower-hamlets", "Tower Hamlets"
    WALTHAM_FOREST = "waltham-forest", "Waltham Forest"
    WANDSWORTH = "wandsworth", "Wandsworth"
    WESTMINSTER = "westminster", "Westminster"
    ELSEWHERE_UK = "elsewhere-uk", "Elsewhere in the UK"
    OUTSIDE_UK = "outside-uk", "Outside the UK"


class Visibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone"
    MEMBERS = "members", "Members only"
    ORGANISERS = "organisers", "Organisers only"


class RecordVisibility(models.TextChoices):
    """Who sees a member's contribution record: as the other fields, or nobody else."""

    EVERYONE = "everyone", "Everyone"
    MEMBERS = "members", "Members only"
    ORGANISERS = "organisers", "Organisers only"
    SELF = "self", "Only me"


# Who is looking, from least to most trusted: a visitor, a member, an organiser.
VIEWER_LEVELS = ("everyone", "members", "organisers")


def visibilities_for(level: str) -> list[str]:
    """The field visibilities a viewer at `level` may see."""
    allowed = {
        "everyone": [Visibility.EVERYONE],
        "members": [Visibility.EVERYONE, Visibility.MEMBERS],
        "organisers": [Visibility.EVERYONE, Visibility.MEMBERS, Visibility.ORGANISERS],
    }
    return allowed[level]


class ProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=Profile.State.ACTIVE)

    def pending(self):
        return self.filter(state=Profile.State.PENDING)

    def with_user(self):
        return self.select_related("user")

    def visible_in_directory(self):
        return self.active().filter(user__is_active=True).with_user()

    def search(self, query: str, level: str, *, candidates: int | None = None):
        """Name, or organisation where the viewer may see it. With `candidates`, at
        most that many of each kind of match are considered (where the database can
        limit each part of a UNION: PostgreSQL), so the cost stays flat as the
        network grows."""
        query = (query or "").strip()
        if not query:
            return self
        # Two index reads (trigram indexes on PostgreSQL, members/0010) joined by a
        # UNION: an OR across the two tables would read every profile.
        by_name = (
            Profile.objects.filter(user__display_name__icontains=query).order_by().values("pk")
        )
        by_organisation = (
            Profile.objects.filter(
                organisation__icontains=query,
                organisation_visibility__in=visibilities_for(level),
                text_hidden_at__isnull=True,
            )
            .order_by()
            .values("pk")
        )
        if candidates and connections[self.db].features.supports_slicing_ordering_in_compound:
            by_name, by_organisation = by_name[:candidates], by_organisation[:candidates]
        return self.filter(pk__in=by_name.union(by_organisation))

    def in_area(self, area: str, level: str):
        return self.filter(area=area, area_visibility__in=visibilities_for(level))

    def bringing(self, code: str, level: str):
        return self.with_expertise(code).filter(expertise_visibility__in=visibilities_for(level))

    def with_expertise(self, code: str):
        """Members who bring this kind of expertise (JSON list containment)."""
        if _vendor(self.db) == "sqlite":
            # SQLite has no JSON containment lookup; codes are fixed identifiers,
            # so matching the quoted code in the JSON text is exact.
            return self.filter(expertise__icontains=f'"{code}"')
        return self.filter(expertise__contains=[code])


def _vendor(alias: str) -> str:
    from django.db import connections

    return connections[alias].vendor


def _calendar_token():
    return secrets.token_urlsafe(24)


# The questions sign-up asks, in order: the applicant's answers (shown to whoever
# reviews them, cleared when an account is erased).
SIGN_UP_ANSWERS = (
    "pronouns",
    "expertise",
    "expertise_other",
    "organisation",
    "area",
    "topics",
    "why_join",
)


class EmailWhen(models.TextChoices):
    """When a member wants e-mail about one kind of discussion activity."""

    NOW = "now", "Straight away, one e-mail each time"
    DAILY = "daily", "In a daily digest"
    WEEKLY = "weekly", "In a weekly digest"
    OFF = "off", "No e-mail (it still shows in your notifications)"


class Profile(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending approval"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        SUSPENDED = "suspended", "Suspended"
        LEFT = "left", "Left the network"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    pronouns = models.CharField(max_length=40, blank=True)
    expertise = models.JSONField(
        default=list,
        blank=True,
        help_text="Codes from members.models.Expertise: what the member brings.",
    )
    expertise_other = models.CharField("other expertise", max_length=120, blank=True)
    organisation = models.CharField(max_length=160, blank=True)
    area = models.CharField(max_length=40, choices=Area.choices, blank=True)
    # The network's topics the member chose, and anything else in their own words.
    interests = models.ManyToManyField(
        "network.Topic", blank=True, related_name="interested_members"
    )
    topics = models.CharField("other topics, in your own words", max_length=300, blank=True)
    why_join = models.TextField("why I want to join", max_length=1000, blank=True)
    bio = models.TextField(max_length=3000, blank=True)
    website = models.URLField(blank=True)

    organisation_visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    area_visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    bio_visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    website_visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    expertise_visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    # The contribution record (members.contributions): private until the member shares it.
    contributions_visibility = models.CharField(
        "who can see your contribution record",
        max_length=12,
        choices=RecordVisibility.choices,
        default=RecordVisibility.SELF,
    )

    avatar = models.ImageField(upload_to="avatars/", blank=True)
    avatar_small = models.ImageField(upload_to="avatars/", blank=True)

    suspension_reason = models.TextField(blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    # Set when the moderators hide what the member wrote on their page (bio, website,
    # organisation) from everyone else; the reason is in the audit log.
    text_hidden_at = models.DateTimeField("profile text hidden", null=True, blank=True)
    # When the people who approve were last e-mailed about this applicant: at most once
    # a day (members.membership.notify_approvers), however often they re-apply.
    approvers_notified_at = models.DateTimeField(null=True, blank=True)

    # Discussion activity (members.notifications.DISCUSSION): when to e-mail it. What
    # changes a person's plans (workshop changes, place offers, decisions) is always
    # e-mailed straight away and is not a choice.
    email_replies = models.CharField(
        "replies to my comments", max_length=8, choices=EmailWhen.choices, default=EmailWhen.DAILY
    )
    email_comments = models.CharField(
        "new comments on posts I follow or wrote",
        max_length=8,
        choices=EmailWhen.choices,
        default=EmailWhen.DAILY,
    )
    email_mentions = models.CharField(
        "mentions of me", max_length=8, choices=EmailWhen.choices, default=EmailWhen.DAILY
    )
    digest_hour = models.PositiveSmallIntegerField(
        "send my digest at", choices=[(h, f"{h:02d}:00") for h in range(24)], default=8
    )
    digest_weekday = models.PositiveSmallIntegerField(
        "weekly digest on",
        choices=list(enumerate(calendar.day_name)),
        default=0,
    )
    # The last digest sent (members.digests): a run never sends one twice in an hour.
    digest_sent_at = models.DateTimeField(null=True, blank=True)
    notify_workshops = models.BooleanField("workshop updates", default=True)
    receive_broadcasts = models.BooleanField("messages from the network", default=True)

    calendar_token = models.CharField(max_length=64, default=_calendar_token, unique=True)

    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField("member since", null=True, blank=True)
    # When the verified application met the join policy: the policy is applied once.
    applied_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__display_name"]
        indexes = [models.Index(fields=["state", "joined_at"])]
        permissions = [
            ("approve_members", "Can approve or decline applicants"),
            ("send_broadcast", "Can send a message to all members"),
        ]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("members:profile", args=[self.user_id])

    @property
    def is_active_member(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def brings_lived_experience(self) -> bool:
        return bool(LIVED_EXPERIENCE.intersection(self.expertise))

    VISIBILITY_CONTROLLED = ("organisation", "area", "bio", "website", "expertise")
    # What the member wrote in their own words, which the moderators may hide.
    MEMBER_TEXT = ("organisation", "bio", "website")

    def visible_fields(self, level: str, *, own_page: bool = False) -> set[str]:
        """The per-field-visibility fields a viewer at `level` may see. Text the
        moderators hid is shown to nobody but the member themselves (`own_page`)."""
        allowed = visibilities_for(level)
        shown = {
            name
            for name in self.VISIBILITY_CONTROLLED
            if getattr(self, f"{name}_visibility") in allowed
        }
        if self.text_hidden_at is not None and not own_page:
            shown -= set(self.MEMBER_TEXT)
        return shown

    @property
    def has_standing_suspension(self) -> bool:
        """Suspended now, or left while suspended. A suspension's reason and end date
        stay on the profile until the member is reinstated (leaving keeps them), so
        leaving and rejoining brings the suspension back (members.membership.rejoin)."""
        if self.state == self.State.SUSPENDED:
            return True
        return self.state == self.State.LEFT and bool(
            self.suspension_reason or self.suspended_until
        )

    @property
    def is_suspension_over(self) -> bool:
        return (
            self.state == self.State.SUSPENDED
            and self.suspended_until is not None
            and self.suspended_until <= timezone.now()
        )

    def expertise_labels(self) -> list[str]:
        labels = dict(Expertise.choices)
        result = [labels[code] for code in self.expertise if code in labels and code != "other"]
        if Expertise.OTHER in self.expertise:
            result.append(self.expertise_other or labels[Expertise.OTHER])
        return result


class ModerationAction(models.Model):
    """The audit log: every moderation decision, who made it and why. Never edited."""

    class Kind(models.TextChoices):
        APPROVE = "approve", "Approved"
        DECLINE = "decline", "Declined"
        SUSPEND = "suspend", "Suspended"
        REINSTATE = "reinstate", "Reinstated"
        PROMOTE = "promote", "Promoted to organiser"
        DEMOTE = "demote", "Removed as organiser"
        REMOVE_CONTENT = "remove_content", "Removed content"
        HIDE_TEXT = "hide_text", "Hid profile text"
        SHOW_TEXT = "show_text", "Showed profile text again"
        RESTORE_CONTENT = "restore_content", "Restored content"
        STAFF_EDIT = "staff_edit", "Account edited by staff"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_taken",
        help_text="Empty when the system acted (e.g. a suspension that ended).",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_received",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True)
    detail = models.CharField(
        max_length=300, blank=True, help_text="What was acted on, e.g. the removed comment."
    )
    # The comments a "remove content" decision hid, so that a reinstatement can put
    # back exactly those (members.moderation.reinstate).
    comment_ids = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject or ''} by {self.actor or 'the system'}"


class TermsAcceptance(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terms_acceptances"
    )
    terms = models.ForeignKey("network.TermsVersion", on_delete=models.PROTECT)
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "terms"], name="one_acceptance_per_version")
        ]

    def __str__(self):
        return f"{self.user} accepted {self.terms} at {self.accepted_at:%Y-%m-%d %H:%M}"


def _invitation_token():
    return secrets.token_urlsafe(32)


INVITATION_LIFETIME = timezone.timedelta(days=14)


def _invitation_expiry():
    return timezone.now() + INVITATION_LIFETIME


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A personal link to join: single use, expires, only for the invited address.

    An invitation lets someone sign up on an invitation-only network; it never
    skips approval when the network approves each applicant.
    """

    email = models.EmailField("e-mail address")
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    message = models.TextField("personal message", max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_used",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email}"

    def get_absolute_url(self):
        return reverse("members:accept_invitation", args=[self.token])

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_used and not self.is_expired

    def is_for(self, email: str) -> bool:
        return self.email.strip().lower() == (email or "").strip().lower()


class InvitationRequest(models.Model):
    """A stranger asking for an invitation to an invitation-only network: the owner's
    queue in the admin, where they invite or decline in one step."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        INVITED = "invited", "Invited"
        DECLINED = "declined", "Declined"

    name = models.CharField(max_length=120)
    email = models.EmailField()
    why = models.CharField("why they would like to join", max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "request for an invitation"

    def __str__(self):
        return f"{self.name} <{self.email}>"


class Broadcast(models.Model):
    """A message sent to many members at once, kept as a record of what went out."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=10000)
    expertise = models.CharField(max_length=40, choices=Expertise.choices, blank=True)
    area = models.CharField(max_length=40, choices=Area.choices, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return self.subject


def active_member_count() -> int:
    """For the network's badges (settings.MEMBER_COUNT)."""
    return Profile.objects.active().count()
