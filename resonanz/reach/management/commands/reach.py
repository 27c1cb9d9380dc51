"""``resonanz reach rebuild``: the daily reach figures rebuilt from the per-link rollups, by hand."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resonanz.core.models import Organization
from resonanz.reach.rollups import rebuild_all


class Command(BaseCommand):
    help = "Rebuild the daily reach figures (after an upgrade that changes them, or a restore)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        rebuild = sub.add_parser("rebuild", help="rebuild every day that has clicks (one transaction a day)")
        rebuild.add_argument("--org", help="only this organization (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        organization_id = None
        if options.get("org"):
            found = Organization.objects.filter(slug=options["org"]).first()
            if found is None:
                raise CommandError(f"no organization {options['org']!r}")
            organization_id = found.pk
        self.stdout.write(json.dumps({"days": rebuild_all(organization_id)}))
