"""Django admin, for superusers only (operators of the installation, not organization admins)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from resonanz.core.models import Membership, Organization, User


def _superuser_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


def _login_through_the_app(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin has no sign-in form of its own: that form would skip two-factor and the lock-out.

    Signing in goes through resonanz's own login; a signed-in member who is not a superuser finds
    no admin at all.
    """
    if request.user.is_authenticated and not _superuser_only(request):
        raise Http404
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = resolve_url("admin:index")
    if request.user.is_authenticated:
        return redirect(target)
    return redirect_to_login(target)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]
admin.site.login = _login_through_the_app  # type: ignore[method-assign]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name", "slug", "time_zone", "default_language")
    search_fields = ("name", "slug")
    readonly_fields = ("audit_head_seq", "audit_head_hash")


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ("email", "full_name", "language", "is_active", "is_superuser")
    search_fields = ("email", "full_name")
    exclude = ("password", "totp_secret_encrypted")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organization", "is_active")
    list_filter = ("organization",)
