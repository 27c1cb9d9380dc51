"""``resonanz publishing work [--once]``: the delivery worker (``resonanz.publishing.delivery``)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from resonanz.publishing.delivery import Worker


class Command(BaseCommand):
    help = "Publish due deliveries to the networks."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        work = sub.add_parser(
            "work",
            help="send due deliveries and settle those a dead worker left, until stopped (SIGTERM)",
            description="Send due deliveries once each and settle rows a dead worker left in 'sending' by "
            "asking the network. Several workers may run at once: each delivery is claimed by one.",
        )
        work.add_argument("--once", action="store_true", help="one round, then exit")
        work.add_argument(
            "--until-idle",
            action="store_true",
            help="work until a round finds nothing to do, then print what was done as one JSON line "
            "(claimed, seconds, network_seconds) and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker()
        if options["once"]:
            done = worker.run_once()
            self.stdout.write(f"{done}")
            return
        worker.run(until_idle=options["until_idle"])
        if options["until_idle"]:
            self.stdout.write(json.dumps(worker.stats.as_dict()))
