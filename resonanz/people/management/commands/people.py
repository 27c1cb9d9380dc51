"""``resonanz people import FILE --org SLUG``: the people import of the page, from the command line.

It runs the same steps as the page (``resonanz.people.import_runs``): the file is checked first, and
nothing is written while any row has an error. Exit status: 0 done (or a clean dry run), 1 row errors
or a refused file (nothing changed), 2 a typing mistake (unknown organization or person, no file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from resonanz.core.access import memberships_of
from resonanz.core.audit import job_id_var
from resonanz.core.errors import ActionRefused
from resonanz.core.imports.models import ImportStatus
from resonanz.core.imports.reading import MAX_FILE_BYTES
from resonanz.core.models import Membership, Organization, User
from resonanz.core.roles import Capability, Role
from resonanz.people import import_runs
from resonanz.people.models import PeopleImportJob

FAILED = 1
USAGE = 2


class Command(BaseCommand):
    help = "Work with the organization's people."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        run = sub.add_parser(
            "import",
            help="import people from an HR export (CSV or XLSX), as the people import page does",
            description="Check every row of the file (and, without --dry-run, import it all or nothing): "
            "new people are added, members found by e-mail address are updated, leavers are marked as "
            "having left. Exit status: 0 done, 1 row errors or a refused file (nothing changed), 2 an "
            "unknown organization or person, or a file that cannot be opened.",
        )
        run.add_argument("file", metavar="FILE", help="the HR export (.csv or .xlsx)")
        run.add_argument("--org", required=True, help="the organization (short name)")
        run.add_argument("--dry-run", action="store_true", help="check only; change nothing")
        run.add_argument(
            "--invite", action="store_true", help="e-mail new people a link to choose a password"
        )
        run.add_argument(
            "--leavers-missing",
            action="store_true",
            help="members missing from the file have left (they are listed first; off by default)",
        )
        run.add_argument("--json", action="store_true", help="print the result as one JSON document")
        run.add_argument(
            "--user",
            metavar="EMAIL",
            help="who imports (an administrator of the organization; default: its longest-standing one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"no organization {options['org']!r}", returncode=USAGE)
        member = self._actor(organization, options.get("user"))
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"{path}: cannot read: {error.strerror}", returncode=USAGE) from None
        upload = SimpleUploadedFile(path.name, data)
        token = job_id_var.set(f"cli-people-import-{organization.slug}")
        try:
            with override(organization.default_language):
                try:
                    job = import_runs.start(
                        member,
                        upload,
                        dry_run=options["dry_run"],
                        invite=options["invite"],
                        missing_are_leavers=options["leavers_missing"],
                    )
                except ActionRefused as error:
                    message = " ".join(str(text) for text in error.messages)
                    if options["json"]:
                        self.stdout.write(
                            json.dumps({"status": "refused", "error": message}, ensure_ascii=False)
                        )
                    raise CommandError(message, returncode=FAILED) from None
                if options["json"]:
                    document = import_runs.document(job)
                    document["dry_run"] = options["dry_run"]
                    self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
                else:
                    self._report(job, dry_run=options["dry_run"])
        finally:
            job_id_var.reset(token)
        if job.error_count or job.status == ImportStatus.FAILED:
            raise CommandError(job.error or _("Nothing was changed."), returncode=FAILED)

    def _actor(self, organization: Organization, email: str | None) -> Membership:
        members = Membership.objects.none()
        if email:
            user = User.objects.filter(email__iexact=email.strip()).first()
            members = memberships_of(user).filter(organization=organization) if user else members
        else:
            members = Membership.objects.filter(
                organization=organization, is_active=True, role_assignments__role=Role.ADMIN
            ).order_by("pk")
        member = members.select_related("user", "organization").first()
        if member is None or not member.can(Capability.MANAGE_PEOPLE):
            who = email or "an administrator"
            raise CommandError(
                f"{who} is not an active member of {organization.slug!r} who manages people", returncode=USAGE
            )
        return member

    def _report(self, job: PeopleImportJob, *, dry_run: bool) -> None:
        figures = import_runs.document(job)
        write = self.stdout.write
        write(
            _(
                "%(file)s: %(rows)s rows; new %(new)s, updated %(updated)s, unchanged %(unchanged)s, "
                "leavers %(leavers)s."
            )
            % figures
        )
        for person in figures["missing_leavers"]:
            write(
                "  "
                + _("missing from the file, will be marked as having left: %(name)s <%(email)s>") % person
            )
        for problem in job.problems:
            kind = _("Error") if problem["level"] == "error" else _("Note")
            where = _("line %(line)s") % problem
            column = f", {problem['column']}" if problem["column"] else ""
            write(f"{kind} ({where}{column}): {problem['message']}")
        if job.error_count:
            write(
                ngettext(
                    "%(count)s error: nothing was changed.",
                    "%(count)s errors: nothing was changed.",
                    job.error_count,
                )
                % {"count": job.error_count}
            )
        elif job.status == ImportStatus.DONE:
            write(
                ngettext(
                    "Imported: %(count)s person added, changed or marked as having left.",
                    "Imported: %(count)s people added, changed or marked as having left.",
                    job.imported_rows,
                )
                % {"count": job.imported_rows}
            )
        elif dry_run:
            write(_("Dry run: nothing was changed."))
