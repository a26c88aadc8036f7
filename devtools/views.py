from django.shortcuts import render


def floor(request):
    """The benchmark's framework floor: the same middleware and base layout, no data."""
    return render(request, "devtools/floor.html", {})
