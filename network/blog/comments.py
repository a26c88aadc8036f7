"""Comments on posts (django-comments-xtd's XtdComment): reading a page of a thread
in one query, and every change a member or organiser makes.

State changes use queryset `update()` on purpose: xtd's pre_save hook unpublishes
a comment's whole subtree when it is removed, and here replies stay readable
under a "Comment deleted" placeholder.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from members.models import ModerationAction
from members.moderation import record_action
from members.notifications import tell as members_tell
from members.roles import moderators
from network.blog import mentions
from network.blog.models import Follow, Post
from network.blog.permissions import can_comment, can_moderate_comments
from network.caching.generations import bump
from network.mail import absolute_url, send_templated_mail
from network.models import IssueReport
from network.reports import alert_safeguarding_lead

TOP_LEVEL_PER_PAGE = 50
# Replies shown under each comment on the post page; the rest of a long thread is
# behind a plain link to that thread alone (`?thread=<id>`), which shows all of it.
REPLIES_SHOWN = 10
MAX_LENGTH = 5000
DUPLICATE_WINDOW = timedelta(minutes=1)
REPORTS_TO_HIDE = 3
REPORT_CATEGORIES = [
    IssueReport.Category.ABUSIVE,
    IssueReport.Category.SPAM,
    IssueReport.Category.AT_RISK,
    IssueReport.Category.OTHER,
]


class CommentRefused(Exception):
    """The post does not take comments (closed, draft or scheduled)."""


@dataclass(frozen=True)
class Viewer:
    """The viewer's permissions, worked out once per page, never per comment."""

    user_id: int | None
    can_comment: bool
    can_moderate: bool

    @classmethod
    def of(cls, user) -> "Viewer":
        return cls(
            user_id=user.pk if user.is_authenticated else None,
            can_comment=can_comment(user),
            can_moderate=can_moderate_comments(user),
        )


def post_content_type() -> ContentType:
    return ContentType.objects.get_for_model(Post)  # cached by Django after the first call


def comments_on(post) -> "XtdComment.objects":
    return XtdComment.objects.filter(content_type=post_content_type(), object_pk=str(post.pk))


def _shown_filter(viewer: Viewer) -> Q:
    """Top-level comments worth a place on the page: visible, or with replies under them."""
    if viewer.can_moderate:
        return Q()
    removed_with_reason = Q(is_removed=True) & ~Q(comment="")  # shows the moderators' reason
    return Q(is_removed=False, is_public=True) | Q(nested_count__gt=0) | removed_with_reason


def thread_page(post, page_number, viewer: Viewer, thread=None):
    """(page of top-level comments, tree of nodes, number of comments shown on the
    post) in three queries (four when a comment mentions someone), whatever the number
    of comments.

    A node is {"comment": c, "children": [...]} (xtd's tree shape). The tree
    comes from one query for the whole page of threads, built in memory."""
    on_post = comments_on(post)
    counts = on_post.aggregate(
        top_level=Count("pk", filter=Q(level=0) & _shown_filter(viewer)),
        total=Count("pk", filter=Q(is_public=True, is_removed=False)),
    )
    top_level = (
        on_post.filter(level=0)
        .filter(_shown_filter(viewer))
        .order_by("thread_id")
        .values_list("thread_id", flat=True)
    )
    one_thread = _thread_id(thread)
    if one_thread is not None:
        # One whole thread (a link from a long one): no truncation, same query count.
        thread_ids = list(top_level.filter(thread_id=one_thread))
        page = Paginator(thread_ids, TOP_LEVEL_PER_PAGE).get_page(1)
    else:
        paginator = CountedPaginator(top_level, TOP_LEVEL_PER_PAGE, count=counts["top_level"])
        page = paginator.get_page(page_number)
        thread_ids = list(page.object_list)
    if not thread_ids:
        return page, [], counts["total"]
    comments = (
        XtdComment.objects.filter(
            content_type=post_content_type(),
            object_pk=str(post.pk),
            thread_id__in=thread_ids,
        )
        .select_related("user__profile")
        .order_by("thread_id", "order")
    )
    comments = list(comments)
    mentions.attach(comments)  # a fourth query, only when a comment holds an "@"
    tree = build_tree(comments, viewer)
    if one_thread is None:
        for root in tree:
            _shorten(root, REPLIES_SHOWN)
    return page, tree, counts["total"]


def _thread_id(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _shorten(root: dict, limit: int) -> None:
    """Keep the first `limit` replies under a top-level comment (in reading order);
    root["more_replies"] says how many are left for the thread's own page."""
    kept = hidden = 0

    def size(nodes):
        return sum(1 + size(node["children"]) for node in nodes)

    def walk(nodes):
        nonlocal kept, hidden
        shown = []
        for node in nodes:
            if kept < limit:
                kept += 1
                node["children"] = walk(node["children"])
                shown.append(node)
            else:
                hidden += 1 + size(node["children"])
        return shown

    root["children"] = walk(root["children"])
    root["more_replies"] = hidden


class CountedPaginator(Paginator):
    """A paginator told its count (computed with other counts in one query)."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # fills Paginator.count (a cached_property)


def build_tree(comments, viewer: Viewer) -> list[dict]:
    nodes, roots = {}, []
    for comment in comments:
        node = {"comment": comment, "children": []}
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id)
        if comment.parent_id == comment.pk or parent is None:
            roots.append(node)
        else:
            parent["children"].append(node)
    return _prune(roots, viewer)


def _prune(nodes, viewer: Viewer) -> list[dict]:
    """Drop deleted or hidden comments nobody replied to; keep placeholders for the rest
    (and for comments the moderators removed, with their reason)."""
    kept = []
    for node in nodes:
        node["children"] = _prune(node["children"], viewer)
        comment = node["comment"]
        comment.is_hidden = not comment.is_public
        shown = not comment.is_removed and (comment.is_public or viewer.can_moderate)
        comment.is_placeholder = not shown
        # A comment the moderators removed keeps its place, showing their reason.
        removed_with_reason = comment.is_removed and bool(comment.comment)
        if shown or node["children"] or removed_with_reason:
            kept.append(node)
    return kept


def page_of(comment, viewer: Viewer) -> int:
    """Which page of the thread a comment appears on."""
    before = (
        XtdComment.objects.filter(
            content_type=comment.content_type_id,
            object_pk=comment.object_pk,
            level=0,
            thread_id__lt=comment.thread_id,
        )
        .filter(_shown_filter(viewer))
        .count()
    )
    return before // TOP_LEVEL_PER_PAGE + 1


def clean_text(text: str) -> str:
    return (text or "").replace("\x00", "").replace("\r\n", "\n").strip()


def new_comment(*, post, user, text: str, parent=None, submit_date=None, **fields):
    """An unsaved comment on `post` as xtd threads it (saving sets its thread, level
    and order from `parent`). No checks, no notifications: see `add_comment`."""
    return XtdComment(
        content_type=post_content_type(),
        object_pk=str(post.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=str(user)[:50],
        user_email=user.email,
        comment=text,
        submit_date=submit_date or _now(),
        parent_id=parent.pk if parent else 0,
        **fields,
    )


@transaction.atomic
def add_comment(*, post, user, text: str, parent=None, ip_address=None):
    """Post a comment or reply. Returns (comment, created); a double submission of the
    same text within a minute returns the first comment."""
    if not post.accepts_comments():
        raise CommentRefused("This post is not open for comments.")
    text = clean_text(text)
    if parent is not None:
        if parent.object_pk != str(post.pk) or parent.content_type_id != post_content_type().pk:
            raise CommentRefused("That comment belongs to another post.")
        if not parent.allow_thread():
            # Deepest level reached: the reply joins its parent's conversation instead.
            parent = XtdComment.objects.get(pk=parent.parent_id)
    # Lock the post row so two identical submissions cannot both pass the check.
    Post.objects.select_for_update().filter(pk=post.pk).first()
    same_place = Q(parent_id=parent.pk, level=parent.level + 1) if parent else Q(level=0)
    duplicate = (
        comments_on(post)
        .filter(same_place, user=user, comment=text, submit_date__gte=_now() - DUPLICATE_WINDOW)
        .first()
    )
    if duplicate is not None:
        return duplicate, False
    comment = new_comment(post=post, user=user, text=text, parent=parent, ip_address=ip_address)
    comment.save()
    follow(post=post, user=user)  # commenting follows the post
    # The mail queue is a database table: the e-mails commit (or roll back) with the comment.
    _notify_new_comment(post, comment, parent)
    return comment, True


def _now():
    from django.utils import timezone

    return timezone.now()


def _notify_new_comment(post, comment, parent) -> None:
    """Whoever the comment concerns is told once, by the most personal reason: a mention,
    then a reply, then a new comment on a post they follow or wrote. Each lands in their
    notifications and is e-mailed as they chose (members.notifications.tell)."""
    writer = comment.user_name or "Someone"
    where = f"{post.get_absolute_url()}#c{comment.pk}"
    context = {"post": post, "comment": comment, "link": absolute_url(where)}
    told = {comment.user_id}

    def tell(person, kind, text, template):
        if person is None or person.pk in told:
            return
        told.add(person.pk)
        members_tell(
            person, kind, text=text, url=where, about=post.title, template=template,
            context=context,
        )  # fmt: skip

    for person in mentions.record(comment, comment.user):
        tell(person, "mention", f"{writer} mentioned you on {post.title}", "blog/email/mention")
    if parent is not None and parent.user_id:
        tell(
            parent.user, "reply", f"{writer} replied to your comment on {post.title}",
            "blog/email/comment_reply",
        )  # fmt: skip
    for author in post.authors.select_related("profile"):
        tell(
            author, "comment", f"{writer} commented on your post {post.title}",
            "blog/email/post_comment",
        )  # fmt: skip
    for follow_row in Follow.objects.filter(post=post).select_related("user__profile"):
        tell(
            follow_row.user, "comment", f"{writer} commented on {post.title}",
            "blog/email/post_comment",
        )  # fmt: skip


def follow(*, post, user) -> bool:
    """Follow a post (new comments on it reach the member). True if newly followed."""
    _, created = Follow.objects.get_or_create(post=post, user=user)
    return created


def unfollow(*, post, user) -> bool:
    deleted, _ = Follow.objects.filter(post=post, user=user).delete()
    return bool(deleted)


def delete_own_comment(*, comment, user) -> None:
    """The author takes their comment back: the text goes, replies stay under a placeholder."""
    if comment.user_id != user.pk:
        raise PermissionError("Only the author may delete this comment.")
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=True, comment="")
    bump("comments")
    comment.is_removed, comment.comment = True, ""


def remove_comment(*, comment, moderator, reason: str) -> None:
    """An organiser removes someone's comment: the thread shows the reason in its place,
    the author is told, the reports about it are closed, and the text is kept in the
    audit log (moderators only)."""
    text = comment.comment
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=True, comment=reason)
    bump("comments")
    comment.is_removed = True
    IssueReport.objects.filter(
        content_type=ContentType.objects.get_for_model(XtdComment),
        object_id=str(comment.pk),
        status__in=[IssueReport.Status.OPEN, IssueReport.Status.IN_PROGRESS],
    ).update(status=IssueReport.Status.CLOSED, notes=f"Comment removed: {reason}")
    post = Post.objects.filter(pk=comment.object_pk).first()
    if comment.user_id and comment.user and comment.user.email:
        send_templated_mail(
            template="blog/email/comment_removed",
            to=[comment.user.email],
            context={
                "member": comment.user,
                "post": post,
                "reason": reason,
                "text": text,
                "post_url": absolute_url(post.get_absolute_url()) if post else "",
            },
        )
    CommentFlag.objects.get_or_create(
        comment=comment, user=moderator, flag=CommentFlag.MODERATOR_DELETION
    )
    record_action(
        actor=moderator,
        subject=comment.user,
        kind=ModerationAction.Kind.REMOVE_CONTENT,
        reason=reason,
        detail=f"Comment {comment.pk} on “{_post_title(comment)}”: {text}",
    )


def _post_title(comment) -> str:
    post = Post.objects.filter(pk=comment.object_pk).only("title").first()
    return post.title if post else ""


@transaction.atomic
def report_comment(*, comment, reporter, category: str, description: str, page_url: str = ""):
    """File the report in the moderation queue. The third member to report a comment
    hides it until an organiser reviews it (approving it in the admin shows it again)."""
    issue = IssueReport.objects.create(
        category=category,
        description=description or "(no details given)",
        page_url=page_url[:500],
        reporter=reporter,
        reporter_name=str(reporter)[:120],
        reporter_email=reporter.email,
        content_object=comment,
    )
    _, created = CommentFlag.objects.get_or_create(
        comment=comment, user=reporter, flag=CommentFlag.SUGGEST_REMOVAL
    )
    if created:
        flags = CommentFlag.objects.filter(comment=comment)
        reporters = flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).count()
        reviewed = flags.filter(flag=CommentFlag.MODERATOR_APPROVAL).exists()
        if reporters >= REPORTS_TO_HIDE and not reviewed:
            XtdComment.objects.filter(pk=comment.pk).update(is_public=False)
            bump("comments")
            comment.is_public = False
    if issue.is_safeguarding:
        alert_safeguarding_lead(issue)
    elif category in (IssueReport.Category.SPAM, IssueReport.Category.ABUSIVE):
        _alert_moderators(issue, comment)
    return issue


def _alert_moderators(issue, comment) -> None:
    """A spam or abuse report goes to the organisers and the owner, each by e-mail."""
    post = Post.objects.filter(pk=comment.object_pk).only("title", "slug").first()
    context = {
        "issue": issue,
        "comment": comment,
        "post_title": post.title if post else "",
        "comment_url": absolute_url(f"{post.get_absolute_url()}#c{comment.pk}") if post else "",
        "admin_url": absolute_url(f"/admin/network/issuereport/{issue.pk}/change/"),
    }
    for email in moderators().exclude(pk=issue.reporter_id).values_list("email", flat=True):
        send_templated_mail(template="blog/email/comment_reported", to=[email], context=context)
