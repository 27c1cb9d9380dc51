from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resonanz.core import actions
from resonanz.core.access import memberships_of
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Organization, User


class Command(BaseCommand):
    help = "Manage personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="create a token and print it (only the token)")
        create.add_argument("--user", required=True, help="the user's e-mail address")
        create.add_argument("--org", required=True, help="the organization's short name")
        create.add_argument("--scope", required=True, choices=["read", "write"])
        create.add_argument("--name", default="CLI")
        create.add_argument("--days", type=int, default=90, help="valid for this many days (1–366)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Organization.objects.filter(slug=options["org"]).exists():
            raise CommandError(f"no organization {options['org']!r}; create it with: resonanz createorg")
        user = User.objects.filter(email__iexact=options["user"].strip()).first()
        member = memberships_of(user).filter(organization__slug=options["org"]).first() if user else None
        if member is None:
            raise CommandError(f"{options['user']} is not an active member of {options['org']!r}")
        try:
            _token, plain = actions.create_api_token(
                member, name=options["name"], scope=options["scope"], expires_in_days=options["days"]
            )
        except ActionRefused as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(plain)
