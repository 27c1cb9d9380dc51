from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "resonanz.plan"
    label = "plan"
    verbose_name = _("Communication plan")

    def ready(self) -> None:
        from resonanz.core.action_labels import label_actions, mark_reads
        from resonanz.core.signals import organization_created
        from resonanz.plan import audit_names, demo, tasks  # noqa: F401  (tasks: registers the periodic jobs with Huey)
        from resonanz.plan.action_labels import ACTION_LABELS, READ_ACTIONS
        from resonanz.plan.defaults import create_defaults_for_new_organization
        from resonanz.plan.metrics import register_metrics
        from resonanz.plan.transfer import tasks as transfer_tasks  # noqa: F401  (import and export jobs)

        organization_created.connect(create_defaults_for_new_organization, dispatch_uid="plan_defaults")
        demo.register()
        audit_names.register()
        label_actions(ACTION_LABELS)
        mark_reads(READ_ACTIONS)
        register_metrics()
