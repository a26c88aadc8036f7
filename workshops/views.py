"""Workshop pages. Views parse, authorise (workshops.permissions), call a
service and render; every read is a named queryset with its joins declared."""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from members.models import Profile
from members.roles import profile_of
from network.caching.fragments import declared_query
from network.caching.generations import cached_under, minute
from network.mail import absolute_url
from network.models import Network
from network.ratelimit import is_rate_limited
from workshops import exports, permissions, services
from workshops.calendars import build_calendar
from workshops.certificates import certificate_pdf
from workshops.forms import (
    FeedbackForm,
    ParticipantMessageForm,
    RegistrationForm,
    ThemeProposalForm,
    WorkshopFilterForm,
)
from workshops.models import (
    Feedback,
    Registration,
    Session,
    SessionPlace,
    ThemeProposal,
    ThemeSupport,
    Workshop,
)

PER_PAGE = 12


def _registration_of(user, workshop):
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(workshop=workshop, member=user).first()


# --- Finding workshops -------------------------------------------------------------------------


def workshop_list(request):
    filters = WorkshopFilterForm(request.GET or None)
    # Lazy (even building the query): the list is usually a cached fragment.
    page = SimpleLazyObject(
        lambda: Paginator(
            filters.apply(Workshop.objects.upcoming()).with_counts(), PER_PAGE
        ).get_page(request.GET.get("page"))
    )
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "page": page,
            "filters": filters,
            # The cached list's key holds these parameters, and its links only these.
            "fragment_params": [*WorkshopFilterForm.base_fields, "page"],
            "query": declared_query(request, WorkshopFilterForm.base_fields),
        },
    )


def past_workshops(request):
    quotes = Prefetch(
        "feedback", queryset=Feedback.objects.published_quotes(), to_attr="published_quotes"
    )
    workshops = Workshop.objects.past().prefetch_related(quotes)
    page = Paginator(workshops, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "workshops/past_list.html", {"page": page})


WORKSHOP_ROW_SECONDS = 600


def _workshop_for_page(slug):
    """The workshop with its place counts, facilitators and published quotes: what
    every viewer's page reads, kept in the cache until workshops next change (every
    registration, feedback or edit bumps the "workshops" generation), so the page
    usually builds none of those queries (docs/caching.md)."""

    def load():
        workshop = (
            Workshop.objects.with_counts()
            .prefetch_related(
                Prefetch(
                    "facilitators", queryset=get_user_model().objects.select_related("profile")
                ),
                Prefetch("sessions", queryset=Session.objects.with_counts()),
            )
            .filter(slug=slug)
            .first()
        )
        if workshop is not None:
            workshop.page_quotes = list(workshop.feedback.published_quotes()[:6])
        return workshop

    workshop = cached_under(
        ("workshops",), f"workshops:page-row:{slug}", load, WORKSHOP_ROW_SECONDS
    )
    if workshop is None:
        raise Http404("No such workshop.")
    return workshop


def workshop_detail(request, slug):
    workshop = _workshop_for_page(slug)
    registration = _registration_of(request.user, workshop)
    user = request.user
    is_manager = permissions.can_manage(user, workshop)
    reserved_free, general_free = workshop.free_places()
    context = {
        "workshop": workshop,
        "registration": registration,
        "places_label": workshop.places_label,
        "reserved_free": reserved_free,
        "general_free": general_free,
        "reserved_released": workshop.reserved_released(),
        "registration_state": workshop.registration_state(),
        "can_register": permissions.can_register(user),
        "is_manager": is_manager,
        "show_joining_link": workshop.is_online
        and permissions.can_see_joining_link(user, workshop, registration),
        "can_propose": permissions.can_propose_themes(user, workshop, registration),
        "can_give_feedback": permissions.can_give_feedback(user, workshop, registration),
        "can_download_certificate": permissions.can_download_certificate(
            user, workshop, registration
        ),
        "waiting_position": services.waiting_position(registration) if registration else None,
        "quotes": workshop.page_quotes,
        # Another app (the library) may show its part of the page: partners,
        # resources, outcomes. Looked up by name; none, and the page lists the text.
        "library_template": _optional_template("library/_workshop_library.html"),
        # Paid involvement: the viewer's link to claim, the organisers' to the claims.
        "involvement_template": _optional_template("involvement/_workshop_claims.html"),
    }
    if workshop.registers_per_session:
        context["session_rows"] = rows = _session_rows(user, workshop)
        attended = [row["session"] for row in rows if row["place"] and row["place"].attended]
        context["can_download_certificate"] = permissions.can_download_certificate(
            user, workshop, registration, attended_sessions=attended
        )
    if permissions.can_see_themes(user, workshop, registration):
        context["chosen_themes"] = list(workshop.themes.filter(chosen=True))
    return render(request, "workshops/workshop_detail.html", context)


def _session_rows(user, workshop):
    """Each session of a per-session series with the viewer's place (or None) and, when
    they wait, their position: two queries at most, whatever the number of sessions."""
    sessions = list(workshop.sessions.all())
    places = {}
    if user.is_authenticated:
        places = {
            place.session_id: place
            for place in SessionPlace.objects.active().filter(session__in=sessions, member=user)
        }
    waiting = [p for p in places.values() if p.status == SessionPlace.Status.WAITING]
    ahead = {}
    if waiting:
        queue = SessionPlace.objects.filter(
            session__in=[p.session_id for p in waiting], status=SessionPlace.Status.WAITING
        ).values_list("session_id", "queue_number")
        for session_id, number in queue:
            ahead.setdefault(session_id, []).append(number)
    now = timezone.now()
    rows = []
    for session in sessions:
        place = places.get(session.pk)
        position = None
        if place is not None and place.status == SessionPlace.Status.WAITING:
            position = sum(1 for n in ahead.get(session.pk, []) if n <= place.queue_number)
        rows.append(
            {
                "session": session,
                "place": place,
                "position": position,
                "open": now < session.start,
            }
        )
    return rows


def _optional_template(name):
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


# --- Registration ------------------------------------------------------------------------------


def _access_needs_form(request, held) -> RegistrationForm:
    """The access-needs form of a registration (whole workshop or one session), filled
    with what the member told us before when they already hold a place (`held`)."""
    initial = {}
    if held is not None:
        initial = {
            "access_needs": held.access_needs,
            "access_needs_other": held.access_needs_other,
        }
    return RegistrationForm(request.POST if request.method == "POST" else None, initial=initial)


def _access_needs(form) -> dict:
    return {
        "access_needs": form.cleaned_data["access_needs"],
        "access_needs_other": form.cleaned_data["access_needs_other"].strip(),
    }


@permissions.may_take_part
def register(request, slug):
    workshop = get_object_or_404(Workshop.objects.with_counts(), slug=slug)
    registration = _registration_of(request.user, workshop)
    already = registration is not None and registration.status != Registration.Status.CANCELLED
    form = _access_needs_form(request, registration if already else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                workshop=workshop, member=request.user, **_access_needs(form)
            )
        except services.RegistrationError as refused:
            error = str(refused)
        else:
            if already:
                messages.success(request, "Your access needs have been updated.")
            elif registration.status == Registration.Status.CONFIRMED:
                messages.success(request, "You're registered. We look forward to seeing you.")
            else:
                position = services.waiting_position(registration)
                messages.success(
                    request,
                    f"The workshop is full: you're number {position} on the waiting list. "
                    "We'll e-mail you as soon as a place is yours.",
                )
            return redirect(workshop)
    return render(
        request,
        "workshops/register.html",
        {
            "workshop": workshop,
            "form": form,
            "error": error,
            "already": already,
            "registration_state": workshop.registration_state(),
            "places_label": workshop.places_label,
        },
    )


@permissions.may_take_part
def cancel_registration(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    registration = _registration_of(request.user, workshop)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        messages.info(request, "You are not registered for this workshop.")
        return redirect(workshop)
    if request.method == "POST":
        was_waiting = registration.status == Registration.Status.WAITING
        services.cancel(registration=registration, by=request.user)
        messages.success(
            request,
            "You have left the waiting list."
            if was_waiting
            else "Your place is cancelled. Thank you for letting us know.",
        )
        return redirect(workshop)
    return render(
        request,
        "workshops/cancel.html",
        {"workshop": workshop, "registration": registration},
    )


@permissions.may_take_part
def register_for_session(request, slug, session_id):
    """A place at one session of a per-session series (access needs asked as for a whole
    workshop)."""
    workshop = get_object_or_404(Workshop, slug=slug)
    session = get_object_or_404(Session.objects.with_counts(), pk=session_id, workshop=workshop)
    if not workshop.registers_per_session:
        messages.info(request, "This series is registered for as a whole: one place covers it.")
        return redirect(workshop)
    place = SessionPlace.objects.active().filter(session=session, member=request.user).first()
    form = _access_needs_form(request, place)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            new_place = services.register_for_session(
                session=session, member=request.user, **_access_needs(form)
            )
        except services.RegistrationError as refused:
            error = str(refused)
        else:
            when = timezone.localtime(session.start).strftime("%A %-d %B")
            if place is not None:
                messages.success(request, "Your access needs have been updated.")
            elif new_place.status == SessionPlace.Status.CONFIRMED:
                messages.success(request, f"You're registered for the session on {when}.")
            else:
                position = services.session_waiting_position(new_place)
                messages.success(
                    request,
                    f"The session on {when} is full: you're number {position} on its waiting "
                    "list. We'll e-mail you as soon as a place is yours.",
                )
            return redirect(f"{workshop.get_absolute_url()}#sessions-title")
    return render(
        request,
        "workshops/register.html",
        {
            "workshop": workshop,
            "session": session,
            "form": form,
            "error": error,
            "already": place is not None,
            "registration_state": _session_state(workshop, session),
            "places_label": session.places_label,
        },
    )


def _session_state(workshop, session) -> str:
    """As Workshop.registration_state, but a session closes when it starts."""
    state = workshop.registration_state()
    if state in ("cancelled", "not_yet_open"):
        return state
    if workshop.status != Workshop.Status.SCHEDULED or timezone.now() >= session.start:
        return "closed"
    return "open"


@require_POST
@permissions.may_take_part
def leave_session(request, slug, session_id):
    workshop = get_object_or_404(Workshop, slug=slug)
    place = (
        SessionPlace.objects.active()
        .filter(session_id=session_id, session__workshop=workshop, member=request.user)
        .first()
    )
    if place is None:
        messages.info(request, "You have no place at that session.")
    else:
        was_waiting = place.status == SessionPlace.Status.WAITING
        services.leave_session(place=place, by=request.user)
        messages.success(
            request,
            "You have left the session's waiting list."
            if was_waiting
            else "Your place at that session is cancelled. Thank you for letting us know.",
        )
    return redirect(f"{workshop.get_absolute_url()}#sessions-title")


# --- Calendars ---------------------------------------------------------------------------------


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def workshop_ics(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    registration = _registration_of(request.user, workshop)
    links = (
        {workshop.pk}
        if permissions.can_see_joining_link(request.user, workshop, registration)
        else set()
    )
    body = build_calendar(workshop.title, [workshop], joining_link_for=links)
    return _ics_response(body, f"{workshop.slug}.ics")


UPCOMING_ICS_SECONDS = 120
# The feed holds a window, so its size does not grow with the network.
UPCOMING_ICS_DAYS = 183
UPCOMING_ICS_MAX = 300
UPCOMING_ICS_NOTE = (
    "Workshops in the next six months (at most {max}, soonest first). "
    "Every workshop is listed at {url}"
)


def _upcoming_feed() -> bytes:
    until = timezone.now() + timedelta(days=UPCOMING_ICS_DAYS)
    workshops = (
        Workshop.objects.upcoming()
        .filter(start__lt=until)
        .prefetch_related("sessions")[:UPCOMING_ICS_MAX]
    )
    note = UPCOMING_ICS_NOTE.format(
        max=UPCOMING_ICS_MAX, url=absolute_url(reverse("workshops:list"))
    )
    return build_calendar("Workshops", workshops, description=note)


def upcoming_ics(request):
    # The same for everyone: built once a minute at most (it drops workshops as they
    # start), and afresh at once when a workshop or the network changes.
    body = cached_under(
        ("workshops", "network"),
        f"workshops:upcoming-ics:{minute()}",
        _upcoming_feed,
        UPCOMING_ICS_SECONDS,
    )
    return _ics_response(body, "workshops.ics")


@cache_control(private=True)
def private_feed(request, token):
    """My registrations, for a calendar app that cannot sign in: the secret
    token in the address is the only key, so a wrong one is simply not found.
    Personal without a session (joining links): private, so no shared cache keeps it."""
    profile = (
        Profile.objects.select_related("user")
        .filter(calendar_token=token, state=Profile.State.ACTIVE)
        .first()
    )
    if profile is None or not secrets.compare_digest(profile.calendar_token, token):
        raise Http404("No such calendar.")
    registrations = (
        Registration.objects.filter(member=profile.user)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("workshop")
        .prefetch_related("workshop__sessions")
        .order_by("workshop__start")
    )
    workshops = [r.workshop for r in registrations]
    confirmed = {r.workshop_id for r in registrations if r.status == Registration.Status.CONFIRMED}
    waiting = {r.workshop_id for r in registrations if r.status == Registration.Status.WAITING}
    # Sessions chosen one by one (per-session series): only those sessions are written.
    session_places = {}
    places = (
        SessionPlace.objects.active()
        .filter(member=profile.user)
        .select_related("session__workshop")
        .prefetch_related("session__workshop__sessions")
    )
    for place in places:
        workshop = place.session.workshop
        if workshop.pk not in session_places:
            session_places[workshop.pk] = (set(), set())
            workshops.append(workshop)
            confirmed.add(workshop.pk)
        held, waiting_for = session_places[workshop.pk]
        held.add(place.session_id)
        if place.status == SessionPlace.Status.WAITING:
            waiting_for.add(place.session_id)
    body = build_calendar(
        "My workshops",
        workshops,
        joining_link_for=confirmed,
        waiting=waiting,
        session_places=session_places,
    )
    return _ics_response(body, "my-workshops.ics")


private_feed.members_only_exempt = True


@permissions.may_take_part
def my_calendar(request):
    profile = profile_of(request.user)
    if profile is None:
        raise PermissionDenied("You need a member profile for a calendar feed.")
    if request.method == "POST":
        profile.calendar_token = secrets.token_urlsafe(24)
        profile.save(update_fields=["calendar_token"])
        messages.success(
            request, "Your calendar address has changed. The old address no longer works."
        )
        return redirect("workshops:my_calendar")
    feed_url = absolute_url(reverse("workshops:private_feed", args=[profile.calendar_token]))
    return render(request, "workshops/my_calendar.html", {"feed_url": feed_url})


# --- The co-design loop: case-study themes ---------------------------------------------------


@permissions.may_take_part
def themes(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    registration = _registration_of(request.user, workshop)
    is_manager = permissions.can_manage(request.user, workshop)
    if not permissions.can_see_themes(request.user, workshop, registration):
        raise PermissionDenied("Register for this workshop to see and propose themes.")
    can_propose = permissions.can_propose_themes(request.user, workshop, registration)
    form = ThemeProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_propose:
            raise PermissionDenied("Themes can be proposed by participants before the workshop.")
        if is_rate_limited(request, "theme_proposal"):
            form.add_error(None, "You have proposed many themes just now. Try again later.")
        elif form.is_valid():
            form.instance.workshop = workshop
            form.instance.author = request.user
            form.save()
            messages.success(request, "Thank you: your theme has been added.")
            return redirect("workshops:themes", slug=workshop.slug)
    proposals = ThemeProposal.objects.filter(workshop=workshop).ranked().select_related("author")
    supported = set(
        ThemeSupport.objects.filter(proposal__workshop=workshop, member=request.user).values_list(
            "proposal_id", flat=True
        )
    )
    return render(
        request,
        "workshops/themes.html",
        {
            "workshop": workshop,
            "proposals": proposals,
            "supported": supported,
            "form": form,
            "can_propose": can_propose,
            "is_manager": is_manager,
        },
    )


@require_POST
@permissions.may_take_part
def support_theme(request, slug, proposal_id):
    workshop = get_object_or_404(Workshop, slug=slug)
    proposal = get_object_or_404(ThemeProposal, pk=proposal_id, workshop=workshop)
    registration = _registration_of(request.user, workshop)
    if not permissions.can_propose_themes(request.user, workshop, registration):
        raise PermissionDenied("Themes can be supported by participants before the workshop.")
    if proposal.author_id == request.user.pk:
        messages.info(request, "You proposed this theme: support goes to others' proposals.")
    else:
        try:
            with transaction.atomic():
                ThemeSupport.objects.create(proposal=proposal, member=request.user)
        except IntegrityError:
            messages.info(request, "You already support this theme.")
        else:
            messages.success(request, "You support this theme.")
    return redirect("workshops:themes", slug=workshop.slug)


@require_POST
@permissions.may_run_workshops
def choose_theme(request, slug, proposal_id):
    workshop = get_object_or_404(Workshop, slug=slug)
    proposal = get_object_or_404(ThemeProposal, pk=proposal_id, workshop=workshop)
    proposal.chosen = request.POST.get("chosen") != "0"
    proposal.save(update_fields=["chosen"])
    return redirect("workshops:themes", slug=workshop.slug)


# --- The co-design loop: feedback and quotes --------------------------------------------------


@permissions.may_take_part
def feedback(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    registration = _registration_of(request.user, workshop)
    if not permissions.can_give_feedback(request.user, workshop, registration):
        raise PermissionDenied("Feedback is for people who took part in this workshop.")
    existing = Feedback.objects.filter(workshop=workshop, member=request.user).first()
    original_quote = existing.quote if existing else ""
    form = FeedbackForm(request.POST if request.method == "POST" else None, instance=existing)
    if request.method == "POST":
        if is_rate_limited(request, "feedback"):
            form.add_error(None, "You have sent feedback many times just now. Try again later.")
        elif form.is_valid():
            item = form.save(commit=False)
            item.workshop = workshop
            item.member = request.user
            if item.quote != original_quote or not item.quote_consent:
                # A changed quote needs approving again.
                item.quote_approved_at = None
                item.quote_approved_by = None
            if not item.quote_consent:
                item.quote = ""
            item.refresh_attribution()
            item.save()
            messages.success(request, "Thank you for your feedback.")
            return redirect(workshop)
    return render(
        request,
        "workshops/feedback.html",
        {"workshop": workshop, "form": form, "existing": existing},
    )


@permissions.may_ask_for_certificate
def certificate(request, slug):
    workshop = get_object_or_404(Workshop.objects.prefetch_related("facilitators"), slug=slug)
    registration = _registration_of(request.user, workshop)
    # For a series: the sessions this person was marked at (their hours only).
    sessions = list(Session.objects.filter(workshop=workshop).attended_by(request.user))
    per_session = sessions if workshop.series_registration == "per_session" else ()
    if not permissions.can_download_certificate(
        request.user, workshop, registration, attended_sessions=per_session
    ):
        raise PermissionDenied(
            "Certificates are for people the organisers marked as having attended this "
            "workshop. If you took part, ask the organisers to mark your attendance."
        )
    body = certificate_pdf(
        workshop=workshop,
        member=request.user,
        network_name=Network.objects.current().name,
        sessions=sessions,
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{workshop.slug}.pdf"'
    return response


@require_POST
@permissions.may_take_part
def withdraw_quote(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    item = Feedback.objects.filter(workshop=workshop, member=request.user).first()
    if item is None:
        raise Http404("You have not given feedback on this workshop.")
    item.withdraw_consent()
    messages.success(request, "Your quote has been removed.")
    return redirect(workshop)


# --- Organisers --------------------------------------------------------------------------------


@permissions.may_run_workshops
def feedback_summary(request, slug):
    """What attendees said: how many answered, the usefulness ratings, their comments, and
    the quotes they agreed may be published (with the name they chose)."""
    workshop = get_object_or_404(Workshop.objects.with_counts(), slug=slug)
    answers = list(
        Feedback.objects.filter(workshop=workshop).order_by("-created_at")
    )  # one workshop's feedback: at most its capacity
    ratings = [answer.usefulness for answer in answers if answer.usefulness]
    distribution = [(score, ratings.count(score)) for score in range(5, 0, -1)]
    return render(
        request,
        "workshops/feedback_summary.html",
        {
            "workshop": workshop,
            "answers": answers,
            "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
            "distribution": distribution,
            "comments": [a for a in answers if a.what_worked or a.what_to_change],
            "quotes": [a for a in answers if a.quote and a.quote_consent],
        },
    )


@permissions.may_run_workshops
def message_participants(request, slug):
    """Write to this workshop's participants: preview (with how many will get it), then
    send through the mail queue; recorded in ParticipantMessage."""
    workshop = get_object_or_404(Workshop, slug=slug)
    form = ParticipantMessageForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "send" in request.POST:
            sent = services.message_participants(workshop=workshop, sender=request.user, **data)
            messages.success(
                request,
                f"Your message is queued for {sent.recipient_count} "
                f"{'person' if sent.recipient_count == 1 else 'people'}.",
            )
            return redirect("workshops:message", slug=workshop.slug)
        count = Registration.objects.filter(workshop=workshop).audience(data["audience"]).count()
        preview = {
            "count": count,
            "audience": dict(form.fields["audience"].choices)[data["audience"]],
            **data,
        }
    sent_before = workshop.messages.select_related("sender")[:20]
    return render(
        request,
        "workshops/message.html",
        {"workshop": workshop, "form": form, "preview": preview, "sent_before": sent_before},
    )


@permissions.may_run_workshops
def attendees(request, slug):
    workshop = get_object_or_404(Workshop.objects.with_counts(), slug=slug)
    return render(
        request,
        "workshops/attendees.html",
        {
            "workshop": workshop,
            "registrations": exports.with_waiting_positions(
                exports.attendee_registrations(workshop)
            ),
            "session_places": exports.session_places(workshop),
            "can_export": permissions.can_export_attendees(request.user, workshop),
        },
    )


@permissions.may_run_workshops
def attendees_csv(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    if not permissions.can_export_attendees(request.user, workshop):
        raise PermissionDenied("You may not export attendee lists.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}-attendees.csv"'
    exports.write_attendees_csv(response, [workshop])
    return response


@permissions.may_run_workshops
def attendees_xlsx(request, slug):
    workshop = get_object_or_404(Workshop, slug=slug)
    if not permissions.can_export_attendees(request.user, workshop):
        raise PermissionDenied("You may not export attendee lists.")
    response = HttpResponse(content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{workshop.slug}-attendees.xlsx"'
    exports.write_attendees_xlsx(response, [workshop])
    return response
