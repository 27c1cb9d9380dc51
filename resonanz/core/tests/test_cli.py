"""The ``resonanz`` command: its help, the account commands, audit verify, serve and worker.

Most tests call the commands in-process with ``call_command``; the last ones run the installed console
script as real processes on a fresh SQLite database, to prove the script and the environment handling.
"""

from __future__ import annotations

import http.client
import io
import json
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import translation

from resonanz import cli
from resonanz.core import actions
from resonanz.core.management.commands import worker as worker_command
from resonanz.core.management.commands.serve import granian_command
from resonanz.core.models import ApiToken, AuditRecord, Membership, Organization, User, WorkerHeartbeat
from resonanz.core.tests.factories import make_member
from resonanz.core.tests.processes import RESONANZ, clean_env, resonanz, run
from resonanz.core.views.health import HEARTBEAT_MAX_AGE

STRONG = "Lange-Leitung-Kaffee-42"
TOKEN_PATTERN = re.compile(r"rz_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


def command(*args: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> str:
    """Run a command in English, as the tests compare its messages; returns what it printed."""
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(*args: str, **kwargs: Any) -> CommandError:
    with pytest.raises(CommandError) as caught:
        command(*args, **kwargs)
    return caught.value


# ---------------------------------------------------------------- help


def test_the_help_lists_the_documented_commands(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["--help"])

    text = capsys.readouterr().out
    assert text.startswith("usage: resonanz COMMAND")
    for name in (
        "demo",
        "serve",
        "worker",
        "migrate",
        "createorg",
        "createuser",
        "token create",
        "audit verify",
        "audit checkpoint",
        "audit public-key",
        "content check",
    ):
        assert re.search(rf"^  {name}\b", text, re.MULTILINE), name


def test_the_version_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main(["--version"])

    assert re.fullmatch(r"resonanz \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)


def test_no_arguments_show_the_help_too(capsys: pytest.CaptureFixture[str]) -> None:
    cli.main([])

    assert "usage: resonanz COMMAND" in capsys.readouterr().out


# ---------------------------------------------------------------- createorg


def test_createorg_creates_an_audited_organization(db: None) -> None:
    output = command("createorg", "muster-gmbh", "--name", "Muster GmbH", "--time-zone", "Europe/Vienna")

    assert output.strip() == "created organization muster-gmbh"
    organization = Organization.objects.get(slug="muster-gmbh")
    assert (organization.name, organization.time_zone) == ("Muster GmbH", "Europe/Vienna")
    assert AuditRecord.objects.filter(organization=organization, action="organization.created").exists()


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Muster GmbH", "lower-case letters"),
        ("muster-", "lower-case letters"),
        ("müller", "lower-case letters"),
        ("admin", "reserved"),
        ("api", "reserved"),
    ],
)
def test_createorg_refuses_bad_and_reserved_short_names(db: None, slug: str, message: str) -> None:
    error = refused("createorg", slug, "--name", "Muster GmbH")

    assert message in str(error)
    assert error.returncode == 1
    assert not Organization.objects.exists()


def test_createorg_refuses_a_short_name_that_is_taken(db: None) -> None:
    command("createorg", "muster", "--name", "Muster GmbH")

    error = refused("createorg", "muster", "--name", "Andere GmbH")

    assert "“muster” is already taken" in str(error)
    assert Organization.objects.get(slug="muster").name == "Muster GmbH"


def test_createorg_refuses_an_unknown_time_zone_and_an_empty_name(db: None) -> None:
    assert "Unknown time zone" in str(
        refused("createorg", "muster", "--name", "Muster", "--time-zone", "Mars/X")
    )
    assert "needs a name" in str(refused("createorg", "muster", "--name", "   "))
    assert not Organization.objects.exists()


# ---------------------------------------------------------------- createuser


@pytest.fixture
def muster(db: None) -> Organization:
    return actions.create_organization(None, name="Muster GmbH", slug="muster")


def test_createuser_reads_the_password_from_stdin_and_gives_the_roles(
    muster: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = command(
        "createuser",
        "Erika.Muster@Example.org",
        "--org",
        "muster",
        "--role",
        "quality_officer",
        "--role",
        "admin",
        "--language",
        "en",
        "--password-stdin",
        stdin=STRONG + "\n",
        monkeypatch=monkeypatch,
    )

    assert output.strip() == "erika.muster@example.org is now admin, quality_officer in muster"
    user = User.objects.get(email="erika.muster@example.org")
    assert user.check_password(STRONG)
    assert (user.full_name, user.language, user.is_staff) == ("Erika Muster", "en", False)
    assert Membership.objects.get(user=user, organization=muster).roles == {"admin", "quality_officer"}


@pytest.mark.parametrize(
    ("arguments", "parts"),
    [
        (["--name", "Prof. Dr. Eva Lang"], ("Prof. Dr. Eva Lang", "Prof. Dr.", "Eva", "Lang")),
        (
            ["--title", "Dr.", "--given-name", "Hans Jörg", "--family-name", "Wohlgemut"],
            ("Dr. Hans Jörg Wohlgemut", "Dr.", "Hans Jörg", "Wohlgemut"),
        ),
    ],
)
def test_createuser_takes_a_name_with_its_title_in_one_piece_or_in_parts(
    muster: Organization, monkeypatch: pytest.MonkeyPatch, arguments: list[str], parts: tuple[str, ...]
) -> None:
    command(
        "createuser",
        "eva@example.org",
        "--org",
        "muster",
        "--role",
        "ambassador",
        *arguments,
        "--password-stdin",
        stdin=STRONG + "\n",
        monkeypatch=monkeypatch,
    )

    user = User.objects.get(email="eva@example.org")
    assert (user.full_name, user.title, user.given_name, user.family_name) == parts


@pytest.mark.parametrize("password", ["kurz", "1234567890123", "password123", "ErikaMuster12", ""])
def test_createuser_refuses_a_weak_password_and_creates_nothing(
    muster: Organization, monkeypatch: pytest.MonkeyPatch, password: str
) -> None:
    error = refused(
        "createuser",
        "erika.muster@example.org",
        "--org",
        "muster",
        "--role",
        "admin",
        "--password-stdin",
        stdin=password + "\n",
        monkeypatch=monkeypatch,
    )

    assert str(error).startswith("password refused: ")
    assert not User.objects.exists()


def test_createuser_refuses_an_unknown_organization(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    error = refused(
        "createuser",
        "a@example.org",
        "--org",
        "nirgendwo",
        "--role",
        "admin",
        "--password-stdin",
        stdin=STRONG,
        monkeypatch=monkeypatch,
    )

    assert "no organization 'nirgendwo'" in str(error)
    assert not User.objects.exists()


def test_createuser_without_a_password_source_and_without_a_terminal_is_refused(
    muster: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    error = refused("createuser", "a@example.org", "--org", "muster", "--role", "admin")

    assert "--password-stdin" in str(error)
    assert not User.objects.exists()


def test_createuser_adds_an_existing_person_to_another_organization_keeping_the_password(
    muster: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = actions.create_organization(None, name="Kunde AG", slug="kunde")
    existing = make_member(muster, ["admin"], email="erika@example.org")

    command("createuser", "ERIKA@example.org", "--org", "kunde", "--role", "auditor")

    assert Membership.objects.get(user=existing.user, organization=other).roles == {"auditor"}
    assert User.objects.filter(email="erika@example.org").count() == 1


def test_createuser_refuses_a_second_membership_in_the_same_organization(muster: Organization) -> None:
    make_member(muster, ["admin"], email="erika@example.org")

    error = refused("createuser", "erika@example.org", "--org", "muster", "--role", "buddy")

    assert "already a member" in str(error)


def test_createuser_can_allow_the_django_admin(muster: Organization, monkeypatch: pytest.MonkeyPatch) -> None:
    command(
        "createuser",
        "root@example.org",
        "--org",
        "muster",
        "--role",
        "admin",
        "--superuser",
        "--password-stdin",
        stdin=STRONG,
        monkeypatch=monkeypatch,
    )

    user = User.objects.get(email="root@example.org")
    assert user.is_superuser and user.is_staff


def test_createuser_refuses_an_unknown_role(muster: Organization) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'chef'"):
        command("createuser", "a@example.org", "--org", "muster", "--role", "chef")


# ---------------------------------------------------------------- token create


def test_token_create_prints_only_the_token_and_the_token_works(muster: Organization, client: Client) -> None:
    member = make_member(muster, ["quality_officer"], email="qb@example.org")

    output = command("token", "create", "--user", "QB@example.org", "--org", "muster", "--scope", "read")

    assert TOKEN_PATTERN.fullmatch(output.rstrip("\n")), output
    assert output.count("\n") == 1
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {output.strip()}")
    assert response.status_code == 200
    assert response.json()["email"] == "qb@example.org"
    assert response.json()["membership_id"] == member.pk
    assert response.json()["token_scope"] == "read"
    token = ApiToken.objects.get(user=member.user)
    assert output.strip() not in token.secret_hash


def test_token_create_refuses_someone_who_is_not_a_member(muster: Organization) -> None:
    other = actions.create_organization(None, name="Kunde AG", slug="kunde")
    make_member(other, ["admin"], email="fremd@example.org")

    for user in ("fremd@example.org", "niemand@example.org"):
        error = refused("token", "create", "--user", user, "--org", "muster", "--scope", "write")
        assert "is not an active member of 'muster'" in str(error)
    unknown = refused(
        "token", "create", "--user", "fremd@example.org", "--org", "nirgends", "--scope", "read"
    )
    assert "no organization 'nirgends'" in str(unknown)
    assert not ApiToken.objects.exists()


def test_token_create_refuses_an_invalid_lifetime(muster: Organization) -> None:
    make_member(muster, ["admin"], email="a@example.org")

    error = refused(
        "token", "create", "--user", "a@example.org", "--org", "muster", "--scope", "read", "--days", "0"
    )

    assert "1 to 366 days" in str(error)
    assert not ApiToken.objects.exists()


# ---------------------------------------------------------------- audit verify


def tamper_with_newest_record(organization: Organization) -> None:
    """What an intruder with database access would do: drop the guard, then edit a record."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER core_audit_no_update"
            + (" ON core_auditrecord" if connection.vendor == "postgresql" else "")
        )
        cursor.execute(
            "UPDATE core_auditrecord SET action = 'nothing.happened' WHERE organization_id = %s AND seq = %s",
            [organization.pk, organization.audit_head_seq],
        )


def test_audit_verify_reports_intact_chains(muster: Organization) -> None:
    make_member(muster, ["admin"])

    output = command("audit", "verify")

    muster.refresh_from_db()
    assert muster.audit_head_seq >= 2
    assert output.strip() == f"ok      muster: {muster.audit_head_seq} records, 0 checkpoints"


def test_audit_verify_exits_1_when_a_record_was_altered(muster: Organization) -> None:
    other = actions.create_organization(None, name="Kunde AG", slug="kunde")
    make_member(muster, ["admin"])
    muster.refresh_from_db()
    tamper_with_newest_record(muster)
    out = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", stdout=out)

    assert caught.value.returncode == 1
    assert "BROKEN  muster: record #2: content was altered" in out.getvalue()
    assert "ok      kunde" in out.getvalue()
    assert command("audit", "verify", "--org", other.slug).startswith("ok")


def test_audit_verify_exits_2_for_an_unknown_organization(db: None) -> None:
    error = refused("audit", "verify", "--org", "nirgendwo")

    assert error.returncode == 2


def test_audit_verify_says_so_when_there_is_nothing_to_check(db: None) -> None:
    assert command("audit", "verify").strip() == "no organizations yet"


# ---------------------------------------------------------------- genkey, serve


def test_genkey_prints_a_usable_encryption_key() -> None:
    key = command("genkey").strip()

    Fernet(key.encode("ascii"))
    assert key != command("genkey").strip()


def test_serve_runs_granian_with_an_explicit_number_of_blocking_threads() -> None:
    argv = granian_command("127.0.0.1", 8123, 6, 2)

    assert argv[1:3] == ["-m", "granian"]
    assert argv[argv.index("--interface") + 1] == "wsgi"
    assert argv[argv.index("--blocking-threads") + 1] == "6"
    assert argv[argv.index("--workers") + 1] == "2"
    assert argv[argv.index("--port") + 1] == "8123"
    assert argv[argv.index("--workers-kill-timeout") + 1] == "20"  # a stuck worker cannot block a stop
    assert argv[argv.index("--http1-buffer-size") + 1] == "65536"  # a huge request head gets a 4xx
    assert argv[-1] == "resonanz.wsgi:application"


@pytest.fixture
def no_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a check fail to stop ``serve``, it must not replace the test process with granian."""

    def refuse(*args: object) -> None:
        raise AssertionError("serve went on to start granian")

    monkeypatch.setattr("resonanz.core.management.commands.serve.os.execv", refuse)


@pytest.mark.parametrize(("option", "value"), [("--port", "0"), ("--threads", "0"), ("--workers", "100")])
@pytest.mark.usefixtures("no_exec")
def test_serve_refuses_numbers_out_of_range(option: str, value: str) -> None:
    with pytest.raises(CommandError, match=f"^{option}: use a number from"):
        command("serve", option, value)


@pytest.mark.usefixtures("no_exec")
def test_serve_refuses_a_bad_port_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "http")

    with pytest.raises(CommandError, match=r"^PORT: expected a whole number"):
        command("serve")


# ---------------------------------------------------------------- worker and /healthz


@pytest.fixture
def started_worker(db: None, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Run ``resonanz worker`` up to the point where it hands over to the Huey consumer."""
    consumers: list[dict[str, Any]] = []
    monkeypatch.setattr(worker_command, "call_command", lambda name, **options: consumers.append(options))
    command("worker", "--workers", "3")
    return consumers


def test_the_worker_beats_before_it_starts_the_consumer(started_worker: list[dict[str, Any]]) -> None:
    assert started_worker == [{"workers": 3, "worker_type": "thread", "verbosity": 1}]
    assert WorkerHeartbeat.objects.count() == 1


def test_healthz_reports_a_live_worker(client: Client, started_worker: list[dict[str, Any]]) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["worker"]["ok"] is True
    assert body["checks"]["migrations"] == {"ok": True, "pending": 0}
    assert body["checks"]["database"]["ok"] is True


def test_healthz_fails_when_the_newest_heartbeat_is_older_than_three_minutes(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel("2026-03-02 09:00:00 +00:00", tick=False) as traveller:
        monkeypatch.setattr(worker_command, "call_command", lambda name, **options: None)
        command("worker")
        traveller.shift(HEARTBEAT_MAX_AGE)
        assert client.get("/healthz").status_code == 200  # exactly three minutes is still fine

        traveller.shift(1)
        response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["worker"]["ok"] is False
    assert body["checks"]["worker"]["age_seconds"] == 181


def test_healthz_fails_without_any_worker(client: Client, db: None) -> None:
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {"ok": False, "last_heartbeat": None}


def test_healthz_reports_pending_migrations(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("0099_next", False)] * 2)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "pending": 2}


def test_the_worker_refuses_to_start_on_an_outdated_database(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("0099_next", False)])

    with pytest.raises(CommandError, match="run 'resonanz migrate' first"):
        command("worker")
    assert not WorkerHeartbeat.objects.exists()


# ---------------------------------------------------------------- the console script as real processes


@dataclass
class Installation:
    data_dir: Path
    database: Path
    env: dict[str, str]


@pytest.fixture
def installation(tmp_path: Path) -> Installation:
    """A fresh data directory and SQLite database, migrated with ``resonanz migrate``, for one test.

    Each test gets its own: a shared one let a test see another's organizations and tokens (and the
    audit trigger one of them drops), so the result depended on the order the tests ran in.
    """
    data_dir = tmp_path / "resonanz-data"
    data_dir.mkdir()
    database = data_dir / "cli-test.sqlite3"
    env = clean_env(data_dir, DATABASE_URL=f"sqlite:///{database}")
    result = resonanz("migrate", "--no-input", env=env)
    assert result.returncode == 0, result.stderr
    return Installation(data_dir, database, env)


@pytest.mark.single_run  # its own SQLite installation: the same in both runs
def test_the_console_script_prints_its_help(tmp_path: Path) -> None:
    result = resonanz("--help", env=clean_env(tmp_path))

    assert result.returncode == 0
    assert "createuser EMAIL --org SLUG --role ROLE" in result.stdout


@pytest.mark.single_run  # its own SQLite installation: the same in both runs
def test_the_console_script_refuses_a_bad_configuration_with_exit_2(tmp_path: Path) -> None:
    result = resonanz("createorg", "x", "--name", "X", env=clean_env(tmp_path, DATABASE_URL="mysql://db/x"))

    assert result.returncode == 2
    assert result.stderr.startswith("resonanz: configuration error: DATABASE_URL:")


@pytest.mark.single_run  # its own SQLite installation: the same in both runs
def test_the_console_script_sets_up_an_organization_a_user_and_a_token(installation: Installation) -> None:
    env = installation.env

    created = resonanz("createorg", "cli-gmbh", "--name", "CLI GmbH", env=env)
    assert created.returncode == 0, created.stderr
    duplicate = resonanz("createorg", "cli-gmbh", "--name", "CLI GmbH", env=env)
    assert duplicate.returncode == 1
    assert "cli-gmbh" in duplicate.stderr
    reserved = resonanz("createorg", "admin", "--name", "Admin", env=env)
    assert reserved.returncode == 1 and "admin" in reserved.stderr

    weak = resonanz(
        "createuser",
        "qb@cli.example",
        "--org",
        "cli-gmbh",
        "--role",
        "quality_officer",
        "--password-stdin",
        env=env,
        stdin="geheim\n",
    )
    assert weak.returncode == 1 and "password refused" in weak.stderr
    unknown = resonanz(
        "createuser",
        "qb@cli.example",
        "--org",
        "nirgendwo",
        "--role",
        "admin",
        "--password-stdin",
        env=env,
        stdin=STRONG + "\n",
    )
    assert unknown.returncode == 1 and "nirgendwo" in unknown.stderr
    user = resonanz(
        "createuser",
        "qb@cli.example",
        "--org",
        "cli-gmbh",
        "--role",
        "quality_officer",
        "--role",
        "admin",
        "--password-stdin",
        env=env,
        stdin=STRONG + "\n",
    )
    assert user.returncode == 0, user.stderr

    token = resonanz(
        "token", "create", "--user", "qb@cli.example", "--org", "cli-gmbh", "--scope", "write", env=env
    )
    assert token.returncode == 0, token.stderr
    assert TOKEN_PATTERN.fullmatch(token.stdout.rstrip("\n"))

    with sqlite3.connect(installation.database) as db:
        (slug,) = db.execute(
            "SELECT o.slug FROM core_apitoken t JOIN core_organization o ON o.id = t.organization_id"
        ).fetchone()
    assert slug == "cli-gmbh"

    verified = resonanz("audit", "verify", "--org", "cli-gmbh", env=env)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("ok      cli-gmbh: ")
    assert resonanz("audit", "verify", "--org", "nirgendwo", env=env).returncode == 2

    with sqlite3.connect(installation.database) as db:
        db.execute("DROP TRIGGER core_audit_no_update")
        db.execute("UPDATE core_auditrecord SET action = 'nothing.happened' WHERE seq = 1")
    broken = resonanz("audit", "verify", env=env)
    assert broken.returncode == 1
    assert "BROKEN  cli-gmbh: record #1: content was altered" in broken.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def http_get(url: str, token: str | None = None) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310  (http to our own test server)
        url, headers={"Authorization": f"Bearer {token}"} if token else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_for(check: Any, seconds: float, what: str, processes: list[subprocess.Popen[str]]) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                log = LOGS[id(process)].read_text(encoding="utf-8")
                pytest.fail(f"{process.args!r} ended early with {process.returncode}: {log}")
        result = check()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


LOGS: dict[int, Path] = {}


def start(
    args: list[str], env: dict[str, str], processes: list[subprocess.Popen[str]]
) -> subprocess.Popen[str]:
    """Start a long-running command; its output goes to a file, so a full pipe can never block it."""
    log = Path(env["RESONANZ_DATA_DIR"]) / f"{args[0]}-{len(processes)}.log"
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [str(RESONANZ), *args], env=env, stdout=output, stderr=subprocess.STDOUT, text=True
        )
    LOGS[id(process)] = log
    processes.append(process)
    return process


@pytest.mark.single_run  # its own SQLite installation: the same in both runs
def test_serve_and_worker_run_and_healthz_sees_the_worker(
    installation: Installation, processes: list[subprocess.Popen[str]]
) -> None:
    env = installation.env
    resonanz("createorg", "web-gmbh", "--name", "Web GmbH", env=env)
    resonanz(
        "createuser",
        "web@cli.example",
        "--org",
        "web-gmbh",
        "--role",
        "ambassador",
        "--password-stdin",
        env=env,
        stdin=STRONG + "\n",
    )
    token = resonanz(
        "token", "create", "--user", "web@cli.example", "--org", "web-gmbh", "--scope", "read", env=env
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    start(["serve", "--port", str(port), "--threads", "2"], env, processes)

    def answered() -> tuple[int, dict[str, Any]] | None:
        try:
            return http_get(f"{base}/healthz")
        except (urllib.error.URLError, ConnectionError):
            return None

    status, body = wait_for(answered, 60, "the web server", processes)
    assert status == 503  # no worker yet
    assert body["checks"]["migrations"] == {"ok": True, "pending": 0}
    assert body["checks"]["worker"]["ok"] is False

    status, me = http_get(f"{base}/api/v1/me", token.stdout.strip())
    assert status == 200
    assert (me["email"], me["organization"]["slug"]) == ("web@cli.example", "web-gmbh")
    assert http_get(f"{base}/api/v1/me", "rz_000000000000_falsch")[0] == 401

    # Idle keep-alive connections (browser tabs) must not keep anyone else out: each one answered
    # once and stays open, more of them than the server has threads; then a new visitor asks.
    idle = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(8)]
    for tab in idle:
        tab.request("GET", "/healthz")
        tab.getresponse().read()
    assert http_get(f"{base}/healthz")[0] == 503, "answered within the 10-second timeout"
    for tab in idle:
        tab.close()

    worker = start(["worker", "--workers", "1"], env, processes)

    def heartbeat_written() -> bool:
        with sqlite3.connect(installation.database, timeout=10) as db:
            return bool(db.execute("SELECT COUNT(*) FROM core_workerheartbeat").fetchone()[0])

    wait_for(heartbeat_written, 60, "the worker's heartbeat", processes)
    status, body = http_get(f"{base}/healthz")
    assert status == 200, body
    assert body["checks"]["worker"]["ok"] is True

    worker.send_signal(signal.SIGINT)
    assert worker.wait(timeout=30) == 0


@pytest.mark.single_run  # its own SQLite installation: the same in both runs
def test_the_worker_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    env = clean_env(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")

    result = run([RESONANZ, "worker"], env, timeout=60)

    assert result.returncode == 1
    assert "run 'resonanz migrate' first" in result.stderr


@pytest.mark.django_db
def test_ctrl_c_before_the_consumer_takes_over_is_a_clean_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGINT between the first heartbeat and Huey's own signal handlers: exit 0, not a traceback."""

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(worker_command, "call_command", interrupted)
    output = io.StringIO()

    call_command("worker", "--workers", "1", stdout=output)

    assert "stopped before it started any job" in output.getvalue()
    assert WorkerHeartbeat.objects.exists()  # the heartbeat before it was written
