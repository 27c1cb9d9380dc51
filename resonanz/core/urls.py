from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from resonanz.core.forms import ChooseNewPasswordForm
from resonanz.core.views import accounts, audit, health, invitations, organization, password_reset, tenants

account_patterns = [
    path("login/", accounts.login_view, name="login"),
    path("login/two-factor/", accounts.login_two_factor, name="login-two-factor"),
    path("logout/", accounts.logout_view, name="logout"),
    path("profile/", accounts.profile, name="profile"),
    path("security/", accounts.security, name="security"),
    path("organizations/", accounts.organizations, name="organizations"),
    path("organizations/new/", tenants.new_organization, name="organization-new"),
    path(
        "password-reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=ChooseNewPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]

organization_patterns = [
    path("", organization.home, name="org-home"),
    path("members/", organization.member_list, name="member-list"),
    path("members/<int:membership_id>/", organization.member_detail, name="member-detail"),
    path(
        "members/invitations/<int:invitation_id>/revoke/",
        organization.invitation_revoke,
        name="invitation-revoke",
    ),
    path("settings/", organization.organization_settings, name="organization-settings"),
    path("tokens/", organization.api_tokens, name="api-tokens"),
    path("tokens/<int:api_token_id>/revoke/", organization.api_token_revoke, name="api-token-revoke"),
    path("audit/", audit.audit_list, name="audit-list"),
    path("audit/<int:audit_record_id>/", audit.audit_detail, name="audit-detail"),
    path("audit/export.csv", audit.audit_export, {"fmt": "csv"}, name="audit-export-csv"),
    path("audit/export.json", audit.audit_export, {"fmt": "json"}, name="audit-export-json"),
]

urlpatterns = [
    path("", accounts.home_redirect, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/language/", accounts.set_language, name="set-language"),
    path("accounts/", include(account_patterns)),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
    path("o/<slug:org>/", include(organization_patterns)),
]
