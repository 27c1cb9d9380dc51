"""Actions on invitations: how a person becomes a member of an organization.

An administrator invites an e-mail address; the person accepts (or declines) through the link in the
e-mail, which names the inviting organization. Until then the organization learns nothing about the
address: not whether it has an account, nor a name, and the person's organization list does not show
it. A person without an account chooses their own name and password when accepting, so no
organization chooses the name another organization later shows. Each step writes its audit record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.actions import _clean_roles, _membership_snapshot
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Invitation, InvitationStatus, Membership, MembershipRole, User
from resonanz.core.roles import Capability

VALID_DAYS = 14


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _normalized_email(email: str) -> str:
    address = User.objects.normalize_email(email.strip()).lower()
    if "@" not in address or len(address) > 254:
        raise ActionRefused(_("Enter a valid e-mail address."), field="email")
    return address


def _require_manager(actor: Membership) -> None:
    if not actor.can(Capability.MANAGE_MEMBERS):
        raise PermissionDenied(Capability.MANAGE_MEMBERS)


def invite_member(
    actor: Membership,
    *,
    email: str,
    roles: Iterable[str],
    job_title: str = "",
    unit: str = "",
    location: str = "",
) -> Invitation:
    """Invite ``email`` to the actor's organization; the e-mail goes out after the commit.

    The answer is the same whether or not the address has an account. Only an address that is
    already a member here is refused (the organization sees its members anyway).
    """
    _require_manager(actor)
    chosen = _clean_roles(roles)
    address = _normalized_email(email)
    organization = actor.organization
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        if Membership.objects.filter(organization=organization, user__email__iexact=address).exists():
            raise ActionRefused(
                _("%(email)s is already a member of this organization."),
                params={"email": address},
                field="email",
            )
        # An invitation that ran out without an answer makes room for a new one.
        Invitation.objects.filter(
            organization=organization,
            email__iexact=address,
            status=InvitationStatus.PENDING,
            expires_at__lte=now,
        ).update(status=InvitationStatus.EXPIRED, answered_at=now)
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    organization=organization,
                    email=address,
                    roles=chosen,
                    job_title=job_title.strip(),
                    unit=unit.strip(),
                    location=location.strip(),
                    invited_by=actor.user,
                    token_hash=token_hash(token),
                    created_at=now,
                    expires_at=now + dt.timedelta(days=VALID_DAYS),
                )
        except IntegrityError:
            raise ActionRefused(
                _("%(email)s has been invited already. Withdraw that invitation to send a new one."),
                params={"email": address},
                field="email",
            ) from None
        audit.record(
            organization,
            actor,
            "invitation.sent",
            invitation,
            after={"email": address, "roles": chosen, "expires_at": invitation.expires_at},
            personal=("email",),
        )
        invitation_id = invitation.pk
        transaction.on_commit(lambda: send_invitation_email(invitation_id, token))
    return invitation


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


def _locked_open(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organization")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None or not invitation.is_open():
        raise ActionRefused(
            _("This invitation is no longer valid. Ask for a new one."), code="invitation_closed"
        )
    return invitation


def accept_invitation(user: User, token: str) -> Membership:
    """The signed-in person accepts: they become a member with the invited roles."""
    with transaction.atomic():
        invitation = _locked_open(token)
        if invitation.email.lower() != user.email.lower():
            raise ActionRefused(
                _("This invitation is for another e-mail address. Sign in with that address to accept it."),
                code="invitation_other_address",
            )
        organization = invitation.organization
        if Membership.objects.filter(user=user, organization=organization).exists():
            raise ActionRefused(_("You are already a member of this organization."))
        membership = Membership.objects.create(
            user=user,
            organization=organization,
            job_title=invitation.job_title,
            unit=invitation.unit,
            location=invitation.location,
        )
        roles = _clean_roles(invitation.roles)
        MembershipRole.objects.bulk_create(MembershipRole(membership=membership, role=role) for role in roles)
        _close(invitation, InvitationStatus.ACCEPTED, accepted_by=user)
        audit.record(
            organization, user, "invitation.accepted", invitation, after={"membership": membership.pk}
        )
        audit.record(
            organization, user, "member.added", membership, after=_membership_snapshot(membership, roles)
        )
    return membership


def join_with_new_account(token: str, *, full_name: str, password: str) -> Membership:
    """A person without an account accepts: they choose their own name and password (validated)."""
    name = " ".join(full_name.split())
    if not name:
        raise ActionRefused(_("Enter your name."), field="full_name")
    with transaction.atomic():
        invitation = _locked_open(token)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ActionRefused(
                _("This address has an account already. Sign in to accept the invitation."),
                code="invitation_sign_in",
            )
        user = User.objects.create_user(
            invitation.email,
            password,
            full_name=name[:150],
            language=invitation.organization.default_language,
        )
        return accept_invitation(user, token)


def decline_invitation(user: User | None, token: str) -> Invitation:
    """The person declines. The link is the proof: it went to the invited address only."""
    with transaction.atomic():
        invitation = _locked_open(token)
        if user is not None and user.email.lower() != invitation.email.lower():
            user = None  # someone else's session: the decline is the address's, not theirs
        _close(invitation, InvitationStatus.DECLINED)
        audit.record(invitation.organization, user, "invitation.declined", invitation)
    return invitation


def revoke_invitation(actor: Membership, invitation: Invitation) -> Invitation:
    """Withdraw an invitation that has not been answered; its link stops working."""
    _require_manager(actor)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.organization_id != actor.organization_id:
            raise PermissionDenied
        if locked.status != InvitationStatus.PENDING:
            raise ActionRefused(_("Only an invitation that has not been answered can be withdrawn."))
        _close(locked, InvitationStatus.REVOKED)
        audit.record(actor.organization, actor, "invitation.revoked", locked)
    return locked


def _close(invitation: Invitation, status: InvitationStatus, accepted_by: User | None = None) -> None:
    invitation.status = status
    invitation.answered_at = timezone.now()
    invitation.accepted_by = accepted_by
    invitation.save(update_fields=["status", "answered_at", "accepted_by"])
