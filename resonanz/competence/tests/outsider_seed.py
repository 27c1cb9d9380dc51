"""Seeder for the outsider walk: one of every competence object, marked with the organization's marker."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from resonanz.competence import actions
from resonanz.competence.models import EffectivenessResult, ParticipationStatus, TrainingFormat
from resonanz.core.roles import Role
from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder


@outsider_seeder
def seed_competence(ctx: SeedContext) -> None:
    admin, marker = ctx.admin, ctx.marker
    competence = actions.create_competence(
        admin, name=f"Kompetenz {marker}", description=f"Beschreibung {marker}"
    )
    ctx.made["competence.competence"] = competence
    ctx.made["competence.role_requirement"] = actions.require_for_role(
        admin, role=Role.BUDDY, competence=competence
    )
    ctx.made["competence.channel_requirement"] = actions.require_for_channel(
        admin, channel=ctx.made["plan.channel"], competence=competence
    )
    training = actions.create_training(
        admin,
        title=f"Schulung {marker}",
        provider=f"Anbieter {marker}",
        format=TrainingFormat.SEMINAR,
        starts_on=dt.date(2026, 2, 1),
        ends_on=dt.date(2026, 6, 30),
        competences=[competence.pk],
        description=f"Inhalt {marker}",
    )
    ctx.made["competence.training"] = training
    participation = actions.enroll(admin, training, person=ctx.members[Role.BUDDY])
    ctx.made["competence.participation"] = actions.set_participation_status(
        admin, participation, status=ParticipationStatus.COMPLETED, completed_on=dt.date(2026, 6, 30)
    )
    check = actions.plan_effectiveness_check(
        admin, training, planned_on=dt.date(2026, 9, 1), method=f"Befragung {marker}"
    )
    ctx.made["competence.effectiveness_check"] = actions.update_effectiveness_check(
        admin, check, result=EffectivenessResult.EFFECTIVE, notes=f"Wirksam {marker}"
    )
    # The file is stored on commit, which the test's transaction never reaches: run that step here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        ctx.made["competence.certificate"] = actions.record_certificate(
            admin,
            person=ctx.members[Role.BUDDY],
            competence=competence,
            issued_on=dt.date(2026, 6, 30),
            expires_on=dt.date(2028, 6, 30),
            issuer=f"Hochschule {marker}",
            training=training,
            evidence=SimpleUploadedFile(f"zertifikat-{marker}.pdf", b"%PDF-1.4 " + marker.encode()),
        )
