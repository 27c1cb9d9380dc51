"""Actions on invitations: how a person becomes a member of an organization.

An administrator invites an e-mail address; the person accepts (or declines) through the link in the
e-mail, which names the inviting organization. Until then the organization learns nothing about the
address: not whether it has an account, nor a name, and the person's organization list does not show
it. A person without an account chooses their own name and password when accepting, so no
organization chooses the name another organization later shows. Each step writes its audit record.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.actions import _clean_roles, _membership_snapshot
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import account_action, action
from resonanz.core.invitations import VALID_DAYS, send_invitation_email, token_hash
from resonanz.core.models import Invitation, InvitationStatus, Membership, MembershipRole, User
from resonanz.core.names import chosen_name
from resonanz.core.roles import Capability


def _normalized_email(email: str) -> str:
    address = User.objects.normalize_email(email.strip()).lower()
    if "@" not in address or len(address) > 254:
        raise ActionRefused(_("Enter a valid e-mail address."), field="email")
    return address


@action(Capability.MANAGE_MEMBERS)
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


@account_action
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


@account_action
def join_with_new_account(
    token: str,
    *,
    password: str,
    full_name: str = "",
    title: str = "",
    given_name: str = "",
    family_name: str = "",
) -> Membership:
    """A person without an account accepts: they choose their own name and password (validated).

    The name is a title, a given name and a family name, or one display name (``full_name``).
    """
    parts, name = chosen_name(title, given_name, family_name, full_name)
    if not name:
        raise ActionRefused(_("Enter your name."), field="given_name")
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
            title=parts.title[:40],
            given_name=parts.given_name[:60],
            family_name=parts.family_name[:80],
            language=invitation.organization.default_language,
        )
        return accept_invitation(user, token)


@account_action
def decline_invitation(user: User | None, token: str) -> Invitation:
    """The person declines. The link is the proof: it went to the invited address only."""
    with transaction.atomic():
        invitation = _locked_open(token)
        if user is not None and user.email.lower() != invitation.email.lower():
            user = None  # someone else's session: the decline is the address's, not theirs
        _close(invitation, InvitationStatus.DECLINED)
        audit.record(invitation.organization, user, "invitation.declined", invitation)
    return invitation


@action(Capability.MANAGE_MEMBERS)
def revoke_invitation(actor: Membership, invitation: Invitation) -> Invitation:
    """Withdraw an invitation that has not been answered; its link stops working."""
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
