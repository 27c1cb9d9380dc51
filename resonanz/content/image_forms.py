"""Forms of a post's images: they only validate the shape; the actions check the file and the text
(``resonanz.content.images``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.content.images import MAX_ALT_TEXT

ALT_TEXT_HELP = _(
    "Describe what the image shows for people who cannot see it (screen readers read this aloud). "
    "Required before approval."
)


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image (JPEG, PNG, GIF or WebP, at most 1 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    alt_text = forms.CharField(
        label=_("Alternative text"),
        required=False,
        max_length=MAX_ALT_TEXT,
        help_text=ALT_TEXT_HELP,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class AltTextForm(forms.Form):
    alt_text = forms.CharField(
        label=_("Alternative text"),
        required=False,
        max_length=MAX_ALT_TEXT,
        help_text=ALT_TEXT_HELP,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[
            ("up", pgettext_lazy("moving an image", "up")),
            ("down", pgettext_lazy("moving an image", "down")),
        ]
    )
