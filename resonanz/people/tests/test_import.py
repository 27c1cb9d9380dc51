"""The people import: an HR export checked row by row, then imported all or nothing, leavers included.

The tests go through ``import_runs.start``, the steps the page, the command line and the API share.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from resonanz.core.errors import ActionRefused
from resonanz.core.imports import reading
from resonanz.core.imports.models import ImportStatus
from resonanz.core.models import AuditRecord, Membership, Organization, User
from resonanz.core.signals import member_left
from resonanz.core.tests.factories import make_member
from resonanz.people import import_runs
from resonanz.people.models import PeopleImportJob, Profile, ProgramRole
from resonanz.people.tests.factories import Staff, make_staff
from resonanz.people.tests.import_files import GERMAN_HEADER, csv_file, row, xlsx_file
from resonanz.plan.tests.spreadsheet_bombs import long_headers


@pytest.fixture
def staff(org: Organization) -> Staff:
    return make_staff(org)


def start(staff: Staff, upload: Any, **options: Any) -> PeopleImportJob:
    with translation.override("de"):
        return import_runs.start(staff.admin, upload, **options)


def errors_of(job: PeopleImportJob) -> dict[int, str]:
    return {problem["line"]: problem["message"] for problem in job.errors}


def people_count(org: Organization) -> int:
    return Membership.objects.filter(organization=org).count()


def test_a_dry_run_maps_german_headers_and_counts_without_writing(staff: Staff) -> None:
    """GIVEN a semicolon CSV with a BOM and German headers WHEN checked THEN every column is mapped
    and the figures say what would happen, while nothing changes."""
    before = people_count(staff.organization)
    lines = [
        GERMAN_HEADER,
        row("neu@muster.example", title="Dr.", given_name="Jana", family_name="Neumann", unit="Vertrieb"),
        row(staff.buddy.user.email.upper(), unit="Marketing", languages="de, en"),
        row(staff.ambassador.user.email),
        row(staff.council.user.email, status="ausgeschieden"),
    ]

    job = start(staff, csv_file(lines))

    assert set(job.mapping) == {
        "email",
        "title",
        "given_name",
        "family_name",
        "job_title",
        "unit",
        "location",
        "languages",
        "time_zone",
        "expertise_topics",
        "program_role",
        "leaving_date",
        "status",
    }
    assert job.status == ImportStatus.CHECKED and job.error_count == 0
    assert import_runs.document(job) | {"problems": []} == import_runs.document(job) | {
        "new": 1,
        "updated": 1,
        "unchanged": 1,
        "leavers": 1,
        "problems": [],
    }
    assert people_count(staff.organization) == before
    assert Membership.objects.get(pk=staff.council.pk).is_active


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_it_imports_new_people_from_csv_with_their_profiles(staff: Staff, encoding: str) -> None:
    lines = [
        GERMAN_HEADER,
        row(
            "juergen.oeztuerk@muster.example",
            given_name="Jürgen",
            family_name="Öztürk",
            job_title="Berater",
            unit="Beratung Süd",
            location="München",
            languages="de; tr",
            time_zone="Europe/Istanbul",
            topics="Nachhaltigkeit",
            program_role="Social Media Buddy",
        ),
    ]

    job = start(staff, csv_file(lines, encoding=encoding), dry_run=False)

    assert job.status == ImportStatus.DONE, job.problems or job.error
    person = Membership.objects.select_related("user").get(
        organization=staff.organization, user__email__startswith="j"
    )
    assert (person.user.given_name, person.user.family_name) == ("Jürgen", "Öztürk")
    assert (person.job_title, person.unit, person.location) == ("Berater", "Beratung Süd", "München")
    profile = Profile.objects.get(membership=person)
    assert profile.languages == ["de", "tr"] and profile.time_zone == "Europe/Istanbul"
    assert profile.program_role == ProgramRole.BUDDY
    assert list(profile.expertise_topics.all()) == [staff.topic]
    assert mail.outbox == []  # no invitation unless asked for


def test_an_xlsx_with_real_dates_marks_leavers_and_invites_new_people_when_asked(
    staff: Staff, django_capture_on_commit_callbacks: Any
) -> None:
    left: list[Membership] = []

    def note(sender: Any, membership: Membership, **kwargs: Any) -> None:
        left.append(membership)

    member_left.connect(note, dispatch_uid="test_people_import_leaver")
    try:
        lines: list[list[Any]] = [
            GERMAN_HEADER,
            row(staff.buddy.user.email),
            row("neu@muster.example", given_name="Nina", family_name="Neu"),
        ]
        lines[1][11] = dt.datetime(2026, 1, 31)  # a real date cell: the leaving date has passed
        with django_capture_on_commit_callbacks(execute=True):
            job = start(staff, xlsx_file(lines), dry_run=False, invite=True)
    finally:
        member_left.disconnect(dispatch_uid="test_people_import_leaver")

    assert job.status == ImportStatus.DONE, job.problems or job.error
    assert not Membership.objects.get(pk=staff.buddy.pk).is_active
    assert [membership.pk for membership in left] == [staff.buddy.pk]
    assert [message.to for message in mail.outbox] == [["neu@muster.example"]]
    assert AuditRecord.objects.filter(
        organization=staff.organization, action="people.member_left", object_id=str(staff.buddy.pk)
    ).exists()


def test_updating_an_existing_member_goes_through_the_audited_actions(staff: Staff) -> None:
    lines = [
        GERMAN_HEADER,
        row(staff.ambassador.user.email.upper(), unit="Einkauf", location="Köln", languages="en"),
    ]

    job = start(staff, csv_file(lines), dry_run=False)

    assert job.status == ImportStatus.DONE and job.imported_rows == 1
    person = Membership.objects.get(pk=staff.ambassador.pk)
    assert (person.unit, person.location) == ("Einkauf", "Köln")
    assert Profile.objects.get(membership=person).languages == ["en"]
    records = AuditRecord.objects.filter(organization=staff.organization, actor=staff.admin.user)
    assert records.filter(action="member.updated", object_id=str(person.pk)).get().after == {
        "unit": "Einkauf",
        "location": "Köln",
    }
    assert records.filter(action="people.profile_changed").count() == 1
    imported = records.get(action="people.imported")
    assert (imported.after or {})["updated"] == 1


def test_duplicate_addresses_are_errors_naming_both_lines_and_nothing_is_written(staff: Staff) -> None:
    before = people_count(staff.organization)
    lines = [
        GERMAN_HEADER,
        row("doppelt@muster.example", given_name="Erste", family_name="Zeile"),
        row("neu@muster.example", given_name="Nina", family_name="Neu"),
        row("Doppelt@Muster.example", given_name="Zweite", family_name="Zeile"),
    ]

    job = start(staff, csv_file(lines), dry_run=False)

    expected = (
        "Die Zeilen 2 und 4 haben beide die Adresse doppelt@muster.example. "
        "Jede Person darf nur einmal vorkommen."
    )
    assert errors_of(job) == {2: expected, 4: expected}
    assert job.status == ImportStatus.CHECKED and job.imported_rows == 0
    assert people_count(staff.organization) == before
    assert not User.objects.filter(email="neu@muster.example").exists()


def test_bad_languages_time_zones_and_roles_are_row_errors_in_the_members_language(staff: Staff) -> None:
    lines = [
        GERMAN_HEADER,
        row(staff.buddy.user.email, languages="deutsch"),
        row(staff.ambassador.user.email, time_zone="Mars/Olympus"),
        row(staff.admin.user.email, program_role="Chef"),
        row("neu@muster.example"),
        row("kein-at-zeichen", given_name="X", family_name="Y"),
        row(staff.topic_editor.user.email, topics="Unbekannt"),
    ]

    job = start(staff, csv_file(lines), dry_run=False)

    found = errors_of(job)
    assert found[2] == "„deutsch“ ist kein zweibuchstabiger Sprachcode (ISO 639-1) wie de oder en."
    assert found[3] == "Unbekannte Zeitzone „Mars/Olympus“. Verwenden Sie einen Namen wie Europe/Berlin."
    assert found[4].startswith("Schreiben Sie eine dieser Rollen:")
    assert "Vor- oder Nachnamen" in found[5]
    assert found[6] == "„kein-at-zeichen“ ist keine E-Mail-Adresse."
    assert "Unbekannt" in found[7]
    assert {problem["column"] for problem in job.errors} >= {"Sprachen", "Zeitzone", "Programmrolle"}
    assert not Profile.objects.filter(membership=staff.buddy).exists()


def test_members_missing_from_the_file_are_listed_first_and_leave_only_when_asked(staff: Staff) -> None:
    present = [staff.admin, staff.buddy, staff.topic_editor]
    lines = [GERMAN_HEADER, *[row(person.user.email) for person in present]]

    without = start(staff, csv_file(lines))
    dry = start(staff, csv_file(lines), missing_are_leavers=True)

    assert without.summary["missing_count"] == 0 and without.summary["leavers"] == 0
    assert dry.summary["missing_count"] == 2 and dry.summary["leavers"] == 2
    assert sorted(person["email"] for person in dry.summary["missing"]) == sorted(
        [staff.ambassador.user.email, staff.council.user.email]
    )
    assert Membership.objects.get(pk=staff.ambassador.pk).is_active

    done = start(staff, csv_file(lines), missing_are_leavers=True, dry_run=False)

    assert done.status == ImportStatus.DONE
    assert not Membership.objects.filter(pk__in=[staff.ambassador.pk, staff.council.pk], is_active=True)
    assert Membership.objects.filter(pk__in=[p.pk for p in present], is_active=False).count() == 0


def test_missing_members_as_leavers_refuses_a_file_without_the_importing_member(staff: Staff) -> None:
    job = start(staff, csv_file([GERMAN_HEADER, row(staff.buddy.user.email)]), missing_are_leavers=True)

    assert job.error_count == 1 and "Sie fehlen in der Datei" in job.errors[0]["message"]


def test_a_leaver_row_for_the_importing_member_is_an_error(staff: Staff) -> None:
    job = start(staff, csv_file([GERMAN_HEADER, row(staff.admin.user.email, status="leaver")]))

    assert errors_of(job) == {2: "Sie können sich nicht selbst als ausgeschieden markieren."}


def test_a_row_refused_at_import_time_rolls_back_every_row(
    staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a clean dry run WHEN the write of the second row is refused THEN the first is undone too."""
    from resonanz.people.actions import leavers

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ActionRefused("Abgelehnt")

    monkeypatch.setattr(leavers, "deactivate_leaver", refuse)
    lines = [
        GERMAN_HEADER,
        row("neu@muster.example", given_name="Nina", family_name="Neu"),
        row(staff.buddy.user.email, status="leaver"),
    ]

    job = start(staff, csv_file(lines), dry_run=False)

    assert job.status == ImportStatus.FAILED and job.error == "Zeile 3: Abgelehnt"
    assert not User.objects.filter(email="neu@muster.example").exists()


def test_an_outsider_cannot_see_or_act_on_another_organizations_import(
    staff: Staff, other_org: Organization
) -> None:
    from django.http import Http404

    from resonanz.people import access
    from resonanz.people.actions import imports

    job = start(staff, csv_file([GERMAN_HEADER, row(staff.buddy.user.email)]))
    foreign = make_member(other_org, ["admin"])

    with pytest.raises(Http404):
        access.get_import_job_for(foreign, job.pk)
    with pytest.raises(Http404):
        imports.discard_people_import(foreign, job)
    with pytest.raises(Http404):
        access.get_import_job_for(staff.buddy, job.pk)  # no MANAGE_PEOPLE in its own organization


def test_a_cell_of_150_kb_is_refused_with_its_line(staff: Staff) -> None:
    lines = [GERMAN_HEADER, row(staff.buddy.user.email, unit="x" * 150_000)]

    with pytest.raises(ActionRefused) as refused:
        start(staff, csv_file(lines))

    assert refused.value.messages == [
        f"Zeile 2 enthält eine Zelle mit mehr als {reading.MAX_CELL_CHARACTERS} Zeichen."
    ]
    assert not PeopleImportJob.objects.exclude(status=ImportStatus.FAILED).exists()


def test_long_xlsx_headers_and_nul_bytes_are_refused(staff: Staff) -> None:
    with pytest.raises(ActionRefused) as headers:
        start(staff, SimpleUploadedFile("kopf.xlsx", long_headers(3)))
    nul = csv_file([GERMAN_HEADER, row("a@muster.example\x00", given_name="A", family_name="B")])
    with pytest.raises(ActionRefused) as binary:
        start(staff, nul)

    assert "Spaltennamen" in str(headers.value.messages[0])
    assert binary.value.messages == [
        "Die Datei ist keine Textdatei. Bitte speichern Sie sie als „CSV UTF-8“ oder als .xlsx."
    ]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(staff: Staff, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1000)

    with pytest.raises(ActionRefused) as refused:
        start(staff, xlsx_file([GERMAN_HEADER, row(staff.buddy.user.email)]))

    assert refused.value.code == "too_large" or "entpackt" in str(refused.value.messages[0])


def test_a_file_without_an_email_column_is_refused_and_not_kept(staff: Staff) -> None:
    with pytest.raises(ActionRefused) as refused:
        start(staff, csv_file([["Vorname", "Nachname"], ["Nina", "Neu"]]))

    assert refused.value.messages == [
        "Wählen Sie die Spalte mit „E-Mail-Adresse“ aus: Der Import braucht sie."
    ]
    assert not PeopleImportJob.objects.exists()
