"""Files in an S3-compatible bucket (RESONANZ_STORAGE_URL), tested against a real S3 server (moto).

What goes in comes back out through the pages, what cannot work is refused at start-up with one line
naming the variable, and no module opens a stored file by its path on this machine.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from botocore.exceptions import ClientError
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.db import transaction
from django.utils.translation import override

from resonanz.core.file_store import FileStoreUnavailable, check_file_store, file_store_problem
from resonanz.core.management.commands import worker as worker_command
from resonanz.core.models import Organization, WorkerHeartbeat
from resonanz.core.tests.s3_server import S3Server
from resonanz.documents.deferred import PdfPending
from resonanz.environment import Environment, default_storage_backend
from resonanz.plan.actions import mark_occurrence_done
from resonanz.plan.actions.exports import export_version
from resonanz.plan.models import Evidence
from resonanz.plan.tests.factories import make_plan_people, make_published_plan
from resonanz.plan.tests.page_helpers import make_office, signed_in
from resonanz.plan.transfer import pdf as pdf_module

PROJECT = Path(__file__).resolve().parents[3]
NOW = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)


def use_bucket(settings: Any, s3_server: S3Server, tmp_path: Path, **values: str) -> None:
    """Configure ``default_storage`` from these variables, as the settings do at start-up."""
    environment = Environment(
        {
            "RESONANZ_STORAGE_URL": s3_server.storage_url("tests/refused"),
            "AWS_ACCESS_KEY_ID": s3_server.access_key,
            "AWS_SECRET_ACCESS_KEY": s3_server.secret_key,
            **values,
        }
    )
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_backend(environment, tmp_path)}


# ---------------------------------------------------------------- files go in and come back out


def test_an_evidence_file_uploaded_through_the_form_is_kept_in_the_bucket_and_downloads_again(
    s3_storage: str, s3_server: S3Server, org: Organization, committing_db: None
) -> None:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        office = make_office(org, rows=1)
    row = office.published.rows.get()
    upload = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 Protokoll", content_type="application/pdf")

    with time_machine.travel(NOW, tick=False):
        response = signed_in(office.buddy).post(
            office.url(f"rows/{row.pk}/done/"),
            {"planned_for": "2026-01-20T09:00:00+01:00", "note": "erledigt", "attachment": upload},
        )
        evidence = Evidence.objects.get(row_key=row.row_key)
        download = signed_in(office.auditor).get(office.url(f"evidence/{evidence.pk}/file/"))

    assert response.status_code == 302
    (key,) = s3_server.keys(s3_storage)
    assert key == f"{s3_storage}/{evidence.attachment.name}"
    assert key.endswith("-protokoll.pdf") and s3_server.read(key) == b"%PDF-1.4 Protokoll"
    assert download.status_code == 200
    assert 'filename="protokoll.pdf"' in download["Content-Disposition"]
    assert download.getvalue() == b"%PDF-1.4 Protokoll"


def test_an_evidence_file_is_not_put_into_the_bucket_when_its_record_is_rolled_back(
    s3_storage: str, s3_server: S3Server, org: Organization, django_capture_on_commit_callbacks: Any
) -> None:
    office = make_office(org, rows=1)
    row = office.published.rows.get()
    planned = dt.datetime(2026, 1, 20, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))

    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        mark_occurrence_done(
            office.buddy, row, planned_for=planned, attachment=SimpleUploadedFile("notiz.txt", b"Notiz")
        )
        raise RuntimeError("a later step fails")

    assert s3_server.keys(s3_storage) == []


def test_an_evidence_file_gone_from_the_bucket_is_not_found_rather_than_an_error(
    s3_storage: str, s3_server: S3Server, org: Organization, committing_db: None
) -> None:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        office = make_office(org, rows=1)
    row = office.published.rows.get()
    with time_machine.travel(NOW, tick=False):
        signed_in(office.buddy).post(
            office.url(f"rows/{row.pk}/done/"),
            {
                "planned_for": "2026-01-20T09:00:00+01:00",
                "attachment": SimpleUploadedFile("notiz.txt", b"Notiz"),
            },
        )
    evidence = Evidence.objects.get(row_key=row.row_key)
    s3_server.client().delete_object(Bucket=s3_server.bucket, Key=f"{s3_storage}/{evidence.attachment.name}")

    download = signed_in(office.auditor).get(office.url(f"evidence/{evidence.pk}/file/"))

    assert download.status_code == 404


def test_a_pdf_made_by_the_worker_is_kept_in_the_bucket(
    s3_storage: str,
    s3_server: S3Server,
    org: Organization,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    editor, officer = make_plan_people(org)
    _plan, version = make_published_plan(org, editor, officer, rows=2)
    monkeypatch.setattr(pdf_module, "PDF_SYNC_ROW_LIMIT", 1)  # a large plan: the worker makes it

    with override("de"):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(PdfPending):
            export_version(officer, version, "pdf", wait=False)
        exported = export_version(officer, version, "pdf", wait=False).content
        again = export_version(officer, version, "pdf", wait=False).content

    assert exported.startswith(b"%PDF")
    kept = [key for key in s3_server.keys(s3_storage) if key.endswith(".pdf")]
    assert len(kept) == 1, kept
    assert s3_server.read(kept[0]) == exported
    assert again == exported, "the second export is read back from the bucket"


def test_default_storage_writes_lists_and_deletes_in_the_bucket(s3_storage: str, s3_server: S3Server) -> None:
    name = default_storage.save("plan/imports/1/liste.csv", io.BytesIO(b"a;b\n1;2\n"))
    second = default_storage.save("plan/imports/1/liste.csv", io.BytesIO(b"anders"))

    assert second != name, "a file of the same name is kept beside it, never overwritten"
    assert default_storage.listdir("plan/imports/1")[1] == sorted(
        [name.rpartition("/")[2], second.rpartition("/")[2]]
    )
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == b"a;b\n1;2\n"
    default_storage.delete(name)
    assert not default_storage.exists(name)
    assert s3_server.keys(s3_storage) == [f"{s3_storage}/{second}"]


# ---------------------------------------------------------------- what cannot work says so at start-up


def test_a_reachable_bucket_with_valid_credentials_passes_the_check(
    s3_storage: str, s3_server: S3Server
) -> None:
    assert file_store_problem() is None
    check_file_store()


def test_a_missing_bucket_is_named_at_start_up(settings: Any, s3_server: S3Server, tmp_path: Path) -> None:
    use_bucket(
        settings, s3_server, tmp_path, RESONANZ_STORAGE_URL=s3_server.storage_url("x", "no-such-bucket")
    )

    assert file_store_problem() == (
        f"RESONANZ_STORAGE_URL: the bucket 'no-such-bucket' does not exist at {s3_server.endpoint_url}"
    )


@pytest.mark.parametrize(
    ("credentials", "code"),
    [
        ({"AWS_ACCESS_KEY_ID": "AKIAUNKNOWNKEY000000"}, "InvalidAccessKeyId"),
        ({"AWS_SECRET_ACCESS_KEY": "not-the-secret"}, "SignatureDoesNotMatch"),
    ],
    ids=["unknown-key", "wrong-secret"],
)
def test_refused_credentials_are_named_at_start_up(
    settings: Any, s3_server: S3Server, tmp_path: Path, credentials: dict[str, str], code: str
) -> None:
    use_bucket(settings, s3_server, tmp_path, **credentials)

    problem = file_store_problem()

    assert problem == (
        f"RESONANZ_STORAGE_URL: {s3_server.endpoint_url} refused the credentials for bucket "
        f"'resonanz-test' ({code}); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    )
    assert "not-the-secret" not in problem
    with pytest.raises(ClientError):  # what the first upload meets, often as a bare "403 Forbidden"
        default_storage.save("probe.txt", io.BytesIO(b"x"))


def test_an_unreachable_store_is_named_at_start_up(
    settings: Any, s3_server: S3Server, tmp_path: Path
) -> None:
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens there
    use_bucket(
        settings, s3_server, tmp_path, RESONANZ_STORAGE_URL=f"s3://resonanz-test?endpoint_url={closed}"
    )

    problem = file_store_problem()

    assert problem is not None and problem.startswith(f"RESONANZ_STORAGE_URL: cannot reach {closed}: ")


def test_the_worker_refuses_to_start_on_a_missing_bucket(
    db: None, settings: Any, s3_server: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_bucket(
        settings, s3_server, tmp_path, RESONANZ_STORAGE_URL=s3_server.storage_url("x", "no-such-bucket")
    )
    started: list[object] = []
    monkeypatch.setattr(worker_command, "call_command", lambda *args, **options: started.append(args))

    with pytest.raises(
        CommandError, match=r"^RESONANZ_STORAGE_URL: the bucket 'no-such-bucket' does not exist"
    ):
        call_command("worker")
    assert started == [] and not WorkerHeartbeat.objects.exists()


def test_the_web_server_refuses_to_start_on_refused_credentials(
    settings: Any, s3_server: S3Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_bucket(settings, s3_server, tmp_path, AWS_ACCESS_KEY_ID="AKIAUNKNOWNKEY000000")
    started: list[object] = []
    monkeypatch.setattr("os.execv", lambda *args: started.append(args))

    with pytest.raises(CommandError, match=r"^RESONANZ_STORAGE_URL: .* \(InvalidAccessKeyId\)"):
        call_command("serve", "--port", "8123")
    assert started == [], "granian is not started"


def test_the_deployment_check_reports_refused_credentials(
    settings: Any, s3_server: S3Server, tmp_path: Path
) -> None:
    use_bucket(settings, s3_server, tmp_path, AWS_SECRET_ACCESS_KEY="not-the-secret")

    with pytest.raises(SystemCheckError, match=r"resonanz\.E010.*SignatureDoesNotMatch"):
        call_command("check", "--deploy", tags=["resonanz"])


def test_the_data_directory_needs_no_network_check(settings: Any) -> None:
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert file_store_problem() is None
    assert type(storages["default"]).__name__ == "FileSystemStorage"


def test_a_failing_check_raises_with_the_same_line(
    settings: Any, s3_server: S3Server, tmp_path: Path
) -> None:
    use_bucket(settings, s3_server, tmp_path, AWS_ACCESS_KEY_ID="AKIAUNKNOWNKEY000000")

    with pytest.raises(FileStoreUnavailable) as refused:
        check_file_store()

    assert str(refused.value) == file_store_problem()


# ---------------------------------------------------------------- no stored file is opened by path


# Modules that read local files on purpose, each with its reason. Stored files are not among them.
LOCAL_FILES_ALLOWED = {
    "resonanz/settings.py": "finds the package's own folders and the data directory",
    "resonanz/environment.py": "reads *_FILE secrets and creates the data directory",
    "resonanz/conftest.py": "gives each test its own folder",
    "resonanz/core/management/commands/audit.py": "reads and writes the checkpoint files an operator names",
    "resonanz/core/management/commands/compiletranslations.py": "compiles the shipped .po files",
    "resonanz/content/management/commands/content.py": "reads the file of posts an operator names to check",
    "resonanz/people/management/commands/people.py": "reads the HR export an operator names",
    "resonanz/monitoring/management/commands/monitoring.py": "reads the file of mentions an operator names",
    "resonanz/documents/rendering.py": "finds the shipped Typst templates, which the compiler child reads",
    "resonanz/documents/compiler.py": "reads its own peak memory from /proc",
    "resonanz/links/clicklog.py": "appends clicks to this process's own local log (O_APPEND), by design",
    "resonanz/links/ingest.py": "reads this machine's click logs, deletes finished ones; /proc for zombies",
    "resonanz/reach/demo.py": "writes the demo's clicks as a click log in a temporary folder, for ingestion",
    "resonanz/standards/loading.py": "reads the shipped clause library files and the file an operator names",
}
_LOCAL_FILE_MODULES = {"pathlib", "shutil", "tempfile", "glob"}


def local_file_uses(source: str) -> list[str]:
    """Where ``source`` opens or names a local file: ``open()``, ``os.path``, ``pathlib`` and friends."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
            found.append((node.lineno, "open()"))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "os" and node.attr in ("path", "open", "remove", "unlink", "makedirs"):
                found.append((node.lineno, f"os.{node.attr}"))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found += [(node.lineno, f"import {n}") for n in names if n.split(".")[0] in _LOCAL_FILE_MODULES]
    return [f"line {line}: {what}" for line, what in sorted(found)]


def test_no_module_opens_a_stored_file_by_its_path() -> None:
    problems = []
    modules = sorted(PROJECT.joinpath("resonanz").rglob("*.py"))
    assert len(modules) > 50, "the check must see the code"
    for module in modules:
        relative = module.relative_to(PROJECT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative in LOCAL_FILES_ALLOWED:
            continue
        problems += [f"{relative} {use}" for use in local_file_uses(module.read_text(encoding="utf-8"))]

    assert not problems, (
        "Files go through default_storage (the data directory or a bucket), never a local path:\n"
        + "\n".join(problems)
    )


def test_the_path_check_sees_the_ways_a_path_is_opened() -> None:
    source = (
        "import shutil\nfrom pathlib import Path\nimport os\n"
        "open('x')\nos.path.join('a', 'b')\nfield.storage.open('y')\n"
    )

    assert local_file_uses(source) == [
        "line 1: import shutil",
        "line 2: import pathlib",
        "line 4: open()",
        "line 5: os.path",
    ]
