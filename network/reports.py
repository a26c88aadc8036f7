"""Filing reports into the moderation queue."""

from network import hooks
from network.mail import absolute_url, send_templated_mail
from network.models import IssueReport, Network


def file_report(form, *, reporter) -> IssueReport:
    issue = form.save(commit=False)
    if reporter.is_authenticated:
        issue.reporter = reporter
        issue.reporter_email = issue.reporter_email or reporter.email
        issue.reporter_name = issue.reporter_name or str(reporter)
    issue.save()
    tell_who_must_know(issue)
    return issue


def tell_who_must_know(issue: IssueReport) -> None:
    """Every report reaches someone: risk to a person the safeguarding lead at once, spam
    and abuse the organisers."""
    if issue.is_safeguarding:
        alert_safeguarding_lead(issue)
    elif issue.category in (IssueReport.Category.SPAM, IssueReport.Category.ABUSIVE):
        alert_organisers(issue)


def alert_organisers(issue: IssueReport) -> None:
    recipients = hooks.organiser_emails()
    if not recipients:
        return
    send_templated_mail(
        template="network/email/report_for_organisers",
        to=recipients,
        context={
            "issue": issue,
            "queue_url": absolute_url("/admin/network/issuereport/?status__exact=open"),
        },
    )


def alert_safeguarding_lead(issue: IssueReport) -> None:
    """A "someone may be at risk" report goes to the safeguarding lead at once."""
    network = Network.objects.current()
    recipient = network.safeguarding_lead_email or network.contact_email
    if not recipient:
        return
    send_templated_mail(
        template="network/email/safeguarding_report",
        to=[recipient],
        context={
            "issue": issue,
            "admin_url": absolute_url(f"/admin/network/issuereport/{issue.pk}/change/"),
        },
        reply_to=[issue.reporter_email] if issue.reporter_email else None,
    )
