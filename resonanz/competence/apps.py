from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "resonanz.competence"
    label = "competence"
    verbose_name = _("Competence")

    def ready(self) -> None:
        from resonanz.competence import demo, tasks  # noqa: F401  (tasks: registers the periodic jobs with Huey)
        from resonanz.competence.action_labels import ACTION_LABELS, READ_ACTIONS
        from resonanz.competence.defaults import create_catalogue_for_new_organization
        from resonanz.core.action_labels import label_actions, mark_reads
        from resonanz.core.roles import Capability
        from resonanz.core.signals import organization_created
        from resonanz.people.areas import Area, register_area

        organization_created.connect(
            create_catalogue_for_new_organization, dispatch_uid="competence_catalogue"
        )
        demo.register()
        label_actions(ACTION_LABELS)
        mark_reads(READ_ACTIONS)
        register_area(
            Area(
                "competence_matrix",
                _("Training matrix"),
                _("Who holds which competence, what runs out soon, what is missing (ISO 9001 7.2)."),
                "table-cells",
                "competence:competence_matrix",
                Capability.VIEW_COMPETENCE,
                order=20,
            )
        )
        register_area(
            Area(
                "competence_trainings",
                _("Trainings and certificates"),
                _("Courses, seminars and e-learning, their participants and effectiveness checks."),
                "graduation-cap",
                "competence:competence_trainings",
                Capability.VIEW_COMPETENCE,
                order=21,
            )
        )
