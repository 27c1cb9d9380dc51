"""Actions of the core app: the only functions that change organizations, members, tokens and accounts.

Every action takes the acting member (or user, for account matters), runs in one transaction and
writes its audit record; e-mails and other side effects wait for the commit.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.core import account_log, audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import account_action, action, may_create_organizations
from resonanz.core.models import ApiToken, AuditRecord, Membership, MembershipRole, Organization, User
from resonanz.core.models.organization import SLUG_VALIDATOR, validate_slug_not_reserved, validate_time_zone
from resonanz.core.models.token import TOKEN_PREFIX, TokenScope, hash_token_secret
from resonanz.core.names import chosen_name
from resonanz.core.roles import Capability, Role
from resonanz.core.signals import member_left, organization_created

ORGANIZATION_FIELDS = ("name", "slug", "time_zone", "default_language", "require_two_factor")
MEMBERSHIP_FIELDS = ("is_active", "job_title", "unit", "location")


def _clean_roles(roles: Iterable[str]) -> list[str]:
    chosen = sorted(set(roles))
    unknown = [role for role in chosen if role not in Role.values]
    if unknown:
        raise ActionRefused(_("Unknown role: %(role)s."), params={"role": unknown[0]}, field="roles")
    if not chosen:
        raise ActionRefused(_("Choose at least one role."), field="roles")
    return chosen


def _check_organization_values(values: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    checks = {
        "slug": (SLUG_VALIDATOR, validate_slug_not_reserved),
        "time_zone": (validate_time_zone,),
    }
    for field, validators in checks.items():
        if field in values:
            for validator in validators:
                try:
                    validator(values[field])
                except ValidationError as error:
                    raise ActionRefused(error.messages[0], field=field) from None
    if "default_language" in values and values["default_language"] not in ("de", "en"):
        raise ActionRefused(_("Choose German or English."), field="default_language")
    if "name" in values and not str(values["name"]).strip():
        raise ActionRefused(_("The organization needs a name."), field="name")


@account_action
def create_organization(
    actor: User | None,
    *,
    name: str,
    slug: str,
    time_zone: str = "Europe/Berlin",
    default_language: str = "de",
) -> Organization:
    if actor is not None and not may_create_organizations(actor):
        raise PermissionDenied
    values = {
        "name": name.strip(),
        "slug": slug,
        "time_zone": time_zone,
        "default_language": default_language,
    }
    _check_organization_values(values)
    with transaction.atomic():
        if Organization.objects.filter(slug=slug).exists():
            raise ActionRefused(
                _("The short name “%(slug)s” is already taken."), params={"slug": slug}, field="slug"
            )
        organization = Organization.objects.create(**values)
        audit.record(
            organization,
            actor,
            "organization.created",
            organization,
            after=audit.snapshot(organization, ORGANIZATION_FIELDS),
        )
        organization_created.send(sender=Organization, organization=organization, actor=actor)
    return organization


@action(Capability.MANAGE_ORGANIZATION)
def update_organization(member: Membership, **changes: Any) -> Organization:
    unknown = set(changes) - set(ORGANIZATION_FIELDS) - {"slug"}
    if unknown or "slug" in changes:
        raise ActionRefused(_("These settings cannot be changed here."))
    _check_organization_values(changes)
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=member.organization_id)
        before = audit.snapshot(organization, ORGANIZATION_FIELDS)
        for field, value in changes.items():
            setattr(organization, field, value)
        organization.save(update_fields=list(changes))
        audit.record(
            organization,
            member,
            "organization.updated",
            organization,
            before=before,
            after=audit.snapshot(organization, ORGANIZATION_FIELDS),
        )
    member.organization = organization
    return organization


def _membership_snapshot(membership: Membership, roles: Iterable[str]) -> dict[str, Any]:
    data = audit.snapshot(membership, MEMBERSHIP_FIELDS)
    data["user"] = membership.user.email
    data["roles"] = sorted(roles)
    return data


@action(Capability.MANAGE_MEMBERS, system=True)
def add_member(
    actor: Membership | None,
    organization: Organization,
    *,
    email: str,
    full_name: str,
    roles: Iterable[str],
    language: str | None = None,
    password: str | None = None,
    job_title: str = "",
    unit: str = "",
    location: str = "",
    send_invitation: bool = True,
    title: str = "",
    given_name: str = "",
    family_name: str = "",
) -> Membership:
    """Add a person to the organization, creating their account if there is none yet.

    A new account's name is split into title, given and family name (``resonanz.core.names``)
    unless ``given_name`` and ``family_name`` say where a double given name ends.

    A new account without a password gets an invitation e-mail with a link to choose one.
    """
    chosen = _clean_roles(roles)
    email = User.objects.normalize_email(email.strip()).lower()
    if "@" not in email:
        raise ActionRefused(_("Enter a valid e-mail address."), field="email")
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created_user = user is None
        if user is None:
            if not full_name.strip():
                raise ActionRefused(_("Enter the person's name."), field="full_name")
            user = User.objects.create_user(
                email,
                password,
                full_name=full_name.strip(),
                title=" ".join(title.split())[:40],
                given_name=" ".join(given_name.split())[:60],
                family_name=" ".join(family_name.split())[:80],
                language=language or organization.default_language,
            )
        if Membership.objects.filter(user=user, organization=organization).exists():
            raise ActionRefused(
                _("%(email)s is already a member of this organization."),
                params={"email": email},
                field="email",
            )
        membership = Membership.objects.create(
            user=user, organization=organization, job_title=job_title, unit=unit, location=location
        )
        MembershipRole.objects.bulk_create(
            MembershipRole(membership=membership, role=role) for role in chosen
        )
        audit.record(
            organization, actor, "member.added", membership, after=_membership_snapshot(membership, chosen)
        )
        if created_user and password is None and send_invitation:
            transaction.on_commit(lambda: send_password_email(user))
    return membership


@account_action
def send_password_email(user: User) -> None:
    """E-mail the user a link to choose a password, in the user's language."""
    from resonanz.core.forms import PasswordResetInUserLanguageForm

    # Django's own form skips accounts without a usable password, which is every invited person.
    form = PasswordResetInUserLanguageForm({"email": user.email})
    if form.is_valid():
        form.send_links()


@action(Capability.MANAGE_MEMBERS)
def set_member_roles(actor: Membership, membership: Membership, roles: Iterable[str]) -> Membership:
    chosen = _clean_roles(roles)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        before_roles = sorted(MembershipRole.objects.filter(membership=locked).values_list("role", flat=True))
        if Role.ADMIN in before_roles and Role.ADMIN not in chosen:
            _refuse_if_last_admin(locked)
        MembershipRole.objects.filter(membership=locked).exclude(role__in=chosen).delete()
        MembershipRole.objects.bulk_create(
            [MembershipRole(membership=locked, role=role) for role in chosen if role not in before_roles]
        )
        audit.record(
            locked.organization,
            actor,
            "member.roles_changed",
            locked,
            before={"roles": before_roles},
            after={"roles": chosen},
        )
    return locked


def _refuse_if_last_admin(membership: Membership) -> None:
    others = (
        MembershipRole.objects.filter(
            role=Role.ADMIN,
            membership__organization_id=membership.organization_id,
            membership__is_active=True,
        )
        .exclude(membership=membership)
        .exists()
    )
    if not others:
        raise ActionRefused(_("The organization needs at least one active administrator."), field="roles")


@action(Capability.MANAGE_MEMBERS)
def set_member_active(actor: Membership, membership: Membership, active: bool) -> Membership:
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("user", "organization")
            .get(pk=membership.pk)
        )
        if locked.is_active == active:
            return locked
        if not active:
            if locked.pk == actor.pk:
                raise ActionRefused(_("You cannot deactivate your own membership."))
            if locked.role_assignments.filter(role=Role.ADMIN).exists():
                _refuse_if_last_admin(locked)
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit.record(
            locked.organization,
            actor,
            "member.activated" if active else "member.deactivated",
            locked,
            before={"is_active": not active},
            after={"is_active": active},
        )
        if not active:
            member_left.send(sender=Membership, membership=locked, actor=actor)
    return locked


@action(Capability.MANAGE_MEMBERS)
def update_member_details(actor: Membership, membership: Membership, **details: str) -> Membership:
    allowed = {"job_title", "unit", "location"}
    if set(details) - allowed:
        raise ActionRefused(_("These details cannot be changed here."))
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("organization").get(pk=membership.pk)
        before = audit.snapshot(locked, details)
        for field, value in details.items():
            setattr(locked, field, value.strip())
        locked.save(update_fields=list(details))
        audit.record(
            locked.organization,
            actor,
            "member.updated",
            locked,
            before=before,
            after=audit.snapshot(locked, details),
        )
    return locked


@action(Capability.EXPORT_AUDIT)
def export_audit_trail(member: Membership, fmt: str, filters: dict[str, Any]) -> AuditRecord:
    """Record that the member took the trail (all of it, or what ``filters`` chose) out as a file.

    An exported trail leaves the organization's control, so the trail itself says who took it.
    The filters may hold a name (the actor filter), so they are erasable like other personal values.
    """
    chosen = {name: audit.to_json(value) for name, value in filters.items() if value not in (None, "")}
    with transaction.atomic():
        return audit.record(
            member.organization,
            member,
            "audit.exported",
            member.organization,
            after={"format": fmt, "filters": chosen},
            personal=("filters",),
        )


# ---------------------------------------------------------------- API tokens


@action(Capability.USE_API)
def create_api_token(
    member: Membership, *, name: str, scope: str, expires_in_days: int = 90
) -> tuple[ApiToken, str]:
    """Create a personal token; returns it and the plain text, which is shown once and never stored."""
    if scope not in TokenScope.values:
        raise ActionRefused(_("Choose read or write access."), field="scope")
    if not 1 <= expires_in_days <= 366:
        raise ActionRefused(_("A token expires after 1 to 366 days."), field="expires_in_days")
    if not name.strip():
        raise ActionRefused(_("Give the token a name, so you recognise it later."), field="name")
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    plain = f"{TOKEN_PREFIX}_{prefix}_{secret}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=member.user,
            organization=member.organization,
            name=name.strip()[:100],
            prefix=prefix,
            secret_hash=hash_token_secret(plain),
            scope=scope,
            expires_at=timezone.now() + dt.timedelta(days=expires_in_days),
        )
        audit.record(
            member.organization,
            member,
            "api_token.created",
            token,
            after={"name": token.name, "scope": scope, "expires_at": token.expires_at},
        )
    return token, plain


@action(Capability.USE_API)
def revoke_api_token(member: Membership, token: ApiToken) -> ApiToken:
    if token.user_id != member.user_id:
        raise Http404  # nobody manages another person's tokens
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            audit.record(
                member.organization,
                member,
                "api_token.revoked",
                locked,
                after={"revoked_at": locked.revoked_at},
            )
    return locked


# ---------------------------------------------------------------- accounts


@account_action
def set_language(user: User, language: str) -> None:
    """A personal preference: not audited, since it changes nothing anyone relies on."""
    if language not in ("de", "en"):
        raise ActionRefused(_("Choose German or English."), field="language")
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


@account_action
def update_profile(
    user: User,
    *,
    language: str,
    full_name: str = "",
    title: str = "",
    given_name: str = "",
    family_name: str = "",
) -> None:
    """Change the user's name and language. A new name is audited: audit records copy the actor's name.

    The name is a title, a given name and a family name, or one display name (``full_name``).
    """
    parts, name = chosen_name(title, given_name, family_name, full_name)
    if not name:
        raise ActionRefused(_("Enter your name."), field="given_name")
    if len(name) > 150:
        raise ActionRefused(_("Use at most 150 characters for your name."), field="family_name")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if (locked.full_name, locked.title, locked.given_name, locked.family_name) != (name, *parts):
            before = locked.full_name
            locked.title, locked.given_name, locked.family_name = parts
            locked.full_name = name
            locked.save(update_fields=["full_name", "title", "given_name", "family_name"])
            account_log.record(locked, "account.name_changed", before=before, name=name)
        set_language(locked, language)
    user.full_name = name
    user.title, user.given_name, user.family_name = parts
    user.language = language


@account_action
def enable_two_factor(user: User, encrypted_secret: str, step: int) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            totp_secret_encrypted=encrypted_secret, totp_confirmed_at=timezone.now(), totp_last_step=step
        )
        account_log.record(user, "account.two_factor_enabled")
    user.refresh_from_db()


@account_action
def disable_two_factor(user: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            totp_secret_encrypted="", totp_confirmed_at=None, totp_last_step=0
        )
        account_log.record(user, "account.two_factor_disabled")
    user.refresh_from_db()


@account_action
def use_two_factor_code(user: User, code: str) -> bool:
    """Accept a current code of the user's authenticator once; True when it was valid and unused.

    The code's time step is claimed with a conditional update, so a code seen once (even by two
    requests racing each other) cannot be replayed. Raises ``ValueError`` when the stored secret cannot
    be decrypted with the configured keys.
    """
    from resonanz.core import totp

    fresh = User.objects.only("totp_secret_encrypted", "totp_last_step", "totp_confirmed_at").get(pk=user.pk)
    if fresh.totp_confirmed_at is None:
        return False
    step = totp.matching_step(totp.user_secret(fresh.totp_secret_encrypted), code, fresh.totp_last_step)
    if step is None:
        return False
    claimed = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step)
    if claimed:
        user.totp_last_step = step
    return bool(claimed)


@account_action
def reset_password(user: User, password: str) -> None:
    """Set a password chosen through an e-mailed link (already validated).

    Following the link proves the mailbox, so it also lifts a lock-out, as the lock-out message says.
    """
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.failed_login_count = 0
        locked.locked_until = None
        locked.save(update_fields=["password", "failed_login_count", "locked_until"])
        account_log.record(locked, "account.password_reset")
    user.password = locked.password
    user.failed_login_count = 0
    user.locked_until = None


@account_action
def register_failed_login(user: User) -> bool:
    """Count a failed login; returns True when this failure locked the account."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.failed_login_count += 1
        just_locked = locked.failed_login_count >= settings.LOGIN_FAILURE_LIMIT
        fields = ["failed_login_count"]
        account_log.record(locked, "account.sign_in_failed")
        if just_locked:
            locked.locked_until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            locked.failed_login_count = 0
            fields.append("locked_until")
            account_log.record(locked, "account.locked", until=locked.locked_until)
        locked.save(update_fields=fields)
    return just_locked


@account_action
def register_successful_login(user: User) -> None:
    with transaction.atomic():
        if user.failed_login_count or user.locked_until:
            User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        account_log.record(user, "account.signed_in")
