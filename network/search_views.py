from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from network.search import search_everything, snippets

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    page = None
    if query:
        results = search_everything(query, request.user)
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        snippet_of = snippets()
        page.items = [
            {
                "kind": kind,
                "object": obj,
                "snippet": snippet_of[kind](obj, query) if kind in snippet_of else "",
            }
            for kind, obj in page.object_list
        ]
    return render(request, "network/search.html", {"query": query, "page": page})
