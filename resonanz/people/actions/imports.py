"""Importing people from an HR export (CSV or XLSX): upload → column mapping → dry run → confirmed import.

The steps are the shared import pipeline's (``resonanz.core.imports.jobs``), the same the plan's
import takes; the rows are checked by ``resonanz.people.hr_import``. Nothing is written while any row
has an error, and a confirmed import writes everything in one transaction, each change through the
action that makes it by hand (so each is audited as if typed in), and ``people.imported`` at the end.

New people: the import creates their account and membership directly (``core.actions.add_member``,
role ambassador), with the name from the file, so 800 people from an HR export appear in the
directory at once, profile and all, without each of them having to accept an invitation first. An
invitation e-mail (a link to choose a password) goes out only when the member asks for it (the
“invite” option, ``--invite`` on the command line); without it, a person signs in later through
“forgot password”. Invitation records (``core.Invitation``) carry no names and would keep the people
out of the directory until accepted, which is not what an HR import is for.

Leavers: a row marked as leaving (status “leaver”, or a leaving date that has passed) deactivates the
membership through ``leavers.deactivate_leaver``, which sends ``member_left``; with the option
“members missing from the file have left” (off by default), so does every active member the file
lacks, listed in the dry run before anything happens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from resonanz.core import actions as core_actions
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, system_step
from resonanz.core.imports import jobs
from resonanz.core.imports.checking import CheckResult
from resonanz.core.imports.reading import Sheet
from resonanz.core.models import Membership
from resonanz.core.names import compose
from resonanz.core.roles import Capability, Role
from resonanz.people.actions import leavers, profiles
from resonanz.people.hr_import import COLUMNS, LEAVE, NEW, UPDATE, PeopleChecker
from resonanz.people.models import PeopleImportJob

INLINE_ROW_LIMIT = jobs.INLINE_ROW_LIMIT


class PeopleImport(jobs.ImportKind[PeopleImportJob]):
    name = "people"
    model = PeopleImportJob
    columns = COLUMNS

    def checker(self, member: Membership, sheet: Sheet, job: PeopleImportJob) -> PeopleChecker:
        return PeopleChecker(member, sheet, job)

    def result_fields(self, result: CheckResult) -> dict[str, Any]:
        return {"summary": {key: value for key, value in result.summary.items() if key != "missing_ids"}}

    def lost_rights_message(self) -> str:
        return _("You may no longer manage people, so nothing was imported.")

    def write(
        self,
        member: Membership,
        job: PeopleImportJob,
        result: CheckResult,
        progress: jobs.Progress | None,
    ) -> int:
        organization = member.organization
        wanted = [row.values["membership_id"] for row in result.rows if row.values["membership_id"]]
        wanted += result.summary["missing_ids"]
        people = {
            person.pk: person
            for person in Membership.objects.filter(
                organization_id=member.organization_id, pk__in=wanted
            ).select_related("user", "organization")
        }
        written = 0
        for done, row in enumerate(result.rows, start=1):
            values = row.values
            try:
                if values["action"] == NEW:
                    names = values["names"]
                    person = core_actions.add_member(
                        member,
                        organization,
                        email=values["email"],
                        full_name=compose(names["title"], names["given_name"], names["family_name"]),
                        roles=[Role.AMBASSADOR],
                        send_invitation=job.invite,
                        **names,
                        **values["member"],
                    )
                    if values["profile"]:
                        profiles.update_profile(member, person, **values["profile"])
                elif values["action"] == UPDATE:
                    person = people[values["membership_id"]]
                    if values["member"]:
                        core_actions.update_member_details(member, person, **values["member"])
                    if values["profile"]:
                        profiles.update_profile(member, person, **values["profile"])
                elif values["action"] == LEAVE:
                    leavers.deactivate_leaver(member, people[values["membership_id"]])
                else:
                    continue
            except ActionRefused as error:
                raise jobs.row_refused(row.line, error) from None
            written += 1
            if progress is not None:
                progress(done)
        for membership_id in result.summary["missing_ids"]:
            leavers.deactivate_leaver(member, people[membership_id])
            written += 1
        figures = {key: result.summary[key] for key in ("new", "updated", "unchanged", "leavers")}
        audit.record(
            organization,
            member,
            "people.imported",
            job,
            object_repr=job.file_name,
            after={"file": job.file_name, "format": job.file_format, **figures, "import_job": job.pk},
        )
        return written


PEOPLE_IMPORT = PeopleImport()


@action(Capability.MANAGE_PEOPLE)
def upload_people_import(member: Membership, upload: UploadedFile[Any]) -> PeopleImportJob:
    """Keep the uploaded HR export for the worker, which reads it (``read_people_upload``)."""
    return jobs.upload(PEOPLE_IMPORT, member, upload)


@system_step
def read_people_upload(import_job_id: int) -> None:
    """The worker's first step: read the kept file, note its columns and rows, suggest a mapping."""
    jobs.read_upload(PEOPLE_IMPORT, import_job_id)


@action(Capability.MANAGE_PEOPLE)
def map_people_columns(
    member: Membership,
    job: PeopleImportJob,
    mapping: dict[str, int | None],
    *,
    invite: bool = False,
    missing_are_leavers: bool = False,
) -> PeopleImportJob:
    """Store the mapping and the options, and mark the job for its dry run (``check_people_import``)."""
    return jobs.map_columns(
        PEOPLE_IMPORT,
        member,
        job,
        mapping,
        invite=bool(invite),
        missing_are_leavers=bool(missing_are_leavers),
    )


@system_step
def check_people_import(import_job_id: int) -> None:
    """The dry run: read every row, store the findings and the figures. Writes nothing but the job."""
    jobs.check(PEOPLE_IMPORT, import_job_id)


@action(Capability.MANAGE_PEOPLE)
def confirm_people_import(member: Membership, job: PeopleImportJob) -> PeopleImportJob:
    """Queue a checked job without errors for import; a second click changes nothing."""
    return jobs.confirm(PEOPLE_IMPORT, member, job)


@action(Capability.MANAGE_PEOPLE)
def import_people(member: Membership, job: PeopleImportJob, progress: jobs.Progress | None = None) -> int:
    """Write every row of the checked file, all or nothing; return how many people changed."""
    return jobs.import_rows(PEOPLE_IMPORT, member, job, progress)


@system_step
def run_people_import(import_job_id: int, membership_id: int) -> None:
    """Claim a queued job (only one worker gets it) and import it as the member who confirmed it."""
    jobs.run(PEOPLE_IMPORT, import_job_id, membership_id, import_people)


@action(Capability.MANAGE_PEOPLE)
def discard_people_import(member: Membership, job: PeopleImportJob) -> None:
    """Drop an import that is not running, and its file."""
    jobs.discard(PEOPLE_IMPORT, member, job)


@system_step
def forget_stale_people_imports(now: dt.datetime | None = None) -> int:
    """Delete the files of imports nobody finished, and fail imports whose worker died."""
    return jobs.forget_stale(PEOPLE_IMPORT, now)
