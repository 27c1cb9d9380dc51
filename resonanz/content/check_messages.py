"""What a check result says, in the reader's language: results store a code and its parameters
(``resonanz.content.checks.runner``), and the sentence is made here when it is shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resonanz.content.checks.findings import Category
from resonanz.content.models import Post, PostCheckRun, PostNetwork, Severity
from resonanz.core.models import Membership
from resonanz.core.text import member_name

MESSAGES: dict[tuple[str, str], Promise] = {
    ("post", "no_variant"): gettext_lazy("The post has no text for any network."),
    ("length", "too_long"): gettext_lazy(
        "The text has %(length)s characters; %(network)s allows %(limit)s. Shorten it."
    ),
    ("length", "too_many_bytes"): gettext_lazy("The text is longer than Bluesky's 3,000 bytes. Shorten it."),
    ("guideline", "forbidden_word"): gettext_lazy("The guideline forbids the word “%(pattern)s”."),
    ("guideline", "forbidden_claim"): gettext_lazy("The guideline forbids the claim “%(pattern)s”."),
    ("guideline", "confidential_name"): gettext_lazy("“%(pattern)s” is a confidential project name."),
    ("guideline", "missing_disclosure"): gettext_lazy(
        "An employee's own post must contain “%(pattern)s”; this text does not."
    ),
    ("personal_data", "any"): gettext_lazy("Possibly personal data: %(category)s. Is it needed and allowed?"),
    ("images", "missing_alt_text"): gettext_lazy("Image %(number)s has no alternative text."),
    ("plan", "unplanned"): gettext_lazy("Unplanned: the post carries out no row of the communication plan."),
    ("competence", "missing_competence"): gettext_lazy(
        "%(sender)s, a sender of the plan row, lacks “%(competence)s”, which %(channel)s requires."
    ),
    ("competence", "expired_competence"): gettext_lazy(
        "%(sender)s, a sender of the plan row, no longer holds “%(competence)s” (expired on %(date)s), "
        "which %(channel)s requires."
    ),
}
SEVERITY_LABELS = dict(Severity.choices)


def sender_names(results: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """The names of the senders the competence results name (stored as ids: names are personal data)."""
    ids = {
        result.get("params", {}).get("sender")
        for result in results
        if result.get("check") == "competence" and isinstance(result.get("params"), dict)
    }
    ids = {pk for pk in ids if isinstance(pk, int)}
    members = Membership.objects.filter(pk__in=ids).select_related("user")
    return {member.pk: member_name(member) for member in members}


def _network(value: Any) -> str:
    return str(PostNetwork(value).label) if value in PostNetwork.values else ""


def describe(result: Mapping[str, Any], names: Mapping[int, str] | None = None) -> str:
    """The sentence for one result, in the active language."""
    check, code = str(result.get("check", "")), str(result.get("code", ""))
    raw = result.get("params")
    params: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
    if check == "personal_data":
        params["category"] = Category(code).label if code in Category.values else code
        code = "any"
    message = MESSAGES.get((check, code))
    if message is None:  # a result of an older check: its stored sentence, if any
        return str(result.get("message") or _("A check found a problem (%(code)s).") % {"code": code})
    params.setdefault("network", _network(result.get("network")))
    if check == "competence":
        params["sender"] = (names or {}).get(params.get("sender"), _("A sender"))  # type: ignore[arg-type]
        day = parse_date(str(params.get("expired_on") or ""))
        params["date"] = date_format(day) if day else ""
    text = str(message) % _Defaults(params)
    note = params.get("note")
    return f"{text} {note}" if check == "guideline" and note else text


class _Defaults(dict[str, Any]):
    """Parameters with an empty text for any one missing (a result stored before a parameter existed)."""

    def __missing__(self, key: str) -> str:
        return ""


def shown(results: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The results as a template shows them: severity label, network and sentence."""
    listed = list(results)
    names = sender_names(listed)
    return [
        {
            "severity": result.get("severity", ""),
            "severity_label": SEVERITY_LABELS.get(result.get("severity", ""), ""),
            "network": _network(result.get("network")),
            "message": describe(result, names),
        }
        for result in listed
    ]


def check_results_context(post: Post) -> dict[str, Any]:
    """What ``content/_check_results.html`` shows: the latest check run and whether it is of the current
    revision (the one an approval would be given to). The post page and the approval page include it."""
    run = PostCheckRun.objects.filter(post=post).order_by("-revision").first()
    return {
        "run": run,
        "run_is_current": run is not None and run.revision == post.revision,
        "results": shown(run.results) if run is not None else [],
    }
