"""A post's images on the post page and the approval page: added, described, moved and removed with
plain forms (keyboard-usable), odd files answered 400 in German, files served only to who sees the post."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from resonanz.content.actions import images, posts
from resonanz.content.models import Post, PostImage
from resonanz.content.tests.factories import png_bytes
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member


@pytest.fixture
def writer(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Anna Autorin", language="de")


@pytest.fixture
def post(writer: Membership) -> Post:
    return posts.create_post(writer, "Sommerfest", {"bluesky": "Kommt vorbei!"})


def _client(member: Membership) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    return client


def _post_url(member: Membership, post: Post) -> str:
    return f"/o/{member.organization.slug}/content/posts/{post.pk}/"


def _file(data: bytes | None = None, name: str = "plakat.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes() if data is None else data, content_type="image/png")


def test_a_writer_adds_describes_moves_and_removes_images_through_the_page(
    writer: Membership, post: Post
) -> None:
    client = _client(writer)
    page = client.get(_post_url(writer, post)).content.decode()
    assert "Bild hinzufügen" in page and 'enctype="multipart/form-data"' in page

    added = client.post(f"{_post_url(writer, post)}images/add/", {"image": _file(), "alt_text": "Ein Plakat"})
    assert added.status_code == 302
    client.post(f"{_post_url(writer, post)}images/add/", {"image": _file(name="zwei.png"), "alt_text": ""})
    first, second = PostImage.objects.filter(post=post).order_by("position")

    page = client.get(_post_url(writer, post)).content.decode()
    assert 'alt="Ein Plakat"' in page
    assert "Noch kein Alternativtext: vor der Freigabe erforderlich." in page
    assert f'<label class="form-label" for="image-{second.pk}-alt_text">' in page  # one label per form

    base = f"{_post_url(writer, post)}images/{second.pk}/"
    assert client.post(f"{base}alt-text/", {"alt_text": "Zweites Bild"}).status_code == 302
    assert client.post(f"{base}move/", {"direction": "up"}).status_code == 302
    assert list(PostImage.objects.filter(post=post).values_list("alt_text", flat=True)) == [
        "Zweites Bild",
        "Ein Plakat",
    ]
    assert client.post(f"{_post_url(writer, post)}images/{first.pk}/remove/").status_code == 302
    assert list(PostImage.objects.filter(post=post).values_list("pk", flat=True)) == [second.pk]
    assert Post.objects.get(pk=post.pk).revision == 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not an image at all", "keine JPEG-, PNG-, GIF- oder WebP-Datei"),
        (png_bytes(100_000, 100_000), "100000 × 100000 Pixel"),
        (b"\xff\xd8\xff" + b"\x00" * 1_000_000, "höchstens 1 MB"),
    ],
)
def test_odd_files_get_a_400_with_a_german_reason(
    writer: Membership, post: Post, data: bytes, message: str
) -> None:
    response = _client(writer).post(f"{_post_url(writer, post)}images/add/", {"image": _file(data)})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PostImage.objects.exists()


def test_odd_forms_get_a_400(writer: Membership, post: Post) -> None:
    image = images.add_image(writer, post, _file())
    client = _client(writer)
    base = f"{_post_url(writer, post)}images/{image.pk}/"

    assert client.post(f"{_post_url(writer, post)}images/add/", {}).status_code == 400
    assert client.post(f"{base}move/", {"direction": "sideways"}).status_code == 400
    too_long = client.post(f"{base}alt-text/", {"alt_text": "x" * 1501})
    assert too_long.status_code == 400
    assert PostImage.objects.get(pk=image.pk).alt_text == ""


def test_the_approval_page_shows_the_images_with_their_alternative_text(
    writer: Membership, post: Post, org: Organization
) -> None:
    image = images.add_image(writer, post, _file(), alt_text="Ein Plakat zum Sommerfest")
    approver = make_member(org, ["quality_officer"])
    base = f"/o/{org.slug}/content/approval/posts/{post.pk}/"

    page = _client(approver).get(base).content.decode()
    served = _client(approver).get(f"{base}images/{image.pk}/")

    assert f'src="{base}images/{image.pk}/"' in page and 'alt="Ein Plakat zum Sommerfest"' in page
    assert "Alternativtext von Bild 1" not in page  # approvers read; they do not edit here
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == png_bytes()  # type: ignore[attr-defined]


def test_images_are_served_only_to_who_may_see_the_post(
    writer: Membership, post: Post, org: Organization, other_org: Organization
) -> None:
    image = images.add_image(writer, post, _file())
    url = f"{_post_url(writer, post)}images/{image.pk}/"
    ambassador = make_member(org, ["ambassador"])
    works_council = make_member(org, ["works_council"])
    stranger = make_member(other_org, ["admin", "communications_manager"])
    other_post = posts.create_post(writer, "Anderer Beitrag", {"bluesky": "Text"})

    assert _client(writer).get(url).status_code == 200
    assert _client(ambassador).get(url).status_code == 404  # not their post
    assert _client(works_council).get(url).status_code == 403
    assert _client(stranger).get(url).status_code == 404
    assert (
        _client(stranger).get(f"/o/{other_org.slug}/content/posts/{post.pk}/images/{image.pk}/").status_code
        == 404
    )
    # The image of another post under this post's address: 404.
    assert _client(writer).get(f"{_post_url(writer, other_post)}images/{image.pk}/").status_code == 404
    assert _client(ambassador).post(f"{url}remove/").status_code == 404
    assert PostImage.objects.filter(pk=image.pk).exists()
