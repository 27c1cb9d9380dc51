from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "resonanz.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from resonanz.core.roles import Capability
        from resonanz.people import demo
        from resonanz.people.areas import Area, register_area

        demo.register()

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
