"""Workshops: co-productive learning workshops, their places, and the co-design loop.

Writes that change places (registering, cancelling, promoting from the waiting
list, cancelling a workshop) live in `workshops.services`, which lock the
workshop row before counting. Reads are named queryset methods.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from members.models import Area
from network import fulltext
from network.files import RandomFolder
from network.markdown import render_markdown
from network.slugs import unique_slug
from workshops.images import validate_cover_image

# Reserved places open to everyone this long before the start, unless the
# organiser sets another release time.
DEFAULT_RELEASE_BEFORE = timedelta(days=7)
# Access needs are personal (often health) data: kept only this long after the end.
ACCESS_NEEDS_RETENTION = timedelta(days=30)
REMINDER_BEFORE = timedelta(days=2)


# What workshop search matches, and how it ranks: title, then summary, then description.
WORKSHOP_SEARCH_FIELDS = (("title", "A"), ("summary", "B"), ("description", "C"))


class WorkshopQuerySet(models.QuerySet):
    def store_search_vectors(self):
        fulltext.store_vectors(self, WORKSHOP_SEARCH_FIELDS)

    def upcoming(self):
        """Scheduled workshops that have not started yet, soonest first."""
        return self.filter(status=Workshop.Status.SCHEDULED, start__gt=timezone.now()).order_by(
            "start", "pk"
        )

    def past(self):
        """Completed workshops, most recent first."""
        return self.filter(status=Workshop.Status.COMPLETED).order_by("-start", "-pk")

    def with_counts(self):
        """Confirmed places per pool and the waiting list, counted in the same query.

        Correlated subqueries rather than a join and GROUP BY: PostgreSQL counts
        only the rows a page shows (after ORDER BY ... LIMIT), through the
        (workshop, status, queue_number) index, instead of grouping every
        registration of every upcoming workshop first."""

        def count(**conditions):
            rows = (
                Registration.objects.filter(workshop=models.OuterRef("pk"), **conditions)
                .order_by()
                .values("workshop")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(
                models.Subquery(rows, output_field=models.IntegerField()), models.Value(0)
            )

        confirmed = Registration.Status.CONFIRMED
        return self.annotate(
            confirmed_reserved=count(status=confirmed, pool=Registration.Pool.RESERVED),
            confirmed_general=count(status=confirmed, pool=Registration.Pool.GENERAL),
            waiting_count=count(status=Registration.Status.WAITING),
            cancelled_count=count(status=Registration.Status.CANCELLED),
            attended_count=count(attended=True),
        )


class Workshop(models.Model):
    class Format(models.TextChoices):
        SHORT = "short", "Short session"
        LONG = "long", "Long session / full day"
        SERIES = "series", "Series"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"

    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=180, unique=True, blank=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences for the list.")
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(editable=False, blank=True)
    # Written after each save (network.fulltext); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    outcomes = models.TextField(
        blank=True, help_text="Markdown. What came out of the workshop, shown once completed."
    )
    outcomes_html = models.TextField(editable=False, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.SHORT)
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Both: in person and online (hybrid)"

    attendance = models.CharField(
        "how people take part",
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.IN_PERSON,
        help_text="Hybrid: people come to the venue or join online; both are shown.",
    )
    joining_link = models.URLField(
        blank=True, help_text="Online workshops: shown only to registered participants."
    )
    venue_name = models.CharField(max_length=160, blank=True)
    venue_address = models.TextField(blank=True)
    borough = models.CharField(max_length=40, choices=Area.choices, blank=True)

    step_free_access = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    accessible_toilet = models.BooleanField(default=False)
    quiet_room = models.BooleanField(default=False)
    bsl_interpreter = models.BooleanField("BSL interpreter booked", default=False)
    accessibility_notes = models.TextField(blank=True)

    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    reserved_places = models.PositiveIntegerField(
        "places reserved for lived experience",
        default=0,
        help_text="Part of the capacity kept for people who use services, patients and carers.",
    )
    reserved_release_at = models.DateTimeField(
        "reserved places open to everyone at",
        null=True,
        blank=True,
        help_text="Leave empty for 7 days before the start.",
    )
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to close at the start."
    )

    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_workshops"
    )
    guest_facilitators = models.TextField(
        "named guest facilitators", blank=True, help_text="One per line."
    )
    partners = models.TextField("partner organisations", blank=True, help_text="One per line.")
    cover_image = models.ImageField(
        upload_to=RandomFolder("workshops"),
        max_length=255,
        blank=True,
        validators=[validate_cover_image],
    )
    cover_image_alt = models.CharField("cover image description", max_length=200, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)

    class SeriesRegistration(models.TextChoices):
        WHOLE = "whole", "Once for the whole series"
        PER_SESSION = "per_session", "Per session (people choose the sessions they come to)"

    series_registration = models.CharField(
        "how people register for a series",
        max_length=12,
        choices=SeriesRegistration.choices,
        default=SeriesRegistration.WHOLE,
        help_text="Only matters when the workshop has sessions. Per session: each session "
        "has the workshop's capacity and its own waiting list.",
    )
    # The next waiting-list/registration number, incremented under the row lock:
    # gives every registration a strict order without counting.
    next_queue_number = models.PositiveIntegerField(default=1, editable=False)
    # The calendar entry's SEQUENCE (RFC 5545): raised with each change people are told
    # about, so their calendar apps replace the entry (same UID) instead of adding one.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = fulltext.SearchVectorDeferredManager.from_queryset(WorkshopQuerySet)()

    class Meta:
        ordering = ["start"]
        permissions = [
            ("export_attendees", "Can export attendee lists with access needs"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            date = f"-{self.start:%Y-%m-%d}" if self.start else ""
            self.slug = unique_slug(
                Workshop, self.title, self.pk, length=160, fallback="workshop", ending=date
            )
        if self.reserved_release_at is None and self.start:
            self.reserved_release_at = self.start - DEFAULT_RELEASE_BEFORE
        self.description_html = render_markdown(self.description)
        self.outcomes_html = render_markdown(self.outcomes)
        super().save(*args, **kwargs)
        fulltext.store_after_save(self, WORKSHOP_SEARCH_FIELDS, kwargs)

    def get_absolute_url(self):
        return reverse("workshops:detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The end must be after the start."
        if self.capacity is not None and self.reserved_places > self.capacity:
            errors["reserved_places"] = "Reserved places cannot be more than the capacity."
        if self.registration_closes_at and self.start and self.registration_closes_at > self.start:
            errors["registration_closes_at"] = "Registration must close by the start."
        if self.is_in_person and not self.venue_name:
            errors["venue_name"] = "Give the venue, or choose online if nobody comes in person."
        if self.attendance == self.Attendance.ONLINE and (self.venue_name or self.venue_address):
            # A venue on an online workshop would be hidden: say so rather than drop it.
            errors["attendance"] = (
                "An online workshop has no venue: choose hybrid if people can also come in "
                "person, or remove the venue."
            )
        if self.cover_image and not self.cover_image_alt:
            errors["cover_image_alt"] = "Describe the cover image for people who cannot see it."
        if errors:
            raise ValidationError(errors)

    # --- Reading the state of places (no queries when counts are annotated) --------------

    @property
    def registers_per_session(self) -> bool:
        """People choose sessions of this series one by one (the sessions must be
        prefetched or this asks the database)."""
        return self.series_registration == self.SeriesRegistration.PER_SESSION and bool(
            self.sessions.all()
        )

    @property
    def general_places(self) -> int:
        return self.capacity - self.reserved_places

    def reserved_released(self, now=None) -> bool:
        now = now or timezone.now()
        return self.reserved_release_at is not None and now >= self.reserved_release_at

    def counts(self) -> tuple[int, int]:
        """(confirmed in reserved places, confirmed in general places)."""
        if hasattr(self, "confirmed_reserved"):
            return self.confirmed_reserved, self.confirmed_general
        rows = dict(
            self.registrations.filter(status=Registration.Status.CONFIRMED)
            .values_list("pool")
            .annotate(n=Count("pk"))
        )
        return rows.get(Registration.Pool.RESERVED, 0), rows.get(Registration.Pool.GENERAL, 0)

    def free_places(self, now=None) -> tuple[int, int]:
        """(reserved places free, general places free) right now.

        Before the release time, reserved places are kept for lived experience;
        after it, every unused place is open to everyone (counted as general).
        """
        confirmed_reserved, confirmed_general = self.counts()
        total_free = max(0, self.capacity - confirmed_reserved - confirmed_general)
        reserved_free = min(max(0, self.reserved_places - confirmed_reserved), total_free)
        if self.reserved_released(now):
            return reserved_free, total_free
        general_free = min(max(0, self.general_places - confirmed_general), total_free)
        return reserved_free, general_free

    @property
    def places_left(self) -> int:
        confirmed_reserved, confirmed_general = self.counts()
        return max(0, self.capacity - confirmed_reserved - confirmed_general)

    @property
    def places_label(self) -> str:
        left = self.places_left
        if left == 0:
            return "Full — join the waiting list"
        return f"{left} place left" if left == 1 else f"{left} places left"

    @property
    def confirmed_count(self) -> int:
        return sum(self.counts())

    @property
    def has_balanced_places(self) -> bool:
        return self.reserved_places > 0

    @property
    def closes_at(self):
        return self.registration_closes_at or self.start

    def registration_state(self, now=None) -> str:
        """ "open", "not_yet_open", "closed" or "cancelled"."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status != self.Status.SCHEDULED or now >= self.closes_at:
            return "closed"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet_open"
        return "open"

    @property
    def is_open_for_registration(self) -> bool:
        return self.registration_state() == "open"

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.start

    def accessibility_features(self) -> list[str]:
        features = [
            ("step_free_access", "Step-free access"),
            ("hearing_loop", "Hearing loop"),
            ("accessible_toilet", "Accessible toilet"),
            ("quiet_room", "Quiet room"),
            ("bsl_interpreter", "BSL interpreter booked"),
        ]
        return [label for field, label in features if getattr(self, field)]

    def guest_facilitator_list(self) -> list[str]:
        return [line.strip() for line in self.guest_facilitators.splitlines() if line.strip()]

    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    @property
    def is_online(self) -> bool:
        """People can join online (online or hybrid)."""
        return self.attendance in (self.Attendance.ONLINE, self.Attendance.HYBRID)

    @is_online.setter
    def is_online(self, value: bool) -> None:
        self.attendance = self.Attendance.ONLINE if value else self.Attendance.IN_PERSON

    @property
    def is_in_person(self) -> bool:
        """People can come to the venue (in person or hybrid)."""
        return self.attendance in (self.Attendance.IN_PERSON, self.Attendance.HYBRID)

    @property
    def is_hybrid(self) -> bool:
        return self.attendance == self.Attendance.HYBRID

    @property
    def where(self) -> str:
        if not self.is_in_person:
            return "Online"
        place = self.venue_name
        if self.borough:
            place = f"{self.venue_name}, {self.get_borough_display()}"
        return f"{place}, or online" if self.is_hybrid else place


class AccessNeed(models.TextChoices):
    INTERPRETER = "interpreter", "BSL or other interpreter"
    STEP_FREE = "step_free", "Step-free access"
    HEARING_LOOP = "hearing_loop", "Hearing loop"
    MATERIALS = "materials", "Large print or Easy Read materials"
    QUIET_SPACE = "quiet_space", "Quiet space"
    DIETARY = "dietary", "Dietary needs"
    COMPANION = "companion", "A carer or companion coming with me"
    OTHER = "other", "Other"


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("queue_number")

    def active(self):
        """Registered or waiting: the people a workshop change concerns."""
        return self.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING])

    def with_access_needs(self):
        return self.exclude(access_needs=[], access_needs_other="")

    def audience(self, audience: str):
        """The registrations a message to `audience` reaches (ParticipantMessage.Audience)."""
        if audience == "confirmed":
            return self.confirmed()
        if audience == "waiting":
            return self.waiting()
        if audience == "attended":
            return self.confirmed().filter(attended=True)
        return self.active()

    def due_for_access_needs_purge(self, now=None):
        now = now or timezone.now()
        return self.filter(workshop__end__lt=now - ACCESS_NEEDS_RETENTION).with_access_needs()


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    class Pool(models.TextChoices):
        RESERVED = "reserved", "Reserved for lived experience"
        GENERAL = "general", "General"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_registrations"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # Confirmed: the pool the place came from. Waiting: the list the member waits
    # on (lived-experience members wait on the reserved list, others on general).
    pool = models.CharField(max_length=10, choices=Pool.choices, default=Pool.GENERAL)
    queue_number = models.PositiveIntegerField(
        help_text="Order of (re-)registration within the workshop: the waiting-list order."
    )
    attended = models.BooleanField(default=False)
    access_needs = models.JSONField(default=list, blank=True)
    access_needs_other = models.TextField(blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # When the "how was it?" e-mail went (workshops/tasks.py): never twice.
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["queue_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "member"], name="one_registration_per_member"
            )
        ]
        indexes = [models.Index(fields=["workshop", "status", "queue_number"])]
        permissions = [
            ("mark_attendance", "Can mark attendance"),
        ]

    def __str__(self):
        return f"{self.member} – {self.workshop} ({self.get_status_display()})"

    def access_need_labels(self) -> list[str]:
        labels = dict(AccessNeed.choices)
        result = [labels[c] for c in self.access_needs if c in labels and c != AccessNeed.OTHER]
        if self.access_needs_other:
            result.append(f"Other: {self.access_needs_other}")
        elif AccessNeed.OTHER in self.access_needs:
            result.append("Other")
        return result


class ThemeProposalQuerySet(models.QuerySet):
    def ranked(self):
        return self.annotate(support_count=Count("supports")).order_by(
            "-chosen", "-support_count", "created_at"
        )


class ThemeProposal(models.Model):
    """A case-study theme or situation proposed for the live case study."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="themes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_themes",
    )
    text = models.CharField(
        "theme or situation",
        max_length=300,
        help_text='For example: "a discharge conversation that went wrong".',
    )
    chosen = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ThemeProposalQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        permissions = [("choose_theme", "Can mark case-study themes as chosen")]

    def __str__(self):
        return self.text


class ThemeSupport(models.Model):
    proposal = models.ForeignKey(ThemeProposal, on_delete=models.CASCADE, related_name="supports")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_theme_supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="one_support_per_member")
        ]

    def __str__(self):
        return f"{self.member} supports {self.proposal}"


class SessionQuerySet(models.QuerySet):
    def attended_by(self, member):
        """The sessions `member` was marked at: per session (SessionPlace) or, for a
        series registered for as a whole, per session of their registration."""
        return self.filter(
            Q(places__member=member, places__attended=True)
            | Q(attendance__registration__member=member)
        ).distinct()

    def with_counts(self):
        statuses = Registration.Status
        return self.annotate(
            confirmed_places=Count("places", filter=Q(places__status=statuses.CONFIRMED)),
            waiting_places=Count("places", filter=Q(places__status=statuses.WAITING)),
        )


class Session(models.Model):
    """One meeting of a series (e.g. six fortnightly sessions of a standing panel). People
    register once for the whole series; each session is its own calendar entry, and
    attendance is marked per session (SessionAttendance)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField()
    end = models.DateTimeField()

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]

    def __str__(self):
        return f"{self.workshop.title}: {timezone.localtime(self.start):%d %b %Y %H:%M}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end must be after the start."})

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    def counts(self) -> tuple[int, int]:
        """(confirmed, waiting) places at this session: annotated by
        SessionQuerySet.with_counts, else counted."""
        if hasattr(self, "confirmed_places"):
            return self.confirmed_places, self.waiting_places
        rows = dict(self.places.values_list("status").annotate(n=Count("pk")))
        return rows.get(Registration.Status.CONFIRMED, 0), rows.get(Registration.Status.WAITING, 0)

    @property
    def places_left(self) -> int:
        return max(0, self.workshop.capacity - self.counts()[0])

    @property
    def places_label(self) -> str:
        left = self.places_left
        if left == 0:
            return "Full — join the waiting list"
        return f"{left} place left" if left == 1 else f"{left} places left"


class SessionPlaceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[SessionPlace.Status.CONFIRMED, SessionPlace.Status.WAITING])


class SessionPlace(models.Model):
    """A place at one session of a series people register for per session: confirmed or
    waiting (in queue order), and whether the person came."""

    Status = Registration.Status

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="places")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_places"
    )
    status = models.CharField(max_length=10, choices=Registration.Status.choices)
    queue_number = models.PositiveIntegerField()
    attended = models.BooleanField(default=False)
    access_needs = models.JSONField(default=list, blank=True)
    access_needs_other = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionPlaceQuerySet.as_manager()

    class Meta:
        ordering = ["queue_number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_place_per_session")
        ]
        indexes = [models.Index(fields=["session", "status", "queue_number"])]

    def __str__(self):
        return f"{self.member} – {self.session} ({self.get_status_display()})"

    access_need_labels = Registration.access_need_labels


class SessionAttendance(models.Model):
    """A registered person was at one session of a series."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="session_attendance"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="one_attendance_per_session"
            )
        ]

    def __str__(self):
        return f"{self.registration.member} at {self.session}"


class ParticipantMessage(models.Model):
    """The audit log of organisers' messages to one workshop's participants: who wrote what
    to whom, and how many it reached. Never edited."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", "People with a confirmed place"
        WAITING = "waiting", "People on the waiting list"
        ATTENDED = "attended", "People who attended"
        ALL = "all", "Everyone registered or waiting"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    audience = models.CharField(max_length=10, choices=Audience.choices)
    subject = models.CharField(max_length=150)
    body = models.TextField()
    recipient_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.subject} ({self.recipient_count} people)"


class FeedbackQuerySet(models.QuerySet):
    def published_quotes(self):
        """Quotes the author consented to and an organiser approved."""
        return (
            self.filter(quote_consent=True, quote_approved_at__isnull=False)
            .exclude(quote="")
            .order_by("-quote_approved_at", "-pk")
        )

    def awaiting_approval(self):
        return self.filter(quote_consent=True, quote_approved_at__isnull=True).exclude(quote="")


class Feedback(models.Model):
    class Attribution(models.TextChoices):
        NAME = "name", "My name"
        EXPERTISE = "expertise", 'My kind of expertise only (for example "a carer")'
        ANONYMOUS = "anonymous", "Anonymous"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="feedback")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_feedback",
    )
    usefulness = models.PositiveSmallIntegerField(
        "how useful was the workshop?",
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    what_worked = models.TextField(blank=True)
    what_to_change = models.TextField(blank=True)
    quote = models.TextField(blank=True, max_length=600)
    quote_consent = models.BooleanField(default=False)
    attribution = models.CharField(
        max_length=10, choices=Attribution.choices, default=Attribution.ANONYMOUS
    )
    # Worked out when the feedback is saved, so showing a quote needs no joins
    # and erasing the member leaves no name behind.
    attribution_text = models.CharField(max_length=120, blank=True)
    quote_approved_at = models.DateTimeField(null=True, blank=True)
    quote_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(fields=["workshop", "member"], name="one_feedback_per_member")
        ]
        permissions = [("approve_quote", "Can approve quotes for publication")]

    def __str__(self):
        return f"Feedback on {self.workshop} ({self.usefulness}/5)"

    @property
    def is_published(self) -> bool:
        return bool(self.quote and self.quote_consent and self.quote_approved_at)

    def refresh_attribution(self):
        self.attribution_text = attribution_for(self.member, self.attribution)

    def withdraw_consent(self):
        """The quote disappears at once and is forgotten."""
        self.quote = ""
        self.quote_consent = False
        self.quote_approved_at = None
        self.quote_approved_by = None
        self.save(
            update_fields=["quote", "quote_consent", "quote_approved_at", "quote_approved_by"]
        )


def attribution_for(member, choice: str) -> str:
    if member is None or choice == Feedback.Attribution.ANONYMOUS:
        return "A workshop participant"
    if choice == Feedback.Attribution.NAME:
        return str(member)
    profile = getattr(member, "profile", None)
    labels = profile.expertise_labels() if profile else []
    if not labels:
        return "A workshop participant"
    label = labels[0][0].lower() + labels[0][1:]
    article = "an" if label[0] in "aeiou" else "a"
    return f"{article.capitalize()} {label}"
