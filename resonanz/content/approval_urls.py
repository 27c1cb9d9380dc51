"""URLs of the approval pages, mounted at ``/o/<org>/content/approval/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.content.views import approval, images

app_name = "approval"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", approval.approval_awaiting, name="approval_awaiting"),
    path("posts/<int:post_id>/", approval.approval_post, name="approval_post"),
    path("posts/<int:post_id>/decide/", approval.approval_decide, name="approval_decide"),
    path("posts/<int:post_id>/comment/", approval.approval_comment, name="approval_comment"),
    path("posts/<int:post_id>/images/<int:post_image_id>/", images.approval_image, name="approval_image"),
    path("rules/", approval.approval_rules, name="approval_rules"),
    path("rules/set/", approval.approval_rule_set, name="approval_rule_set"),
    path(
        "rules/<int:approval_policy_id>/remove/", approval.approval_rule_remove, name="approval_rule_remove"
    ),
]
