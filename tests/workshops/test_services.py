"""Places, pools and the waiting list, through the service functions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from workshops import services
from workshops.models import Registration, Workshop

pytestmark = pytest.mark.django_db

CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING
RESERVED = Registration.Pool.RESERVED
GENERAL = Registration.Pool.GENERAL


def test_registrations_beyond_capacity_join_the_waiting_list_in_order(
    make_workshop, professional, network
):
    workshop = make_workshop(capacity=2)
    people = [professional() for _ in range(4)]
    regs = [services.register(workshop=workshop, member=p) for p in people]
    assert [r.status for r in regs] == [CONFIRMED, CONFIRMED, WAITING, WAITING]
    assert [services.waiting_position(r) for r in regs[2:]] == [1, 2]


def test_one_registration_per_member_is_a_database_rule(workshop, member):
    services.register(workshop=workshop, member=member)
    with pytest.raises(IntegrityError):
        Registration.objects.create(
            workshop=workshop, member=member, status=CONFIRMED, queue_number=99
        )


def test_registering_twice_keeps_one_place_and_updates_access_needs(workshop, member):
    first = services.register(workshop=workshop, member=member)
    again = services.register(workshop=workshop, member=member, access_needs=["quiet_space"])
    assert again.pk == first.pk
    assert Registration.objects.get().access_needs == ["quiet_space"]
    assert workshop.registrations.count() == 1


def test_cancelling_promotes_the_first_waiting_and_sends_one_email(
    make_workshop, professional, network
):
    workshop = make_workshop(capacity=1)
    holder, first, second = professional(), professional(), professional()
    held = services.register(workshop=workshop, member=holder)
    services.register(workshop=workshop, member=first)
    services.register(workshop=workshop, member=second)
    mail.outbox.clear()

    services.cancel(registration=held)

    assert Registration.objects.get(member=first).status == CONFIRMED
    assert Registration.objects.get(member=second).status == WAITING
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [first.email]
    assert workshop.title in mail.outbox[0].subject


def test_leaving_the_waiting_list_promotes_nobody_and_sends_nothing(
    make_workshop, professional, network
):
    workshop = make_workshop(capacity=1)
    services.register(workshop=workshop, member=professional())
    waiting = services.register(workshop=workshop, member=professional())
    mail.outbox.clear()
    services.cancel(registration=waiting)
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CANCELLED
    assert mail.outbox == []


def test_organiser_removing_someone_tells_them_and_promotes_the_next(
    make_workshop, professional, organiser, network
):
    workshop = make_workshop(capacity=1)
    removed = services.register(workshop=workshop, member=professional())
    nxt = professional()
    services.register(workshop=workshop, member=nxt)
    mail.outbox.clear()
    services.cancel(registration=removed, by=organiser)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([removed.member.email, nxt.email])
    assert Registration.objects.get(member=nxt).status == CONFIRMED


def test_lived_experience_fills_reserved_places_first_then_general(make_workshop, lived, network):
    workshop = make_workshop(capacity=3, reserved_places=2)
    regs = [services.register(workshop=workshop, member=lived()) for _ in range(4)]
    assert [(r.status, r.pool) for r in regs] == [
        (CONFIRMED, RESERVED),
        (CONFIRMED, RESERVED),
        (CONFIRMED, GENERAL),
        (WAITING, RESERVED),
    ]


def test_others_fill_general_places_only_before_release(
    make_workshop, professional, lived, network
):
    workshop = make_workshop(capacity=3, reserved_places=2)
    first = services.register(workshop=workshop, member=professional())
    second = services.register(workshop=workshop, member=professional())
    assert (first.status, first.pool) == (CONFIRMED, GENERAL)
    assert (second.status, second.pool) == (WAITING, GENERAL)
    workshop.refresh_from_db()
    assert workshop.free_places() == (2, 0)
    carer = services.register(workshop=workshop, member=lived())
    assert (carer.status, carer.pool) == (CONFIRMED, RESERVED)


def test_promotion_honours_pools(make_workshop, professional, lived, network):
    workshop = make_workshop(capacity=2, reserved_places=1)
    reserved_holder = services.register(workshop=workshop, member=lived())
    general_holder = services.register(workshop=workshop, member=professional())
    waiting_general = services.register(workshop=workshop, member=professional())
    waiting_lived = services.register(workshop=workshop, member=lived())
    assert (waiting_general.status, waiting_lived.status) == (WAITING, WAITING)
    assert waiting_lived.pool == RESERVED

    # A reserved place frees: it goes to the lived-experience list, although
    # the professional has waited longer.
    services.cancel(registration=reserved_holder)
    assert Registration.objects.get(pk=waiting_lived.pk).status == CONFIRMED
    assert Registration.objects.get(pk=waiting_lived.pk).pool == RESERVED
    assert Registration.objects.get(pk=waiting_general.pk).status == WAITING

    # A general place frees: the professional who waited gets it.
    services.cancel(registration=general_holder)
    assert Registration.objects.get(pk=waiting_general.pk).status == CONFIRMED


def test_general_place_goes_to_whoever_waited_longest_on_either_list(
    make_workshop, professional, lived, network
):
    workshop = make_workshop(capacity=2, reserved_places=1)
    services.register(workshop=workshop, member=lived())
    holder = services.register(workshop=workshop, member=professional())
    carer_waiting = services.register(workshop=workshop, member=lived())
    pro_waiting = services.register(workshop=workshop, member=professional())
    services.cancel(registration=holder)
    assert Registration.objects.get(pk=carer_waiting.pk).status == CONFIRMED
    assert Registration.objects.get(pk=carer_waiting.pk).pool == GENERAL
    assert Registration.objects.get(pk=pro_waiting.pk).status == WAITING


def test_after_release_time_unused_reserved_places_open_to_everyone(
    make_workshop, professional, network
):
    workshop = make_workshop(capacity=3, reserved_places=2)
    services.register(workshop=workshop, member=professional())
    waiting = services.register(workshop=workshop, member=professional())
    assert waiting.status == WAITING

    Workshop.objects.filter(pk=workshop.pk).update(
        reserved_release_at=timezone.now() - timedelta(minutes=1)
    )
    mail.outbox.clear()
    newcomer = services.register(workshop=workshop, member=professional())

    # The waiting person got a released place before the newcomer, and was told; the
    # newcomer got their confirmation.
    assert Registration.objects.get(pk=waiting.pk).status == CONFIRMED
    assert (newcomer.status, newcomer.pool) == (CONFIRMED, GENERAL)
    assert [(m.to, m.subject.split(":")[0]) for m in mail.outbox] == [
        ([waiting.member.email], "A place is yours"),
        ([newcomer.member.email], "You're registered"),
    ]
    late = services.register(workshop=workshop, member=professional())
    assert late.status == WAITING


def test_release_time_defaults_to_seven_days_before_start(make_workshop):
    workshop = make_workshop()
    assert workshop.reserved_release_at == workshop.start - timedelta(days=7)


def test_registration_closes_at_closing_time_and_at_the_start(make_workshop, member, network):
    closed = make_workshop(registration_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.RegistrationError, match="closed"):
        services.register(workshop=closed, member=member)
    started = make_workshop(start=timezone.now() - timedelta(minutes=5))
    with pytest.raises(services.RegistrationError, match="closed"):
        services.register(workshop=started, member=member)
    not_yet = make_workshop(registration_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(services.RegistrationError, match="not opened"):
        services.register(workshop=not_yet, member=member)
    assert Registration.objects.count() == 0


def test_cancelled_workshop_cannot_be_registered_for(workshop, member):
    services.cancel_workshop(workshop=workshop)
    with pytest.raises(services.RegistrationError, match="cancelled"):
        services.register(workshop=workshop, member=member)


def test_cancelling_a_workshop_emails_everyone_registered_or_waiting(
    make_workshop, professional, network
):
    workshop = make_workshop(capacity=1)
    confirmed = services.register(workshop=workshop, member=professional())
    waiting = services.register(workshop=workshop, member=professional())
    gone = services.register(workshop=workshop, member=professional())
    services.cancel(registration=gone)
    mail.outbox.clear()

    assert services.cancel_workshop(workshop=workshop) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [confirmed.member.email, waiting.member.email]
    )
    assert all("Cancelled" in m.subject for m in mail.outbox)
    assert services.cancel_workshop(workshop=workshop) == 0  # told once only


def test_registering_again_after_cancelling_goes_to_the_back_of_the_queue(
    make_workshop, professional, network
):
    workshop = make_workshop(capacity=1)
    first = services.register(workshop=workshop, member=professional())
    services.cancel(registration=first)
    other = services.register(workshop=workshop, member=professional())
    again = services.register(workshop=workshop, member=first.member)
    assert other.status == CONFIRMED
    assert again.status == WAITING
    assert again.queue_number > other.queue_number


def test_promotion_email_goes_through_the_mail_queue(
    settings, make_workshop, professional, network
):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from mailer.engine import send_all
    from mailer.models import Message

    workshop = make_workshop(capacity=1)
    holder = services.register(workshop=workshop, member=professional())
    waiting = services.register(workshop=workshop, member=professional())
    Message.objects.all().delete()  # the two registration confirmations
    services.cancel(registration=holder)
    assert Message.objects.count() == 1
    send_all()
    assert [m.to for m in mail.outbox] == [[waiting.member.email]]
