from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from resonanz.core import actions
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Organization, User
from resonanz.core.names import chosen_name
from resonanz.core.roles import Role


class Command(BaseCommand):
    help = "Create a user (or reuse an existing one) and add them to an organization with roles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--org", required=True, help="the organization's short name")
        parser.add_argument(
            "--role", action="append", required=True, choices=Role.values, help="repeat for several roles"
        )
        parser.add_argument(
            "--name",
            default="",
            help="full name, split into title, given and family name (default: from the e-mail address)",
        )
        parser.add_argument(
            "--given-name", default="", help="the given name, when --name would split it wrongly"
        )
        parser.add_argument("--family-name", default="", help="the family name, with --given-name")
        parser.add_argument("--title", default="", help="an academic title such as Dr., with --given-name")
        parser.add_argument("--language", default=None, choices=["de", "en"])
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        parser.add_argument("--superuser", action="store_true", help="also allow the Django admin")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"no organization {options['org']!r}; create it with: resonanz createorg")
        email = options["email"].strip().lower()
        existing = User.objects.filter(email__iexact=email).first()
        password = self._password(options["password_stdin"], interactive=existing is None)
        if existing is not None and password is not None:
            self.stderr.write(f"{email} has an account already; it keeps its password")
            password = None
        parts, chosen = chosen_name(
            options["title"], options["given_name"], options["family_name"], options["name"]
        )
        name = chosen or email.split("@", 1)[0].replace(".", " ").title()
        if existing is None:
            assert password is not None
            try:
                validate_password(password, User(email=email, full_name=name))
            except ValidationError as error:
                raise CommandError("password refused: " + " ".join(error.messages)) from None
        try:
            with transaction.atomic():
                membership = actions.add_member(
                    None,
                    organization,
                    email=email,
                    full_name=name,
                    title=parts.title,
                    given_name=parts.given_name,
                    family_name=parts.family_name,
                    roles=options["role"],
                    language=options["language"],
                    password=password,
                    send_invitation=False,
                )
                if options["superuser"]:
                    User.objects.filter(pk=membership.user_id).update(is_superuser=True, is_staff=True)
        except ActionRefused as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{email} is now {', '.join(sorted(set(options['role'])))} in {organization.slug}")

    def _password(self, from_stdin: bool, *, interactive: bool) -> str | None:
        """The password from standard input (one line) or the prompt; None when none is needed."""
        if from_stdin:
            return sys.stdin.readline().rstrip("\r\n")
        if not interactive:
            return None
        if not sys.stdin.isatty():
            raise CommandError("give the password with --password-stdin or at the prompt")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        return password
