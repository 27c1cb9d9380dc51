"""Evidence providers for the apps that existed before the clause library (see ``standards.evidence``).

Each reads through its app's access helper or checks the capability that app's pages ask for, so a
member sees here exactly the kind of records they may read there, and no more. Each makes one or two
queries whatever the number of records: the clause list runs every provider once.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resonanz.core.models import AuditRecord, Membership
from resonanz.core.roles import Capability
from resonanz.standards.evidence import MAX_ITEMS, EvidenceItem, register_evidence, to_date

YEAR = dt.timedelta(days=365)


def _slug(member: Membership) -> str:
    return member.organization.slug


def plan_versions(member: Membership) -> list[EvidenceItem]:
    """Approved and published versions of the plan (7.4, 7.5): only published ones for those who read
    only the published plan (the plan's own rule, ``plan.access.version_queryset``)."""
    from resonanz.plan.access import version_queryset

    if not member.can(Capability.VIEW_PLAN):
        return []
    versions = version_queryset(member).filter(approved_at__isnull=False).order_by("-approved_at")[:MAX_ITEMS]
    return [
        EvidenceItem(
            _("%(plan)s, version %(number)s (%(status)s)")
            % {"plan": version.plan.title, "number": version.number, "status": version.get_status_display()},
            to_date(version.published_at or version.approved_at),
            reverse("plan:plan_version", args=[_slug(member), version.pk]),
        )
        for version in versions
    ]


def plan_execution(member: Membership) -> list[EvidenceItem]:
    """Evidence of executed communication, per plan: how many records, the newest (8.1, 9.1)."""
    from resonanz.plan.access import evidence_queryset

    if not member.can(Capability.VIEW_EVIDENCE):
        return []
    since = timezone.now() - YEAR
    plans = (
        evidence_queryset(member)
        .values("plan_id", "plan__title")
        .annotate(latest=Max("occurred_at"), recent=Count("pk", filter=Q(occurred_at__gte=since)))
        .order_by("-latest")[:MAX_ITEMS]
    )
    return [
        EvidenceItem(
            ngettext(
                "%(plan)s: %(count)s record of executed communication in the last 12 months",
                "%(plan)s: %(count)s records of executed communication in the last 12 months",
                row["recent"],
            )
            % {"plan": row["plan__title"], "count": row["recent"]},
            to_date(row["latest"]),
            reverse("plan:plan_execution", args=[_slug(member), row["plan_id"]]),
            row["recent"],
        )
        for row in plans
    ]


def trainings(member: Membership) -> list[EvidenceItem]:
    """Trainings held (7.2)."""
    from resonanz.competence.access import training_queryset

    if not member.can(Capability.VIEW_COMPETENCE):
        return []
    today = timezone.localdate()
    held = training_queryset(member).filter(starts_on__lte=today).order_by("-starts_on")[:MAX_ITEMS]
    return [
        EvidenceItem(
            _("Training: %(title)s") % {"title": training.title},
            training.ends_on or training.starts_on,
            reverse("competence:competence_training", args=[_slug(member), training.pk]),
        )
        for training in held
    ]


def certificates(member: Membership) -> list[EvidenceItem]:
    """Certificates held, counted, with the newest issue date (7.2); names stay on the matrix page."""
    from resonanz.competence.access import certificate_queryset

    if not member.can(Capability.VIEW_COMPETENCE):
        return []
    today = timezone.localdate()
    valid = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    found = certificate_queryset(member).aggregate(valid=Count("pk", filter=valid), latest=Max("issued_on"))
    if not found["latest"]:
        return []
    return [
        EvidenceItem(
            ngettext("%(count)s valid certificate", "%(count)s valid certificates", found["valid"])
            % {"count": found["valid"]},
            found["latest"],
            reverse("competence:competence_matrix", args=[_slug(member)]),
            found["valid"],
        )
    ]


def acknowledgements(member: Membership) -> list[EvidenceItem]:
    """Acknowledgements of published policies, per policy (7.3, 5.2)."""
    from resonanz.events.models import PolicyDocument

    if not member.can(Capability.VIEW_COMPETENCE):
        return []
    documents = (
        PolicyDocument.objects.filter(organization_id=member.organization_id, published_at__isnull=False)
        .annotate(count=Count("acknowledgements"), latest=Max("acknowledgements__acknowledged_at"))
        .filter(count__gt=0)
        .order_by("-latest")[:MAX_ITEMS]
    )
    return [
        EvidenceItem(
            ngettext(
                "%(title)s (%(version)s): %(count)s acknowledgement",
                "%(title)s (%(version)s): %(count)s acknowledgements",
                document.count,
            )
            % {"title": document.title, "version": document.version_label, "count": document.count},
            to_date(document.latest),
            reverse("events:events_policy_acknowledgements", args=[_slug(member), document.pk]),
            document.count,
        )
        for document in documents
    ]


def approvals(member: Membership) -> list[EvidenceItem]:
    """Posts released after approval (8.6): the newest approved posts, with the approval's day."""
    from resonanz.content.approval_access import post_queryset

    if not member.can(Capability.VIEW_CONTENT):
        return []
    posts = (
        post_queryset(member)
        .annotate(
            approved=Max(
                "decisions__decided_at",
                filter=Q(decisions__decision="approved", decisions__withdrawn_at__isnull=True),
            )
        )
        .filter(approved__isnull=False)
        .order_by("-approved")[:MAX_ITEMS]
    )
    return [
        EvidenceItem(
            _("Approved: %(post)s") % {"post": post.title},
            to_date(post.approved),
            reverse("approval:approval_post", args=[_slug(member), post.pk]),
        )
        for post in posts
    ]


def corrections(member: Membership) -> list[EvidenceItem]:
    """Corrections of published posts (8.7, 10.2): what was wrong and when it was decided."""
    from resonanz.publishing.models import Correction

    if not member.can(Capability.VIEW_CONTENT):
        return []
    found = Correction.objects.filter(organization_id=member.organization_id).order_by("-decided_at")[
        :MAX_ITEMS
    ]
    return [
        EvidenceItem(
            _("Correction: %(what)s") % {"what": correction.what_was_wrong[:80]},
            to_date(correction.decided_at),
            reverse("deliveries:post_deliveries", args=[_slug(member), correction.post_id]),
        )
        for correction in found
    ]


def reach_figures(member: Membership) -> list[EvidenceItem]:
    """Measured reach over the last 12 months (9.1.1): aggregates only."""
    from resonanz.reach.models import ORGANIZATION, Dimension, ReachDaily

    if not member.can(Capability.VIEW_AGGREGATES):
        return []
    since = timezone.localdate() - YEAR
    found = ReachDaily.objects.filter(
        organization_id=member.organization_id, scope=ORGANIZATION, dimension=Dimension.TOTAL
    ).aggregate(latest=Max("day"), clicks=Sum("clicks", filter=Q(day__gte=since)))
    if not found["latest"]:
        return []
    clicks = found["clicks"] or 0
    return [
        EvidenceItem(
            ngettext(
                "%(count)s click measured in the last 12 months",
                "%(count)s clicks measured in the last 12 months",
                clicks,
            )
            % {"count": clicks},
            found["latest"],
            reverse("reach:reach_overview", args=[_slug(member)]),
            clicks,
        )
    ]


def audit_trail(member: Membership) -> list[EvidenceItem]:
    """The tamper-evident audit trail (7.5.3): how many changes it recorded, the newest."""
    if not member.can(Capability.VIEW_AUDIT):
        return []
    found = AuditRecord.objects.filter(organization_id=member.organization_id).aggregate(
        count=Count("pk"), latest=Max("created_at")
    )
    if not found["count"]:
        return []
    return [
        EvidenceItem(
            ngettext(
                "%(count)s change in the audit trail", "%(count)s changes in the audit trail", found["count"]
            )
            % {"count": found["count"]},
            to_date(found["latest"]),
            reverse("audit-list", args=[_slug(member)]),
            found["count"],
        )
    ]


def incidents(member: Membership) -> list[EvidenceItem]:
    """Incidents and nonconformities handled in the last 12 months and their effectiveness checks (8.7,
    10.2): counts only, two queries; the register itself is one link away."""
    from resonanz.quality.access import incident_queryset
    from resonanz.quality.models import EffectivenessCheck, Result, Status

    if not member.can(Capability.VIEW_INCIDENTS):
        return []
    since = timezone.now() - YEAR
    found = incident_queryset(member).aggregate(
        opened=Count("pk", filter=Q(opened_at__gte=since)),
        closed=Count("pk", filter=Q(status=Status.CLOSED, closed_at__gte=since)),
        latest=Max("opened_at"),
    )
    if not found["latest"]:
        return []
    url = reverse("quality:quality_incidents", args=[_slug(member)])
    items = [
        EvidenceItem(
            _("Incidents and nonconformities in the last 12 months: %(opened)s opened, %(closed)s closed")
            % {"opened": found["opened"], "closed": found["closed"]},
            to_date(found["latest"]),
            url,
            found["opened"],
        )
    ]
    checks = EffectivenessCheck.objects.filter(
        organization_id=member.organization_id, recorded_at__isnull=False, recorded_at__gte=since
    ).aggregate(
        recorded=Count("pk"),
        effective=Count("pk", filter=Q(result=Result.EFFECTIVE)),
        latest=Max("recorded_at"),
    )
    if checks["recorded"]:
        items.append(
            EvidenceItem(
                _(
                    "Effectiveness checks of corrective actions in the last 12 months: "
                    "%(recorded)s, %(effective)s effective"
                )
                % {"recorded": checks["recorded"], "effective": checks["effective"]},
                to_date(checks["latest"]),
                url,
                checks["recorded"],
            )
        )
    return items


def objectives(member: Membership) -> list[EvidenceItem]:
    """Quality objectives set, with how many are active (6.2); one query."""
    from resonanz.objectives.access import objective_queryset
    from resonanz.objectives.models import ObjectiveStatus

    if not member.can(Capability.VIEW_OBJECTIVES):
        return []
    found = objective_queryset(member).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(status=ObjectiveStatus.ACTIVE)),
        latest=Max("starts_on"),
    )
    if not found["total"]:
        return []
    return [
        EvidenceItem(
            ngettext(
                "%(total)s quality objective, %(active)s active",
                "%(total)s quality objectives, %(active)s active",
                found["total"],
            )
            % {"total": found["total"], "active": found["active"]},
            found["latest"],
            reverse("objectives:objective_list", args=[_slug(member)]),
            found["total"],
        )
    ]


def risks(member: Membership) -> list[EvidenceItem]:
    """The register of risks and opportunities and the effectiveness reviews of their actions (6.1); two
    queries."""
    from resonanz.risks.access import risk_queryset
    from resonanz.risks.models import Kind, RiskReview

    if not member.can(Capability.VIEW_RISKS):
        return []
    found = risk_queryset(member).aggregate(
        risks=Count("pk", filter=Q(kind=Kind.RISK)),
        opportunities=Count("pk", filter=Q(kind=Kind.OPPORTUNITY)),
        latest=Max("created_at"),
    )
    if not found["latest"]:
        return []
    reviews = RiskReview.objects.filter(risk__organization_id=member.organization_id).aggregate(
        count=Count("pk"), latest=Max("reviewed_on")
    )
    return [
        EvidenceItem(
            _("Risks: %(risks)s · opportunities: %(opportunities)s · effectiveness reviews: %(reviews)s")
            % {"risks": found["risks"], "opportunities": found["opportunities"], "reviews": reviews["count"]},
            reviews["latest"] or to_date(found["latest"]),
            reverse("risks:risk_list", args=[_slug(member)]),
            found["risks"] + found["opportunities"],
        )
    ]


def register_all() -> None:
    register_evidence("plan.versions", ["4.2", "5.3", "6.3", "7.4", "7.5", "7.5.2"], plan_versions)
    register_evidence(
        "plan.execution", ["4.4", "7.4", "8.1", "9.1", "9.1.1", "9.3.2", "10.3"], plan_execution
    )
    register_evidence("competence.trainings", ["7.2"], trainings)
    register_evidence("competence.certificates", ["7.2"], certificates)
    register_evidence("events.acknowledgements", ["5.2", "7.3"], acknowledgements)
    register_evidence("content.approvals", ["8.1", "8.5.1", "8.6", "8.7"], approvals)
    register_evidence("publishing.corrections", ["8.7", "10.2", "10.2.1", "10.2.2"], corrections)
    register_evidence("reach.figures", ["7.1.5", "9.1.1", "9.1.3", "9.3.2"], reach_figures)
    register_evidence("core.audit_trail", ["7.5.3"], audit_trail)
    register_evidence("core.audit_trail.gdpr", ["5", "30", "32"], audit_trail, standard="gdpr")
    register_evidence("quality.incidents", ["8.7", "10.2", "10.2.1", "10.2.2", "9.3.2"], incidents)
    register_evidence("objectives.objectives", ["6.2", "9.1.3", "9.3.2"], objectives)
    register_evidence("risks.register", ["6.1", "9.1.3", "9.3.2"], risks)
