"""A post's images: added (sniffed, bounded), described, moved and removed, each change a new revision
that withdraws an approval; approval needs an alternative text for every image."""

from __future__ import annotations

import struct
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from resonanz.content.actions import approval, images, posts
from resonanz.content.images import MAX_ALT_TEXT, MAX_IMAGE_BYTES, image_facts
from resonanz.content.models import Post, PostImage, PostStatus
from resonanz.content.tests.factories import png_bytes
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def writer(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Anna Autorin")


@pytest.fixture
def approver(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"], full_name="Quentin Qualität")


@pytest.fixture
def post(writer: Membership) -> Post:
    return posts.create_post(writer, "Sommerfest", {"bluesky": "Kommt vorbei!"})


def upload(data: bytes | None = None, name: str = "bild.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes() if data is None else data, content_type="image/png")


def jpeg_bytes(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def _stored(member: Membership) -> set[str]:
    folder = f"content/images/{member.organization_id}"
    return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()


def test_it_reads_kind_and_size_from_the_bytes_of_each_kind_the_networks_take() -> None:
    assert image_facts(png_bytes(3, 2)).mime_type == "image/png"
    assert (image_facts(png_bytes(3, 2)).width, image_facts(png_bytes(3, 2)).height) == (3, 2)
    assert (image_facts(jpeg_bytes(640, 480)).width, image_facts(jpeg_bytes(640, 480)).height) == (640, 480)
    gif = b"GIF89a" + struct.pack("<HH", 20, 10) + b"\x00" * 20
    assert (image_facts(gif).mime_type, image_facts(gif).width) == ("image/gif", 20)
    webp = b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8X" + struct.pack("<I", 10) + b"\x00" * 4
    webp += (99).to_bytes(3, "little") + (49).to_bytes(3, "little")
    assert (image_facts(webp).mime_type, image_facts(webp).width, image_facts(webp).height) == (
        "image/webp",
        100,
        50,
    )


def test_it_adds_an_image_through_the_storage_as_a_new_revision(writer: Membership, post: Post) -> None:
    image = images.add_image(writer, post, upload(name="../../plakat.png"), alt_text="  Ein Plakat  ")

    post.refresh_from_db()
    assert post.revision == 2
    assert (image.position, image.mime_type, image.alt_text, image.original_name) == (
        0,
        "image/png",
        "Ein Plakat",
        "plakat.png",
    )
    assert image.file.startswith(f"content/images/{writer.organization_id}/") and image.file.endswith(".png")
    with default_storage.open(image.file, "rb") as stored:
        assert stored.read() == png_bytes()
    record = AuditRecord.objects.get(action="content.image_added")
    assert (record.after or {})["revision"] == 2


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "not_an_image"),
        (b"%PDF-1.7 not an image", "not_an_image"),
        (b"\x89PNG\r\n\x1a\n", "not_an_image"),  # a signature and nothing else
        (png_bytes(100_000, 100_000), "too_many_pixels"),  # a bomb: a few bytes declare 10^10 pixels
        (png_bytes(9_000, 9_000), "too_many_pixels"),  # each side allowed, 81 megapixels not
        (jpeg_bytes(0, 480), "too_many_pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_IMAGE_BYTES, "too_large"),
    ],
)
def test_it_refuses_what_is_no_image_a_network_takes(
    writer: Membership, post: Post, data: bytes, code: str
) -> None:
    with pytest.raises(ActionRefused) as refused:
        images.add_image(writer, post, upload(data))

    assert (refused.value.code, refused.value.field) == (code, "image")
    assert not PostImage.objects.exists()
    assert Post.objects.get(pk=post.pk).revision == 1
    assert _stored(writer) == set()


def test_it_refuses_a_fifth_image_and_leaves_no_file_behind(writer: Membership, post: Post) -> None:
    for _ in range(4):
        images.add_image(writer, post, upload(), alt_text="Bild")
    files = _stored(writer)

    with pytest.raises(ActionRefused):
        images.add_image(writer, post, upload(), alt_text="Bild")

    assert PostImage.objects.filter(post=post).count() == 4
    assert _stored(writer) == files and len(files) == 4


def test_an_alternative_text_is_bounded_by_mastodon_s_limit(writer: Membership, post: Post) -> None:
    image = images.add_image(writer, post, upload())
    with pytest.raises(ActionRefused) as refused:
        images.set_alt_text(writer, image, "x" * (MAX_ALT_TEXT + 1))
    assert refused.value.field == "alt_text"

    images.set_alt_text(writer, image, "x" * MAX_ALT_TEXT)
    assert len(PostImage.objects.get(pk=image.pk).alt_text) == MAX_ALT_TEXT


def test_approval_needs_an_alternative_text_and_describing_after_approval_withdraws_it(
    writer: Membership, approver: Membership, post: Post
) -> None:
    image = images.add_image(writer, post, upload())
    run = posts.submit_for_approval(writer, post)
    assert run.blocking == 1
    with pytest.raises(ActionRefused):
        approval.approve_post(approver, post)

    images.set_alt_text(writer, image, "Ein Plakat zum Sommerfest")
    posts.submit_for_approval(writer, post)
    approval.approve_post(approver, post)
    assert Post.objects.get(pk=post.pk).status == PostStatus.APPROVED

    images.set_alt_text(writer, image, "Das Plakat zum Sommerfest")

    post.refresh_from_db()
    assert (post.status, post.approved_revision) == (PostStatus.DRAFT, post.revision - 1)
    assert AuditRecord.objects.filter(action="content.approval_withdrawn").count() == 1
    described = AuditRecord.objects.filter(action="content.image_described").order_by("pk")
    assert [(record.after or {})["approval_withdrawn"] for record in described] == [False, True]


def test_images_move_and_are_removed_keeping_their_order(
    writer: Membership, post: Post, django_capture_on_commit_callbacks: Any
) -> None:
    first, second, third = (images.add_image(writer, post, upload(), alt_text=text) for text in "ABC")

    images.move_image(writer, third, -1)
    assert list(PostImage.objects.filter(post=post).values_list("alt_text", flat=True)) == ["A", "C", "B"]
    images.move_image(writer, PostImage.objects.get(alt_text="A"), -1)  # first already: nothing changes
    assert PostImage.objects.get(alt_text="A").position == 0

    with django_capture_on_commit_callbacks(execute=True):
        images.remove_image(writer, first)

    assert list(PostImage.objects.filter(post=post).values_list("alt_text", "position")) == [
        ("C", 0),
        ("B", 1),
    ]
    assert not default_storage.exists(first.file)
    assert AuditRecord.objects.filter(action="content.image_moved").count() == 1
    with pytest.raises(ActionRefused):
        images.move_image(writer, second, 2)


def test_only_writers_of_the_post_change_its_images(
    writer: Membership, post: Post, org: Organization
) -> None:
    image = images.add_image(writer, post, upload())
    ambassador = make_member(org, ["ambassador"])
    auditor = make_member(org, ["auditor"])

    with pytest.raises(ActionRefused):
        images.set_alt_text(ambassador, image, "Fremd")
    with pytest.raises(PermissionDenied):
        images.remove_image(auditor, image)
    posts.archive_post(writer, post)
    with pytest.raises(ActionRefused):
        images.add_image(writer, post, upload())
