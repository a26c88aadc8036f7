"""Sending e-mail: every message is rendered from templates and put on the queue.

EMAIL_BACKEND is django-mailer's database queue (QueueBackend below), so `send` returns
as soon as the message is stored; the worker (network/tasks.py) delivers it and retries on
failure.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from mailer.backend import DbBackend

from network.tasks import deliver_mail


class QueueBackend(DbBackend):
    """django-mailer's database queue, and a nudge to the worker once the messages are
    committed, so they go out within about a second (network/tasks.py)."""

    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)
        if count:
            transaction.on_commit(deliver_mail)
        return count


def absolute_url(path: str) -> str:
    """An address people can click in an e-mail, from a site path."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def send_templated_mail(
    *,
    template: str,
    to: list[str],
    context: dict | None = None,
    headers: dict | None = None,
    reply_to: list[str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
    html: bool = False,
) -> None:
    """Send `templates/<template>_subject.txt` and `<template>.txt` to `to`, and with
    `html` also `<template>.html` as the HTML alternative of the same message.

    One message per call, addressed to everyone in `to` (use a loop for
    personalised messages); `attachments` are (filename, content, mimetype).
    """
    from network.models import Network

    context = {
        "network": Network.objects.current(),
        "site_url": settings.SITE_URL,
        **(context or {}),
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    # Every e-mail ends with the one page where members choose which e-mails they get.
    sender = getattr(context["network"], "name", "the network")
    preferences = absolute_url(settings.EMAIL_PREFERENCES_PATH)
    body = f"{body.rstrip()}\n\n--\nThe e-mails you get from {sender}: {preferences}\n"
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or {},
        reply_to=reply_to,
    )
    if html:
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
