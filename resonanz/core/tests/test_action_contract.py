"""One action contract for every app: each action refuses too few rights and another organization's objects.

The actions are found by introspection: every public function of every ``actions`` module (or module
of an ``actions`` package) of every resonanz app. Each must be declared in ``core.guards`` (member
action, account action or job step). Every member action is then called

* by a member of each role that holds none of the capabilities it names, and by a member with no
  role at all: ``PermissionDenied``;
* by nobody (``None``), unless it is declared for jobs: ``PermissionDenied``;
* by a member holding every role, with every object parameter taken from another organization:
  ``Http404``.

Parameters that are not model instances get a placeholder: the guard runs before the body, so an
action whose guard did not refuse fails on the placeholder instead, and the test says which.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from resonanz.core import guards
from resonanz.core.models import Membership, MembershipRole, Organization
from resonanz.core.roles import Capability, Role, capabilities_for
from resonanz.core.tests.outsider_seed import SeedContext, build_organization, resonanz_app_configs

# Public functions of actions modules that change nothing: reads the actions and their views share.
READS = {
    "resonanz.plan.actions.versions.incomplete_rows",
    "resonanz.plan.actions.versions.is_contributor",
    "resonanz.plan.actions.versions.next_review_date",
    "resonanz.plan.actions.versions.copy_rows",  # a step of start_new_draft, which is guarded
    "resonanz.plan.actions.rows.lock_draft",  # a step of the row and import actions, which are guarded
    "resonanz.plan.actions.imports.load_sheet",
    "resonanz.plan.actions.imports.clean_mapping",
    "resonanz.plan.actions.imports.target_is_frozen",
    "resonanz.plan.actions.version_reviews.current_reviews",
    "resonanz.plan.actions.version_reviews.outstanding_reviews",
}


def action_modules() -> Iterator[ModuleType]:
    for config in resonanz_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.actions")
        except ModuleNotFoundError:
            continue
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{module.__name__}.{info.name}")


def public_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in action_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and function.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = function
    return found


def test_every_public_function_of_an_actions_module_is_a_declared_action() -> None:
    functions = public_functions()
    undeclared = sorted(set(functions) - set(guards.DECLARED) - READS)

    assert len(functions) >= 50, "the actions modules were not found"
    assert undeclared == [], "declare these with @action, @account_action or @system_step"
    assert set(functions) >= READS, "a read listed here moved: update READS"


def test_only_actions_modules_declare_actions() -> None:
    """State changes live in ``actions``: a declared action anywhere else is in the wrong place."""
    list(action_modules())
    modules = {name.rpartition(".")[0] for name in guards.DECLARED}
    outside = sorted(module for module in modules if ".actions" not in f"{module}.")
    assert outside == []


# ---------------------------------------------------------------- calling every member action

_MODEL = re.compile(r"\b([A-Z][A-Za-z]+)\b")


class Placeholder:
    """Stands for every argument that is not a model instance; no action can use it."""

    def __repr__(self) -> str:
        return "<placeholder>"


def _objects(ctx: SeedContext) -> dict[str, Any]:
    """One object of each kind an action takes, all of ``ctx``'s organization."""
    made = ctx.made
    draft = made["plan.draft"]
    return {
        "Organization": ctx.organization,
        "Membership": ctx.members[Role.AMBASSADOR],
        "ApiToken": made["core.read_token"],
        "Channel": made["plan.channel"],
        "Audience": made["plan.audience"],
        "Topic": made["plan.topic"],
        "CommunicationPlan": made["plan.plan"],
        "PlanVersion": draft,
        "PlanRow": made["plan.row"],
        "VersionComment": draft.comments.first(),
        "Evidence": made["plan.evidence"],
        "ImportJob": made["plan.import_job"],
        "PeopleImportJob": made["people.import_job"],
    }


def _arguments(function: Callable[..., Any], objects: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Arguments after the actor: model instances from ``objects``, placeholders for the rest."""
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    parameters = list(inspect.signature(function).parameters.values())[1:]
    for parameter in parameters:
        if parameter.kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
            continue
        annotation = str(parameter.annotation)
        names = [name for name in _MODEL.findall(annotation) if name in objects]
        value = objects[names[0]] if names else Placeholder()
        if parameter.kind == inspect.Parameter.KEYWORD_ONLY:
            keywords[parameter.name] = value
        else:
            positional.append(value)
    return positional, keywords


def _takes_objects(function: Callable[..., Any], objects: dict[str, Any]) -> bool:
    positional, keywords = _arguments(function, objects)
    return any(not isinstance(value, Placeholder) for value in [*positional, *keywords.values()])


def _outcome(
    function: Callable[..., Any], actor: Membership | None, args: list[Any], kwargs: dict[str, Any]
) -> str:
    try:
        with transaction.atomic():
            function(actor, *args, **kwargs)
    except PermissionDenied:
        return "403"
    except Http404:
        return "404"
    except Exception as error:  # any other outcome means the guard let the call through
        return f"ran the body ({type(error).__name__}: {error})"
    return "ran the body"


def _member_with_roles(ctx: SeedContext, roles: list[str]) -> Membership:
    member = ctx.members[Role.AMBASSADOR]
    fresh = Membership.objects.select_related("user", "organization").get(pk=member.pk)
    # Only in memory: the roles the guard reads (the database keeps the ambassador's).
    fresh.__dict__["roles"] = frozenset(roles)
    return fresh


@pytest.fixture
def two_organizations(db: None) -> tuple[SeedContext, SeedContext]:
    return (
        build_organization("Eigene GmbH", "eigene", "EIGEN"),
        build_organization("Fremde AG", "fremde", "FREMD"),
    )


def test_every_member_action_refuses_too_few_rights_nobody_and_foreign_objects(
    two_organizations: tuple[SeedContext, SeedContext],
) -> None:
    own, foreign = two_organizations
    list(action_modules())
    member_actions = {
        name: declared for name, declared in guards.DECLARED.items() if declared.kind == guards.Kind.MEMBER
    }
    own_objects, foreign_objects = _objects(own), _objects(foreign)
    problems: list[str] = []
    tenancy_checked = 0
    for name, declared in sorted(member_actions.items()):
        function = declared.function
        args, kwargs = _arguments(function, own_objects)
        weak_roles = [
            role for role in Role if not set(declared.capabilities) & capabilities_for([role.value])
        ]
        for roles in [[], *([role.value] for role in weak_roles)]:
            actor = _member_with_roles(own, roles)
            outcome = _outcome(function, actor, args, kwargs)
            if outcome != "403":
                problems.append(f"{name} by a member with roles {roles}: {outcome}, expected 403")
        if not declared.system:
            outcome = _outcome(function, None, args, kwargs)
            if outcome != "403":
                problems.append(f"{name} by nobody: {outcome}, expected 403")
        if _takes_objects(function, foreign_objects):
            tenancy_checked += 1
            foreign_args, foreign_kwargs = _arguments(function, foreign_objects)
            outcome = _outcome(function, own.admin, foreign_args, foreign_kwargs)
            if outcome != "404":
                problems.append(f"{name} with another organization's objects: {outcome}, expected 404")

    assert len(member_actions) >= 35, "the member actions were not found"
    assert tenancy_checked >= 25, "too few actions take objects: did the argument matching break?"
    assert not problems, "\n".join(problems)


def test_an_inactive_member_holding_every_role_is_refused(
    two_organizations: tuple[SeedContext, SeedContext],
) -> None:
    own, _foreign = two_organizations
    admin = Membership.objects.select_related("user", "organization").get(pk=own.admin.pk)
    admin.is_active = False
    topic = own.made["plan.topic"]
    from resonanz.plan import actions

    with pytest.raises(PermissionDenied):
        actions.update_topic(admin, topic, name="Umbenannt")
    assert MembershipRole.objects.filter(membership=admin).count() == len(Role.values)


def test_core_actions_refuse_other_organizations_and_missing_rights_with_real_arguments(
    two_organizations: tuple[SeedContext, SeedContext],
) -> None:
    """GIVEN two organizations WHEN one's administrator manages the other's members THEN nothing changes."""
    from resonanz.core import actions

    own, foreign = two_organizations
    target = own.members[Role.AMBASSADOR]

    with pytest.raises(Http404):
        actions.set_member_roles(foreign.admin, target, [Role.ADMIN])
    with pytest.raises(Http404):
        actions.set_member_active(foreign.admin, target, False)
    with pytest.raises(Http404):
        actions.update_member_details(foreign.admin, target, job_title="Übernommen")
    with pytest.raises(Http404):
        actions.add_member(
            foreign.admin, own.organization, email="x@fremd.example", full_name="X", roles=["admin"]
        )
    with pytest.raises(PermissionDenied):
        actions.set_member_roles(own.members[Role.QUALITY_OFFICER], target, [Role.ADMIN])

    target.refresh_from_db()
    assert sorted(MembershipRole.objects.filter(membership=target).values_list("role", flat=True)) == [
        Role.AMBASSADOR
    ]
    assert target.is_active and target.job_title != "Übernommen"
    assert not Membership.objects.filter(
        organization=own.organization, user__email="x@fremd.example"
    ).exists()


def test_only_administrators_found_organizations_and_only_owners_revoke_tokens(
    two_organizations: tuple[SeedContext, SeedContext],
) -> None:
    """The two checks that lived in views or nowhere now hold inside the actions themselves."""
    from resonanz.core import actions
    from resonanz.core.models import ApiToken, Organization

    own, _foreign = two_organizations
    ambassador = own.members[Role.AMBASSADOR]
    token, _plain = actions.create_api_token(ambassador, name="Eigenes Token", scope="read")

    with pytest.raises(PermissionDenied):
        actions.create_organization(ambassador.user, name="Neugründung", slug="neugruendung")
    with pytest.raises(Http404):
        actions.revoke_api_token(own.admin, token)  # the administrator's, not the token owner's

    founded = actions.create_organization(own.admin.user, name="Tochter GmbH", slug="tochter")
    assert not Organization.objects.filter(slug="neugruendung").exists() and founded.slug == "tochter"
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert actions.revoke_api_token(ambassador, token).revoked_at is not None


# ---------------------------------------------------------------- the audit record


def test_the_audit_check_fails_an_action_that_changes_data_without_a_record(org: Organization) -> None:
    """GIVEN the check around every action in tests WHEN an action writes unrecorded THEN it fails."""
    from resonanz.core import audit
    from resonanz.core.tests.factories import make_member

    member = make_member(org, [Role.ADMIN])

    def rename(member: Membership, name: str, *, recorded: bool) -> None:
        with transaction.atomic():
            Organization.objects.filter(pk=member.organization_id).update(name=name)
            if recorded:
                audit.record(member.organization, member, "organization.updated", member.organization)

    def nothing_matches(member: Membership) -> None:
        Organization.objects.filter(pk=-1).update(name="niemand")  # a second click: no row changes

    declared = guards.Declared(rename, guards.Kind.MEMBER, (Capability.MANAGE_ORGANIZATION,))

    with pytest.raises(AssertionError, match="without an audit record"):
        guards._run_recorded(declared, rename, member, "Unbemerkt GmbH", recorded=False)
    guards._run_recorded(declared, rename, member, "Bemerkt GmbH", recorded=True)
    guards._run_recorded(declared, nothing_matches, member)


def test_an_import_records_each_step_with_its_file(org: Organization) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resonanz.core.models import AuditRecord
    from resonanz.plan.actions import imports
    from resonanz.plan.tests.factories import make_plan, make_plan_people

    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    job = imports.upload_import(editor, draft, SimpleUploadedFile("zeilen.csv", b"Was;Wann\nA;B\n"))
    imports.discard_import(editor, job)

    steps = AuditRecord.objects.filter(organization=org, object_type="plan.importjob").order_by("seq")
    assert [(entry.action, entry.object_repr, (entry.after or {}).get("file")) for entry in steps] == [
        ("plan.import_uploaded", "zeilen.csv", "zeilen.csv"),
        ("plan.import_discarded", "zeilen.csv", "zeilen.csv"),
    ]
