"""Demo library: the seed's PDF "Coproductive Learning for Better Health" made as a
real multi-page PDF from the seed page's text (fpdf2, nothing downloaded), filed as a
resource with the three pilot workshops and the partners linked; more resources; the
seed's three partners; an outcome drawn from the participants' quotes.

Idempotent: things are found by slug or name, and files are added only once.
"""

import re

from django.core.files.base import ContentFile
from fpdf import FPDF

from library import services
from library.models import Audience, Outcome, Partner, Resource
from network.blog.demo import CONTENT, SEED_SLUG
from network.blog.models import Attachment, Post
from network.models import Topic
from workshops.demo import PILOTS
from workshops.models import Feedback, Workshop

PDF_TITLE = "Coproductive Learning for Better Health"

PARTNERS = [
    (
        "Involve",
        Partner.Kind.VOLUNTARY,
        "https://www.involve.org.uk/",
        "The UK's public participation charity. Its work found that organisational culture "
        "is one of the most common barriers to co-production; its publication ‘From Fairy Tale "
        "to Reality’ looks at the myths that hinder genuine engagement.",
    ),
    (
        "OCP Ltd",
        Partner.Kind.SOCIAL_ENTERPRISE,
        "",
        "Co-designed and facilitated the theatre-based pilot workshops with us, using live "
        "simulated case studies and role-play.",
    ),
    (
        "Health Education England (North, Central and East London)",
        Partner.Kind.NHS,
        "https://www.hee.nhs.uk/",
        "Its Professional Support Unit and Shared Services in London (previously London "
        "Deanery) teamed up with us to pilot co-productive learning workshops.",
    ),
]

# Latin-1 stand-ins for the typography the PDF's built-in fonts cannot draw.
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})


def _plain(text: str) -> str:
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text.translate(_PLAIN))
    return text.replace("**", "").encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    """A4 pages whose text blocks each start at the left margin, numbered at the foot."""

    def multi_cell(self, *args, **kwargs):
        kwargs.setdefault("new_x", "LMARGIN")
        kwargs.setdefault("new_y", "NEXT")
        return super().multi_cell(*args, **kwargs)

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 10, f"Page {self.page_no()}", align="C")


def seed_pdf() -> bytes:
    """The seed's PDF: a title page, then the seed page's text, with page numbers."""
    pdf = _Document(format="A4")
    pdf.set_title(PDF_TITLE)
    pdf.set_author("Co-production practitioners network")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 26)
    pdf.ln(60)
    pdf.multi_cell(0, 12, PDF_TITLE, align="C")
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 14)
    pdf.multi_cell(
        0,
        8,
        "Co-production Narrative as Creative Theatre-based Dialogue for Changing Practices\n\n"
        "Co-production practitioners network, with Involve, OCP Ltd and Health Education "
        "England (North, Central and East London)",
        align="C",
    )
    pdf.add_page()
    for block in CONTENT.joinpath("co-production-narrative.md").read_text("utf-8").split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("#"):
            pdf.set_font("Helvetica", "B", 15)
            pdf.multi_cell(0, 8, _plain(block.lstrip("# ")))
        elif block.startswith(">"):
            pdf.set_font("Helvetica", "I", 12)
            pdf.multi_cell(0, 6.5, _plain(re.sub(r"^>\s?", "", block, flags=re.M)))
        else:
            pdf.set_font("Helvetica", "", 12)
            pdf.multi_cell(0, 6.5, _plain(block))
        pdf.ln(3)
    pdf.set_font("Helvetica", "", 12)
    pdf.ln(4)
    pdf.multi_cell(
        0,
        6.5,
        "The three pilot workshops: "
        + "; ".join(_plain(pilot["title"]) for pilot in PILOTS)
        + ". Participants' feedback and the outcomes are in the network's library.",
    )
    return bytes(pdf.output())


def _resource(slug, **fields):
    topics = fields.pop("topics", [])
    resource, created = Resource.objects.get_or_create(slug=slug, defaults=fields)
    if created:
        resource.topics.set(topics)
    return resource


def seed_library(stdout, users):
    organiser = users["organiser"]
    partners = {}
    for name, kind, website, description in PARTNERS:
        partners[name], _ = Partner.objects.get_or_create(
            name=name, defaults={"kind": kind, "website": website, "description": description}
        )
    pilots = list(Workshop.objects.filter(slug__in=[p["slug"] for p in PILOTS]).order_by("start"))
    for workshop in Workshop.objects.exclude(partners=""):
        services.link_partners_from_text(workshop)
    seed_post = Post.objects.filter(slug=SEED_SLUG).first()
    tag = {
        name: Topic.objects.get_or_create(name=name)[0]
        for name in (
            "Co-production",
            "Theatre and dialogue",
            "Health",
            "Workshops",
            "Lived experience",
        )
    }

    pdf = _resource(
        "coproductive-learning-for-better-health",
        title=PDF_TITLE,
        summary="Why co-production needs a supportive narrative, and how theatre-based "
        "dialogue helps people with different kinds of expertise learn together: the "
        "report behind the network's three pilot workshops.",
        kind=Resource.Kind.REPORT,
        audiences=[Audience.PROFESSIONALS, Audience.SERVICE_USERS, Audience.CARERS],
        licence=Resource.Licence.CC_BY_NC,
        topics=[tag["Co-production"], tag["Theatre and dialogue"], tag["Health"]],
    )
    if not pdf.files.exists():
        data = seed_pdf()
        services.add_file_version(
            resource=pdf,
            upload=ContentFile(data, name=f"{PDF_TITLE}.pdf"),
            kind="pdf",
            by=organiser,
        )
        # The post's placeholder attachment becomes the same real document.
        if seed_post is not None:
            for attachment in Attachment.objects.filter(post=seed_post, title=PDF_TITLE):
                if attachment.file and attachment.size < 2000:
                    attachment.file.save(f"{PDF_TITLE}.pdf", ContentFile(data), save=False)
                    attachment.size = len(data)
                    attachment.save()
    pdf.workshops.add(*pilots)
    pdf.partners.add(*partners.values())
    if seed_post is not None:
        pdf.posts.add(seed_post)

    notes = _resource(
        "notes-from-the-pilot-workshops",
        title="Notes from the pilot workshops: a model of good communication",
        summary="What participants built together in the role-play feedback: a model of good "
        "communication between health professionals and the people they care for.",
        kind=Resource.Kind.WORKSHOP_NOTES,
        audiences=[Audience.PROFESSIONALS, Audience.SERVICE_USERS],
        licence=Resource.Licence.CC_BY,
        visibility=Resource.Visibility.MEMBERS,
        topics=[tag["Workshops"], tag["Lived experience"]],
    )
    if not notes.files.exists():
        services.add_file_version(
            resource=notes,
            upload=ContentFile(_notes_pdf(), name="pilot-workshop-notes.pdf"),
            kind="pdf",
            by=organiser,
        )
    notes.workshops.add(*pilots)
    notes.partners.add(partners["OCP Ltd"])

    fairy = _resource(
        "from-fairy-tale-to-reality",
        title="From Fairy Tale to Reality (Involve)",
        summary="Involve's publication on the common myths that hinder genuine engagement and "
        "participation across the public sector.",
        kind=Resource.Kind.LINK,
        link="https://www.involve.org.uk/",
        audiences=[Audience.PROFESSIONALS, Audience.COMMISSIONERS, Audience.COMMUNITY],
        licence=Resource.Licence.ALL_RIGHTS,
        topics=[tag["Co-production"]],
    )
    fairy.partners.add(partners["Involve"])

    _resource(
        "dialogue-index-guide",
        title="Paying attention to an organisation's culture: the Departmental Dialogue Index",
        summary="A framework that helps organisations identify and pay attention to their "
        "culture, the stories they tell themselves about who they are.",
        kind=Resource.Kind.GUIDE,
        link="http://www.digitalengagement.info/",
        audiences=[Audience.PROFESSIONALS, Audience.RESEARCHERS],
        licence=Resource.Licence.ALL_RIGHTS,
        topics=[tag["Co-production"], tag["Health"]],
    )

    outcome, created = Outcome.objects.get_or_create(
        title="More health professionals at every workshop",
        defaults={
            "you_said": "“The role-play was helpful. During the feedback we built a model of "
            "good communication. We want more health professionals to be like that!” And: "
            "promote the workshops to local people and community organisations too.",
            "we_did": "We now reserve balanced places for people with lived experience and "
            "invite health professionals through Health Education England, and we publish "
            "the model of good communication in the library for everyone.",
            "workshop": pilots[0] if pilots else None,
            "created_by": organiser,
        },
    )
    if created:
        outcome.feedback.set(Feedback.objects.filter(workshop__in=pilots))
        outcome.resources.add(notes)
    stdout.write(
        f"Library: {Resource.objects.count()} resources, {Partner.objects.count()} partners, "
        f"{Outcome.objects.count()} outcome(s)."
    )


def _notes_pdf() -> bytes:
    pdf = _Document(format="A4")
    pdf.set_title("Notes from the pilot workshops")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(0, 10, "Notes from the pilot workshops")
    pdf.set_font("Helvetica", "", 12)
    for line in (
        "A model of good communication, built by participants in the role-play feedback:",
        "- Listen first, and say back what you heard.",
        "- Ask what matters to the person, not only what is the matter with them.",
        "- Share decisions, and say honestly what is uncertain.",
        "- Make time at the end to ask: did we understand each other?",
    ):
        pdf.multi_cell(0, 7, line)
    return bytes(pdf.output())
