"""Who may have the blog's uploaded files (settings.UPLOAD_ACCESS, network/files.py): a
post's cover and attachments go to whoever may read the post in full."""

from network.blog.models import Attachment, Post
from network.blog.permissions import can_read_attachments
from network.files import Grant


def cover_access(request, name: str) -> Grant | None:
    """May the viewer have the cover stored as `name`? (network.files)"""
    post = Post.objects.filter(cover=name).only("status", "publish_at").first()
    if post is None or not can_read_attachments(request.user, post):
        return None
    return Grant()


def attachment_access(request, name: str) -> Grant | None:
    """May the viewer have the attachment stored as `name`? Sent as a download."""
    item = Attachment.objects.select_related("post").filter(file=name).first()
    if item is None or not can_read_attachments(request.user, item.post):
        return None
    return Grant(download_name=item.download_name, content_type=item.content_type)
