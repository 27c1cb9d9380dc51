"""Signing in and out, two-factor authentication, the profile and the language switch."""

from __future__ import annotations

import datetime as dt
import logging
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.core import account_log, actions, totp
from resonanz.core.access import memberships_of
from resonanz.core.crypto import decrypt, encrypt
from resonanz.core.errors import ActionRefused
from resonanz.core.forms import LoginForm, ProfileForm, TotpForm
from resonanz.core.http import SignedInRequest
from resonanz.core.lockout import count_unknown_address_failure, unknown_address_locked_until
from resonanz.core.models import User

logger = logging.getLogger(__name__)

PENDING_USER = "resonanz_pending_user"
PENDING_SINCE = "resonanz_pending_since"
PENDING_NEXT = "resonanz_pending_next"
SETUP_SECRET = "resonanz_totp_setup"  # noqa: S105  (a session key; the value in it is encrypted)
PENDING_MAX_SECONDS = 300


def _safe_next(request: HttpRequest, candidate: str | None, fallback: str = "home") -> str:
    """``candidate`` when it is a path on this site (never another host), else the URL named ``fallback``."""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse(fallback)


def _lock_message(until: dt.datetime) -> str:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)s minute or reset your password.",
        "Too many failed attempts. Try again in %(minutes)s minutes or reset your password.",
        minutes,
    ) % {"minutes": minutes}


def _invalid_code_message() -> str:
    return _("This code is not valid. Check your device's clock and try the next code.")


def _unreadable_secret(user: User) -> str:
    logger.error("cannot decrypt the TOTP secret of user %s: check RESONANZ_ENCRYPTION_KEY", user.pk)
    return _("Your code cannot be checked at the moment. Please tell your administrator.")


def _locked_until(user: User) -> dt.datetime | None:
    return user.locked_until if user.locked_until and user.locked_until > timezone.now() else None


def _finish_login(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    actions.register_successful_login(user)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    response = redirect(next_url)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax", httponly=True)
    return response


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    if request.method != "POST":
        return render(request, "accounts/login.html", {"form": form})
    if form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        locked_until = _locked_until(user) if user else unknown_address_locked_until(email)
        if locked_until:
            form.add_error(None, _lock_message(locked_until))
        else:
            authenticated = authenticate(request, email=email, password=form.cleaned_data["password"])
            if isinstance(authenticated, User) and authenticated.has_two_factor:
                request.session.cycle_key()
                request.session[PENDING_USER] = authenticated.pk
                request.session[PENDING_SINCE] = int(timezone.now().timestamp())
                request.session[PENDING_NEXT] = next_url
                return redirect("login-two-factor")
            if isinstance(authenticated, User):
                return _finish_login(request, authenticated, next_url)
            if user is not None and actions.register_failed_login(user):
                user.refresh_from_db(fields=["locked_until"])
                locked_until = user.locked_until
            elif user is None:
                locked_until = count_unknown_address_failure(email)
            form.add_error(
                None,
                _lock_message(locked_until) if locked_until else _("E-mail address or password is wrong."),
            )
    return render(request, "accounts/login.html", {"form": form}, status=400)


def _forget_pending_login(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_SINCE, PENDING_NEXT):
        request.session.pop(key, None)


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_two_factor(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator app, within five minutes."""
    user_id = request.session.get(PENDING_USER)
    since = request.session.get(PENDING_SINCE, 0)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    expired = timezone.now().timestamp() - since > PENDING_MAX_SECONDS
    if user is None or not user.has_two_factor or expired:
        _forget_pending_login(request)
        messages.info(request, _("Please sign in again."))
        return redirect("login")
    form = TotpForm(request.POST or None)
    if request.method != "POST":
        return render(request, "accounts/two_factor_login.html", {"form": form})
    if form.is_valid():
        locked_until = _locked_until(user)
        if locked_until:
            form.add_error(None, _lock_message(locked_until))
        else:
            try:
                accepted = actions.use_two_factor_code(user, form.cleaned_data["code"])
            except ValueError:
                form.add_error(None, _unreadable_secret(user))
            else:
                if accepted:
                    next_url = request.session.get(PENDING_NEXT) or reverse("home")
                    _forget_pending_login(request)
                    return _finish_login(request, user, next_url)
                if actions.register_failed_login(user):
                    user.refresh_from_db(fields=["locked_until"])
                    form.add_error(None, _lock_message(user.locked_until or timezone.now()))
                else:
                    form.add_error("code", _invalid_code_message())
    return render(request, "accounts/two_factor_login.html", {"form": form}, status=400)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: SignedInRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={**ProfileForm.initial_for(user), "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(user, language=form.cleaned_data["language"], **form.name_values())
        except ActionRefused as error:
            form.add_error(error.field if error.field in form.fields else None, error.messages)
        else:
            with translation.override(user.language):
                messages.success(request, _("Your profile has been saved."))
            response = redirect("profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax", httponly=True)
            return response
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if request.method == "POST" else 200
    )


def _setup_secret(request: HttpRequest) -> str:
    """The secret offered for set-up, kept (encrypted) in the session until a code confirms it."""
    stored = request.session.get(SETUP_SECRET)
    if stored:
        try:
            return decrypt(stored)
        except ValueError:
            pass  # the keys changed since: offer a new secret
    secret = totp.new_secret()
    request.session[SETUP_SECRET] = encrypt(secret)
    return secret


@login_required
@require_http_methods(["GET", "POST"])
def security(request: SignedInRequest) -> HttpResponse:
    """Set up or switch off two-factor authentication."""
    user = request.user
    if request.method == "POST" and request.POST.get("intent") == "disable":
        return _disable_two_factor(request, user)
    form = TotpForm(request.POST or None)
    if user.has_two_factor:
        status = 400 if request.method == "POST" else 200
        return render(
            request,
            "accounts/security.html",
            {"form": form, "has_two_factor": True, "events": account_log.recent(user)},
            status=status,
        )
    secret = _setup_secret(request)
    if request.method == "POST" and form.is_valid():
        step = totp.matching_step(secret, form.cleaned_data["code"])
        if step is None:
            form.add_error("code", _invalid_code_message())
        else:
            actions.enable_two_factor(user, encrypt(secret), step)
            request.session.pop(SETUP_SECRET, None)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect(_safe_next(request, request.GET.get("next"), fallback="security"))
    context = {
        "form": form,
        "has_two_factor": False,
        "events": account_log.recent(user),
        "secret": secret,
        # In groups of four, as authenticator apps show it and people type it.
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr": totp.qr_data_uri(totp.provisioning_uri(secret, user.email)),
    }
    return render(request, "accounts/security.html", context, status=400 if request.method == "POST" else 200)


def _disable_two_factor(request: HttpRequest, user: User) -> HttpResponse:
    """Switching off needs a current code: a borrowed session alone must not remove the second factor."""
    if not user.has_two_factor:
        return redirect("security")
    locked_until = _locked_until(user)
    if locked_until:
        messages.error(request, _lock_message(locked_until))
        return redirect("security")
    try:
        accepted = actions.use_two_factor_code(user, request.POST.get("code", ""))
    except ValueError:
        messages.error(request, _unreadable_secret(user))
        return redirect("security")
    if not accepted:
        # Guessing codes here counts like guessing them at sign-in.
        actions.register_failed_login(user)
        messages.error(request, _("Enter a current code to switch two-factor authentication off."))
        return redirect("security")
    actions.disable_two_factor(user)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("security")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language; for a signed-in user it is saved with the account."""
    language = request.POST.get("language", "")
    next_url = _safe_next(request, request.POST.get("next"))
    if language not in ("de", "en"):
        messages.error(request, _("Choose German or English."))
        return redirect(next_url)
    if request.user.is_authenticated:
        actions.set_language(request.user, language)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", httponly=True, max_age=365 * 86400
    )
    return response


@login_required
def organizations(request: SignedInRequest) -> HttpResponse:
    """The organizations the user belongs to; a consultant switches between client companies here."""
    from resonanz.core.guards import may_create_organizations

    context = {
        "memberships": memberships_of(request.user),
        "may_create": may_create_organizations(request.user),
    }
    return render(request, "accounts/organizations.html", context)


@login_required
def home_redirect(request: SignedInRequest) -> HttpResponse:
    user = request.user
    memberships = list(memberships_of(user))
    chosen = next((m for m in memberships if m.organization_id == user.last_organization_id), None)
    if chosen is None and len(memberships) == 1:
        chosen = memberships[0]
    if chosen is None:
        return redirect("organizations")
    return HttpResponseRedirect(f"/o/{chosen.organization.slug}/")
