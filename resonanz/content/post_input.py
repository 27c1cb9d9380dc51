"""What a post is made of, cleaned once: the post actions take it, the form and any API call them.

Every field is checked here (type, length, choices), so odd input is a translated refusal naming its
field, never a database error. Variants are ``{network: text}``; an empty text means no variant for
that network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import MAX_TAGS, MAX_VARIANT_CHARS, Campaign, Language, PostNetwork
from resonanz.core.errors import ActionRefused
from resonanz.core.text import clean_text
from resonanz.plan.models import PlanRow, VersionStatus

TITLE_LIMIT = 200
URL_LIMIT = 2000
TAG_LIMIT = 100
MENTION_LIMIT = 300
HASHTAG = regex.compile(r"[\p{L}\p{N}_]{1,100}")
MENTION = regex.compile(r"@?[\w.-]{1,100}(?:@[\w.-]{1,190})?")


@dataclass(frozen=True)
class PostInput:
    title: str
    language: str
    campaign: Campaign | None
    plan_row: PlanRow | None
    variants: dict[str, str]
    link_url: str
    hashtags: list[str]
    mentions: list[str]
    is_employee_post: bool


def _title(value: Any) -> str:
    if not isinstance(value, str):
        raise ActionRefused(_("Enter the working title as text."), field="title")
    title = " ".join(clean_text(value).split())
    if not title:
        raise ActionRefused(_("Give the post a working title."), field="title")
    if len(title) > TITLE_LIMIT:
        raise ActionRefused(
            _("A working title has at most %(limit)s characters."),
            params={"limit": TITLE_LIMIT},
            field="title",
        )
    return title


def _variants(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ActionRefused(_("Enter the texts per network."), field="variants")
    variants: dict[str, str] = {}
    for network, text in value.items():
        if network not in PostNetwork.values:
            raise ActionRefused(_("Choose a network resonanz publishes to."), field="variants")
        if text is not None and not isinstance(text, str):
            raise ActionRefused(_("Enter the texts as text."), field="variants")
        cleaned = clean_text(text).replace("\r\n", "\n")
        if len(cleaned) > MAX_VARIANT_CHARS:
            raise ActionRefused(
                _("A text has at most %(limit)s characters."),
                params={"limit": MAX_VARIANT_CHARS},
                field=f"text_{network}",
            )
        if cleaned:
            variants[str(network)] = cleaned
    if not variants:
        raise ActionRefused(_("Write the text for at least one network."), field="variants")
    return variants


def _link(value: Any) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or len(value) > URL_LIMIT:
        raise ActionRefused(_("Enter a web address starting with https://."), field="link_url")
    link = clean_text(value)
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise ActionRefused(_("Enter a web address starting with https://."), field="link_url") from None
    return link


def _tags(value: Any, field: str, pattern: regex.Pattern[str], strip: str) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ActionRefused(_("Enter them separated by spaces."), field=field)
    if len(value) > MAX_TAGS:
        raise ActionRefused(_("Enter at most %(limit)s."), params={"limit": MAX_TAGS}, field=field)
    tags: list[str] = []
    for item in value:
        tag = clean_text(item).lstrip(strip)
        if not tag:
            continue
        if not pattern.fullmatch(tag):
            raise ActionRefused(
                _("“%(tag)s” is not valid here: use letters, digits and underscores."),
                params={"tag": tag[:TAG_LIMIT]},
                field=field,
            )
        if tag not in tags:
            tags.append(tag)
    return tags


def _campaign(value: Any, current: Campaign | None) -> Campaign | None:
    if value is None:
        return None
    if not isinstance(value, Campaign):
        raise ActionRefused(_("Choose a campaign."), field="campaign")
    unchanged = current is not None and current.pk == value.pk
    if not unchanged and not Campaign.objects.filter(pk=value.pk, is_active=True).exists():
        raise ActionRefused(_("This campaign is switched off; choose an active one."), field="campaign")
    return value


def _plan_row(value: Any, current: PlanRow | None) -> PlanRow | None:
    if value is None:
        return None
    if not isinstance(value, PlanRow):
        raise ActionRefused(_("Choose a row of the communication plan."), field="plan_row")
    if current is not None and current.pk == value.pk:
        return value
    if value.version.status != VersionStatus.PUBLISHED:
        raise ActionRefused(_("Choose a row of the published communication plan."), field="plan_row")
    return value


def cleaned_post(
    *,
    title: Any,
    variants: Any,
    language: Any = Language.GERMAN,
    campaign: Any = None,
    plan_row: Any = None,
    link_url: Any = "",
    hashtags: Any = None,
    mentions: Any = None,
    is_employee_post: Any = False,
    current_campaign: Campaign | None = None,
    current_plan_row: PlanRow | None = None,
) -> PostInput:
    """Check and clean a post's fields (``current_*``: what an edited post has now, which may stay
    even when it could not be chosen anew)."""
    if language not in Language.values:
        raise ActionRefused(_("Choose German or English."), field="language")
    if not isinstance(is_employee_post, bool):
        raise ActionRefused(_("Say whether this is an employee's own post."), field="is_employee_post")
    return PostInput(
        title=_title(title),
        language=str(language),
        campaign=_campaign(campaign, current_campaign),
        plan_row=_plan_row(plan_row, current_plan_row),
        variants=_variants(variants),
        link_url=_link(link_url),
        hashtags=_tags(hashtags, "hashtags", HASHTAG, "#"),
        mentions=_tags(mentions, "mentions", MENTION, ""),
        is_employee_post=is_employee_post,
    )
