"""Signed checkpoints: the audit trail holds against someone who can write the database.

Such a person can rewrite a record and recompute every later hash and the head, and ``verify_chain``
alone is then content. A checkpoint signed with the audit key (which is not in the database) before the
rewrite no longer matches, whether it is stored in the database or kept by an auditor as a file.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.test import override_settings
from django.utils import timezone

from resonanz.core import actions, audit, checkpoints
from resonanz.core.audit_keys import encode, key_ring, public_bytes
from resonanz.core.hashchain import canonical
from resonanz.core.models import AuditCheckpoint, AuditRecord, Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tasks import audit_checkpoints
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.core.tests.tampering import drop_append_only_triggers, rewrite_chain, sql
from resonanz.environment import fernet_key


def _command(*args: str) -> tuple[int, str, str]:
    """Run ``resonanz audit …``; return its exit code, what it printed, and the error message."""
    out = io.StringIO()
    try:
        call_command("audit", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


@pytest.fixture
def trail(db: None) -> tuple[Organization, Membership]:
    organization = make_organization("Kette GmbH", slug="kette")
    admin = make_member(organization, [Role.ADMIN], full_name="Ada Admin")
    buddy = make_member(organization, [Role.BUDDY], full_name="Bert Buddy")
    actions.set_member_roles(admin, buddy, [Role.BUDDY, Role.AMBASSADOR])
    actions.update_member_details(admin, buddy, job_title="Teamleitung")
    organization.refresh_from_db()
    assert organization.audit_head_seq == 5
    return organization, admin


def _kept(tmp_path: Path, organization: Organization) -> Path:
    """What an auditor keeps: the checkpoint file the command writes."""
    path = tmp_path / f"{organization.slug}.json"
    assert _command("checkpoint", "--org", organization.slug, "--output", str(path))[0] == 0
    return path


# ---------------------------------------------------------------- writing


def test_a_checkpoint_signs_the_head_and_an_auditor_checks_it_with_the_public_key_alone(
    trail: tuple[Organization, Membership],
) -> None:
    organization, _admin = trail
    code, output, _error = _command("checkpoint", "--org", organization.slug)
    assert code == 0
    kept = json.loads(output)
    assert kept == {
        "format": "resonanz-audit-checkpoint/1",
        "algorithm": "ed25519",
        "organization": "kette",
        "organization_id": organization.pk,
        "seq": 5,
        "head_hash": organization.audit_head_hash,
        "created_at": kept["created_at"],
        "key_id": key_ring().signing_id,
        "signature": kept["signature"],
    }
    stored = AuditCheckpoint.objects.get(organization=organization)
    assert checkpoints.document(stored) == kept
    assert kept["created_at"] == stored.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    assert kept["created_at"].endswith("+00:00")

    # The auditor: the printed public key and the documented message format, nothing of resonanz.
    _code, printed, _error = _command("public-key")
    key_id, public = printed.split()[:2]
    assert key_id == kept["key_id"]
    signed = canonical({name: value for name, value in kept.items() if name != "signature"})
    Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(public)).verify(
        base64.urlsafe_b64decode(kept["signature"]), signed
    )


def test_the_same_head_is_signed_once_per_key(trail: tuple[Organization, Membership], settings: Any) -> None:
    organization, admin = trail
    first = checkpoints.make_checkpoint(organization)
    assert checkpoints.make_checkpoint(organization) == first
    actions.update_organization(admin, time_zone="Europe/Vienna")
    second = checkpoints.make_checkpoint(organization)
    assert (second.seq, AuditCheckpoint.objects.count()) == (6, 2)
    with override_settings(RESONANZ_AUDIT_KEYS=[fernet_key(), *settings.RESONANZ_AUDIT_KEYS]):
        rotated = checkpoints.make_checkpoint(organization)
    assert (rotated.seq, rotated.key_id != second.key_id) == (6, True)


def test_two_workers_signing_the_same_head_leave_one_checkpoint(
    trail: tuple[Organization, Membership], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unique constraint is the claim: the slower worker finds the other's checkpoint."""
    organization, _admin = trail
    real = checkpoints._verify_since_last_checkpoint
    other: list[AuditCheckpoint] = []

    def meanwhile(head: Organization) -> Any:
        problem = real(head)
        other.append(
            AuditCheckpoint.objects.create(
                organization=head,
                seq=head.audit_head_seq,
                head_hash=head.audit_head_hash,
                created_at=timezone.now(),
                key_id=key_ring().signing_id,
                signature="from the other worker",
            )
        )
        return problem

    monkeypatch.setattr(checkpoints, "_verify_since_last_checkpoint", meanwhile)
    made = checkpoints.make_checkpoint(organization)
    assert made == other[0]
    assert AuditCheckpoint.objects.filter(organization=organization).count() == 1


def test_an_empty_trail_has_nothing_to_sign(db: None) -> None:
    empty = Organization.objects.create(name="Leer", slug="leer")
    with pytest.raises(checkpoints.NothingToCheckpoint):
        checkpoints.make_checkpoint(empty)
    code, _output, error = _command("checkpoint", "--org", "leer")
    assert (code, error) == (2, "leer: the audit trail has no records yet")
    assert _command("checkpoint", "--org", "gibt-es-nicht")[0] == 2


def test_a_broken_chain_is_not_signed(trail: tuple[Organization, Membership]) -> None:
    organization, _admin = trail
    drop_append_only_triggers()
    sql(
        "UPDATE core_auditrecord SET action = %s WHERE organization_id = %s AND seq = 2",
        ["x", organization.pk],
    )
    with pytest.raises(checkpoints.ChainBroken) as broken:
        checkpoints.make_checkpoint(organization)
    assert broken.value.problem.seq == 2
    code, _output, error = _command("checkpoint", "--org", organization.slug)
    assert code == 1
    assert error == f"not signed, the chain is broken: {broken.value.problem}"
    assert not AuditCheckpoint.objects.exists()


def test_only_the_records_since_the_last_checkpoint_are_checked_before_signing(
    trail: tuple[Organization, Membership],
) -> None:
    organization, admin = trail
    checkpoints.make_checkpoint(organization)
    actions.update_organization(admin, time_zone="Europe/Vienna")
    drop_append_only_triggers()
    # Behind the checkpoint: for the full check of 'audit verify'. After it: refused here.
    sql(
        "UPDATE core_auditrecord SET action = %s WHERE organization_id = %s AND seq = 2",
        ["x", organization.pk],
    )
    assert checkpoints.make_checkpoint(organization).seq == 6
    actions.update_organization(admin, time_zone="Europe/Berlin")
    sql(
        "UPDATE core_auditrecord SET action = %s WHERE organization_id = %s AND seq = 7",
        ["x", organization.pk],
    )
    with pytest.raises(checkpoints.ChainBroken) as broken:
        checkpoints.make_checkpoint(organization)
    assert broken.value.problem.seq == 7


def test_a_chain_rewritten_since_the_last_checkpoint_is_not_signed(
    trail: tuple[Organization, Membership],
) -> None:
    organization, _admin = trail
    checkpoints.make_checkpoint(organization)
    drop_append_only_triggers()
    rewrite_chain(organization, 3, action="organization.updated")
    with pytest.raises(checkpoints.ChainBroken):
        checkpoints.make_checkpoint(organization)
    # ... nor when records were removed at the end and the head rewound below the checkpoint.
    sql("DELETE FROM core_auditrecord WHERE organization_id = %s AND seq = 5", [organization.pk])
    last = AuditRecord.objects.get(organization=organization, seq=4)
    Organization.objects.filter(pk=organization.pk).update(audit_head_seq=4, audit_head_hash=last.hash)
    with pytest.raises(checkpoints.ChainBroken) as broken:
        checkpoints.make_checkpoint(organization)
    assert broken.value.problem.seq is None


def test_a_forged_last_checkpoint_stops_signing(trail: tuple[Organization, Membership]) -> None:
    organization, admin = trail
    made = checkpoints.make_checkpoint(organization)
    actions.update_organization(admin, time_zone="Europe/Vienna")
    drop_append_only_triggers()
    sql("UPDATE core_auditcheckpoint SET signature = %s WHERE id = %s", [made.signature[::-1], made.pk])
    with pytest.raises(checkpoints.ChainBroken) as broken:
        checkpoints.make_checkpoint(organization)
    assert (broken.value.problem.kind, broken.value.problem.seq) == ("checkpoint", 5)


def test_the_worker_signs_every_grown_chain_and_logs_each_checkpoint(
    trail: tuple[Organization, Membership], caplog: pytest.LogCaptureFixture
) -> None:
    organization, admin = trail
    quiet = make_organization("Still AG")
    empty = Organization.objects.create(name="Leer", slug="leer")
    assert set(checkpoints.organizations_due()) == {organization, quiet}
    with caplog.at_level(logging.INFO, logger="resonanz.audit"):
        assert checkpoints.write_due_checkpoints() == 2
    assert set(AuditCheckpoint.objects.values_list("organization__slug", flat=True)) == {"kette", quiet.slug}
    logged = [json.loads(r.getMessage().removeprefix("audit checkpoint ")) for r in caplog.records]
    assert sorted(entry["organization"] for entry in logged) == sorted(["kette", quiet.slug])
    assert checkpoints.document(AuditCheckpoint.objects.get(organization=organization)) in logged
    assert not checkpoints.organizations_due().exists()
    assert checkpoints.write_due_checkpoints() == 0

    actions.update_organization(admin, time_zone="Europe/Vienna")
    assert list(checkpoints.organizations_due()) == [organization]
    audit_checkpoints.call_local()  # the periodic job does the same
    assert AuditCheckpoint.objects.filter(organization=organization).latest("seq").seq == 6
    assert empty not in checkpoints.organizations_due()


def test_the_worker_reports_a_broken_chain_and_signs_the_others(
    trail: tuple[Organization, Membership], caplog: pytest.LogCaptureFixture
) -> None:
    organization, _admin = trail
    quiet = make_organization("Still AG")
    drop_append_only_triggers()
    sql(
        "UPDATE core_auditrecord SET action = %s WHERE organization_id = %s AND seq = 2",
        ["x", organization.pk],
    )
    with caplog.at_level(logging.INFO, logger="resonanz.audit"):
        assert checkpoints.write_due_checkpoints() == 1
    assert list(AuditCheckpoint.objects.values_list("organization", flat=True)) == [quiet.pk]
    errors = [record.getMessage() for record in caplog.records if record.levelno == logging.ERROR]
    assert errors == [f"audit chain broken, its head is not signed: kette: record #2: {audit.ALTERED}"]


def test_checkpoints_are_append_only(trail: tuple[Organization, Membership]) -> None:
    organization, _admin = trail
    made = checkpoints.make_checkpoint(organization)
    with pytest.raises(PermissionError):
        made.save()
    with pytest.raises(PermissionError):
        made.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.filter(pk=made.pk).update(seq=4)
    with pytest.raises(DatabaseError), transaction.atomic():
        sql("DELETE FROM core_auditcheckpoint WHERE id = %s", [made.pk])
    assert AuditCheckpoint.objects.get(pk=made.pk).seq == 5


# ---------------------------------------------------------------- the attack, and what notices it


def test_a_chain_rewritten_with_every_hash_recomputed_fails_its_checkpoints(
    trail: tuple[Organization, Membership], tmp_path: Path
) -> None:
    organization, _admin = trail
    kept = _kept(tmp_path, organization)
    assert _command("verify", "--checkpoint", str(kept))[0] == 0

    drop_append_only_triggers()
    rewrite_chain(organization, 3, action="member.activated")
    assert audit.verify_chain(organization) is None  # the hash chain alone is fooled

    code, output, error = _command("verify")
    assert code == 1
    assert (
        "BROKEN  kette: checkpoint #5: record #5 no longer has the signed hash "
        "(the chain was rewritten after the checkpoint)"
    ) in output
    assert error == "1 of 1 audit chain(s) broken"

    code, output, _error = _command("verify", "--org", "kette", "--checkpoint", str(kept))
    assert code == 1
    assert f"BROKEN  {kept}: kette: checkpoint #5: record #5 no longer has the signed hash" in output


def test_records_removed_after_a_checkpoint_fail_it(
    trail: tuple[Organization, Membership], tmp_path: Path
) -> None:
    organization, _admin = trail
    kept = _kept(tmp_path, organization)
    drop_append_only_triggers()
    sql("DELETE FROM core_auditrecord WHERE organization_id = %s AND seq = 5", [organization.pk])
    last = AuditRecord.objects.get(organization=organization, seq=4)
    Organization.objects.filter(pk=organization.pk).update(audit_head_seq=4, audit_head_hash=last.hash)
    assert audit.verify_chain(organization) is None

    code, output, _error = _command("verify", "--checkpoint", str(kept))
    assert code == 1
    expected = "checkpoint #5: the chain ends at #4, before the signed record #5 (records removed)"
    assert f"BROKEN  kette: {expected}" in output
    assert f"BROKEN  {kept}: kette: {expected}" in output


def test_a_signed_record_removed_from_the_middle_is_named(trail: tuple[Organization, Membership]) -> None:
    organization, admin = trail
    checkpoints.make_checkpoint(organization)
    actions.update_organization(admin, time_zone="Europe/Vienna")
    drop_append_only_triggers()
    sql("DELETE FROM core_auditrecord WHERE organization_id = %s AND seq = 5", [organization.pk])
    count, problems = checkpoints.verify_checkpoints(organization)
    assert count == 1
    assert [str(problem) for problem in problems] == ["kette: checkpoint #5: the signed record #5 is missing"]


def test_a_forged_checkpoint_without_the_key_fails(
    trail: tuple[Organization, Membership], tmp_path: Path
) -> None:
    organization, _admin = trail
    with override_settings(RESONANZ_AUDIT_KEYS=[fernet_key()]):
        forged = _kept(tmp_path, organization)
    code, output, _error = _command("verify", "--checkpoint", str(forged))
    assert code == 1
    doc = json.loads(forged.read_text())
    assert f"BROKEN  {forged}: kette: checkpoint #5: signed with an unknown key {doc['key_id']}" in output
    # The forger's checkpoint was also stored: verify names it too.
    assert f"BROKEN  kette: checkpoint #5: signed with an unknown key {doc['key_id']}" in output


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seq", 4),
        ("head_hash", "0" * 64),
        ("created_at", "2020-01-01T00:00:00.000000+00:00"),
        ("organization", "x"),
    ],
)
def test_an_altered_kept_checkpoint_fails(
    trail: tuple[Organization, Membership], tmp_path: Path, field: str, value: Any
) -> None:
    organization, _admin = trail
    kept = _kept(tmp_path, organization)
    doc = json.loads(kept.read_text())
    kept.write_text(json.dumps({**doc, field: value}))
    code, output, _error = _command("verify", "--checkpoint", str(kept))
    assert code == 1
    assert "the signature does not match (checkpoint forged or altered)" in output


def test_an_altered_stored_checkpoint_fails(trail: tuple[Organization, Membership]) -> None:
    organization, _admin = trail
    made = checkpoints.make_checkpoint(organization)
    drop_append_only_triggers()
    sql("UPDATE core_auditcheckpoint SET seq = 4 WHERE id = %s", [made.pk])
    _count, problems = checkpoints.verify_checkpoints(organization)
    assert [str(problem) for problem in problems] == [
        "kette: checkpoint #4: the signature does not match (checkpoint forged or altered)"
    ]


def test_a_kept_checkpoint_of_an_organization_that_is_gone_fails(
    trail: tuple[Organization, Membership], tmp_path: Path
) -> None:
    organization, _admin = trail
    doc = checkpoints.document(checkpoints.make_checkpoint(organization))
    problem = checkpoints.verify_document({**doc, "organization_id": organization.pk + 1000})
    assert str(problem) == "kette: checkpoint #5: the organization no longer exists"


def test_verify_counts_the_checkpoints_of_an_intact_trail(trail: tuple[Organization, Membership]) -> None:
    organization, admin = trail
    checkpoints.make_checkpoint(organization)
    actions.update_organization(admin, time_zone="Europe/Vienna")
    checkpoints.make_checkpoint(organization)
    code, output, _error = _command("verify")
    assert code == 0
    assert "ok      kette: 6 records, 2 checkpoints" in output


def test_many_checkpoints_are_checked_in_batches(
    trail: tuple[Organization, Membership], monkeypatch: pytest.MonkeyPatch
) -> None:
    organization, admin = trail
    for zone in ("Europe/Vienna", "Europe/Berlin", "Europe/Paris"):
        checkpoints.make_checkpoint(organization)
        actions.update_organization(admin, time_zone=zone)
    made = checkpoints.make_checkpoint(organization)
    original = checkpoints._chunks
    monkeypatch.setattr(checkpoints, "_chunks", lambda queryset: original(queryset, size=3))
    drop_append_only_triggers()
    sql("UPDATE core_auditcheckpoint SET head_hash = %s WHERE id = %s", ["0" * 64, made.pk])
    count, problems = checkpoints.verify_checkpoints(organization)
    assert count == 4
    assert [problem.seq for problem in problems] == [8]


# ---------------------------------------------------------------- key rotation


def test_checkpoints_of_a_rotated_key_stay_verifiable(
    trail: tuple[Organization, Membership], settings: Any
) -> None:
    organization, admin = trail
    old_keys = list(settings.RESONANZ_AUDIT_KEYS)
    old = checkpoints.make_checkpoint(organization)
    old_public = encode(public_bytes(key_ring().public[old.key_id]))

    settings.RESONANZ_AUDIT_KEYS = [fernet_key(), *old_keys]  # the new key signs, the old one still checks
    actions.update_organization(admin, time_zone="Europe/Vienna")
    new = checkpoints.make_checkpoint(organization)
    assert new.key_id != old.key_id
    assert _command("verify")[0] == 0
    _code, printed, _error = _command("public-key")
    assert [line.split()[0] for line in printed.splitlines()] == [new.key_id, old.key_id]

    settings.RESONANZ_AUDIT_KEYS = settings.RESONANZ_AUDIT_KEYS[:1]  # the old private key retired ...
    code, output, _error = _command("verify")
    assert code == 1
    assert f"signed with an unknown key {old.key_id}" in output
    settings.RESONANZ_AUDIT_PUBLIC_KEYS = [old_public]  # ... its public key kept
    assert _command("verify")[0] == 0


def test_the_public_keys_print_as_pem(trail: tuple[Organization, Membership]) -> None:
    _code, printed, _error = _command("public-key", "--pem")
    assert printed.startswith(f"# key id {key_ring().signing_id}\n-----BEGIN PUBLIC KEY-----\n")
    assert printed.rstrip().endswith("-----END PUBLIC KEY-----")


# ---------------------------------------------------------------- files that are not checkpoints


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("nicht json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"format": "resonanz-audit-checkpoint/1"}', "the field 'algorithm' is missing or not text"),
        ("SEQ_TRUE", "the field 'seq' is missing or not a whole number"),
        ("FORMAT", "the format is 'resonanz-audit-checkpoint/9', not 'resonanz-audit-checkpoint/1'"),
        ("ALGORITHM", "the algorithm, head hash or record number is not valid"),
        ("HASH", "the algorithm, head hash or record number is not valid"),
        ("SEQ_ZERO", "the algorithm, head hash or record number is not valid"),
    ],
)
def test_a_file_that_is_not_a_checkpoint_is_a_usage_error(
    trail: tuple[Organization, Membership], tmp_path: Path, content: str, message: str
) -> None:
    organization, _admin = trail
    doc = checkpoints.document(checkpoints.make_checkpoint(organization))
    variants = {
        "SEQ_TRUE": {**doc, "seq": True},
        "FORMAT": {**doc, "format": "resonanz-audit-checkpoint/9"},
        "ALGORITHM": {**doc, "algorithm": "hmac"},
        "HASH": {**doc, "head_hash": "xyz"},
        "SEQ_ZERO": {**doc, "seq": 0},
    }
    path = tmp_path / "kept.json"
    path.write_text(json.dumps(variants[content]) if content in variants else content)
    code, _output, error = _command("verify", "--checkpoint", str(path))
    assert (code, error) == (2, f"{path}: not a resonanz audit checkpoint: {message}")


def test_a_checkpoint_file_that_cannot_be_read_is_a_usage_error(db: None, tmp_path: Path) -> None:
    code, _output, error = _command("verify", "--checkpoint", str(tmp_path / "fehlt.json"))
    assert code == 2
    assert error.startswith(f"{tmp_path / 'fehlt.json'}: cannot read:")


def test_a_checkpoint_of_a_chain_of_one_record_holds(db: None, tmp_path: Path) -> None:
    organization = make_organization("Neu GmbH", slug="neu")
    kept = _kept(tmp_path, organization)
    assert json.loads(kept.read_text())["seq"] == 1
    code, output, _error = _command("verify", "--checkpoint", str(kept))
    assert code == 0
    assert f"ok      {kept}: neu #1 as signed at " in output
