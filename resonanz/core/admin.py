"""Django admin, for superusers only (operators of the installation, not organization admins)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from resonanz.core.models import Membership, Organization, User


def _superuser_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]


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
