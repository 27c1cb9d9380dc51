"""A post's images on the post page: add, describe, move, remove, and the file itself for those who may
see the post (the editor's readers here, the approval page's in ``approval_image``). Thin: parse, call
one action, redirect; a refusal shows the post page again with the reason and status 400."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from resonanz.content import approval_access as access
from resonanz.content.actions import images
from resonanz.content.image_forms import AltTextForm, ImageForm, MoveForm
from resonanz.content.models import Post, PostImage
from resonanz.content.views.posts import post_page_response
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability

C = Capability


def _back(request: MemberRequest, post: Post) -> HttpResponseBase:
    return redirect(reverse("editor:post", args=[request.member.organization.slug, post.pk]) + "#images")


def _refused(
    request: MemberRequest, post: Post, reasons: list[str], form: ImageForm | None = None
) -> HttpResponse:
    for reason in reasons:
        messages.error(request, reason)
    return post_page_response(request, post, image_form=form, status=400)


@org_view(C.WRITE_POSTS)
@require_POST
def post_image_add(request: MemberRequest, post_id: int) -> HttpResponseBase:
    member = request.member
    post = access.get_post_for(member, post_id)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, post, [], form)
    try:
        images.add_image(member, post, form.cleaned_data["image"], form.cleaned_data["alt_text"])
    except ActionRefused as refused:
        refused.show_on(form)
        return _refused(request, post, [], form)
    messages.success(request, _("The image is added."))
    return _back(request, post)


@org_view(C.WRITE_POSTS)
@require_POST
def post_image_alt_text(request: MemberRequest, post_id: int, post_image_id: int) -> HttpResponseBase:
    member = request.member
    image = access.get_image_for(member, post_id, post_image_id)
    form = AltTextForm(request.POST)
    if not form.is_valid():
        return _refused(request, image.post, [str(error) for error in form.errors.get("alt_text", [])])
    try:
        images.set_alt_text(member, image, form.cleaned_data["alt_text"])
    except ActionRefused as refused:
        return _refused(request, image.post, list(refused.messages))
    messages.success(request, _("The alternative text is saved."))
    return _back(request, image.post)


@org_view(C.WRITE_POSTS)
@require_POST
def post_image_move(request: MemberRequest, post_id: int, post_image_id: int) -> HttpResponseBase:
    member = request.member
    image = access.get_image_for(member, post_id, post_image_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, image.post, [_("Move an image up or down.")])
    try:
        images.move_image(member, image, -1 if form.cleaned_data["direction"] == "up" else 1)
    except ActionRefused as refused:
        return _refused(request, image.post, list(refused.messages))
    return _back(request, image.post)


@org_view(C.WRITE_POSTS)
@require_POST
def post_image_remove(request: MemberRequest, post_id: int, post_image_id: int) -> HttpResponseBase:
    member = request.member
    image = access.get_image_for(member, post_id, post_image_id)
    try:
        images.remove_image(member, image)
    except ActionRefused as refused:
        return _refused(request, image.post, list(refused.messages))
    messages.success(request, _("The image is removed."))
    return _back(request, image.post)


def image_file_response(image: PostImage) -> FileResponse:
    """The stored file, shown in the page (never run as a page: its type is the sniffed image type)."""
    try:
        handle = default_storage.open(image.file, "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=image.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@org_view(C.WRITE_POSTS)
@require_GET
def post_image(request: MemberRequest, post_id: int, post_image_id: int) -> FileResponse:
    return image_file_response(access.get_image_for(request.member, post_id, post_image_id))


@org_view(C.VIEW_CONTENT)
@require_GET
def approval_image(request: MemberRequest, post_id: int, post_image_id: int) -> FileResponse:
    return image_file_response(access.get_image_for(request.member, post_id, post_image_id))
