"""The digest form: how often, one choice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from resonanz.core.forms import StyledForm
from resonanz.digests.models import Frequency


class FrequencyForm(StyledForm):
    frequency = forms.ChoiceField(
        label=_("E-mail me newly offered posts"), choices=Frequency.choices, widget=forms.RadioSelect
    )
