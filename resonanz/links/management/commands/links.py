"""``resonanz links ingest`` and ``resonanz links retention``: the jobs of tracked links, by hand."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from resonanz.links.ingest import ingest
from resonanz.links.retention import delete_old_clicks


class Command(BaseCommand):
    help = "Ingest the click logs of tracked links, or delete raw clicks past their retention."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("ingest", help="store new clicks from the click logs and update the daily rollups")
        sub.add_parser("retention", help="delete raw clicks older than RESONANZ_CLICK_RETENTION_DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "ingest":
            result = ingest()
            summary: dict[str, Any] = {
                "files": result.files,
                "lines": result.lines,
                "stored": result.stored,
                "skipped": result.skipped,
                "deleted_files": len(result.deleted_files),
            }
        else:
            summary = {"deleted": {str(key): value for key, value in delete_old_clicks().items()}}
        self.stdout.write(json.dumps(summary))
