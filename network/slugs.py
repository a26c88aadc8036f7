"""Web addresses made from a title: one rule for posts, workshops, topics, partners and
resources, so two things with the same name never collide (the second gets "-2")."""

from django.utils.text import slugify


def unique_slug(model, text: str, pk=None, *, length=70, fallback="item", ending="") -> str:
    """The first of `base`, `base-2`, `base-3`… that no other row of `model` uses, where
    `base` is `text` slugified (cut to `length`, or `fallback` when nothing is left)
    followed by `ending` (a workshop's date). `pk` is the row being saved, if it exists."""
    base = (slugify(text)[:length] or fallback) + ending
    others = model.objects.exclude(pk=pk) if pk else model.objects.all()
    slug, number = base, 2
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
