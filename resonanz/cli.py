"""The ``resonanz`` command: the documented operations first, every Django command behind them."""

from __future__ import annotations

import os
import sys

COMMANDS = [
    ("demo [--port N]", "migrate, load the German demo organization, start web server and worker"),
    ("serve [--port N] [--host H] [--threads N] [--workers N]", "run the web server (granian, WSGI)"),
    ("worker", "run the job worker (Huey)"),
    ("migrate", "create or update the database tables"),
    ("createorg SLUG --name NAME", "create an organization"),
    ("createuser EMAIL --org SLUG --role ROLE", "add a person to an organization (--password-stdin)"),
    ("token create --user EMAIL --org SLUG --scope read|write", "create an API token (prints only it)"),
    ("audit verify [--org SLUG] [--checkpoint FILE]", "check the audit trail's hash chains and checkpoints"),
    ("audit checkpoint --org SLUG [--output FILE]", "sign the audit chain's head; print it as JSON"),
    ("audit public-key [--pem]", "print the public keys that check audit checkpoints"),
    ("content check FILE.jsonl", "check posts (one JSON object per line) for personal data, offline"),
    ("publishing work [--once]", "send due posts to the networks (also runs every minute in the worker)"),
    ("links ingest", "store new clicks of tracked links and their daily rollups (also every minute)"),
    ("links retention", "delete raw clicks older than RESONANZ_CLICK_RETENTION_DAYS (also nightly)"),
    ("monitoring tone FILE.jsonl", "score the tone of mentions (JSON lines), German or English, offline"),
    ("monitoring replay FILE.jsonl --timezone TZ", "run mentions in time order through the shitstorm alarm"),
    (
        "reach rebuild [--org SLUG]",
        "rebuild the daily reach figures from the clicks' rollups (after an upgrade)",
    ),
    ("people import FILE --org SLUG", "import people from an HR export (--dry-run, --invite, --json)"),
    ("genkey", "print a new key for RESONANZ_ENCRYPTION_KEY or RESONANZ_AUDIT_KEY"),
    ("compiletranslations", "compile the German and English texts"),
    ("collectstatic", "gather static files for production"),
    ("check --deploy", "check the production settings"),
]


def usage() -> str:
    width = max(len(name) for name, _ in COMMANDS)
    lines = ["usage: resonanz COMMAND [OPTIONS]", "       resonanz --version", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS]
    lines += [
        "",
        "Each command reads RESONANZ_DATA_DIR, DATABASE_URL, REDIS_URL and the other settings",
        "from the environment. 'resonanz COMMAND --help' shows a command's options;",
        "'resonanz help --all' lists every Django management command as well.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help") or args == ["help"]:
        print(usage())
        return
    if args in (["--version"], ["version"]):
        from importlib.metadata import PackageNotFoundError, version

        try:
            print(f"resonanz {version('resonanz')}")
        except PackageNotFoundError:
            print("resonanz (not installed as a package)")
        return
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resonanz.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["resonanz", *args])


if __name__ == "__main__":
    main()
