from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "resonanz.competence"
    label = "competence"
    verbose_name = _("Competence")

    def ready(self) -> None:
        from resonanz.competence.action_labels import ACTION_LABELS, READ_ACTIONS
        from resonanz.competence.defaults import create_catalogue_for_new_organization
        from resonanz.core.action_labels import label_actions, mark_reads
        from resonanz.core.signals import organization_created

        organization_created.connect(
            create_catalogue_for_new_organization, dispatch_uid="competence_catalogue"
        )
        label_actions(ACTION_LABELS)
        mark_reads(READ_ACTIONS)
