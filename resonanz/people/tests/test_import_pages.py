"""The people import's page, command line and API: the same steps, the same figures and findings."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from resonanz.core.imports.models import ImportStatus
from resonanz.core.models import Membership, Organization, User
from resonanz.core.tests.factories import make_member
from resonanz.core.tests.test_api import API, assert_problem, token_for
from resonanz.people.actions import imports
from resonanz.people.models import PeopleImportJob
from resonanz.people.tests.factories import Staff, make_staff
from resonanz.people.tests.import_files import GERMAN_HEADER, csv_file, row


@pytest.fixture
def staff(org: Organization) -> Staff:
    return make_staff(org)


def good_file(staff: Staff) -> Any:
    return csv_file(
        [
            GERMAN_HEADER,
            row("neu@muster.example", given_name="Nina", family_name="Neu", unit="Vertrieb"),
            row(staff.buddy.user.email, unit="Marketing"),
            row(staff.council.user.email, status="ausgeschieden"),
        ]
    )


# ---------------------------------------------------------------- the page


def test_the_page_uploads_maps_checks_and_imports_in_german(
    staff: Staff, client_for: Callable[..., Client]
) -> None:
    client = client_for(staff.admin)
    slug = staff.organization.slug

    hub = client.get(reverse("people:people_index", args=[slug]))
    uploaded = client.post(reverse("people:people_import", args=[slug]), {"file": good_file(staff)})

    assert reverse("people:people_import", args=[slug]) in hub.content.decode()
    job = PeopleImportJob.objects.get()
    assert uploaded.status_code == 302 and uploaded["Location"].endswith(f"/people/import/{job.pk}/")
    mapping_page = client.get(uploaded["Location"]).content.decode()
    assert "Welche Spalte enthält was?" in mapping_page and 'name="missing_are_leavers"' in mapping_page

    checked = client.post(uploaded["Location"], {key: str(index) for key, index in job.mapping.items()})
    page = client.get(checked["Location"]).content.decode()

    assert 'id="import-summary"' in page and "Jetzt importieren" in page
    job.refresh_from_db()
    assert (job.summary["new"], job.summary["updated"], job.summary["leavers"]) == (1, 1, 1)
    assert Membership.objects.get(pk=staff.council.pk).is_active

    done = client.post(reverse("people:people_import_confirm", args=[slug, job.pk]))
    again = client.post(reverse("people:people_import_confirm", args=[slug, job.pk]))

    assert done.status_code == again.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.imported_rows == 3
    assert not Membership.objects.get(pk=staff.council.pk).is_active
    assert (
        Membership.objects.filter(organization=staff.organization, user__email="neu@muster.example").count()
        == 1
    )


def test_the_findings_name_line_column_and_message(staff: Staff, client_for: Callable[..., Client]) -> None:
    client = client_for(staff.admin)
    upload = csv_file([GERMAN_HEADER, row(staff.buddy.user.email, time_zone="Mond/Krater")])
    client.post(reverse("people:people_import", args=[staff.organization.slug]), {"file": upload})
    job = PeopleImportJob.objects.get()
    client.post(
        reverse("people:people_import_job", args=[staff.organization.slug, job.pk]),
        {key: str(index) for key, index in job.mapping.items()},
    )

    page = client.get(
        reverse("people:people_import_job", args=[staff.organization.slug, job.pk])
    ).content.decode()

    assert "Unbekannte Zeitzone „Mond/Krater“" in page and '<td data-label="Zeile">2</td>' in page
    assert "Jetzt importieren" not in page


def test_the_import_pages_are_for_those_who_manage_people_and_404_outside(
    staff: Staff, other_org: Organization, client_for: Callable[..., Client]
) -> None:
    job = imports.upload_people_import(staff.admin, good_file(staff))
    slug = staff.organization.slug
    foreign = make_member(other_org, ["admin"])
    foreign_client = client_for(foreign)

    assert client_for(staff.buddy).get(reverse("people:people_import", args=[slug])).status_code in (403, 404)
    assert client_for(staff.buddy).get(
        reverse("people:people_import_job", args=[slug, job.pk])
    ).status_code in (
        403,
        404,
    )
    own_slug_url = reverse("people:people_import_job", args=[other_org.slug, job.pk])
    assert foreign_client.get(own_slug_url).status_code == 404
    assert (
        foreign_client.post(
            reverse("people:people_import_discard", args=[other_org.slug, job.pk])
        ).status_code
        == 404
    )
    assert PeopleImportJob.objects.filter(pk=job.pk).exists()


def test_a_bad_file_is_a_translated_400_on_the_page(staff: Staff, client_for: Callable[..., Client]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(staff.admin)
    response = client.post(
        reverse("people:people_import", args=[staff.organization.slug]),
        {"file": SimpleUploadedFile("alt.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)},
    )

    assert response.status_code == 400
    assert (
        "Dieses Tabellenformat" in response.content.decode()
        or "kann nicht gelesen" in response.content.decode()
    )


# ---------------------------------------------------------------- the command line


def write(tmp_path: Path, upload: Any) -> str:
    path = tmp_path / upload.name
    path.write_bytes(upload.read())
    return str(path)


def test_the_command_line_dry_run_prints_the_figures_in_the_organizations_language(
    staff: Staff, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command(
        "people",
        "import",
        write(tmp_path, good_file(staff)),
        "--org",
        staff.organization.slug,
        "--dry-run",
        stdout=out,
    )

    text = out.getvalue()
    assert "neu 1, geändert 1, unverändert 0, ausgeschieden 1" in text
    assert "Probelauf: Es wurde nichts geändert." in text
    assert not User.objects.filter(email="neu@muster.example").exists()


def test_the_command_line_json_and_exit_status_on_row_errors(staff: Staff, tmp_path: Path) -> None:
    twice = row("doppelt@muster.example", given_name="Dora", family_name="Doppelt")
    bad = csv_file([GERMAN_HEADER, twice, twice])
    out = io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command(
            "people", "import", write(tmp_path, bad), "--org", staff.organization.slug, "--json", stdout=out
        )

    document = json.loads(out.getvalue())
    assert failed.value.returncode == 1
    assert document["errors"] == 2 and document["status"] == "checked" and document["imported"] == 0
    assert {problem["line"] for problem in document["problems"]} == {2, 3}
    assert "doppelt@muster.example" in document["problems"][0]["message"]


def test_the_command_line_imports_and_says_so(staff: Staff, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command(
        "people",
        "import",
        write(tmp_path, good_file(staff)),
        "--org",
        staff.organization.slug,
        "--json",
        stdout=out,
    )

    document = json.loads(out.getvalue())
    assert (document["status"], document["imported"], document["dry_run"]) == ("done", 3, False)
    assert User.objects.filter(email="neu@muster.example").exists()


def test_the_command_line_refuses_an_unknown_organization_and_file(staff: Staff, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as organization:
        call_command("people", "import", "x.csv", "--org", "gibt-es-nicht")
    with pytest.raises(CommandError) as missing:
        call_command("people", "import", str(tmp_path / "fehlt.csv"), "--org", staff.organization.slug)

    assert organization.value.returncode == missing.value.returncode == 2


# ---------------------------------------------------------------- the API


def post_import(client: Client, token: str, upload: Any, **fields: str) -> Any:
    return client.post(
        f"{API}/people/import", {"file": upload, **fields}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_the_api_dry_run_answers_the_figures_and_changes_nothing(staff: Staff, client: Client) -> None:
    response = post_import(client, token_for(staff.admin), good_file(staff))

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["new"], body["updated"], body["leavers"]) == ("checked", 1, 1, 1)
    assert not User.objects.filter(email="neu@muster.example").exists()
    status = client.get(
        f"{API}/people/imports/{body['id']}", HTTP_AUTHORIZATION=f"Bearer {token_for(staff.admin)}"
    )
    assert status.json()["id"] == body["id"]


def test_the_api_import_writes_and_a_bad_file_is_a_translated_422(staff: Staff, client: Client) -> None:
    token = token_for(staff.admin)
    done = post_import(client, token, good_file(staff), dry_run="false")
    bad = client.post(
        f"{API}/people/import",
        {"file": csv_file([GERMAN_HEADER, row("a@muster.example", unit="x" * 150_000)]), "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE="de",
    )

    assert done.status_code == 200 and done.json()["status"] == "done" and done.json()["imported"] == 3
    body = assert_problem(bad, 422)
    assert "Zeile 2 enthält eine Zelle mit mehr als" in body["detail"]
    assert not User.objects.filter(email="a@muster.example").exists()


def test_the_api_hands_a_large_file_to_the_worker_with_retry_after(
    staff: Staff, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resonanz.people import tasks

    monkeypatch.setattr(imports, "INLINE_ROW_LIMIT", 1)
    queued: list[tuple[int, ...]] = []
    monkeypatch.setattr(tasks, "check_then_import_task", lambda *args: queued.append(args))

    response = post_import(client, token_for(staff.admin), good_file(staff), dry_run="false")

    assert response.status_code == 202 and response["Retry-After"] == "2"
    job = PeopleImportJob.objects.get()
    assert response["Location"] == f"{API}/people/imports/{job.pk}" and queued == [(job.pk, staff.admin.pk)]
    tasks.check_then_import(job.pk, staff.admin.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


def test_the_api_import_needs_manage_people_and_hides_other_organizations_jobs(
    staff: Staff, other_org: Organization, client: Client
) -> None:
    job = imports.upload_people_import(staff.admin, good_file(staff))
    foreign = make_member(other_org, ["admin"])

    refused = post_import(client, token_for(staff.buddy), good_file(staff))
    hidden = client.get(f"{API}/people/imports/{job.pk}", HTTP_AUTHORIZATION=f"Bearer {token_for(foreign)}")

    assert_problem(refused, 403)
    assert_problem(hidden, 404)


def test_the_api_refuses_a_body_without_the_file_and_a_broken_form(staff: Staff, client: Client) -> None:
    token = token_for(staff.admin)
    as_json = client.post(
        f"{API}/people/import", {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    no_file = client.post(f"{API}/people/import", {"dry_run": "true"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    not_a_bool = post_import(client, token, good_file(staff), dry_run="vielleicht")
    broken = client.generic(
        "POST",
        f"{API}/people/import",
        b"--x\r\nkaputt",
        content_type="multipart/form-data; boundary=",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert_problem(as_json, 422)
    assert assert_problem(no_file, 422)["errors"][0]["loc"] == ["body", "file"]
    assert assert_problem(not_a_bool, 422)["errors"][0]["loc"] == ["body", "dry_run"]
    assert broken.status_code in (400, 422) and broken["Content-Type"] == "application/problem+json"
    assert not PeopleImportJob.objects.exists()
