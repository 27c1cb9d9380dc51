"""Seeders for the outsider walk: an import waiting for its column mapping, a PDF job (imported by
outsider_seed)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from resonanz.core.tests.outsider_seed import SeedContext, outsider_seeder
from resonanz.documents import jobs
from resonanz.plan.actions import imports as importer
from resonanz.plan.transfer import pdf
from resonanz.plan.transfer.table import export_rows


@outsider_seeder
def seed_import(ctx: SeedContext) -> None:
    marker = ctx.marker
    upload = SimpleUploadedFile(
        f"matrix-{marker}.csv",
        f"Thema;Beschreibung\r\nThema {marker};Importzeile {marker}\r\n".encode(),
        content_type="text/csv",
    )
    job = importer.upload_import(ctx.admin, ctx.made["plan.draft"], upload)
    importer.read_upload(job.pk)
    job.refresh_from_db()
    ctx.made["plan.import_job"] = job


@outsider_seeder
def seed_pdf_job(ctx: SeedContext) -> None:
    """The PDF of the draft, handed to the worker as a large plan's PDF would be."""
    draft = ctx.made["plan.draft"]
    document = pdf.version_document(ctx.admin, draft, export_rows(draft))
    ctx.made["documents.job"] = jobs.request_pdf(ctx.organization.pk, pdf.subject(draft), document)
