"""Admin actions that reach people ask first.

The house rule: an organiser's action that e-mails people (removing them from a
workshop, deciding applications, answering invitation requests) first shows who will
be told and what happens, and acts only on a second, deliberate click. The action
itself records what it did (the admin's history or the moderation log).
"""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse


def confirmed(request) -> bool:
    """The organiser has seen the confirmation page and pressed its button."""
    return request.POST.get("apply") == "1"


def ask_first(modeladmin, request, *, action: str, title: str, items, consequence: str,
              button: str):  # fmt: skip
    """The confirmation page: `items` are the chosen rows (each shown by str()), none of
    which has been touched yet."""
    return TemplateResponse(
        request,
        "admin/ask_first.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.opts,
            "items": list(items),
            "consequence": consequence,
            "button": button,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
