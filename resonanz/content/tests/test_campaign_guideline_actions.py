"""Campaigns and guideline rules: kept by guideline keepers, names unique whatever their case, bounded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from resonanz.content.actions import campaigns, guidelines
from resonanz.content.models import Campaign, GuidelineRule, RuleKind, Severity
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def keeper(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Klara Kampagne")


def test_it_creates_a_campaign_and_records_it(keeper: Membership) -> None:
    campaign = campaigns.create_campaign(
        keeper, "  Sommerfest  ", "Feier", dt.date(2026, 6, 1), dt.date(2026, 6, 30)
    )

    assert campaign.name == "Sommerfest"
    assert campaign.is_active
    record = AuditRecord.objects.get(action="content.campaign_created")
    assert record.object_id == str(campaign.pk)


def test_it_refuses_a_name_taken_in_another_case(keeper: Membership) -> None:
    campaigns.create_campaign(keeper, "Sommerfest")

    with pytest.raises(ActionRefused) as refused:
        campaigns.create_campaign(keeper, "SOMMERFEST")

    assert refused.value.field == "name"
    assert "exists already" in refused.value.messages[0]


def test_the_same_name_is_free_in_another_organization(keeper: Membership, other_org: Organization) -> None:
    campaigns.create_campaign(keeper, "Sommerfest")
    other = make_member(other_org, ["communications_manager"])

    assert campaigns.create_campaign(other, "sommerfest").organization_id == other_org.pk


def test_it_refuses_an_end_before_the_start(keeper: Membership) -> None:
    with pytest.raises(ActionRefused) as refused:
        campaigns.create_campaign(keeper, "Herbst", "", dt.date(2026, 10, 2), dt.date(2026, 10, 1))

    assert refused.value.field == "ends_on"


@pytest.mark.parametrize("name", ["", "   ", "x" * 121, None, 5])
def test_it_refuses_odd_names(keeper: Membership, name: Any) -> None:
    with pytest.raises(ActionRefused):
        campaigns.create_campaign(keeper, name)


def test_it_renames_and_refuses_a_rename_onto_another(keeper: Membership) -> None:
    first = campaigns.create_campaign(keeper, "Eins")
    campaigns.create_campaign(keeper, "Zwei")

    renamed = campaigns.update_campaign(keeper, first, "Drei", "neu")
    with pytest.raises(ActionRefused):
        campaigns.update_campaign(keeper, first, "zwei")

    assert renamed.name == "Drei"
    assert Campaign.objects.get(pk=first.pk).name == "Drei"
    assert AuditRecord.objects.filter(action="content.campaign_changed").count() == 1


def test_it_switches_a_campaign_off_once(keeper: Membership) -> None:
    campaign = campaigns.create_campaign(keeper, "Eins")

    campaigns.set_campaign_active(keeper, campaign, False)
    campaigns.set_campaign_active(keeper, campaign, False)

    assert not Campaign.objects.get(pk=campaign.pk).is_active
    assert AuditRecord.objects.filter(action="content.campaign_deactivated").count() == 1


def test_a_writer_without_guideline_rights_may_not_create_campaigns(org: Organization) -> None:
    buddy = make_member(org, ["buddy"])

    with pytest.raises(PermissionDenied):
        campaigns.create_campaign(buddy, "Eigene")


def test_it_adds_a_rule_with_cleaned_pattern(keeper: Membership) -> None:
    rule = guidelines.add_guideline_rule(keeper, RuleKind.FORBIDDEN_WORD, "  super   günstig ", Severity.WARN)

    assert rule.pattern == "super günstig"
    assert AuditRecord.objects.filter(action="content.guideline_rule_added").count() == 1


def test_it_refuses_the_same_rule_in_another_case(keeper: Membership) -> None:
    guidelines.add_guideline_rule(keeper, RuleKind.FORBIDDEN_WORD, "Billig")

    with pytest.raises(ActionRefused) as refused:
        guidelines.add_guideline_rule(keeper, RuleKind.FORBIDDEN_WORD, "billig")

    assert refused.value.field == "pattern"


@pytest.mark.parametrize(
    ("kind", "pattern", "severity", "field"),
    [
        ("nonsense", "x", Severity.BLOCK, "kind"),
        (RuleKind.FORBIDDEN_WORD, "x", "fatal", "severity"),
        (RuleKind.FORBIDDEN_WORD, "", Severity.BLOCK, "pattern"),
        (RuleKind.FORBIDDEN_WORD, "y" * 201, Severity.BLOCK, "pattern"),
        (RuleKind.FORBIDDEN_WORD, ["x"], Severity.BLOCK, "pattern"),
        ([], "x", Severity.BLOCK, "kind"),
    ],
)
def test_it_refuses_odd_rules(keeper: Membership, kind: Any, pattern: Any, severity: Any, field: str) -> None:
    with pytest.raises(ActionRefused) as refused:
        guidelines.add_guideline_rule(keeper, kind, pattern, severity)

    assert refused.value.field == field


def test_it_bounds_the_number_of_rules(keeper: Membership, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guidelines, "MAX_RULES", 2)
    guidelines.add_guideline_rule(keeper, RuleKind.FORBIDDEN_WORD, "eins")
    guidelines.add_guideline_rule(keeper, RuleKind.FORBIDDEN_WORD, "zwei")

    with pytest.raises(ActionRefused) as refused:
        guidelines.add_guideline_rule(keeper, RuleKind.FORBIDDEN_WORD, "drei")

    assert refused.value.code == "too_many_rules"


def test_it_changes_and_removes_a_rule(keeper: Membership) -> None:
    rule = guidelines.add_guideline_rule(keeper, RuleKind.FORBIDDEN_WORD, "billig")

    guidelines.update_guideline_rule(
        keeper, rule, RuleKind.FORBIDDEN_CLAIM, "am billigsten", Severity.WARN, "", False
    )
    changed = GuidelineRule.objects.get(pk=rule.pk)
    guidelines.remove_guideline_rule(keeper, changed)

    assert (changed.kind, changed.pattern, changed.is_active) == (
        RuleKind.FORBIDDEN_CLAIM,
        "am billigsten",
        False,
    )
    assert not GuidelineRule.objects.exists()
    assert AuditRecord.objects.filter(action="content.guideline_rule_removed").count() == 1
