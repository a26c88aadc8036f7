"""The library's pages: resources, partners and "you said, we did". Thin: reads come
from the querysets (library.models), decisions from library.permissions, writes from
library.services."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from library import permissions, services
from library.forms import BrowseForm, PartnerMembershipForm, SuggestForm
from library.models import Outcome, PartnerMembership, Resource, partner_listing
from network.blog.models import Post
from network.models import Topic
from workshops.models import Workshop

PER_PAGE = 20


def _visible_resources(user):
    return Resource.objects.visible_to(members=permissions.sees_members_resources(user))


@permissions.may_browse
def resource_list(request):
    topics = list(Topic.objects.filter(resources__status=Resource.Status.PUBLISHED).distinct())
    form = BrowseForm(request.GET or None, topics=topics)
    filters = form.filters() if request.GET else {}
    found = _visible_resources(request.user).browse(**filters).distinct().for_list()
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query_suffix = "".join(f"&{name}={quote(value)}" for name, value in filters.items())
    return render(
        request,
        "library/resource_list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "query_suffix": query_suffix,
            "can_suggest": permissions.can_suggest(request.user),
        },
    )


@permissions.may_browse
def resource_detail(request, slug):
    resource = get_object_or_404(
        Resource.objects.prefetch_related(
            "topics",
            "files",
            "partners",
            Prefetch("workshops", queryset=Workshop.objects.order_by("-start")),
            Prefetch("posts", queryset=Post.objects.published().order_by("-publish_at")),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("-created_at")),
        ),
        slug=slug,
    )
    if not permissions.can_see_resource(request.user, resource):
        if not request.user.is_authenticated and resource.status == Resource.Status.PUBLISHED:
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "library/resource_unavailable.html",
            {"resource": resource if resource.suggested_by_id == request.user.pk else None},
            status=403 if request.user.is_authenticated else 404,
        )
    files = list(resource.files.all())
    return render(
        request,
        "library/resource_detail.html",
        {
            "resource": resource,
            "main_files": [f for f in files if not f.is_easy_read],
            "easy_read_files": [f for f in files if f.is_easy_read],
            "can_manage": permissions.can_manage(request.user),
        },
    )


@permissions.may_suggest
def suggest(request):
    form = SuggestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.suggest_resource(
            member=request.user,
            fields={
                "title": data["title"],
                "summary": data["summary"],
                "kind": data["kind"],
                "link": data["link"],
                "licence": data["licence"],
                "audiences": data["audiences"],
                "visibility": Resource.Visibility.MEMBERS,
            },
            topics=data["topics"],
            upload=data.get("upload"),
            kind=getattr(form, "upload_kind", None),
        )
        messages.success(
            request,
            "Thank you. Your suggestion is waiting for an organiser; we will e-mail you "
            "when it is published.",
        )
        return redirect("library:suggest")
    waiting = Resource.objects.filter(suggested_by=request.user).order_by("-created_at")[:20]
    return render(request, "library/suggest.html", {"form": form, "mine": waiting})


@permissions.may_browse
def partner_list(request):
    user = request.user
    partners = list(
        partner_listing().prefetch_related(
            Prefetch("workshops", queryset=Workshop.objects.order_by("-start")),
            Prefetch("resources", queryset=_visible_resources(user).order_by("title")),
            Prefetch("posts", queryset=Post.objects.published().order_by("-publish_at")),
        )
    )
    people = {}
    for membership in permissions.memberships_shown_to(user, [p.pk for p in partners]):
        people.setdefault(membership.partner_id, []).append(membership.member)
    for partner in partners:
        partner.people = people.get(partner.pk, [])
    form = None
    if permissions.can_say_partner(user):
        form = PartnerMembershipForm(initial=PartnerMembershipForm.initial_for(user))
    return render(request, "library/partner_list.html", {"partners": partners, "form": form})


@permissions.may_say_partner
def my_partner(request):
    form = PartnerMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = form.cleaned_data["partner"]
        if partner is None:
            PartnerMembership.objects.filter(member=request.user).delete()
            messages.success(request, "You are no longer shown as belonging to a partner.")
        else:
            PartnerMembership.objects.update_or_create(
                member=request.user,
                defaults={"partner": partner, "visibility": form.cleaned_data["visibility"]},
            )
            messages.success(request, f"Saved: you belong to {partner}.")
        return redirect("library:partners")
    return render(request, "library/my_partner.html", {"form": form})


@permissions.may_browse
def outcome_list(request):
    outcomes = Outcome.objects.for_list().order_by("-created_at")
    page = Paginator(outcomes, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "library/outcome_list.html", {"page": page})
