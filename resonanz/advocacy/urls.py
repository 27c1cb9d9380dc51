"""URLs of the share library, mounted at ``/o/<org>/advocacy/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.advocacy.views import library, manage

app_name = "advocacy"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", library.library, name="library"),
    path("mine/", library.my_shares, name="my_shares"),
    path("items/<int:shareable_item_id>/", library.item_detail, name="item_detail"),
    path("items/<int:shareable_item_id>/share/", library.item_share, name="item_share"),
    path("items/<int:shareable_item_id>/withdraw/", manage.withdraw, name="withdraw"),
    path("shares/<int:share_id>/", library.share_detail, name="share_detail"),
    path("manage/", manage.manage, name="manage"),
    path("posts/<int:post_id>/offer/", manage.offer, name="offer"),
]
