from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "resonanz.competence"
    label = "competence"
    verbose_name = _("Competence")

    def ready(self) -> None:
        from resonanz.competence.defaults import create_catalogue_for_new_organization
        from resonanz.core.signals import organization_created

        organization_created.connect(
            create_catalogue_for_new_organization, dispatch_uid="competence_catalogue"
        )
