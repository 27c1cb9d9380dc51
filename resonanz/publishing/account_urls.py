"""URLs of the network accounts page, mounted at ``/o/<org>/publishing/accounts/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.publishing.views import accounts

app_name = "publishing_accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", accounts.accounts, name="accounts"),
    path("bluesky/", accounts.account_connect_bluesky, name="account_connect_bluesky"),
    path("webhook/", accounts.account_connect_webhook, name="account_connect_webhook"),
    path("oauth/", accounts.account_oauth_start, name="account_oauth_start"),
    path("oauth/callback/", accounts.account_oauth_callback, name="account_oauth_callback"),
    path("<int:network_account_id>/disconnect/", accounts.account_disconnect, name="account_disconnect"),
]
