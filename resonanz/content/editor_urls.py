"""URLs of the editor's pages, mounted at ``/o/<org>/content/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.content.views import guidelines, images, posts

app_name = "editor"

urlpatterns: list[URLPattern | URLResolver] = [
    path("posts/", posts.post_list, name="posts"),
    path("posts/mine/", posts.my_posts, name="my_posts"),
    path("posts/new/", posts.post_new, name="post_new"),
    path("posts/count/", posts.post_count, name="post_count"),
    path("posts/<int:post_id>/", posts.post_page, name="post"),
    path("posts/<int:post_id>/edit/", posts.post_edit, name="post_edit"),
    path("posts/<int:post_id>/check/", posts.post_check, name="post_check"),
    path("posts/<int:post_id>/submit/", posts.post_submit, name="post_submit"),
    path("posts/<int:post_id>/archive/", posts.post_archive, name="post_archive"),
    path("posts/<int:post_id>/images/add/", images.post_image_add, name="post_image_add"),
    path("posts/<int:post_id>/images/<int:post_image_id>/", images.post_image, name="post_image"),
    path(
        "posts/<int:post_id>/images/<int:post_image_id>/alt-text/",
        images.post_image_alt_text,
        name="post_image_alt_text",
    ),
    path(
        "posts/<int:post_id>/images/<int:post_image_id>/move/", images.post_image_move, name="post_image_move"
    ),
    path(
        "posts/<int:post_id>/images/<int:post_image_id>/remove/",
        images.post_image_remove,
        name="post_image_remove",
    ),
    path("campaigns/", guidelines.campaign_list, name="campaigns"),
    path("campaigns/<int:campaign_id>/", guidelines.campaign_edit, name="campaign"),
    path("campaigns/<int:campaign_id>/active/", guidelines.campaign_active, name="campaign_active"),
    path("guidelines/", guidelines.guideline_list, name="guidelines"),
    path("guidelines/add/", guidelines.guideline_add, name="guideline_add"),
    path("guidelines/<int:guideline_rule_id>/", guidelines.guideline_edit, name="guideline"),
    path("guidelines/<int:guideline_rule_id>/remove/", guidelines.guideline_remove, name="guideline_remove"),
]
