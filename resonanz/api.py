"""The REST API under /api/v1: this module only assembles it from the apps' routers.

What the routers build on lives in modules they can import on their own: the caller and its token in
``api_auth.py`` (``member_of``), bodies, times and pagination in ``api_input.py`` (``InputSchema``,
``PatchSchema``, ``IsoDateTime``, ``Pagination``), problem+json in ``api_problems.py``, and the
NinjaAPI subclass in ``api_ninja.py``. Nothing may import this module but the URL configuration: a
router that did would close an import circle. Add the routers of a new app at the end.

The API documentation itself (the OpenAPI schema) is written in English for developers.
"""

from __future__ import annotations

from resonanz.advocacy.api import router as advocacy_router
from resonanz.api_auth import BearerToken
from resonanz.api_input import JsonParser
from resonanz.api_ninja import ResonanzAPI
from resonanz.api_problems import install_exception_handlers
from resonanz.audits.api import router as audits_router
from resonanz.buddy.api import router as buddy_router
from resonanz.competence.api import router as competence_router
from resonanz.consent.api import router as consent_router
from resonanz.content.api import router as content_router
from resonanz.core.api import router as core_router
from resonanz.core.api_metrics import router as metrics_router
from resonanz.digests.api import router as digests_router
from resonanz.events.api import router as events_router
from resonanz.monitoring.api import router as monitoring_router
from resonanz.objectives.api import router as objectives_router
from resonanz.people.api import router as people_router
from resonanz.plan.api import router as plan_router
from resonanz.quality.api import router as quality_router
from resonanz.reach.api import router as reach_router
from resonanz.reviews.api import router as reviews_router
from resonanz.risks.api import router as risks_router
from resonanz.standards.api import router as standards_router

api = ResonanzAPI(
    title="resonanz API",
    version="1",
    description=(
        "Communication plan, people, publishing, reach, quality and data protection.\n\n"
        "Authenticate with a personal token: `Authorization: Bearer rz_<prefix>_<secret>`. "
        "Errors are RFC 9457 problem details (`application/problem+json`). Messages are in the language of "
        "the `Accept-Language` header if it names German or English, else in the token user's language."
    ),
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=JsonParser(),
)
install_exception_handlers(api)

api.add_router("/", core_router)
api.add_router("/plan", plan_router)
api.add_router("/people", people_router)
api.add_router("/competence", competence_router)
api.add_router("/events", events_router)
api.add_router("/buddy", buddy_router)
api.add_router("/content", content_router)
api.add_router("/metrics", metrics_router)
api.add_router("/consent", consent_router)
api.add_router("/advocacy", advocacy_router)
api.add_router("/reach", reach_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/digests", digests_router)
api.add_router("/quality", quality_router)
api.add_router("/standards", standards_router)
api.add_router("/objectives", objectives_router)
api.add_router("/risks", risks_router)
api.add_router("/audits", audits_router)
api.add_router("/reviews", reviews_router)
