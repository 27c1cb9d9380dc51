"""URLs of the competence pages under ``/o/<org>/competence/``; object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.competence.views import catalogue, certificates, matrix, trainings

app_name = "competence"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", catalogue.competence_index, name="competence_index"),
    path("<int:competence_id>/", catalogue.competence_edit, name="competence_edit"),
    path("<int:competence_id>/active/", catalogue.competence_active, name="competence_active"),
    path("requirements/", catalogue.competence_requirements, name="competence_requirements"),
    path(
        "requirements/roles/<int:role_requirement_id>/remove/",
        catalogue.competence_role_requirement_remove,
        name="competence_role_requirement_remove",
    ),
    path(
        "requirements/channels/<int:channel_requirement_id>/remove/",
        catalogue.competence_channel_requirement_remove,
        name="competence_channel_requirement_remove",
    ),
    path("trainings/", trainings.competence_trainings, name="competence_trainings"),
    path("trainings/<int:training_id>/", trainings.competence_training, name="competence_training"),
    path(
        "trainings/<int:training_id>/edit/",
        trainings.competence_training_edit,
        name="competence_training_edit",
    ),
    path(
        "trainings/<int:training_id>/participants/",
        trainings.competence_training_enroll,
        name="competence_training_enroll",
    ),
    path(
        "participations/<int:training_participation_id>/",
        trainings.competence_participation,
        name="competence_participation",
    ),
    path(
        "trainings/<int:training_id>/checks/",
        trainings.competence_training_check,
        name="competence_training_check",
    ),
    path("checks/<int:effectiveness_check_id>/", trainings.competence_check, name="competence_check"),
    path("people/<int:membership_id>/", certificates.competence_person, name="competence_person"),
    path(
        "certificates/<int:certificate_id>/file/",
        certificates.competence_certificate_file,
        name="competence_certificate_file",
    ),
    path("matrix/", matrix.competence_matrix, name="competence_matrix"),
    path("matrix/export.xlsx", matrix.competence_matrix_xlsx, name="competence_matrix_xlsx"),
    path("matrix/export.pdf", matrix.competence_matrix_pdf, name="competence_matrix_pdf"),
]
