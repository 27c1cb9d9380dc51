"""Forms of the import pages, shared by every kind: the upload and the column mapping. They only validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.core.imports.columns import ColumnSet
from resonanz.core.imports.models import ImportJobBase
from resonanz.core.imports.reading import MAX_FILE_BYTES, MAX_ROWS


class UploadForm(StyledForm):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not on the class, so it is translated into the language of the request.
        self.fields["file"].help_text = gettext(
            "At most %(size)s MB and %(rows)s rows. The first row names the columns."
        ) % {"size": MAX_FILE_BYTES // (1024 * 1024), "rows": number_format(MAX_ROWS, force_grouping=True)}


class MappingForm(StyledForm):
    """One choice per field of the kind: which column of the file holds it, if any."""

    def __init__(self, *args: Any, job: ImportJobBase, columns: ColumnSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job = job
        self.columns = columns
        choices = [("", _("— not imported —")), *[(str(i), header) for i, header in enumerate(job.headers)]]
        for key in columns.import_fields:
            initial = job.mapping.get(key)
            self.fields[key] = forms.ChoiceField(
                label=columns.by_key[key].label,
                choices=choices,
                required=key in columns.required,
                initial=str(initial) if initial is not None else "",
            )
            self.fields[key].widget.attrs.setdefault("class", "form-select form-select-sm")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen: dict[str, str] = {}
        for key in self.columns.import_fields:
            value = cleaned.get(key) or ""
            if not value:
                continue
            if value in chosen.values():
                self.add_error(
                    key,
                    _("“%(column)s” is already chosen for another field.")
                    % {"column": self.job.headers[int(value)]},
                )
            chosen[key] = value
        if not chosen:
            raise forms.ValidationError(_("Choose at least one column to import."))
        return cleaned

    def mapping(self) -> dict[str, int | None]:
        return {
            key: int(self.cleaned_data[key]) if self.cleaned_data.get(key) else None
            for key in self.columns.import_fields
        }
