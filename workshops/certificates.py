"""Certificates of attendance as PDF (fpdf2): the attendee's name, the workshop's title,
date and hours, its facilitators and the network's name, for continuing professional
development records."""

from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

from workshops.calendars import LONDON

# A Unicode font when the system has one (Debian's fonts-dejavu-core); otherwise the PDF
# core font, which covers Western European names (é, ñ, ø, ß ...).
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _hours(*spans) -> str:
    minutes = int(sum((span.end - span.start).total_seconds() for span in spans) // 60)
    hours, rest = divmod(minutes, 60)
    text = f"{hours} hour{'s' if hours != 1 else ''}" if hours else ""
    if rest:
        text = f"{text} {rest} minutes".strip()
    return text


def facilitator_names(workshop) -> list[str]:
    return [str(person) for person in workshop.facilitators.all()] + (
        workshop.guest_facilitator_list()
    )


def certificate_pdf(*, workshop, member, network_name: str, sessions=()) -> bytes:
    """`sessions`: for a series, the sessions the member attended: the certificate lists
    them and counts their hours only."""
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Certificate of attendance: {workshop.title}")
    pdf.set_author(network_name)
    pdf.add_page()
    if UNICODE_FONT.exists():
        pdf.add_font("Body", fname=str(UNICODE_FONT))
        family = "Body"
    else:
        family = "Helvetica"

    def line(text: str, size: int, gap: float = 4) -> None:
        if family == "Helvetica":
            text = text.encode("latin-1", "replace").decode("latin-1")
        pdf.set_font(family, size=size)
        pdf.multi_cell(0, size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    start = timezone.localtime(workshop.start, LONDON)
    pdf.ln(18)
    line("Certificate of attendance", 30, 10)
    line("This is to certify that", 14)
    line(str(member), 26, 8)
    line("took part in the workshop", 14)
    line(workshop.title, 20, 8)
    if sessions:
        count = len(sessions)
        line(
            f"attending {count} session{'s' if count != 1 else ''} of the series: "
            f"{_hours(*sessions)} in all",
            14,
        )
        dates = ", ".join(
            timezone.localtime(session.start, LONDON).strftime("%-d %B %Y") for session in sessions
        )
        line(f"Sessions attended: {dates}", 12)
    else:
        line(f"on {start.strftime('%A %-d %B %Y')}: {_hours(workshop)}", 14)
    names = facilitator_names(workshop)
    if names:
        line(f"Facilitated by {', '.join(names)}", 12)
    pdf.ln(10)
    line(network_name, 14)
    return bytes(pdf.output())
