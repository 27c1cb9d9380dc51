"""Checks of a post before approval: personal data and the networks' length limits. Pure functions."""

from __future__ import annotations

from resonanz.content.checks.findings import MAX_TEXT_LENGTH as MAX_TEXT_LENGTH
from resonanz.content.checks.findings import Category as Category
from resonanz.content.checks.findings import Finding as Finding
from resonanz.content.checks.findings import TextTooLong as TextTooLong
from resonanz.content.checks.personal_data import find_personal_data as find_personal_data
