"""What ``content/_post_images.html`` shows: a post's images in order, each with its alternative text
and (where the viewer may change them) its own form. The post page and the approval page include it."""

from __future__ import annotations

from typing import Any

from resonanz.content.image_forms import AltTextForm
from resonanz.content.models import MAX_IMAGES, Post, PostImage


def images_context(post: Post, file_url_name: str, *, may_edit: bool) -> dict[str, Any]:
    """``file_url_name`` serves the files to this page's readers (the editor's or the approval's)."""
    images = list(PostImage.objects.filter(post=post).order_by("position", "pk")[:MAX_IMAGES])
    return {
        "images": [
            {
                "image": image,
                "number": image.position + 1,
                "first": index == 0,
                "last": index == len(images) - 1,
                "alt_form": AltTextForm(initial={"alt_text": image.alt_text}, auto_id=f"image-{image.pk}-%s")
                if may_edit
                else None,
            }
            for index, image in enumerate(images)
        ],
        "image_file_url": file_url_name,
        "may_edit_images": may_edit,
        "may_add_image": may_edit and len(images) < MAX_IMAGES,
        "max_images": MAX_IMAGES,
    }
