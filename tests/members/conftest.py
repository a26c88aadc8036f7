import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import Profile
from network.models import Network


@pytest.fixture
def set_policy(network):
    def set_(policy):
        network.join_policy = policy
        network.save()
        return network

    return set_


@pytest.fixture
def approval(set_policy):
    return set_policy(Network.JoinPolicy.APPROVAL)


@pytest.fixture
def invitation_only(set_policy):
    return set_policy(Network.JoinPolicy.INVITATION)


def image_upload(fmt="JPEG", size=(400, 300), name=None, exif=None, color=(200, 80, 40)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[fmt]
    content_type = f"image/{extension.replace('jpg', 'jpeg')}"
    return SimpleUploadedFile(name or f"picture.{extension}", buffer.getvalue(), content_type)


@pytest.fixture
def applicant(make_user):
    return make_user(
        state=Profile.State.PENDING,
        display_name="Ada Applicant",
        expertise=["carer", "other"],
        expertise_other="Peer support worker",
        organisation="Hackney Carers",
        area="hackney",
        topics="carers' rights",
        why_join="To share what caring taught me.",
    )


@pytest.fixture
def make_comment(db):
    """make_comment(user, target, text, parent=None): an XtdComment on any object."""
    from django.contrib.contenttypes.models import ContentType
    from django_comments_xtd.models import XtdComment

    def make(user, target, text="A thoughtful comment.", parent=None):
        return XtdComment.objects.create(
            content_type=ContentType.objects.get_for_model(target),
            object_pk=str(target.pk),
            site_id=1,
            user=user,
            user_name=str(user) if user else "Visitor",
            user_email=user.email if user else "",
            comment=text,
            parent_id=parent.pk if parent else 0,
            is_public=True,
            is_removed=False,
        )

    return make
