"""Demo blog: the seed page as a post (with its "Views: 174"), two more posts, tags,
and a threaded discussion among members who bring different kinds of expertise.

Idempotent: posts are found by slug and the discussion is added only once.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django_comments_xtd.models import XtdComment

from network.blog.comments import new_comment, post_content_type
from network.blog.models import Attachment, Post, Tag

CONTENT = Path(__file__).resolve().parent / "demo_content"
SEED_SLUG = "co-production-narrative-as-creative-theatre-based-dialogue"

# role key, e-mail, display name, expertise codes
# The discussion's voices are the demo members of each kind of expertise
# (members.demo): key used below -> key in the `users` dict seed_demo passes.
DISCUSSION_PEOPLE = {
    "carer": "expert_carer",
    "service_user": "expert_service_user",
    "gp": "expert_health_professional",
    "researcher": "expert_academic",
    "community": "expert_community_organisation",
}

SECOND_POST = """\
Three workshops in, we wanted to share what participants told us and what we are changing.

## What worked

- **Starting with a story, not a policy.** The simulated case study gave everyone, whatever \
their background, the same starting point.
- **Swapping roles.** Health professionals playing patients, and patients playing clinicians, \
surfaced assumptions nobody had said out loud.
- **Time to talk afterwards.** The most useful conversations happened in the last half hour.

## What we are changing

We heard that the long sessions were hard for people with caring responsibilities, so the next \
round offers two shorter sessions instead of one long day, and we will pay travel and \
replacement care costs for members who bring lived experience.

Tell us in the comments what would make it easier for you to take part.
"""

THIRD_POST = """\
When I first sat in a room with consultants and commissioners, I thought my job was to tell my \
story and then listen. Ten years of caring for my mum had taught me a great deal about how \
services really work, but I did not call it expertise.

Co-production changed that. In a good co-produced project:

1. Everyone's knowledge is on the table from the start, not invited in at the end.
2. Decisions are made together, and people can see what changed because of what they said.
3. Nobody has to pay to take part: travel, time and care costs are covered.

> “Nothing about us without us” is not a slogan. It is a way of working.

If you bring lived experience and you are unsure whether this network is for you: it is.
"""

DISCUSSION = [
    # (key, author key, parent key or None, text)
    (
        "c1",
        "carer",
        None,
        "Thank you for this. The point about the stories organisations tell "
        "themselves rings true. As a carer I have often felt the meeting was decided before I "
        "arrived.",
    ),
    (
        "c2",
        "gp",
        "c1",
        "That is uncomfortable to read but fair. In primary care we are often "
        "asked to 'engage' once the plan is already signed off.",
    ),
    (
        "c3",
        "carer",
        "c2",
        "I appreciate you saying so. It would help if the invitation came "
        "earlier, when there is still something to shape.",
    ),
    (
        "c4",
        "researcher",
        None,
        "The Departmental Dialogue Index is a useful lens. Has anyone "
        "tried it with an NHS trust rather than a government department?",
    ),
    (
        "c5",
        "owner",
        "c4",
        "Not formally yet: it is one of the things we hope partners will pilot with us this year.",
    ),
    (
        "c6",
        "community",
        "c4",
        "We used a simplified version with a local housing association. "
        "Happy to share our notes with anyone interested.",
    ),
    (
        "c7",
        "service_user",
        None,
        "The role-play quote is exactly my experience. Seeing a "
        "doctor act out the patient's side changed the whole conversation.",
    ),
    (
        "c8",
        "organiser",
        "c7",
        "That swap is the part people remember most. We will keep it in the next workshops.",
    ),
    (
        "c9",
        "gp",
        "c7",
        "Speaking as the doctor in one of those role-plays: it was the most "
        "useful training I had all year.",
    ),
    (
        "c10",
        "member",
        None,
        "Is there a workshop planned for outside East London? I am in "
        "Brent and would love to take part.",
    ),
    (
        "c11",
        "organiser",
        "c10",
        "Yes: we are looking for a venue in North West London. Keep an eye on the workshops page.",
    ),
    (
        "c12",
        "community",
        None,
        "Community organisations can help with venues and reaching "
        "people who never see NHS communications. Count us in.",
    ),
]


def _minimal_pdf(title: str) -> bytes:
    """A one-page PDF with a title line, made by hand so the demo needs no PDF library."""
    text = title.replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _discussion_people(users) -> dict:
    people = dict(users)
    for key, member_key in DISCUSSION_PEOPLE.items():
        people[key] = users[member_key]
    return people


def _post(slug, *, title, body, authors, tags, publish_at, featured=False, views=0):
    post = Post.objects.filter(slug=slug).first()
    if post is not None:
        return post, False
    post = Post.objects.create(
        slug=slug,
        title=title,
        body=body,
        status=Post.Status.PUBLISHED,
        publish_at=publish_at,
        featured=featured,
    )
    post.authors.set(authors)
    post.tags.set(tags)
    Post.objects.filter(pk=post.pk).update(view_count=views)
    return post, True


def _discussion(post, people, start) -> int:
    existing = XtdComment.objects.filter(content_type=post_content_type(), object_pk=str(post.pk))
    if existing.exists():
        return 0
    made = {}
    for number, (key, author_key, parent_key, text) in enumerate(DISCUSSION):
        comment = new_comment(
            post=post,
            user=people[author_key],
            text=text,
            parent=made[parent_key] if parent_key else None,
            submit_date=start + timedelta(hours=5 * number),
        )
        comment.save()
        made[key] = comment
    return len(made)


def seed_blog(stdout, users) -> None:
    people = _discussion_people(users)
    tags = {
        name: Tag.objects.get_or_create(name=name)[0]
        for name in [
            "Co-production",
            "Theatre and dialogue",
            "Health",
            "Workshops",
            "Lived experience",
        ]
    }
    seed, created = _post(
        SEED_SLUG,
        title="Co-production Narrative as Creative Theatre–based Dialogue for Changing Practices",
        body=(CONTENT / "co-production-narrative.md").read_text(encoding="utf-8"),
        authors=[users["owner"]],
        tags=[tags["Co-production"], tags["Theatre and dialogue"], tags["Health"]],
        publish_at=datetime(2024, 5, 14, 9, 30, tzinfo=UTC),
        featured=True,
        views=174,
    )
    if created:
        Attachment.objects.create(
            post=seed,
            title="Coproductive Learning for Better Health",
            file=ContentFile(
                _minimal_pdf("Coproductive Learning for Better Health"),
                name="Coproductive Learning for Better Health.pdf",
            ),
        )
    _post(
        "what-we-learned-from-our-first-three-workshops",
        title="What we learned from our first three workshops",
        body=SECOND_POST,
        authors=[users["organiser"]],
        tags=[tags["Workshops"], tags["Co-production"]],
        publish_at=datetime(2024, 6, 20, 10, 0, tzinfo=UTC),
        views=58,
    )
    _post(
        "lived-experience-is-expertise",
        title="Lived experience is expertise: a carer's view",
        body=THIRD_POST,
        authors=[people["carer"]],
        tags=[tags["Lived experience"], tags["Co-production"]],
        publish_at=datetime(2024, 7, 8, 8, 0, tzinfo=UTC),
        views=41,
    )
    comments = _discussion(seed, people, seed.publish_at + timedelta(hours=3))
    stdout.write(f"Blog: {Post.objects.count()} posts, {comments} new demo comments")
