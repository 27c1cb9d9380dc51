"""How every action is guarded, in every app: the actor's membership, its capability, its organization.

An action is declared with ``@action(Capability.X, …)``. Before its body runs, the guard checks

1. the actor: an active membership (``None`` only for actions declared ``system=True``, which jobs
   and the command line call with nobody acting),
2. the capability: the actor holds one of those named (else ``PermissionDenied``, a 403),
3. the tenancy: every model instance passed to a named parameter belongs to the actor's
   organization (else ``Http404``: outside its organization an actor learns nothing).

The body then does its work in one transaction and writes its audit record: with
``AUDIT_CHECK.enabled`` (the test suite turns it on) an action that writes to the database without
writing an audit record fails, so every test that runs an action also checks that it was recorded.
Actions a person takes
on their own account, outside any organization, are declared with ``@account_action``; steps of
jobs that act for nobody (reminders, clean-ups) with ``@system_step``. The registry below lets a
test call every action of every app with a foreign object and with too few rights.
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.http import Http404

from resonanz.core.models import Membership, MembershipRole, Organization, User
from resonanz.core.roles import Capability, Role

P = ParamSpec("P")
R = TypeVar("R")


class Kind(enum.Enum):
    MEMBER = "member"  # acts for an organization: membership, capability and tenancy are checked
    ACCOUNT = "account"  # a person on their own account: the first argument is that person's user
    SYSTEM = "system"  # a job step that acts for nobody; it takes no actor


@dataclass(frozen=True)
class Declared:
    """What an action declared: its kind and the capabilities any one of which allows it."""

    function: Callable[..., Any]
    kind: Kind
    capabilities: tuple[Capability, ...] = ()
    system: bool = False  # a member action that jobs may also call with the actor None


DECLARED: dict[str, Declared] = {}


def require(member: Membership, *capabilities: Capability) -> None:
    """Refuse unless the member holds one of ``capabilities``."""
    if not any(member.can(capability) for capability in capabilities):
        raise PermissionDenied(capabilities[0])


def may_create_organizations(user: User) -> bool:
    """Operators and administrators of an existing organization may found new ones."""
    if user.is_superuser:
        return True
    return MembershipRole.objects.filter(
        membership__user=user, membership__is_active=True, role=Role.ADMIN
    ).exists()


def same_organization(member: Membership, organization_id: int | None) -> None:
    if member.organization_id != organization_id:
        raise Http404


def organization_id_of(obj: models.Model) -> int | None:
    """The organization ``obj`` belongs to.

    An organization is its own; a model with an ``organization`` foreign key names it; any other
    model of an organization says how to reach it in ``organization_path`` (``"plan__organization"``).
    """
    if isinstance(obj, Organization):
        return obj.pk
    if hasattr(obj, "organization_id"):
        organization_id: int | None = getattr(obj, "organization_id")  # noqa: B009 - not on every model
        return organization_id
    path = getattr(type(obj), "organization_path", None)
    if path is None:
        raise TypeError(f"{type(obj).__name__} names no organization: give it an organization_path")
    value: Any = obj
    for step in path.split("__"):
        value = getattr(value, step)
    return value.pk if value is not None else None


def _objects(value: Any) -> Iterator[models.Model]:
    if isinstance(value, models.Model):
        yield value
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            if isinstance(item, models.Model):
                yield item


def guard(actor: Membership | None, declared: Declared, arguments: dict[str, Any]) -> None:
    """The checks every member action runs first (see the module's docstring)."""
    if actor is None:
        if declared.system:
            return
        raise PermissionDenied(declared.capabilities[0])
    if not isinstance(actor, Membership) or not actor.is_active:
        raise PermissionDenied(declared.capabilities[0])
    require(actor, *declared.capabilities)
    for value in arguments.values():
        for obj in _objects(value):
            same_organization(actor, organization_id_of(obj))


class AuditCheck:
    """Whether actions are watched for writes without an audit record (on in tests, off in service)."""

    enabled = False


AUDIT_CHECK = AuditCheck()
_WRITES = ("INSERT", "UPDATE", "DELETE")


def _run_recorded(declared: Declared, function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run an action and fail when it changed the database but wrote no audit record."""
    writes: list[str] = []

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        kind = sql.lstrip()[:6].upper()
        # A conditional UPDATE that matched no row (a second click) changed nothing. (An INSERT with
        # RETURNING knows its row count only once its rows are fetched, so every INSERT counts.)
        if kind == "INSERT" or (kind in _WRITES and context["cursor"].rowcount != 0):
            writes.append(sql)
        return result

    with connection.execute_wrapper(watch):
        result = function(*args, **kwargs)
    # An account action records in the person's account log instead (``core.account_log``).
    recorded = any(
        sql.lstrip()[:6].upper() == "INSERT" and ("core_auditrecord" in sql or "core_accountevent" in sql)
        for sql in writes
    )
    if writes and not recorded:
        name = f"{declared.function.__module__}.{declared.function.__qualname__}"
        raise AssertionError(f"{name} changed the database without an audit record: {writes[0][:120]}")
    return result


def _register(declared: Declared) -> None:
    function = declared.function
    DECLARED[f"{function.__module__}.{function.__qualname__}"] = declared


def action(*capabilities: Capability, system: bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a member action: its first parameter is the acting membership.

    ``capabilities``: any one of them allows the action (an action may check more in its body).
    ``system``: jobs and the command line may call it with the actor ``None``.
    """
    if not capabilities:
        raise TypeError("an action names the capabilities that allow it")

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(function)
        checked = [
            parameter.name
            for parameter in list(signature.parameters.values())[1:]
            if parameter.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        ]
        declared = Declared(function, Kind.MEMBER, capabilities, system)

        @functools.wraps(function)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            actor = next(iter(bound.arguments.values()), None)
            guard(
                actor, declared, {name: bound.arguments[name] for name in checked if name in bound.arguments}
            )
            if AUDIT_CHECK.enabled:
                return _run_recorded(declared, function, *args, **kwargs)
            return function(*args, **kwargs)

        _register(Declared(guarded, Kind.MEMBER, capabilities, system))
        return guarded

    return decorate


def account_action(function: Callable[P, R]) -> Callable[P, R]:
    """Declare an action a person takes on their own account; its first parameter is their user."""
    _register(Declared(function, Kind.ACCOUNT))
    return function


def system_step(function: Callable[P, R]) -> Callable[P, R]:
    """Declare a step of a job that changes state for nobody in particular (it writes actor None)."""
    _register(Declared(function, Kind.SYSTEM))
    return function
