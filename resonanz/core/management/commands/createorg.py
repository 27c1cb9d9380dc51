from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resonanz.core import actions
from resonanz.core.errors import ActionRefused


class Command(BaseCommand):
    help = "Create an organization."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="short name used in addresses, e.g. muster-gmbh")
        parser.add_argument("--name", required=True)
        parser.add_argument("--time-zone", default="Europe/Berlin")
        parser.add_argument("--language", default="de", choices=["de", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organization = actions.create_organization(
                None,
                name=options["name"],
                slug=options["slug"],
                time_zone=options["time_zone"],
                default_language=options["language"],
            )
        except ActionRefused as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"created organization {organization.slug}")
