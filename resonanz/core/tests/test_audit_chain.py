"""The audit trail: what a record holds, that the chain verifies, and that tampering is caught.

The database refuses UPDATE and DELETE on audit records (triggers from migration core/0002). To play
an attacker with full database access, the tests drop those triggers inside the test's transaction,
tamper with raw SQL, and expect ``resonanz audit verify`` to name the first broken record.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.test import Client

from resonanz.cli import main as cli_main
from resonanz.core import actions, audit
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.core.tests.tampering import drop_append_only_triggers, forge_record, json_param, sql


def _verify(*args: str) -> tuple[int, str]:
    """Run ``resonanz audit verify``; return its exit code and what it printed."""
    out = io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def trail(db: None) -> tuple[Organization, Membership]:
    """An organization with a trail of nine records, and a second organization beside it."""
    organization = make_organization("Kette GmbH")
    admin = make_member(organization, [Role.ADMIN], full_name="Ada Admin")
    buddy = make_member(organization, [Role.BUDDY], full_name="Bert Buddy")
    actions.set_member_roles(admin, buddy, [Role.BUDDY, Role.AMBASSADOR])
    actions.update_member_details(admin, buddy, job_title="Teamleitung")
    actions.update_organization(admin, time_zone="Europe/Vienna")
    token, _plain = actions.create_api_token(admin, name="Skript", scope="read")
    actions.revoke_api_token(admin, token)
    make_member(organization, [Role.AUDITOR])
    other = make_organization("Daneben AG")
    make_member(other, [Role.ADMIN])
    organization.refresh_from_db()
    assert organization.audit_head_seq == 9
    return organization, admin


@pytest.fixture
def attacker(trail: tuple[Organization, Membership]) -> Iterator[None]:
    """Someone with direct database access: the append-only triggers are gone (inside this test only)."""
    drop_append_only_triggers()
    yield
    # The test's transaction is rolled back afterwards, which restores the triggers.


# ---------------------------------------------------------------- what a record holds


def test_a_request_leaves_its_id_actor_and_changes_in_the_record(client: Client, org: Organization) -> None:
    admin = make_member(org, [Role.ADMIN], full_name="Ada Admin")
    client.force_login(admin.user)
    response = client.post(
        f"/o/{org.slug}/members/",
        {"email": "nina@muster.example", "roles": ["buddy"], "job_title": "Presse"},
        HTTP_X_REQUEST_ID="req-audit-0001",
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "req-audit-0001"
    added = AuditRecord.objects.get(organization=org, action="invitation.sent")
    assert added.request_id == "req-audit-0001"
    assert added.actor == admin.user
    assert added.actor_name == "Ada Admin"
    assert added.before is None
    assert added.after is not None
    assert added.after["roles"] == ["buddy"]
    assert added.after["email"] == "nina@muster.example"
    assert added.object_type == "core.invitation"

    nina = make_member(org, [Role.BUDDY], email="nina@muster.example")
    added = AuditRecord.objects.filter(organization=org).latest("seq")
    response = client.post(
        f"/o/{org.slug}/members/{nina.pk}/",
        {"intent": "roles", "roles": ["buddy", "ambassador"]},
        HTTP_X_REQUEST_ID="req-audit-0002",
    )
    assert response.status_code == 302
    changed = AuditRecord.objects.get(organization=org, action="member.roles_changed")
    assert changed.request_id == "req-audit-0002"
    assert changed.object_id == str(nina.pk)
    assert changed.before == {"roles": ["buddy"]}
    assert changed.after == {"roles": ["ambassador", "buddy"]}
    assert changed.seq == added.seq + 1
    assert changed.prev_hash == added.hash


def test_a_malformed_request_id_is_replaced_by_a_fresh_one(client: Client, org: Organization) -> None:
    admin = make_member(org, [Role.ADMIN])
    client.force_login(admin.user)
    response = client.post(
        f"/o/{org.slug}/settings/",
        {"name": "Muster GmbH", "time_zone": "Europe/Vienna", "default_language": "de"},
        HTTP_X_REQUEST_ID="kurz\nX-Injected: 1",
    )
    assert response.status_code == 302
    record = AuditRecord.objects.get(organization=org, action="organization.updated")
    assert record.request_id == response["X-Request-ID"]
    assert len(record.request_id) == 32
    assert "\n" not in record.request_id


def test_work_outside_a_request_records_the_job_id_instead(org: Organization) -> None:
    admin = make_member(org, [Role.ADMIN])
    reset = audit.job_id_var.set("job-7")
    try:
        actions.update_organization(admin, default_language="en")
    finally:
        audit.job_id_var.reset(reset)
    record = AuditRecord.objects.get(organization=org, action="organization.updated")
    assert (record.request_id, record.job_id) == ("", "job-7")
    assert record.before is not None and record.after is not None
    assert record.before["default_language"] == "de"
    assert record.after["default_language"] == "en"


def test_nothing_is_recorded_outside_an_action_s_transaction(transactional_db: None) -> None:
    with pytest.raises(RuntimeError, match=r"^audit records are written inside the action's transaction$"):
        audit.record(Organization(pk=1, name="x", slug="x"), None, "sneaky")
    assert not AuditRecord.objects.exists()


# ---------------------------------------------------------------- an intact chain


def test_the_chain_of_an_untouched_trail_verifies(trail: tuple[Organization, Membership]) -> None:
    organization, _admin = trail
    records = list(AuditRecord.objects.filter(organization=organization).order_by("seq"))
    assert [record.seq for record in records] == list(range(1, 10))
    assert records[0].prev_hash == audit.GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(records))
    assert audit.verify_chain(organization) is None
    code, output = _verify()
    assert code == 0
    assert f"ok      {organization.slug}: 9 records" in output


def test_verify_for_one_organization_and_for_an_unknown_one(trail: tuple[Organization, Membership]) -> None:
    organization, _admin = trail
    code, output = _verify("--org", organization.slug)
    assert code == 0
    assert output.count("ok") == 1
    with pytest.raises(CommandError, match="no organization"):
        call_command("audit", "verify", "--org", "gibt-es-nicht", stdout=io.StringIO())


# ---------------------------------------------------------------- refused by model and database


def test_a_saved_record_can_be_neither_saved_again_nor_deleted(
    trail: tuple[Organization, Membership],
) -> None:
    organization, _admin = trail
    record = AuditRecord.objects.get(organization=organization, seq=3)
    record.action = "forged"
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()
    assert AuditRecord.objects.get(pk=record.pk).action != "forged"


def test_the_database_refuses_to_change_or_delete_a_record(trail: tuple[Organization, Membership]) -> None:
    organization, _admin = trail
    with pytest.raises(DatabaseError), transaction.atomic():
        sql("UPDATE core_auditrecord SET action = %s WHERE organization_id = %s", ["forged", organization.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        sql("DELETE FROM core_auditrecord WHERE organization_id = %s AND seq = 9", [organization.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(organization=organization).update(object_repr="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(organization=organization, seq=9).delete()
    assert AuditRecord.objects.filter(organization=organization).count() == 9
    assert audit.verify_chain(organization) is None


def test_erasing_a_person_keeps_their_records_and_the_chain(trail: tuple[Organization, Membership]) -> None:
    organization, admin = trail
    buddy = Membership.objects.get(organization=organization, user__full_name="Bert Buddy")
    buddy = actions.set_member_roles(admin, buddy, [Role.BUDDY, Role.ADMIN])  # only members' managers may
    actions.set_member_roles(buddy, admin, [Role.ADMIN, Role.AUDITOR])  # a record with the buddy as actor
    organization.refresh_from_db()
    own = AuditRecord.objects.filter(organization=organization, actor=admin.user).count()
    assert own >= 5
    admin.user.delete()
    kept = AuditRecord.objects.filter(organization=organization, actor__isnull=True, actor_name="Ada Admin")
    assert kept.count() == own
    assert AuditRecord.objects.filter(organization=organization).count() == organization.audit_head_seq
    assert audit.verify_chain(organization) is None
    assert _verify()[0] == 0


# ---------------------------------------------------------------- tampering is caught


def test_an_altered_record_is_named(trail: tuple[Organization, Membership], attacker: None) -> None:
    organization, _admin = trail
    sql(
        "UPDATE core_auditrecord SET action = %s WHERE organization_id = %s AND seq = 3",
        ["organization.updated", organization.pk],
    )
    problem = audit.verify_chain(organization)
    assert problem is not None
    assert (problem.seq, problem.reason) == (3, "content was altered after it was written")
    second = AuditRecord.objects.get(organization=organization, seq=2)
    assert audit.walk_chain(organization)[1:] == (2, second.hash)
    code, output = _verify()
    assert code == 1
    assert f"BROKEN  {organization.slug}: record #3: content was altered" in output
    assert "ok      daneben-ag" in output


def test_altered_before_and_after_values_are_named(
    trail: tuple[Organization, Membership], attacker: None
) -> None:
    organization, _admin = trail
    seq = AuditRecord.objects.get(organization=organization, action="member.roles_changed").seq
    sql(
        f"UPDATE core_auditrecord SET after = {json_param()} WHERE organization_id = %s AND seq = %s",  # noqa: S608
        ['{"roles": ["admin"]}', organization.pk, seq],
    )
    problem = audit.verify_chain(organization)
    assert problem is not None
    assert problem.seq == seq


def test_a_record_deleted_in_the_middle_is_named(
    trail: tuple[Organization, Membership], attacker: None
) -> None:
    organization, _admin = trail
    sql("DELETE FROM core_auditrecord WHERE organization_id = %s AND seq = 5", [organization.pk])
    problem = audit.verify_chain(organization)
    assert problem is not None
    assert problem.seq == 6
    assert problem.reason == "records #5–#5 are missing"
    fourth = AuditRecord.objects.get(organization=organization, seq=4)
    assert audit.walk_chain(organization)[1:] == (4, fourth.hash)  # the last record that held
    code, output = _verify()
    assert code == 1
    assert f"BROKEN  {organization.slug}: record #6" in output


def test_a_deleted_last_record_is_noticed(trail: tuple[Organization, Membership], attacker: None) -> None:
    organization, _admin = trail
    sql("DELETE FROM core_auditrecord WHERE organization_id = %s AND seq = 9", [organization.pk])
    problem = audit.verify_chain(organization)
    assert problem is not None
    assert problem.seq is None
    assert "ends at #8" in problem.reason
    assert _verify()[0] == 1


def test_the_deleted_tail_is_noticed_even_with_the_head_rewound(
    trail: tuple[Organization, Membership], attacker: None
) -> None:
    """An attacker who also rewinds the head counter cannot know the hash it held."""
    organization, _admin = trail
    sql("DELETE FROM core_auditrecord WHERE organization_id = %s AND seq = 9", [organization.pk])
    sql("UPDATE core_organization SET audit_head_seq = 8 WHERE id = %s", [organization.pk])
    problem = audit.verify_chain(organization)
    assert problem is not None
    assert problem.seq is None


def test_an_inserted_and_renumbered_record_is_named(
    trail: tuple[Organization, Membership], attacker: None
) -> None:
    organization, _admin = trail
    for seq in range(9, 3, -1):  # from the top down, so the unique (organization, seq) holds on the way
        sql(
            "UPDATE core_auditrecord SET seq = seq + 1 WHERE organization_id = %s AND seq = %s",
            [organization.pk, seq],
        )
    third = AuditRecord.objects.get(organization=organization, seq=3)
    forge_record(organization, 4, third.hash)
    sql("UPDATE core_organization SET audit_head_seq = 10 WHERE id = %s", [organization.pk])
    problem = audit.verify_chain(organization)
    assert problem is not None
    # The forged #4 is consistent in itself; the old #4, now #5, no longer follows its predecessor.
    assert problem.seq == 5
    assert (problem.organization, problem.reason) == (
        organization.slug,
        "does not follow its predecessor (record inserted or removed)",
    )
    code, output = _verify("--org", organization.slug)
    assert code == 1
    assert "record #5" in output


def test_a_record_appended_behind_the_head_is_noticed(
    trail: tuple[Organization, Membership], attacker: None
) -> None:
    organization, _admin = trail
    forge_record(organization, 10, organization.audit_head_hash)
    problem = audit.verify_chain(organization)
    assert problem is not None
    assert problem.seq is None
    assert "ends at #10" in problem.reason


def test_the_command_line_exits_with_1_on_a_broken_chain(
    trail: tuple[Organization, Membership], attacker: None, capsys: pytest.CaptureFixture[str]
) -> None:
    organization, _admin = trail
    sql("DELETE FROM core_auditrecord WHERE organization_id = %s AND seq = 2", [organization.pk])
    with pytest.raises(SystemExit) as exited:
        cli_main(["audit", "verify"])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert f"BROKEN  {organization.slug}: record #3" in captured.out
    assert "audit chain(s) broken" in captured.err
