"""Who calls the API: bearer tokens, the caller's capabilities, the language of the answers.

Routers fetch the caller with ``member_of(request, capability)``. Messages are in the language of an
``Accept-Language`` header that names German or English; otherwise in the token user's own language;
before a token is checked (401, unknown paths) in German.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja.errors import HttpError
from ninja.security import HttpBearer

from resonanz.core.access import memberships_of
from resonanz.core.http import ApiRequest
from resonanz.core.models import ApiToken, Membership
from resonanz.core.models.token import TOKEN_PREFIX, TokenScope, hash_token_secret
from resonanz.core.roles import WRITE_CAPABILITIES, Capability

# The methods that only read (RFC 9110 §9.2.1 "safe"): a read token may use them, and nothing else.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A token's last use is written at most once a minute: a busy script must not write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
_TOKEN = re.compile(r"(?P<scheme>[a-z]{1,8})_(?P<prefix>[0-9a-f]{1,16})_(?P<secret>[A-Za-z0-9_-]{1,128})")


def _requested_language(request: HttpRequest) -> str | None:
    """The first language of the Accept-Language header that resonanz speaks, if any."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def activate_language(request: HttpRequest, preferred: str | None = None) -> None:
    language = _requested_language(request) or preferred or settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language


# ---------------------------------------------------------------- authentication


class BearerToken(HttpBearer):
    """``Authorization: Bearer rz_<prefix>_<secret>``; sets ``request.member`` and ``request.token``.

    A refused token leaves a translated reason in ``request.auth_problem`` for the 401 response.
    """

    openapi_bearerFormat = "rz_<prefix>_<secret>"
    openapi_description = (
        "A personal API token, created on the organization's “API tokens” page. It acts for its owner "
        "in one organization; a read token cannot change anything."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Membership | None:
        plain = token.strip()
        match = _TOKEN.fullmatch(plain)
        if match is None or match["scheme"] != TOKEN_PREFIX:
            return self._refuse(request, _("The token is not valid."))
        stored = (
            ApiToken.objects.filter(prefix=match["prefix"]).select_related("organization", "user").first()
        )
        if stored is None or not hmac.compare_digest(stored.secret_hash, hash_token_secret(plain)):
            return self._refuse(request, _("The token is not valid."))
        now = timezone.now()
        if stored.revoked_at is not None:
            return self._refuse(request, _("This token was revoked. Create a new one."))
        if stored.expires_at <= now:
            expired = stored.expires_at.astimezone(dt.UTC).isoformat(timespec="seconds")
            return self._refuse(
                request, _("This token expired at %(time)s. Create a new one.") % {"time": expired}
            )
        member = memberships_of(stored.user).filter(organization_id=stored.organization_id).first()
        if member is None or not member.user.is_active:
            return self._refuse(request, _("The membership this token belongs to is no longer active."))
        activate_language(request, member.user.language)
        if stored.scope != TokenScope.WRITE and request.method not in READ_METHODS:
            # Also checked per capability in member_of; this holds for every router, whatever it asks.
            raise HttpError(403, _("This token may only read. Create a token with write access."))
        if not member.can(Capability.USE_API):
            raise HttpError(403, _("Your roles do not allow using the API."))
        if member.organization.require_two_factor and not member.user.has_two_factor:
            raise HttpError(
                403,
                _("%(organization)s requires two-factor authentication. Set it up in your profile first.")
                % {"organization": member.organization.name},
            )
        if stored.last_used_at is None or now - stored.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=stored.pk).update(last_used_at=now)
            stored.last_used_at = now
        accepted = cast(ApiRequest, request)  # from here on, what every handler may rely on
        accepted.member = member
        accepted.token = stored
        return member

    @staticmethod
    def _refuse(request: HttpRequest, reason: str) -> None:
        cast(ApiRequest, request).auth_problem = reason
        return None


def member_of(request: ApiRequest, capability: Capability) -> Membership:
    """The calling member, if their roles and their token allow ``capability``; else 403.

    The roles decide what the member may see and do; the token's scope decides only whether it may
    change something. So a read token reads what its owner may read, also where reading asks for a
    capability that otherwise changes things (one's own consents need ``TAKE_PART``, the share library
    ``SHARE_CONTENT``), and uses such a capability for nothing but reading.
    """
    member, token = request.member, request.token
    changes = request.method not in READ_METHODS
    if changes and capability in WRITE_CAPABILITIES and token.scope != TokenScope.WRITE:
        raise HttpError(403, _("This token may only read. Create a token with write access."))
    if not member.can(capability):
        raise PermissionDenied(capability)
    return member
