"""Seeder for the outsider walk: an import waiting for its column mapping (imported by outsider_seed)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.plan.transfer import importer


@outsider_seeder
def seed_import(ctx: SeedContext) -> None:
    marker = ctx.marker
    upload = SimpleUploadedFile(
        f"matrix-{marker}.csv",
        f"Thema;Beschreibung\r\nThema {marker};Importzeile {marker}\r\n".encode(),
        content_type="text/csv",
    )
    ctx.made["plan.import_job"] = importer.upload_import(ctx.admin, ctx.made["plan.draft"], upload)
