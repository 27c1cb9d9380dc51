"""The error an action raises when a request cannot be carried out; views show its message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django import forms


class ActionRefused(ValidationError):
    """A translated reason why an action refused to run. Nothing was changed.

    ``field`` names the form field or API body member the reason belongs to, where there is one.
    """

    def __init__(self, message: Any, *, code: str = "refused", field: str | None = None, params: Any = None):
        super().__init__(message, code=code, params=params)
        self.field = field

    def show_on(self, form: forms.BaseForm) -> None:
        """Put the translated reason on the field it names, or on the form as a whole."""
        field = self.field if self.field in form.fields else None
        for message in self.messages:
            form.add_error(field, message)
