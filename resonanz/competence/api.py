"""API endpoints of the competence app under /api/v1/competence.

Every change goes through ``resonanz.competence.actions``; objects come from ``resonanz.competence.access``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from resonanz.api_auth import member_of
from resonanz.api_input import Pagination
from resonanz.competence import access, actions
from resonanz.competence.api_schemas import (
    CertificateFilter,
    CertificateIn,
    CertificateOut,
    CertificatePatch,
    ChannelRequirementIn,
    ChannelRequirementOut,
    CompetenceIn,
    CompetenceOut,
    CompetencePatch,
    EffectivenessCheckIn,
    EffectivenessCheckOut,
    EffectivenessCheckPatch,
    MatrixExportQuery,
    MatrixOut,
    MatrixQuery,
    ParticipationIn,
    ParticipationOut,
    ParticipationPatch,
    RoleRequirementIn,
    RoleRequirementOut,
    TrainingIn,
    TrainingOut,
    TrainingPatch,
    ViolationOut,
)
from resonanz.competence.exports import PDF_FAILED
from resonanz.competence.gating import violations_for
from resonanz.competence.matrix import build_matrix
from resonanz.competence.models import (
    Certificate,
    Competence,
    EffectivenessCheck,
    Training,
    TrainingParticipation,
)
from resonanz.core.http import ApiRequest
from resonanz.core.roles import Capability
from resonanz.documents.deferred import PdfFailed, PdfPending
from resonanz.documents.waiting import PendingOut, failed_answer, pending_answer
from resonanz.plan import access as plan_access

router = Router(tags=["competence"])
C = Capability


def _sent(payload: Schema) -> dict[str, Any]:
    return payload.dict(exclude_unset=True)


def _rename(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(key, key): value for key, value in data.items()}


# ---------------------------------------------------------------- catalogue


@router.get("/competences", response=list[CompetenceOut], summary="The competence catalogue")
@paginate(Pagination)
def list_competences(request: ApiRequest) -> Any:
    return access.competence_queryset(member_of(request, C.VIEW_COMPETENCE)).order_by("name", "pk")


@router.post("/competences", response={201: CompetenceOut}, summary="Add a competence")
def create_competence(request: ApiRequest, payload: CompetenceIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    return Status(201, actions.create_competence(member, **payload.dict()))


@router.get("/competences/{competence_id}", response=CompetenceOut, summary="One competence")
def get_competence(request: ApiRequest, competence_id: int) -> Competence:
    return access.get_competence_for(member_of(request, C.VIEW_COMPETENCE), competence_id)


@router.patch(
    "/competences/{competence_id}", response=CompetenceOut, summary="Change or deactivate a competence"
)
def patch_competence(request: ApiRequest, competence_id: int, payload: CompetencePatch) -> Competence:
    member = member_of(request, C.MANAGE_COMPETENCE)
    competence = access.get_competence_for(member, competence_id, C.MANAGE_COMPETENCE)
    changes = _sent(payload)
    return actions.update_competence(member, competence, **changes) if changes else competence


# ---------------------------------------------------------------- requirements


@router.get("/role-requirements", response=list[RoleRequirementOut], summary="Competences required per role")
@paginate(Pagination)
def list_role_requirements(request: ApiRequest) -> Any:
    return access.role_requirement_queryset(member_of(request, C.VIEW_COMPETENCE)).order_by("role", "pk")


@router.post(
    "/role-requirements", response={201: RoleRequirementOut}, summary="Require a competence for a role"
)
def create_role_requirement(request: ApiRequest, payload: RoleRequirementIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    requirement = actions.require_for_role(member, role=payload.role.value, competence=payload.competence_id)
    return Status(201, requirement)


@router.delete(
    "/role-requirements/{role_requirement_id}", response={204: None}, summary="Drop a role requirement"
)
def delete_role_requirement(request: ApiRequest, role_requirement_id: int) -> Status[None]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    actions.remove_role_requirement(member, access.get_role_requirement_for(member, role_requirement_id))
    return Status(204, None)


@router.get(
    "/channel-requirements", response=list[ChannelRequirementOut], summary="Competences required per channel"
)
@paginate(Pagination)
def list_channel_requirements(request: ApiRequest) -> Any:
    return access.channel_requirement_queryset(member_of(request, C.VIEW_COMPETENCE)).order_by(
        "channel_id", "pk"
    )


@router.post(
    "/channel-requirements",
    response={201: ChannelRequirementOut},
    summary="Require a competence for a channel",
)
def create_channel_requirement(request: ApiRequest, payload: ChannelRequirementIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    requirement = actions.require_for_channel(
        member, channel=payload.channel_id, competence=payload.competence_id
    )
    return Status(201, requirement)


@router.delete(
    "/channel-requirements/{channel_requirement_id}",
    response={204: None},
    summary="Drop a channel requirement",
)
def delete_channel_requirement(request: ApiRequest, channel_requirement_id: int) -> Status[None]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    actions.remove_channel_requirement(
        member, access.get_channel_requirement_for(member, channel_requirement_id)
    )
    return Status(204, None)


# ---------------------------------------------------------------- trainings


@router.get("/trainings", response=list[TrainingOut], summary="Trainings")
@paginate(Pagination)
def list_trainings(request: ApiRequest) -> Any:
    return access.training_queryset(member_of(request, C.VIEW_COMPETENCE)).order_by("-starts_on", "pk")


@router.post("/trainings", response={201: TrainingOut}, summary="Add a training")
def create_training(request: ApiRequest, payload: TrainingIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    data = _rename(payload.dict(), {"competence_ids": "competences"})
    return Status(201, actions.create_training(member, **data))


@router.get("/trainings/{training_id}", response=TrainingOut, summary="One training")
def get_training(request: ApiRequest, training_id: int) -> Training:
    return access.get_training_for(member_of(request, C.VIEW_COMPETENCE), training_id)


@router.patch("/trainings/{training_id}", response=TrainingOut, summary="Change a training")
def patch_training(request: ApiRequest, training_id: int, payload: TrainingPatch) -> Training:
    member = member_of(request, C.MANAGE_COMPETENCE)
    training = access.get_training_for(member, training_id)
    changes = _rename(_sent(payload), {"competence_ids": "competences"})
    return actions.update_training(member, training, **changes) if changes else training


@router.get(
    "/trainings/{training_id}/participations",
    response=list[ParticipationOut],
    summary="Participants of a training",
)
@paginate(Pagination)
def list_participations(request: ApiRequest, training_id: int) -> Any:
    member = member_of(request, C.VIEW_COMPETENCE)
    training = access.get_training_for(member, training_id)
    return access.participation_queryset(member).filter(training=training).order_by("pk")


@router.post(
    "/trainings/{training_id}/participations", response={201: ParticipationOut}, summary="Enrol a participant"
)
def create_participation(request: ApiRequest, training_id: int, payload: ParticipationIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    training = access.get_training_for(member, training_id)
    return Status(201, actions.enroll(member, training, person=payload.membership_id))


@router.patch(
    "/participations/{training_participation_id}", response=ParticipationOut, summary="Change a participation"
)
def patch_participation(
    request: ApiRequest, training_participation_id: int, payload: ParticipationPatch
) -> TrainingParticipation:
    member = member_of(request, C.MANAGE_COMPETENCE)
    participation = access.get_participation_for(member, training_participation_id)
    return actions.set_participation_status(member, participation, **payload.dict())


@router.get(
    "/trainings/{training_id}/effectiveness-checks",
    response=list[EffectivenessCheckOut],
    summary="Effectiveness checks (7.2 c)",
)
@paginate(Pagination)
def list_checks(request: ApiRequest, training_id: int) -> Any:
    member = member_of(request, C.VIEW_COMPETENCE)
    training = access.get_training_for(member, training_id)
    return access.check_queryset(member).filter(training=training).order_by("planned_on", "pk")


@router.post(
    "/trainings/{training_id}/effectiveness-checks",
    response={201: EffectivenessCheckOut},
    summary="Plan an effectiveness check",
)
def create_check(request: ApiRequest, training_id: int, payload: EffectivenessCheckIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    training = access.get_training_for(member, training_id)
    return Status(201, actions.plan_effectiveness_check(member, training, **payload.dict()))


@router.patch(
    "/effectiveness-checks/{effectiveness_check_id}",
    response=EffectivenessCheckOut,
    summary="Record a check's result",
)
def patch_check(
    request: ApiRequest, effectiveness_check_id: int, payload: EffectivenessCheckPatch
) -> EffectivenessCheck:
    member = member_of(request, C.MANAGE_COMPETENCE)
    check = access.get_check_for(member, effectiveness_check_id)
    changes = _sent(payload)
    return actions.update_effectiveness_check(member, check, **changes) if changes else check


# ---------------------------------------------------------------- certificates


@router.get("/certificates", response=list[CertificateOut], summary="Certificates")
@paginate(Pagination)
def list_certificates(request: ApiRequest, filters: Query[CertificateFilter]) -> Any:
    certificates = access.certificate_queryset(member_of(request, C.VIEW_COMPETENCE))
    if filters.membership_id is not None:
        certificates = certificates.filter(membership_id=filters.membership_id)
    if filters.competence_id is not None:
        certificates = certificates.filter(competence_id=filters.competence_id)
    return certificates.order_by("-issued_on", "pk")


@router.post("/certificates", response={201: CertificateOut}, summary="Record a certificate (no file)")
def create_certificate(request: ApiRequest, payload: CertificateIn) -> Status[Any]:
    member = member_of(request, C.MANAGE_COMPETENCE)
    data = _rename(
        payload.dict(),
        {"membership_id": "person", "competence_id": "competence", "training_id": "training"},
    )
    return Status(201, actions.record_certificate(member, **data))


@router.get("/certificates/{certificate_id}", response=CertificateOut, summary="One certificate")
def get_certificate(request: ApiRequest, certificate_id: int) -> Certificate:
    return access.get_certificate_for(member_of(request, C.VIEW_COMPETENCE), certificate_id)


@router.patch("/certificates/{certificate_id}", response=CertificateOut, summary="Change a certificate")
def patch_certificate(request: ApiRequest, certificate_id: int, payload: CertificatePatch) -> Certificate:
    member = member_of(request, C.MANAGE_COMPETENCE)
    certificate = access.get_certificate_for(member, certificate_id)
    changes = _rename(_sent(payload), {"competence_id": "competence", "training_id": "training"})
    return actions.update_certificate(member, certificate, **changes) if changes else certificate


# ---------------------------------------------------------------- the matrix and gating


@router.get("/matrix", response=MatrixOut, summary="The training matrix (25 people a page)")
def matrix(request: ApiRequest, query: Query[MatrixQuery]) -> Any:
    member = member_of(request, C.VIEW_COMPETENCE)
    competence_id = query.competence_id
    if competence_id is not None:
        access.get_competence_for(member, competence_id)
    return build_matrix(
        member.organization,
        on=timezone.localdate(),
        unit=query.unit,
        competence_id=competence_id,
        status=query.status,
        page=query.page,
    )


_FILE = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/matrix/export",
    response={202: PendingOut},
    summary="The training matrix as XLSX or PDF (recorded)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as a download",
                "content": {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _FILE,
                    "application/pdf": _FILE,
                },
            },
            "503": {"description": "The PDF could not be made; asking again tries once more."},
        }
    },
)
def matrix_export(request: ApiRequest, query: Query[MatrixExportQuery]) -> Any:
    """The filtered matrix as the page exports it, in the language of the request, recorded in the
    audit trail. The PDF of a large matrix is made by the worker: the answer is then 202 with
    ``Retry-After``; ask again with the same request and the finished file comes back."""
    member = member_of(request, C.VIEW_COMPETENCE)
    if query.competence_id is not None:
        access.get_competence_for(member, query.competence_id)
    try:
        exported = actions.export_matrix(
            member,
            query.format,
            on=timezone.localdate(),
            unit=query.unit,
            competence_id=query.competence_id,
            status=query.status,
            wait=False,
        )
    except PdfPending:
        return pending_answer()
    except PdfFailed:
        return failed_answer(str(PDF_FAILED))
    response: HttpResponse = exported.download()
    return response


@router.get(
    "/plan-rows/{plan_row_id}/violations",
    response=list[ViolationOut],
    summary="Senders of a plan row who lack a competence its channels require",
)
def row_violations(request: ApiRequest, plan_row_id: int) -> list[dict[str, Any]]:
    member = member_of(request, C.VIEW_NAMES)
    row = plan_access.get_row_for(member, plan_row_id)
    return [
        {
            "sender": {"id": found.sender_id, "name": found.sender_name},
            "competence_id": found.competence_id,
            "competence": found.competence_name,
            "channel_id": found.channel_id,
            "channel": found.channel_name,
            "expired_on": found.expired_on,
        }
        for found in violations_for(row)
    ]
