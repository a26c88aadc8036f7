from django.shortcuts import render


def workshop_list(request):
    return render(request, "workshops/workshop_list.html", {})
