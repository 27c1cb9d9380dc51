"""Wording a German reader meets in the plan: the import template's file name, the default topics."""

from __future__ import annotations

import pytest
from django.urls import reverse

from resonanz.core import actions as core_actions
from resonanz.core.models import Organization
from resonanz.plan import actions
from resonanz.plan.models import Topic
from resonanz.plan.tests.page_helpers import make_office, signed_in


@pytest.mark.parametrize(
    ("language", "name"), [("de", "KP-01-Importvorlage.xlsx"), ("en", "KP-01-import-template.xlsx")]
)
def test_the_import_template_is_named_after_the_plan_in_the_readers_language(
    org: Organization, language: str, name: str
) -> None:
    office = make_office(org, rows=1)
    core_actions.set_language(office.manager.user, language)
    url = reverse("plan:plan_import_template", args=[org.slug, office.plan.pk])

    response = signed_in(office.manager).get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_new_organization_s_topics_are_german(org: Organization) -> None:
    names = set(Topic.objects.filter(organization=org).values_list("name", flat=True))

    assert "Fachwissen und Meinungsführerschaft" in names
    assert not any("Thought Leadership" in name for name in names)


def test_buttons_name_their_object_as_a_german_sentence(org: Organization) -> None:
    office = make_office(org, rows=1)
    draft = actions.start_new_draft(office.manager, office.plan, change_reason="Neue Kanäle")
    client = signed_in(office.manager)

    matrix = client.get(reverse("plan:plan_version", args=[org.slug, draft.pk])).content.decode()
    channels = client.get(reverse("plan:plan_channels", args=[org.slug])).content.decode()

    assert 'aria-label="Zeile 1 bearbeiten"' in matrix
    assert 'aria-label="LinkedIn deaktivieren"' in channels
