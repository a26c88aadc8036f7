from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from network.search import search_everything, snippets

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    page = None
    if query:
        # Lazy: the results are a cached fragment (kept until posts, workshops or
        # people next change, per role), and on a hit no search query runs.
        viewer, number = request.user, request.GET.get("page")
        page = SimpleLazyObject(lambda: _results_page(viewer, query, number))
    return render(request, "network/search.html", {"query": query, "page": page})


def _results_page(viewer, query, number):
    results = search_everything(query, viewer)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(number)
    snippet_of = snippets()
    page.items = [
        {
            "kind": kind,
            "object": obj,
            "snippet": snippet_of[kind](obj, query) if kind in snippet_of else "",
        }
        for kind, obj in page.object_list
    ]
    return page
