"""``resonanz standards load FILE``: load a standard's edition or a mapping between two editions."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resonanz.standards.loading import LoadError, load, read_file


class Command(BaseCommand):
    help = "Load standards (clause libraries) and mappings between them from JSON files."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        loading = sub.add_parser(
            "load", help="load a standard or mapping file; loading it again changes nothing"
        )
        loading.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        for name in options["files"]:
            try:
                loaded = load(read_file(name))
            except (OSError, LoadError) as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                json.dumps(
                    {"file": name, "kind": loaded.kind, "name": loaded.name, "created": loaded.created},
                    ensure_ascii=False,
                )
            )
