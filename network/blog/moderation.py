"""What the moderation queue (network's IssueReport admin) shows about a reported comment:
its text, its author, a link to it in its thread and the one-step actions. Asked through
the REPORTED_CONTENT hook, for a page of reports at once (two queries)."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from network.blog.models import Post


@dataclass
class ReportedContent:
    text: str
    author: str
    url: str  # the comment in its thread
    state: str  # "shown", "hidden after reports" or "removed"
    actions: list = field(default_factory=list)  # [(label, url)]


def reported_comments(issues) -> dict:
    comment_type = ContentType.objects.get_for_model(XtdComment)
    wanted = {
        issue.pk: int(issue.object_id)
        for issue in issues
        if issue.content_type_id == comment_type.pk and str(issue.object_id).isdigit()
    }
    if not wanted:
        return {}
    comments = {
        c.pk: c
        for c in XtdComment.objects.filter(pk__in=set(wanted.values())).select_related("user")
    }
    slugs = dict(
        Post.objects.filter(
            pk__in={int(c.object_pk) for c in comments.values() if c.object_pk.isdigit()}
        ).values_list("pk", "slug")
    )
    found = {}
    for issue_pk, comment_pk in wanted.items():
        comment = comments.get(comment_pk)
        if comment is None:
            continue
        slug = slugs.get(int(comment.object_pk)) if comment.object_pk.isdigit() else None
        url = f"{reverse('blog_post', args=[slug])}#c{comment.pk}" if slug else ""
        if comment.is_removed:
            state = "removed"
        elif not comment.is_public:
            state = "hidden after reports"
        else:
            state = "shown"
        actions = []
        if not comment.is_removed:
            actions.append(("Remove it", reverse("blog_comment_delete", args=[comment.pk])))
        if comment.user_id:
            actions.append(
                ("Suspend the author", reverse("members:moderate", args=[comment.user_id]))
            )
        found[issue_pk] = ReportedContent(
            text=comment.comment,
            author=str(comment.user) if comment.user else comment.user_name or "Former member",
            url=url,
            state=state,
            actions=actions,
        )
    return found
