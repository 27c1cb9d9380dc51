from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resonanz.core import checkpoints
from resonanz.core.audit import verify_chain
from resonanz.core.audit_keys import encode, key_ring, public_bytes, public_pem
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
            help="check each organization's hash chain and signed checkpoints",
            description="Check the hash chain of each organization's audit trail and every stored signed "
            "checkpoint, and any checkpoint files given. Exit status: 0 all intact, 1 a chain or "
            "checkpoint is broken (records altered, inserted or removed, the chain rewritten after a "
            "checkpoint, a checkpoint forged), 2 the organization does not exist or a file is not a "
            "checkpoint.",
        )
        verify.add_argument("--org", help="only this organization (short name)")
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="also check this kept checkpoint (from 'audit checkpoint'); may be given several times",
        )
        checkpoint = sub.add_parser(
            "checkpoint",
            help="sign the head of an organization's chain and print the checkpoint as JSON",
            description="Sign the newest record of the organization's audit chain with the audit key, store "
            "the checkpoint and print it as JSON for an auditor to keep. Refuses (exit status 1) when the "
            "chain does not verify since the last checkpoint.",
        )
        checkpoint.add_argument("--org", required=True, help="the organization (short name)")
        checkpoint.add_argument("--output", metavar="FILE", help="write to this file instead of stdout")
        public_key = sub.add_parser(
            "public-key",
            help="print the public keys that check checkpoints",
            description="Print the id and public key (URL-safe base64 of the raw 32-byte Ed25519 key) of "
            "every key checkpoints are checked with; the first one signs new checkpoints.",
        )
        public_key.add_argument("--pem", action="store_true", help="print the keys in PEM format")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        if verb == "checkpoint":
            self.checkpoint(options["org"], options.get("output"))
        elif verb == "public-key":
            self.public_keys(pem=options["pem"])
        else:
            self.verify(options.get("org"), options["checkpoint"])

    def _organization(self, slug: str) -> Organization:
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            raise CommandError(f"no organization {slug!r}", returncode=USAGE)
        return organization

    def verify(self, slug: str | None, files: list[str]) -> None:
        documents = []
        for name in files:
            try:
                documents.append((name, checkpoints.read_document(Path(name).read_text(encoding="utf-8"))))
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: cannot read: {error}", returncode=USAGE) from None
            except checkpoints.NotACheckpoint as error:
                raise CommandError(
                    f"{name}: not a resonanz audit checkpoint: {error}", returncode=USAGE
                ) from None
        organizations = Organization.objects.order_by("slug")
        if slug:
            # A kept checkpoint vouches for its chain only together with the chain's own check.
            wanted = {self._organization(slug).pk} | {doc["organization_id"] for _name, doc in documents}
            organizations = organizations.filter(pk__in=wanted)
        broken = 0
        checked = 0
        for organization in organizations.iterator():
            checked += 1
            chain_problem = verify_chain(organization)
            count, problems = checkpoints.verify_checkpoints(organization)
            if chain_problem is not None:
                problems.insert(0, chain_problem)
            for problem in problems:
                self.stdout.write(f"BROKEN  {problem}")
            if problems:
                broken += 1
            else:
                self.stdout.write(
                    f"ok      {organization.slug}: {organization.audit_head_seq} records, {count} checkpoints"
                )
        for name, doc in documents:
            checked += 1
            kept = checkpoints.verify_document(doc)
            if kept is None:
                self.stdout.write(
                    f"ok      {name}: {doc['organization']} #{doc['seq']} as signed at {doc['created_at']}"
                )
            else:
                broken += 1
                self.stdout.write(f"BROKEN  {name}: {kept}")
        if not checked:
            self.stdout.write("no organizations yet")
        if broken:
            raise CommandError(f"{broken} of {checked} audit chain(s) broken", returncode=BROKEN)

    def checkpoint(self, slug: str, output: str | None) -> None:
        organization = self._organization(slug)
        try:
            made = checkpoints.make_checkpoint(organization)
        except checkpoints.NothingToCheckpoint:
            raise CommandError(f"{slug}: the audit trail has no records yet", returncode=USAGE) from None
        except checkpoints.ChainBroken as broken:
            raise CommandError(
                f"not signed, the chain is broken: {broken.problem}", returncode=BROKEN
            ) from None
        text = json.dumps(checkpoints.document(made, organization.slug), indent=2, sort_keys=True) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def public_keys(self, *, pem: bool) -> None:
        for key_id, key in key_ring().public.items():
            if pem:
                self.stdout.write(f"# key id {key_id}\n{public_pem(key)}", ending="")
            else:
                self.stdout.write(f"{key_id}  {encode(public_bytes(key))}")
