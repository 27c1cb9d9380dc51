from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "resonanz.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from resonanz.core.action_labels import label_actions
        from resonanz.core.roles import Capability
        from resonanz.people import demo, tasks  # noqa: F401  (tasks: registers the import jobs with Huey)
        from resonanz.people.areas import Area, register_area

        demo.register()
        label_actions(
            {
                "people.import_uploaded": _("People import file uploaded"),
                "people.import_mapped": _("People import columns assigned"),
                "people.import_confirmed": _("People import confirmed"),
                "people.import_discarded": _("People import discarded"),
                "people.imported": _("People imported"),
                "people.profile_changed": _("Profile changed"),
                "people.social_profile_added": _("Social profile added"),
                "people.social_profile_removed": _("Social profile removed"),
                "people.member_left": _("Marked as having left"),
            }
        )

        register_area(
            Area(
                "people_directory",
                _("People directory"),
                _("Find colleagues by name, unit, location, language or expertise."),
                "address-book",
                "people:people_directory",
                Capability.VIEW_PEOPLE,
                order=10,
            )
        )
        register_area(
            Area(
                "people_my_profile",
                _("My profile"),
                _("Your languages, time zone, expertise and social profiles."),
                "id-card",
                "people:people_my_profile",
                Capability.TAKE_PART,
                order=5,
            )
        )
        register_area(
            Area(
                "people_import",
                _("Import people"),
                _("Bring in people from an HR export (CSV or XLSX): check first, then import; leavers too."),
                "file-import",
                "people:people_import",
                Capability.MANAGE_PEOPLE,
                order=90,
            )
        )
