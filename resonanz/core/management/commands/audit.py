from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resonanz.core.audit import verify_chain
from resonanz.core.models import Organization

# Exit codes of 'audit verify', for monitoring: a broken chain is not the same as a typing mistake.
BROKEN = 1
USAGE = 2


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser(
            "verify",
            help="check each organization's hash chain",
            description="Check the hash chain of each organization's audit trail. Exit status: 0 every "
            "chain is intact, 1 a chain is broken (records altered, inserted or removed), "
            "2 the organization does not exist.",
        )
        verify.add_argument("--org", help="only this organization (short name)")

    def handle(self, *args: Any, **options: Any) -> None:
        organizations = Organization.objects.order_by("slug")
        if options.get("org"):
            organizations = organizations.filter(slug=options["org"])
            if not organizations.exists():
                raise CommandError(f"no organization {options['org']!r}", returncode=USAGE)
        broken = 0
        checked = 0
        for organization in organizations.iterator():
            checked += 1
            problem = verify_chain(organization)
            if problem is None:
                self.stdout.write(f"ok      {organization.slug}: {organization.audit_head_seq} records")
            else:
                broken += 1
                self.stdout.write(f"BROKEN  {problem}")
        if not checked:
            self.stdout.write("no organizations yet")
        if broken:
            raise CommandError(f"{broken} of {checked} audit chain(s) broken", returncode=BROKEN)
