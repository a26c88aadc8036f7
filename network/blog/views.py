"""Blog pages: the list, a post with its comments, likes, attachments, and comment actions."""

import functools
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_POST
from django_comments_xtd.models import XtdComment

from members.models import Profile
from members.roles import can_see_profile
from network import files
from network.access import signed_in
from network.blog import comments as comment_service
from network.blog import mentions
from network.blog.comments import CommentRefused, Viewer
from network.blog.forms import CommentForm, RemoveCommentForm, ReportCommentForm
from network.blog.likes import relation_to
from network.blog.models import Post, PostLike, Tag, view_count_of
from network.blog.permissions import (
    can_read_posts_in_full,
    may_join_discussions,
    may_read_posts_in_full,
    may_remove_comments,
)
from network.blog.services import pending_views, record_view
from network.caching.generations import cached_under
from network.clientip import client_ip
from network.ratelimit import is_rate_limited

POSTS_PER_PAGE = 10
VIEWED_SESSION_KEY = "blog_viewed_posts"
VIEWED_COOKIE = "viewed_posts"
VIEWED_COOKIE_AGE = 60 * 60 * 24 * 30
# Crawlers, link previewers and scripts: their fetches are not readers' views.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|"
    r"curl|wget|python-requests|python-urllib|httpx|go-http-client|java/|libwww|scrapy",
    re.IGNORECASE,
)


def is_bot(request) -> bool:
    agent = request.headers.get("user-agent", "")
    return not agent or bool(BOT_PATTERN.search(agent))


def _authors_prefetch():
    users = get_user_model().objects.select_related("profile").order_by("display_name")
    return Prefetch("authors", queryset=users)


@require_GET
def post_list(request):
    posts = Post.objects.published()
    tag = author = None
    if request.GET.get("tag"):
        tag = get_object_or_404(Tag, slug=request.GET["tag"])
        posts = posts.filter(tags=tag)
    if request.GET.get("author"):
        author = _author_seen_by(request.user, request.GET["author"])
        posts = posts.filter(authors=author)
    # Featured posts lead, so page 1 opens with them; the rest newest first.
    posts = posts.order_by("-featured", "-publish_at", "-pk")
    # Lazy (even building the counts): the list is usually a cached fragment.
    page = SimpleLazyObject(
        lambda: Paginator(posts.for_listing(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    )
    page_number = request.GET.get("page", "")
    return render(
        request,
        "blog/post_list.html",
        {
            "page": page,
            "page_number": int(page_number) if page_number.isdigit() else 1,
            "posts": SimpleLazyObject(lambda: page.object_list),
            "tag": tag,
            "author": author,
            "full_access": can_read_posts_in_full(request.user),
            "filter_query": "".join(
                f"&{key}={value}"
                for key, value in (("tag", tag and tag.slug), ("author", author and author.slug))
                if value
            ),
        },
    )


def _author_seen_by(viewer, slug: str):
    """The person `?author=<handle>` names, if the viewer may see their profile. Nobody
    by that handle and someone the viewer may not see get the same 404, so the filter
    never tells anyone a name (members.roles.can_see_profile)."""
    profile = Profile.objects.with_user().filter(user__slug=slug).first()
    if profile is None or not can_see_profile(viewer, profile):
        raise Http404("No such author.")
    return profile.user


def _get_post(request, slug):
    posts = Post.objects.visible_to(request.user)
    return get_object_or_404(posts, slug=slug)


@require_GET
def post_detail(request, slug):
    return render_post(request, slug)


# What every request of a post page reads: access control, the view count, the
# per-viewer bits and the page's <head>. The rest (body, authors, tags, attachments,
# counts, neighbours) is in cached fragments and fetched by PostDetails on a miss.
class PostDetails:
    """The heavy, viewer-independent parts of a post page, each fetched only when a
    cached fragment showing it is rendered afresh (never on a cache hit)."""

    def __init__(self, post, request):
        self._post = post
        self._request = request

    @functools.cached_property
    def full(self):
        # The page's own post row, with its authors, tags and attachments added.
        prefetch_related_objects([self._post], _authors_prefetch(), "tags", "attachments")
        return self._post

    @functools.cached_property
    def _footer(self) -> dict:
        """The like count and both neighbours' titles and slugs in one query: the
        footer is rendered afresh every minute (scheduled posts come out)."""
        published = Post.objects.published()
        earlier = published.filter(publish_at__lt=OuterRef("publish_at")).order_by(
            "-publish_at", "-pk"
        )
        later = published.filter(publish_at__gt=OuterRef("publish_at")).order_by("publish_at", "pk")
        likes = (
            PostLike.objects.filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Post.objects.filter(pk=self._post.pk)
            .annotate(
                like_count=Coalesce(Subquery(likes), Value(0)),
                previous_title=Subquery(earlier.values("title")[:1]),
                previous_slug=Subquery(earlier.values("slug")[:1]),
                next_title=Subquery(later.values("title")[:1]),
                next_slug=Subquery(later.values("slug")[:1]),
            )
            .values("like_count", "previous_title", "previous_slug", "next_title", "next_slug")
            .get()
        )

    @property
    def like_count(self) -> int:
        return self._footer["like_count"]

    @property
    def previous_post(self):
        return self._neighbour("previous")

    @property
    def next_post(self):
        return self._neighbour("next")

    def _neighbour(self, which):
        if self._footer[f"{which}_slug"] is None:
            return None
        return Post(title=self._footer[f"{which}_title"], slug=self._footer[f"{which}_slug"])

    @functools.cached_property
    def share_url(self) -> str:
        return self._request.build_absolute_uri(self._post.get_absolute_url())


@functools.cache
def _empty_comment_form_html() -> str:
    """The blank comment form is the same for everyone: rendered once per process."""
    return render_to_string("includes/form_fields.html", {"form": CommentForm()})


POST_ROW_SECONDS = 600


def _post_for_page(request, slug):
    """The post row the page reads on every request (the whole row but the Markdown
    source and search text), kept in the cache until posts next change. Only its view
    count, which changes with every new reader and bumps no generation, is read
    afresh, so "Views: N" stays exact."""
    post = cached_under(
        ("posts",),
        f"blog:post-row:{slug}",
        lambda: Post.objects.defer("body", "body_text").filter(slug=slug).first(),
        POST_ROW_SECONDS,
    )
    if post is None or not post.is_visible_to(request.user):
        raise Http404("No such post.")
    # Stored count plus the views not yet flushed (network/blog/services.py): exact.
    post.view_count = view_count_of(post.pk) + pending_views(post.pk)
    return post


def _optional_template(name):
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def render_post(request, slug, *, form=None, status=200):
    post = _post_for_page(request, slug)
    full_access = can_read_posts_in_full(request.user)
    context = {
        "post": post,
        "full_access": full_access,
        "details": PostDetails(post, request),
        # The cached parts differ with these (the role is always in a fragment's key).
        "post_vary": f"{post.pk}:{post.is_published}:{full_access}:"
        f"{request.scheme}://{request.get_host()}",
        # Another app (the library) may show its part: resources, partners, outcomes.
        "library_template": _optional_template("library/_post_library.html"),
    }
    viewed_cookie = None
    if full_access:
        if request.method == "GET" and post.is_published:
            viewed_cookie = _count_view(request, post)
        viewer = Viewer.of(request.user)
        # Lazy: the comment tree is usually a cached fragment, and then never fetched.
        thread = functools.cache(
            lambda: comment_service.thread_page(
                post, request.GET.get("cpage"), viewer, thread=request.GET.get("thread")
            )
        )
        context.update(
            viewer=viewer,
            comment_page=SimpleLazyObject(lambda: thread()[0]),
            comments=SimpleLazyObject(lambda: thread()[1]),
            comment_count=SimpleLazyObject(lambda: thread()[2]),
            one_thread=bool(request.GET.get("thread")),
            # With the like button's hole: one query for both (network/blog/likes.py).
            following=SimpleLazyObject(lambda: relation_to(request, post.pk)[1]),
            form=form,
            empty_comment_form=None if form is not None else _empty_comment_form_html(),
        )
    response = render(request, "blog/post_detail.html", context, status=status)
    if viewed_cookie is not None:
        response.set_signed_cookie(
            VIEWED_COOKIE,
            viewed_cookie,
            salt=VIEWED_COOKIE,
            max_age=VIEWED_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _count_view(request, post) -> str | None:
    """Once per post per browser, and never for bots: refreshes don't inflate it.
    Counted in the cache (`record_view`), never with a database write.

    Signed-in people's views are remembered in their session. A visitor's are
    remembered in a signed cookie instead, so reading a post never creates a
    session row in the database (returns the new cookie value, or None)."""
    if is_bot(request):
        return None
    if request.user.is_authenticated:
        viewed = request.session.get(VIEWED_SESSION_KEY, [])
        if post.pk in viewed:
            return None
        _record(post)
        # The most recent few hundred are enough to stop refreshes counting.
        request.session[VIEWED_SESSION_KEY] = (viewed + [post.pk])[-300:]
        return None
    try:
        raw = request.get_signed_cookie(VIEWED_COOKIE, default="", salt=VIEWED_COOKIE)
        viewed = [int(pk) for pk in raw.split(",") if pk]
    except ValueError:
        viewed = []
    if post.pk in viewed:
        return None
    _record(post)
    return ",".join(str(pk) for pk in (viewed + [post.pk])[-100:])


def _record(post) -> None:
    record_view(post.pk)
    post.view_count += 1


@require_POST
@may_join_discussions
def like(request, slug):
    post = get_object_or_404(Post.objects.published(), slug=slug)
    post.toggle_like(request.user)
    return redirect(f"{post.get_absolute_url()}#likes")


@require_POST
@may_join_discussions
def follow(request, slug):
    """Follow or stop following a post (a plain form: works without JavaScript)."""
    post = get_object_or_404(Post.objects.published(), slug=slug)
    if request.POST.get("follow") == "0":
        comment_service.unfollow(post=post, user=request.user)
        messages.success(request, "You no longer follow this post.")
    else:
        comment_service.follow(post=post, user=request.user)
        messages.success(request, "You follow this post: new comments will reach you.")
    return redirect(f"{post.get_absolute_url()}#comments")


@require_GET
@may_join_discussions
def mention_suggestions(request):
    """Members one may mention, for what was typed after "@" (`q`): the comment form's
    suggestion list (static/js/mentions.js). Only for those who may comment, never cached,
    and rate-limited so the member list cannot be walked by script (the form still works:
    typing the name in full mentions them)."""
    if is_rate_limited(request, "mention_lookup"):
        response = JsonResponse(
            {"people": [], "error": "Too many lookups. Please wait a minute."}, status=429
        )
        response["Retry-After"] = "60"
    else:
        people = mentions.suggest(request.GET.get("q", ""), request.user)
        response = JsonResponse({"people": people})
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@may_join_discussions
def add_comment(request, slug):
    post = _get_post(request, slug)
    return _handle_comment(request, post, parent=None)


def _handle_comment(request, post, *, parent):
    form = CommentForm(request.POST)

    def redisplay(status):
        if parent is None:
            return render_post(request, post.slug, form=form, status=status)
        return render(
            request,
            "blog/comment_reply.html",
            {"form": form, "parent": parent, "post": post},
            status=status,
        )

    if not post.accepts_comments():
        form.add_error(None, "This post is not open for comments.")
        return redisplay(403)
    if not form.is_valid():
        return redisplay(400)
    if is_rate_limited(request, "comment"):
        form.add_error(
            None, "You have sent several comments in a short time. Please wait a minute."
        )
        return redisplay(429)
    try:
        comment, _ = comment_service.add_comment(
            post=post,
            user=request.user,
            text=form.cleaned_data["comment"],
            parent=parent,
            ip_address=client_ip(request),
        )
    except CommentRefused as refusal:
        form.add_error(None, str(refusal))
        return redisplay(403)
    # Shown in base.html's role="status" box; the page lands at the comment (#c<id>).
    messages.success(
        request, "Your reply is published." if parent else "Your comment is published."
    )
    return redirect(_comment_url(post, comment, Viewer.of(request.user)))


def _comment_url(post, comment, viewer) -> str:
    # A reply past the first few of its thread is shown on that thread's own page.
    # (`order` is its place in the thread, the top-level comment being 1.)
    if comment.level > 0 and comment.order - 1 > comment_service.REPLIES_SHOWN:
        return f"{post.get_absolute_url()}?thread={comment.thread_id}#c{comment.pk}"
    page = comment_service.page_of(comment, viewer)
    query = f"?cpage={page}" if page > 1 else ""
    return f"{post.get_absolute_url()}{query}#c{comment.pk}"


def _get_comment(request, comment_id):
    """The comment and its post, if the viewer may see the post."""
    comment = get_object_or_404(
        XtdComment.objects.select_related("user__profile"),
        pk=comment_id,
        content_type=comment_service.post_content_type(),
    )
    post = get_object_or_404(Post.objects.visible_to(request.user), pk=comment.object_pk)
    if comment.is_removed:
        raise Http404("This comment has been deleted.")
    return comment, post


@may_join_discussions
def reply(request, comment_id):
    parent, post = _get_comment(request, comment_id)
    if request.method == "POST":
        return _handle_comment(request, post, parent=parent)
    return render(
        request,
        "blog/comment_reply.html",
        {"form": CommentForm(), "parent": parent, "post": post},
    )


@may_join_discussions
def report(request, comment_id):
    comment, post = _get_comment(request, comment_id)
    if request.method == "POST":
        form = ReportCommentForm(request.POST)
        if is_rate_limited(request, "report"):
            form.add_error(None, "You have sent several reports in a short time. Please wait.")
            status = 429
        elif form.is_valid():
            comment_service.report_comment(
                comment=comment,
                reporter=request.user,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                page_url=request.build_absolute_uri(post.get_absolute_url()),
            )
            return render(
                request,
                "blog/comment_reported.html",
                {"post": post, "at_risk": form.cleaned_data["category"] == "at_risk"},
            )
        else:
            status = 400
    else:
        form, status = ReportCommentForm(), 200
    return render(
        request,
        "blog/comment_report.html",
        {"form": form, "comment": comment, "post": post},
        status=status,
    )


@signed_in
def delete(request, comment_id):
    """The author takes their comment back; anyone else's is removed by a moderator."""
    comment, post = _get_comment(request, comment_id)
    if comment.user_id != request.user.pk:
        return _remove(request, comment, post)
    if request.method == "POST":
        comment_service.delete_own_comment(comment=comment, user=request.user)
        return redirect(_comment_url(post, comment, Viewer.of(request.user)))
    return render(
        request,
        "blog/comment_delete.html",
        {"comment": comment, "post": post, "form": None, "own": True},
    )


@may_remove_comments
def _remove(request, comment, post):
    form = RemoveCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment_service.remove_comment(
            comment=comment, moderator=request.user, reason=form.cleaned_data["reason"]
        )
        return redirect(_comment_url(post, comment, Viewer.of(request.user)))
    return render(
        request,
        "blog/comment_delete.html",
        {"comment": comment, "post": post, "form": form, "own": False},
        status=400 if form.errors else 200,
    )


@require_GET
def comment_target(request, content_type_id, object_id):
    """Where a comment's permalink (django-comments' `comments-url-redirect`) leads:
    the post it is on, if the viewer may see that post. Django's generic
    contenttypes `shortcut` would redirect anyone to any object's address,
    invitation links and drafts included; comments are only ever on posts."""
    if content_type_id != comment_service.post_content_type().pk or not object_id.isdigit():
        raise Http404("No such page.")
    post = get_object_or_404(Post.objects.visible_to(request.user), pk=int(object_id))
    return redirect(post.get_absolute_url())


@require_GET
@may_read_posts_in_full
def attachment(request, slug, attachment_id):
    post = _get_post(request, slug)
    item = get_object_or_404(post.attachments, pk=attachment_id)
    return files.send(
        item.file.name,
        files.Grant(download_name=item.download_name, content_type=item.content_type),
    )
