"""The competence actions: what they store, what they record, and what they refuse (translated)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import translation

from resonanz.competence import actions
from resonanz.competence.models import (
    ChannelRequirement,
    Competence,
    EffectivenessResult,
    ParticipationStatus,
    TrainingFormat,
)
from resonanz.competence.tests.factories import LINKEDIN, competence_named, quality_officer
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan.models import Channel

pytestmark = pytest.mark.django_db


def test_a_quality_officer_adds_a_competence_and_it_is_recorded(org: Organization) -> None:
    officer = quality_officer(org)
    competence = actions.create_competence(officer, name="  Pressearbeit\x00 ", description="Presse")
    assert competence.name == "Pressearbeit"
    assert AuditRecord.objects.filter(organization=org, action="competence.created").exists()


def test_a_duplicate_competence_name_is_refused_in_german_ignoring_case(org: Organization) -> None:
    officer = quality_officer(org)
    with translation.override("de"):
        with pytest.raises(ActionRefused) as refused:
            actions.create_competence(officer, name="krisenkommunikation")
        assert refused.value.messages == ["Die Kompetenz „krisenkommunikation“ gibt es bereits."]
    pressearbeit = actions.create_competence(officer, name="Pressearbeit")
    with pytest.raises(ActionRefused):
        actions.update_competence(officer, pressearbeit, name="KRISENKOMMUNIKATION")


def test_only_the_quality_officer_manages_competences(org: Organization) -> None:
    for roles in (["communications_manager"], ["auditor"], ["works_council"], ["admin"]):
        with pytest.raises(PermissionDenied):
            actions.create_competence(make_member(org, roles), name="X")


def test_deactivating_keeps_the_competence(org: Organization) -> None:
    officer = quality_officer(org)
    competence = competence_named(org, LINKEDIN)
    actions.deactivate_competence(officer, competence)
    competence.refresh_from_db()
    assert not competence.is_active
    assert AuditRecord.objects.filter(organization=org, action="competence.deactivated").exists()


def test_a_training_ending_before_it_starts_is_refused(org: Organization) -> None:
    with translation.override("de"):
        with pytest.raises(ActionRefused) as refused:
            actions.create_training(
                quality_officer(org),
                title="Kurs",
                format=TrainingFormat.SEMINAR,
                starts_on="2026-05-02",
                ends_on="2026-05-01",
            )
        assert refused.value.messages == ["Die Schulung kann nicht vor ihrem Beginn enden."]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"format": "webinar"}, "format"),
        ({"starts_on": "9999-01-01"}, "starts_on"),
        ({"starts_on": "gestern"}, "starts_on"),
        ({"title": "\x00 "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"competences": [2**70]}, "competences"),
        ({"competences": ["1"]}, "competences"),
        ({"colour": "red"}, None),
    ],
)
def test_odd_training_input_is_refused(
    org: Organization, values: dict[str, object], field: str | None
) -> None:
    base: dict[str, object] = {"title": "Kurs", "format": TrainingFormat.SEMINAR, "starts_on": "2026-05-02"}
    with pytest.raises(ActionRefused) as refused:
        actions.create_training(quality_officer(org), **{**base, **values})  # type: ignore[arg-type]
    assert refused.value.field == field


def test_a_competence_of_another_organization_cannot_be_built_by_a_training(
    org: Organization, other_org: Organization
) -> None:
    foreign = Competence.objects.filter(organization=other_org).first()
    assert foreign is not None
    with pytest.raises(ActionRefused):
        actions.create_training(
            quality_officer(org),
            title="Kurs",
            format=TrainingFormat.SEMINAR,
            starts_on="2026-05-02",
            competences=[foreign.pk],
        )


def test_a_certificate_expiring_before_issue_is_refused(org: Organization) -> None:
    with translation.override("de"):
        with pytest.raises(ActionRefused) as refused:
            actions.record_certificate(
                quality_officer(org),
                person=make_member(org),
                competence=competence_named(org, LINKEDIN),
                issued_on=dt.date(2026, 5, 1),
                expires_on=dt.date(2026, 4, 1),
            )
        assert refused.value.messages == ["Ein Zertifikat kann nicht am Ausstellungstag oder davor ablaufen."]


def test_a_certificate_for_a_member_of_another_organization_is_refused(
    org: Organization, other_org: Organization
) -> None:
    stranger = make_member(other_org)
    with pytest.raises(ActionRefused) as refused:
        actions.record_certificate(
            quality_officer(org),
            person=stranger.pk,
            competence=competence_named(org, LINKEDIN),
            issued_on=dt.date(2026, 5, 1),
        )
    assert refused.value.field == "membership"


def test_a_certificate_with_its_evidence_file_is_stored_and_its_download_recorded(org: Organization) -> None:
    officer = quality_officer(org)
    with TestCase.captureOnCommitCallbacks(execute=True):
        certificate = actions.record_certificate(
            officer,
            person=make_member(org),
            competence=competence_named(org, LINKEDIN),
            issued_on=dt.date(2026, 5, 1),
            expires_on=dt.date(2028, 5, 1),
            evidence=SimpleUploadedFile("zertifikat.pdf", b"%PDF-1.4 test"),
        )
    certificate.refresh_from_db()
    handle, name = actions.open_certificate_file(officer, certificate)
    with handle:
        assert handle.read() == b"%PDF-1.4 test"
    assert name == "zertifikat.pdf"
    assert AuditRecord.objects.filter(organization=org, action="competence.certificate_downloaded").exists()


def test_an_evidence_file_that_is_not_what_it_says_is_refused(org: Organization) -> None:
    with pytest.raises(ActionRefused) as refused:
        actions.record_certificate(
            quality_officer(org),
            person=make_member(org),
            competence=competence_named(org, LINKEDIN),
            issued_on=dt.date(2026, 5, 1),
            evidence=SimpleUploadedFile("zertifikat.pdf", b"<html>nope</html>"),
        )
    assert refused.value.field == "evidence"


def test_participation_and_effectiveness_are_recorded(org: Organization) -> None:
    officer = quality_officer(org)
    training = actions.create_training(
        officer, title="Kurs", format=TrainingFormat.WORKSHOP, starts_on=dt.date(2026, 2, 1)
    )
    person = make_member(org)
    participation = actions.enroll(officer, training, person=person)
    assert actions.enroll(officer, training, person=person.pk) == participation
    with pytest.raises(ActionRefused):
        actions.set_participation_status(
            officer, participation, status=ParticipationStatus.DROPPED, completed_on=dt.date(2026, 3, 1)
        )
    actions.set_participation_status(
        officer, participation, status=ParticipationStatus.COMPLETED, completed_on=dt.date(2026, 3, 1)
    )
    check = actions.plan_effectiveness_check(officer, training, planned_on="2026-06-01", method="Stichprobe")
    done = actions.update_effectiveness_check(officer, check, result=EffectivenessResult.PARTLY)
    assert done.assessed_by == officer and done.assessed_on is not None
    with pytest.raises(ActionRefused):
        actions.update_effectiveness_check(officer, check, result="great")
    codes = set(AuditRecord.objects.filter(organization=org).values_list("action", flat=True))
    assert {"competence.participant_enrolled", "competence.participation_changed"} <= codes
    assert {"competence.effectiveness_planned", "competence.effectiveness_updated"} <= codes


def test_requirements_are_kept_once_and_refuse_foreign_ids(
    org: Organization, other_org: Organization
) -> None:
    officer = quality_officer(org)
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    competence = competence_named(org, LINKEDIN)
    first = actions.require_for_channel(officer, channel=linkedin.pk, competence=competence.pk)
    assert actions.require_for_channel(officer, channel=linkedin, competence=competence) == first
    assert ChannelRequirement.objects.filter(organization=org).count() == 1
    foreign_channel = Channel.objects.get(organization=other_org, name="LinkedIn")
    with pytest.raises(ActionRefused):
        actions.require_for_channel(officer, channel=foreign_channel.pk, competence=competence.pk)
    with pytest.raises(ActionRefused):
        actions.require_for_role(officer, role="pope", competence=competence)
    requirement = actions.require_for_role(officer, role="buddy", competence=competence)
    actions.remove_role_requirement(officer, requirement)
    actions.remove_channel_requirement(officer, first)
    assert not ChannelRequirement.objects.filter(organization=org).exists()
