from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from network.search import search_everything, snippet

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    page = None
    if query:
        results = search_everything(query, request.user)
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        page.items = [
            {"kind": kind, "object": obj, "snippet": snippet(obj, query) if kind == "post" else ""}
            for kind, obj in page.object_list
        ]
    return render(request, "network/search.html", {"query": query, "page": page})
