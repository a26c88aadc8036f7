"""Mentions in comments: "@" and a member's name (or their public handle).

Resolved once, when the comment is saved: each mention becomes a `Mention` row and
its member is told once. Only people the writer may see can be mentioned
(`members.roles.can_see_profile`); anything else stays plain text. On the page a
mention is a link to the profile while the member is active; a mention of someone
suspended, gone or erased is shown as the plain text that was written.
"""

import re

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.template.defaultfilters import linebreaksbr, urlize
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from members.models import Profile
from members.roles import can_see_profile
from network.blog.models import Mention

# "@" at the start or after a space or punctuation, then up to four words.
AT = re.compile(r"(?<![\w@])@([\w][\w'’.-]*(?:[ ][\w][\w'’.-]*){0,3})")
MAX_MENTIONS = 10
SUGGESTIONS = 8


def _candidates(words: str) -> list[str]:
    """ "Maya Member and" -> ["Maya Member and", "Maya Member", "Maya"] (longest first),
    each without trailing punctuation."""
    parts = words.split(" ")
    found = []
    for n in range(len(parts), 0, -1):
        candidate = " ".join(parts[:n]).rstrip(".,;:!?'’-")
        if candidate and candidate not in found:
            found.append(candidate)
    return found


def find(text: str, writer) -> list[tuple[str, object]]:
    """[(as written, member)] for each member the text mentions and the writer may see,
    in one query; a name two members share is left unresolved (their handle works)."""
    spans = [_candidates(match.group(1)) for match in AT.finditer(text)][:MAX_MENTIONS]
    if not spans:
        return []
    names = {c.lower() for cands in spans for c in cands}
    people = list(
        get_user_model().objects.filter(_named(names) | Q(slug__in=names)).select_related("profile")
    )
    found, seen = [], set()
    for candidates in spans:
        for candidate in candidates:
            key = candidate.lower()
            matches = [p for p in people if p.slug == key] or [
                p for p in people if p.display_name.lower() == key
            ]
            if len(matches) == 1:
                member = matches[0]
                new = member.pk not in seen and member.pk != writer.pk
                if new and _mentionable(writer, member):
                    seen.add(member.pk)
                    found.append((candidate, member))
                break
    return found


def _named(names) -> Q:
    # iexact is UPPER(display_name) = UPPER(…): the trigram index on members' names
    # (members migration 0010) answers it on PostgreSQL.
    query = Q()
    for name in names:
        query |= Q(display_name__iexact=name)
    return query


def _mentionable(writer, member) -> bool:
    profile = getattr(member, "profile", None)
    return (
        profile is not None
        and profile.state == Profile.State.ACTIVE
        and can_see_profile(writer, profile)
    )


def suggest(typed: str, writer) -> list[dict]:
    """For the comment form's suggestion list (a progressive enhancement: mentions work
    without it): up to SUGGESTIONS members the writer may mention whose name, a word of
    it, or handle starts with what was typed after "@". Each is {"name", "handle",
    "insert"}: what to write after "@" so `find` resolves it, the name, or the handle
    when the name is shared (or would not be read as a name). Two queries at most."""
    typed = typed.strip()[:50]
    if len(typed) < 2:
        return []
    people = (
        get_user_model()
        .objects.filter(
            Q(display_name__istartswith=typed)
            | Q(display_name__icontains=f" {typed}")
            | Q(slug__istartswith=typed.lower()),
            is_active=True,
            profile__state=Profile.State.ACTIVE,
        )
        .exclude(pk=writer.pk)
        .select_related("profile")
        .order_by("display_name", "pk")[: SUGGESTIONS * 2]
    )
    people = [person for person in people if _mentionable(writer, person)][:SUGGESTIONS]
    if not people:
        return []
    shared = set(
        get_user_model()
        .objects.annotate(name=Lower("display_name"))
        .filter(name__in={person.display_name.lower() for person in people})
        .values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )

    def insert(person) -> str:
        name = person.display_name
        readable = AT.fullmatch(f"@{name}") is not None and len(name) <= 100
        return name if readable and name.lower() not in shared else person.slug

    return [
        {"name": person.display_name, "handle": person.slug, "insert": insert(person)}
        for person in people
    ]


def record(comment, writer) -> list:
    """Store the comment's mentions; returns only the members newly mentioned, so that
    saving the comment again (an edit) tells nobody a second time."""
    mentioned = find(comment.comment, writer)
    if not mentioned:
        return []
    already = set(Mention.objects.filter(comment=comment).values_list("member_id", flat=True))
    new = [(text, member) for text, member in mentioned if member.pk not in already]
    Mention.objects.bulk_create(
        [Mention(comment=comment, member=member, written=text[:100]) for text, member in new],
        ignore_conflicts=True,
    )
    return [member for _, member in new]


def attach(comments) -> None:
    """Give each comment `mention_links` ({written: profile url}) for the members it
    mentions who are active now: one query, and none when no comment has an "@"."""
    with_at = [c for c in comments if "@" in (c.comment or "")]
    for comment in comments:
        comment.mention_links = {}
    if not with_at:
        return
    by_pk = {c.pk: c for c in with_at}
    rows = Mention.objects.filter(
        comment_id__in=by_pk, member__profile__state=Profile.State.ACTIVE
    ).values_list("comment_id", "written", "member_id")
    for comment_id, written, member_id in rows:
        by_pk[comment_id].mention_links[written] = reverse("members:profile", args=[member_id])


def render(comment) -> str:
    """The comment's text as HTML: escaped, links made clickable, line breaks kept, and
    each live mention a link to the member's profile."""
    # As the template did before: {{ comment|urlize|linebreaksbr }} (escapes the text).
    html = str(linebreaksbr(urlize(comment.comment, autoescape=True), autoescape=True))
    for written, url in getattr(comment, "mention_links", {}).items():
        escaped = conditional_escape(written)
        html = re.sub(
            rf"(?<![\w@])@{re.escape(str(escaped))}(?![\w])",
            lambda _m, url=url, escaped=escaped: format_html(
                '<a href="{}" class="mention">@{}</a>', url, escaped
            ),
            html,
        )
    # Safe: the text was escaped by urlize above and each link is built by format_html.
    return mark_safe(html)  # noqa: S308
