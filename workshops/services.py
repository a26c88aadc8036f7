"""Every write that changes who holds a place at a workshop.

Places are something that gets *less* available, so (as in pretix's locking
note) each function takes the workshop row with `select_for_update()` inside a
transaction, once, and only then counts. On PostgreSQL concurrent registrations
for the same workshop therefore queue behind each other; on SQLite the whole
database is locked by the write transaction, which is just as correct for a
single process.

E-mails:
- promotion from the waiting list, removal by an organiser and a cancelled
  workshop are *transactional*: they change whether the member has a place, so
  they are always sent (`send_templated_mail`), whatever the member's
  notification preferences;
- reminders are notifications (kind "workshops") that members may turn off.
All of them go through the mail queue, inside the same transaction: if the
change rolls back, so does the e-mail.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from members.roles import profile_of
from network import notifications as centre
from network.mail import absolute_url, send_templated_mail
from workshops import calendars
from workshops.models import ParticipantMessage, Registration, Session, SessionPlace, Workshop

# What people registered or waiting are told about when it changes: time, place, format
# and the joining link (the labels are the e-mail's).
NOTIFIED_FIELDS = {
    "start": "Starts",
    "end": "Ends",
    "attendance": "How people take part",
    "venue_name": "Venue",
    "venue_address": "Address",
    "format": "Format",
    "joining_link": "Joining link",
}


class RegistrationError(Exception):
    """Why a registration could not be made, in words for the member."""


def brings_lived_experience(member) -> bool:
    profile = profile_of(member)
    return bool(profile and profile.brings_lived_experience)


def _lock(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _take_queue_number(workshop: Workshop) -> int:
    number = workshop.next_queue_number
    workshop.next_queue_number = number + 1
    workshop.save(update_fields=["next_queue_number"])
    return number


def _place_for(workshop: Workshop, *, lived_experience: bool, now) -> str | None:
    """The pool a new place would come from for this member, or None when full."""
    reserved_free, general_free = workshop.free_places(now)
    if lived_experience and reserved_free > 0:
        return Registration.Pool.RESERVED
    if general_free > 0:
        return Registration.Pool.GENERAL
    return None


def register(*, workshop: Workshop, member, access_needs=(), access_needs_other: str = ""):
    """Register `member`: a confirmed place if one is free for them, else the waiting list.

    Raises RegistrationError when registration is closed or cancelled.
    Registering again while registered or waiting changes nothing but the
    access needs; registering after cancelling starts at the back of the queue.
    """
    now = timezone.now()
    lived_experience = brings_lived_experience(member)
    with transaction.atomic():
        workshop = _lock(workshop)
        state = workshop.registration_state(now)
        if state == "cancelled":
            raise RegistrationError("This workshop has been cancelled.")
        if state == "not_yet_open":
            raise RegistrationError("Registration for this workshop has not opened yet.")
        if state != "open":
            raise RegistrationError("Registration for this workshop has closed.")
        if workshop.registers_per_session:
            raise RegistrationError(
                "This series is registered for per session: choose your sessions on its page."
            )

        existing = Registration.objects.filter(workshop=workshop, member=member).first()
        if existing and existing.status != Registration.Status.CANCELLED:
            existing.access_needs = list(access_needs)
            existing.access_needs_other = access_needs_other
            existing.save(update_fields=["access_needs", "access_needs_other", "updated_at"])
            return existing

        # People already waiting come before a newcomer: fill any place that has
        # opened (e.g. reserved places released) from the waiting list first.
        _promote(workshop, now=now)

        pool = _place_for(workshop, lived_experience=lived_experience, now=now)
        if pool is None:
            status = Registration.Status.WAITING
            # Lived-experience members wait on the reserved list (they can take
            # either kind of place); everyone else on the general list.
            pool = (
                Registration.Pool.RESERVED
                if lived_experience and workshop.has_balanced_places
                else Registration.Pool.GENERAL
            )
        else:
            status = Registration.Status.CONFIRMED
        registration = existing or Registration(workshop=workshop, member=member)
        registration.status = status
        registration.pool = pool
        registration.queue_number = _take_queue_number(workshop)
        registration.access_needs = list(access_needs)
        registration.access_needs_other = access_needs_other
        registration.attended = False
        registration.reminder_sent_at = None
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:  # pragma: no cover - the row lock prevents this
            raise RegistrationError("You are already registered for this workshop.") from error
        _confirm_registration(workshop, registration)
        return registration


def _confirm_registration(workshop: Workshop, registration: Registration) -> None:
    """The confirmation e-mail: the details and the calendar file for a place; the position
    and what happens next for the waiting list. Sent whatever the member's notification
    settings (it is about their place)."""
    waiting = registration.status == Registration.Status.WAITING
    send_templated_mail(
        template="workshops/email/waiting" if waiting else "workshops/email/registered",
        to=[registration.member.email],
        context={
            **_mail_context(workshop, registration.member),
            "registration": registration,
            "position": waiting_position(registration),
        },
        attachments=[] if waiting else _ics(workshop, registration),
    )


def cancel(*, registration: Registration, by=None) -> Registration:
    """Cancel a place or leave the waiting list; the freed place goes to the next in line.

    `by` is the organiser removing someone (None or the member themself when
    they cancel): the member is then told by e-mail.
    """
    now = timezone.now()
    with transaction.atomic():
        workshop = _lock(registration.workshop)
        registration = Registration.objects.select_related("member").get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        if by is not None and by.pk != registration.member_id:
            send_templated_mail(
                template="workshops/email/removed",
                to=[registration.member.email],
                context=_mail_context(workshop, registration.member),
            )
        # A freed place, or reserved places released since the last change,
        # go to the waiting list at once.
        _promote(workshop, now=now)
        registration.workshop = workshop
        return registration


def promote_waiting(*, workshop: Workshop) -> list[Registration]:
    """Fill every free place from the waiting lists (e.g. after capacity grows or
    reserved places are released). Returns the promoted registrations."""
    with transaction.atomic():
        workshop = _lock(workshop)
        return _promote(workshop, now=timezone.now())


def _promote(workshop: Workshop, *, now) -> list[Registration]:
    """Move people from the waiting list into free places, in order, and tell them.

    Reserved places go to the first on the lived-experience list; general
    places to whoever has waited longest on either list (lived-experience
    members may take general places too). Caller holds the workshop lock.
    """
    if workshop.status != Workshop.Status.SCHEDULED or now >= workshop.start:
        return []
    promoted = []
    while True:
        reserved, general = _confirmed_counts(workshop)
        workshop.confirmed_reserved, workshop.confirmed_general = reserved, general
        reserved_free, general_free = workshop.free_places(now)
        waiting = Registration.objects.waiting().filter(workshop=workshop).select_related("member")
        candidate, pool = None, None
        if reserved_free > 0:
            candidate = waiting.filter(pool=Registration.Pool.RESERVED).first()
            pool = Registration.Pool.RESERVED
        if candidate is None and general_free > 0:
            candidate = waiting.first()
            pool = Registration.Pool.GENERAL
        if candidate is None:
            break
        candidate.status = Registration.Status.CONFIRMED
        candidate.pool = pool
        candidate.save(update_fields=["status", "pool", "updated_at"])
        _note(candidate.member, "place", f"A place at {workshop.title} is yours", workshop)
        send_templated_mail(
            template="workshops/email/promoted",
            to=[candidate.member.email],
            context=_mail_context(workshop, candidate.member),
            attachments=_ics(workshop, candidate),
        )
        promoted.append(candidate)
    for attribute in ("confirmed_reserved", "confirmed_general"):
        workshop.__dict__.pop(attribute, None)
    return promoted


def _confirmed_counts(workshop: Workshop) -> tuple[int, int]:
    for attribute in ("confirmed_reserved", "confirmed_general"):
        workshop.__dict__.pop(attribute, None)
    return workshop.counts()


def people_to_tell(workshop: Workshop) -> int:
    """How many people (registered or waiting, for the series or for any of its sessions)
    a change or cancellation reaches."""
    registered = Registration.objects.active().filter(workshop=workshop).count()
    per_session = (
        SessionPlace.objects.active()
        .filter(session__workshop=workshop)
        .values("member")
        .distinct()
        .count()
    )
    return registered + per_session


def _display(workshop: Workshop, field: str) -> str:
    value = getattr(workshop, field)
    if field in ("start", "end"):
        return timezone.localtime(value, calendars.LONDON).strftime("%A %-d %B %Y, %H:%M")
    if field == "attendance":
        return workshop.get_attendance_display()
    if field == "format":
        return workshop.get_format_display()
    return " ".join(str(value).split()) or "(none)"


def changes_between(before: Workshop, after: Workshop) -> list[tuple[str, str, str]]:
    """(label, old, new) for each notified field that differs; the joining link's values
    are shown only to confirmed people (the e-mail decides)."""
    shown = (
        (label, _display(before, field), _display(after, field))
        for field, label in NOTIFIED_FIELDS.items()
    )
    # Compared as people read them (times to the minute).
    return [(label, old, new) for label, old, new in shown if old != new]


def _ics(workshop: Workshop, registration: Registration) -> list[tuple[str, bytes, str]]:
    confirmed = registration.status == Registration.Status.CONFIRMED
    waiting = registration.status == Registration.Status.WAITING
    content = calendars.invitation(workshop, include_joining_link=confirmed, waiting=waiting)
    method = "CANCEL" if workshop.status == Workshop.Status.CANCELLED else "REQUEST"
    return [("workshop.ics", content, f"text/calendar; charset=utf-8; method={method}")]


def _tell_everyone(workshop: Workshop, *, template: str, context: dict, note: str) -> int:
    """E-mail everyone registered, waiting or holding a session place, and put `note` in
    their notifications (already e-mailed: what changes plans is never left for a digest)."""
    people = Registration.objects.active().filter(workshop=workshop).select_related("member")
    sent = 0
    for registration in people:
        _note(registration.member, "workshop", note, workshop)
        send_templated_mail(
            template=template,
            to=[registration.member.email],
            context={
                **_mail_context(workshop, registration.member),
                "registration": registration,
                **context,
            },
            attachments=_ics(workshop, registration),
        )
        sent += 1
    # People who chose sessions of a per-session series: one e-mail each, whose calendar
    # file holds only their sessions.
    for member, held, waiting_for in _session_holders(workshop):
        _note(member, "workshop", note, workshop)
        send_templated_mail(
            template=template,
            to=[member.email],
            context={
                **_mail_context(workshop, member),
                "registration": {"status": "waiting" if held == waiting_for else "confirmed"},
                **context,
            },
            attachments=_session_ics(workshop, held, waiting_for),
        )
        sent += 1
    return sent


def _note(member, kind: str, text: str, workshop: Workshop) -> None:
    centre.notify(
        member, kind, text, workshop.get_absolute_url(), about=workshop.title, emailed=True
    )


def _session_holders(workshop: Workshop):
    """(member, {session ids held}, {session ids waited for}) per person with a place at a
    session of `workshop`."""
    places = (
        SessionPlace.objects.active()
        .filter(session__workshop=workshop)
        .select_related("member")
        .order_by("member_id", "session__start")
    )
    people: dict[int, tuple] = {}
    for place in places:
        member, held, waiting_for = people.setdefault(place.member_id, (place.member, set(), set()))
        held.add(place.session_id)
        if place.status == SessionPlace.Status.WAITING:
            waiting_for.add(place.session_id)
    return list(people.values())


def _session_ics(workshop: Workshop, held: set, waiting_for: set):
    content = calendars.invitation(
        workshop,
        include_joining_link=True,
        waiting=waiting_for,
        only_sessions=held,
    )
    method = "CANCEL" if workshop.status == Workshop.Status.CANCELLED else "REQUEST"
    return [("workshop.ics", content, f"text/calendar; charset=utf-8; method={method}")]


def notify_change(*, workshop: Workshop, before: Workshop, message: str = "") -> int:
    """Tell everyone registered or waiting what changed (old → new), with the updated
    calendar entry (same UID, higher SEQUENCE). Call after saving; returns how many."""
    changes = changes_between(before, workshop)
    if not changes:
        return 0
    with transaction.atomic():
        workshop = _lock(workshop)
        workshop.sequence += 1
        workshop.save(update_fields=["sequence"])
        return _tell_everyone(
            workshop,
            template="workshops/email/workshop_changed",
            context={"changes": changes, "organiser_message": message},
            # Labels only: the joining link itself is for confirmed people's e-mails.
            note=f"{workshop.title} has changed ("
            + ", ".join(label.lower() for label, _old, _new in changes)
            + "): see the e-mail or the page",
        )


def save_workshop(*, workshop: Workshop, by=None, message: str = "") -> tuple[str, int]:
    """Save an organiser's edit of `workshop` and tell the people it concerns: the one way
    to change a workshop (the admin uses it; so must any other page or script), so a new
    time, place, format or joining link always reaches everyone registered or waiting, and a
    status set to cancelled cancels through `cancel_workshop`.
    Returns ("cancelled" | "changed" | "saved", how many people were e-mailed)."""
    before = Workshop.objects.filter(pk=workshop.pk).first() if workshop.pk else None
    if before is None:
        workshop.save()
        return "saved", 0
    if before.status != Workshop.Status.CANCELLED and workshop.status == Workshop.Status.CANCELLED:
        workshop.status = before.status
        workshop.save()
        sent = cancel_workshop(workshop=workshop, by=by, message=message)
        workshop.refresh_from_db()
        return "cancelled", sent
    workshop.save()
    sent = notify_change(workshop=workshop, before=before, message=message)
    # Capacity may have grown or the release time passed: fill free places.
    promote_waiting(workshop=workshop)
    return ("changed" if sent else "saved"), sent


def cancel_workshop(*, workshop: Workshop, by=None, message: str = "") -> int:
    """Cancel the workshop and e-mail everyone registered or waiting, with the organiser's
    message and a calendar cancellation (METHOD:CANCEL). Returns how many."""
    with transaction.atomic():
        workshop = _lock(workshop)
        if workshop.status == Workshop.Status.CANCELLED:
            return 0
        workshop.status = Workshop.Status.CANCELLED
        workshop.sequence += 1
        workshop.save(update_fields=["status", "sequence", "updated_at"])
        return _tell_everyone(
            workshop,
            template="workshops/email/workshop_cancelled",
            context={"organiser_message": message},
            note=f"{workshop.title} is cancelled",
        )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first on the member's list; None when not waiting."""
    if registration.status != Registration.Status.WAITING:
        return None
    return Registration.objects.filter(
        workshop_id=registration.workshop_id,
        status=Registration.Status.WAITING,
        pool=registration.pool,
        queue_number__lte=registration.queue_number,
    ).count()


def _mail_context(workshop: Workshop, member) -> dict:
    return {
        "workshop": workshop,
        "member": member,
        "workshop_url": absolute_url(workshop.get_absolute_url()),
    }


def message_participants(
    *, workshop: Workshop, sender, audience: str, subject: str, body: str
) -> ParticipantMessage:
    """E-mail one workshop's participants (confirmed, waiting, attended or all) through the
    mail queue, one copy each, and record it (ParticipantMessage is the audit log)."""
    with transaction.atomic():
        registrations = (
            Registration.objects.filter(workshop=workshop)
            .audience(audience)
            .select_related("member")
        )
        count = 0
        for registration in registrations:
            send_templated_mail(
                template="workshops/email/participant_message",
                to=[registration.member.email],
                context={
                    **_mail_context(workshop, registration.member),
                    "subject": subject,
                    "body": body,
                    "sender": sender,
                },
                reply_to=[sender.email] if sender and sender.email else None,
            )
            count += 1
        return ParticipantMessage.objects.create(
            workshop=workshop,
            sender=sender,
            audience=audience,
            subject=subject,
            body=body,
            recipient_count=count,
        )


# --- Series where people register per session -------------------------------------------------


def register_for_session(*, session: Session, member, access_needs=(), access_needs_other=""):
    """A place at one session of a per-session series: confirmed while the session has fewer
    confirmed people than the workshop's capacity, else its waiting list. Same locking as
    `register` (the workshop row), so sessions of one series queue behind each other."""
    now = timezone.now()
    with transaction.atomic():
        workshop = _lock(session.workshop)
        session = Session.objects.get(pk=session.pk, workshop=workshop)
        if not workshop.registers_per_session:
            raise RegistrationError("This series is registered for as a whole, not per session.")
        state = workshop.registration_state(now)
        if state == "cancelled":
            raise RegistrationError("This workshop has been cancelled.")
        if state == "not_yet_open":
            raise RegistrationError("Registration for this workshop has not opened yet.")
        if workshop.status != Workshop.Status.SCHEDULED or now >= session.start:
            raise RegistrationError("Registration for this session has closed.")

        existing = SessionPlace.objects.filter(session=session, member=member).first()
        if existing and existing.status != SessionPlace.Status.CANCELLED:
            existing.access_needs = list(access_needs)
            existing.access_needs_other = access_needs_other
            existing.save(update_fields=["access_needs", "access_needs_other", "updated_at"])
            return existing
        _promote_session(workshop, session, now=now)
        confirmed = SessionPlace.objects.filter(
            session=session, status=SessionPlace.Status.CONFIRMED
        ).count()
        place = existing or SessionPlace(session=session, member=member)
        place.status = (
            SessionPlace.Status.CONFIRMED
            if confirmed < workshop.capacity
            else SessionPlace.Status.WAITING
        )
        place.queue_number = _take_queue_number(workshop)
        place.access_needs = list(access_needs)
        place.access_needs_other = access_needs_other
        place.attended = False
        place.save()
        waiting = place.status == SessionPlace.Status.WAITING
        send_templated_mail(
            template="workshops/email/waiting" if waiting else "workshops/email/registered",
            to=[member.email],
            context={
                **_mail_context(workshop, member),
                "session": session,
                "registration": place,
                "position": session_waiting_position(place),
            },
            attachments=[] if waiting else _session_ics(workshop, {session.pk}, set()),
        )
        return place


def leave_session(*, place: SessionPlace, by=None) -> SessionPlace:
    """Give up a place at a session (or leave its waiting list); the next in line gets it.
    `by` an organiser other than the member: the member is told."""
    now = timezone.now()
    with transaction.atomic():
        workshop = _lock(place.session.workshop)
        place = SessionPlace.objects.select_related("member", "session").get(pk=place.pk)
        if place.status == SessionPlace.Status.CANCELLED:
            return place
        place.status = SessionPlace.Status.CANCELLED
        place.save(update_fields=["status", "updated_at"])
        if by is not None and by.pk != place.member_id:
            send_templated_mail(
                template="workshops/email/removed",
                to=[place.member.email],
                context={**_mail_context(workshop, place.member), "session": place.session},
            )
        _promote_session(workshop, place.session, now=now)
        return place


def _promote_session(workshop: Workshop, session: Session, *, now) -> list[SessionPlace]:
    """Fill the session's free places from its waiting list, in order, telling each person.
    Caller holds the workshop lock."""
    if workshop.status != Workshop.Status.SCHEDULED or now >= session.start:
        return []
    places = SessionPlace.objects.filter(session=session)
    free = workshop.capacity - places.filter(status=SessionPlace.Status.CONFIRMED).count()
    promoted = []
    if free <= 0:
        return promoted
    waiting = places.filter(status=SessionPlace.Status.WAITING).select_related("member")
    for place in waiting.order_by("queue_number")[:free]:
        place.status = SessionPlace.Status.CONFIRMED
        place.save(update_fields=["status", "updated_at"])
        _note(place.member, "place", f"A place at {session} is yours", workshop)
        send_templated_mail(
            template="workshops/email/promoted",
            to=[place.member.email],
            context={**_mail_context(workshop, place.member), "session": session},
            attachments=_session_ics(workshop, {session.pk}, set()),
        )
        promoted.append(place)
    return promoted


def session_waiting_position(place: SessionPlace) -> int | None:
    if place.status != SessionPlace.Status.WAITING:
        return None
    return SessionPlace.objects.filter(
        session_id=place.session_id,
        status=SessionPlace.Status.WAITING,
        queue_number__lte=place.queue_number,
    ).count()
