from django.db.models.signals import post_migrate
from django.dispatch import receiver

from network.models import sync_site


@receiver(post_migrate)
def keep_site_in_step(sender, **kwargs):
    # post_migrate fires once per app after every migration has run; once is enough.
    if sender.name == "network":
        sync_site()


# --- Cached fragments: a write to any of these models shows at once ----------------------------
# (network/fragments.py). Queryset update()s skip these signals; the code doing
# them calls fragments.bump() itself.

FRAGMENT_KINDS = {
    "network.Network": ("network",),
    "blog.Post": ("posts",),
    "blog.Tag": ("posts",),
    "blog.Attachment": ("posts",),
    "blog.PostLike": ("posts",),
    "django_comments.Comment": ("comments",),
    "django_comments_xtd.XtdComment": ("comments",),
    "django_comments.CommentFlag": ("comments",),
    "members.User": ("people",),
    "members.Profile": ("people",),
    # Signed-in users are cached with "accepted the current Terms?" (members.backends).
    "members.TermsAcceptance": ("people",),
    "workshops.Workshop": ("workshops",),
    "workshops.Registration": ("workshops",),
    "workshops.Feedback": ("workshops",),
    "workshops.ThemeProposal": ("workshops",),
}


def _connect_fragment_signals():
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from network.fragments import bump

    def on_change(sender, **kwargs):
        if kwargs.get("raw"):
            return
        bump(*FRAGMENT_KINDS[sender._meta.label])

    for label in FRAGMENT_KINDS:
        model = apps.get_model(label)
        post_save.connect(
            on_change, sender=model, weak=False, dispatch_uid=f"fragments-save-{label}"
        )
        post_delete.connect(
            on_change, sender=model, weak=False, dispatch_uid=f"fragments-delete-{label}"
        )

    def on_m2m(sender, action, **kwargs):
        if action.startswith("post_"):
            bump(*m2m_kinds[sender])

    from django.contrib.auth import get_user_model

    from network.blog.models import Post
    from workshops.models import Workshop

    m2m_kinds = {
        get_user_model().groups.through: ("people",),
        Post.authors.through: ("posts",),
        Post.tags.through: ("posts",),
        Workshop.facilitators.through: ("workshops",),
    }
    for through in m2m_kinds:
        m2m_changed.connect(
            on_m2m, sender=through, weak=False, dispatch_uid=f"fragments-m2m-{through}"
        )


_connect_fragment_signals()
