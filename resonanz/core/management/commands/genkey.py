from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from resonanz.environment import fernet_key


class Command(BaseCommand):
    help = "Print a new random key for RESONANZ_ENCRYPTION_KEY or RESONANZ_AUDIT_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(fernet_key())
