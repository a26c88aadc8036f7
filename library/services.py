"""Every write in the library: suggestions, file versions, publishing, partner links
and telling people about an outcome. Views and the admin call these; e-mails go
through the mail queue inside the same transaction (network/mail.py)."""

import io

import pypdfium2 as pdfium
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from library.models import Outcome, Partner, Resource, ResourceFile
from members.notifications import notify
from members.roles import ORGANISERS_GROUP, is_active_member
from network import notifications as centre
from network.mail import absolute_url, send_templated_mail


def add_file_version(*, resource, upload, kind: str, by=None, easy_read=False, note=""):
    """Store `upload` (already checked: network.uploads.detect_library_kind) as the next
    version of the resource's main or easy-read file; older versions stay listed."""
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=resource.pk).first()
        last = resource.files.filter(is_easy_read=easy_read).aggregate(n=Max("version"))["n"]
        item = ResourceFile(
            resource=resource,
            kind=kind,
            is_easy_read=easy_read,
            version=(last or 0) + 1,
            original_name=(getattr(upload, "name", "") or "")[-200:],
            size=upload.size,
            note=note,
            uploaded_by=by,
        )
        item.file.save(getattr(upload, "name", None) or "file", upload, save=False)
        if kind == "pdf":
            make_preview(item, upload)
        item.save()
        Resource.objects.filter(pk=resource.pk).update(updated_at=timezone.now())
    return item


PREVIEW_WIDTH = 240


def make_preview(item, upload) -> bool:
    """Render the first page of the PDF `upload` as a PNG about 240 px wide into
    `item.preview` (unsaved). Cheap (one page, once, at upload); a PDF that PDFium cannot
    read simply gets no preview."""
    upload.seek(0)
    try:
        document = pdfium.PdfDocument(upload.read())
        try:
            page = document[0]
            width, _ = page.get_size()
            image = page.render(scale=PREVIEW_WIDTH / width).to_pil().convert("RGB")
        finally:
            document.close()
    except (pdfium.PdfiumError, IndexError, ValueError, ZeroDivisionError):
        return False
    if image.width != PREVIEW_WIDTH:  # PDFium rounds the scaled page size
        height = max(1, round(image.height * PREVIEW_WIDTH / image.width))
        image = image.resize((PREVIEW_WIDTH, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    item.preview.save("first-page.png", ContentFile(buffer.getvalue()), save=False)
    return True


def suggest_resource(*, member, fields: dict, topics=(), upload=None, kind=None):
    """A member's suggestion: saved as waiting for an organiser, never shown until one
    publishes it. The organisers are told; the member is told it is waiting."""
    with transaction.atomic():
        resource = Resource.objects.create(
            **fields, status=Resource.Status.SUGGESTED, suggested_by=member
        )
        resource.topics.set(topics)
        if upload is not None:
            add_file_version(resource=resource, upload=upload, kind=kind, by=member)
        admin_url = absolute_url(reverse("admin:library_resource_change", args=[resource.pk]))
        organisers = [
            person.email
            for person in get_user_model().objects.filter(
                is_active=True, groups__name=ORGANISERS_GROUP
            )
            if person.email and is_active_member(person)
        ]
        if organisers:
            send_templated_mail(
                template="library/email/suggested",
                to=organisers,
                context={"resource": resource, "member": member, "admin_url": admin_url},
            )
    return resource


def publish_suggestion(*, resource, by):
    """An organiser publishes a member's suggestion; the member is told."""
    with transaction.atomic():
        resource.status = Resource.Status.PUBLISHED
        resource.save(update_fields=["status", "updated_at"])
        if resource.suggested_by and resource.suggested_by.email:
            send_templated_mail(
                template="library/email/published",
                to=[resource.suggested_by.email],
                context={
                    "resource": resource,
                    "member": resource.suggested_by,
                    "url": absolute_url(resource.get_absolute_url()),
                },
            )


def link_partners_from_text(workshop) -> list[Partner]:
    """The workshop's free-text partners (one a line) as links to partner records,
    made when missing (used by the data migration's logic and the demo)."""
    partners = []
    for name in workshop.partner_list():
        partner = Partner.objects.filter(name__iexact=name).first() or Partner.objects.create(
            name=name[:160]
        )
        partner.workshops.add(workshop)
        partners.append(partner)
    return partners


def outcome_recipients(outcome: Outcome) -> dict:
    """{person: notification kind} for the people whose linked contributions the outcome
    answers, each once: workshop feedback and proposed themes are "workshop updates",
    comments in a discussion "replies to my comments" (members/notifications.py)."""
    people = {}
    for comment in outcome.comments.select_related("user__profile"):
        if comment.user_id:
            people[comment.user_id] = (comment.user, "replies")
    for feedback in outcome.feedback.select_related("member__profile"):
        if feedback.member_id:
            people[feedback.member_id] = (feedback.member, "workshops")
    for theme in outcome.themes.select_related("author__profile"):
        if theme.author_id:
            people[theme.author_id] = (theme.author, "workshops")
    return {person: kind for person, kind in people.values() if is_active_member(person)}


def notify_outcome(*, outcome: Outcome, by) -> int:
    """Tell the people whose contributions the outcome answers, once, honouring their
    notification choice for that kind of contribution (with an unsubscribe link).
    Recorded on the outcome: who sent it, when, to how many. The one place outcome
    e-mails are sent (a notification centre can reroute them here)."""
    with transaction.atomic():
        locked = Outcome.objects.select_for_update().get(pk=outcome.pk)
        if locked.notified_at is not None:
            return 0
        url = absolute_url(outcome.get_absolute_url())
        sent = 0
        for person, kind in outcome_recipients(outcome).items():
            centre.notify(
                person, "outcome", f"What changed: {outcome.title}",
                outcome.get_absolute_url(), about=outcome.title, emailed=True,
            )  # fmt: skip
            sent += notify(
                person,
                kind,
                template="library/email/outcome",
                context={"outcome": outcome, "member": person, "url": url, "kind": kind},
            )
        Outcome.objects.filter(pk=outcome.pk).update(
            notified_at=timezone.now(), notified_by=by, notified_count=sent
        )
    return sent
