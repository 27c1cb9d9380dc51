"""Invitations: the link, the e-mail and which invitation a link stands for.

The steps that change an invitation (invite, accept, join with a new account, decline, withdraw)
are actions in ``resonanz.core.actions.invitations``, guarded like every other action.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from resonanz.core.models import Invitation, User

VALID_DAYS = 14


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("invitation", args=[token])


def send_invitation_email(invitation_id: int, token: str) -> None:
    """The e-mail with the link, naming the inviting organization, in the language the address uses
    (its account's, else the organization's)."""
    invitation = Invitation.objects.select_related("organization").get(pk=invitation_id)
    account = User.objects.filter(email__iexact=invitation.email).only("language").first()
    language = account.language if account else invitation.organization.default_language
    with translation.override(language):
        context = {
            "organization": invitation.organization.name,
            "url": invitation_url(token),
            "expires_at": timezone.localtime(invitation.expires_at, invitation.organization.zone),
        }
        subject = render_to_string("core/invitation_subject.txt", context).strip()
        body = render_to_string("core/invitation_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def open_invitation(token: str) -> Invitation | None:
    """The invitation the link stands for, while it can still be answered; None otherwise."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("organization").filter(token_hash=token_hash(token)).first()
    )
    return invitation if invitation is not None and invitation.is_open() else None
