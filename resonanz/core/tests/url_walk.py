"""Machinery for the tenancy tests: every URL pattern and API operation, with their parameters filled in.

Routes are discovered from the URL resolver and from django-ninja's registered routers (operations left
out of the OpenAPI documentation included), so pages and endpoints that other apps add later are
covered without touching the tests. Object ids in URLs follow one
convention: a parameter ``<model_name>_id`` (``membership_id``, ``audit_record_id``) names a model of a
resonanz app; a parameter that breaks it makes the tests fail, because it could not be attacked.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.db.models import F, ForeignKey, ManyToManyField, Model
from django.http import HttpResponseBase
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

from resonanz.core.models import AuditRecord, Membership, Organization, User
from resonanz.core.tests.outsider_seed import resonanz_app_configs

SKIPPED_PREFIXES = ("admin/", "static/")
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# Values for URL parameters that carry no object id. A new kind of parameter gets a value here.
SAMPLE_VALUES: dict[str, str] = {"uidb64": "MQ", "token": "set-password", "fmt": "csv"}


def api_prefix() -> str:
    """``/api/v1/``, found through the schema's URL so a moved API is still walked."""
    return reverse("api:openapi-json").removesuffix("openapi.json")


def body_of(response: HttpResponseBase) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return content.decode("utf-8", errors="replace")


# ---------------------------------------------------------------- models and organizations


def resonanz_models() -> list[type[Model]]:
    return [model for config in resonanz_app_configs() for model in config.get_models()]


def has_organization(model: type[Model]) -> bool:
    try:
        field = model._meta.get_field("organization")
    except Exception:
        return False
    return isinstance(field, ForeignKey) and field.related_model is Organization


def tenant_models() -> list[type[Model]]:
    """Models whose rows belong to one organization directly."""
    return [model for model in resonanz_models() if has_organization(model)]


def organization_path(model: type[Model], depth: int = 3) -> str | None:
    """The lookup from ``model`` to its organization (``organization``, ``membership__organization``)."""
    if model is Organization:
        return "pk"
    if has_organization(model):
        return "organization"
    if depth == 0 or model is User:
        return None
    for field in model._meta.get_fields():
        if isinstance(field, ForeignKey) and field.related_model not in (Organization, User):
            inner = organization_path(field.related_model, depth - 1)
            if inner is not None and inner != "pk":
                return f"{field.name}__{inner}"
    return None


def models_for_param(param: str) -> list[type[Model]]:
    """The resonanz models a ``<model_name>_id`` parameter may name (``audit_record_id`` -> AuditRecord)."""
    if not param.endswith("_id"):
        return []
    wanted = param.removesuffix("_id").replace("_", "")
    return [model for model in resonanz_models() if model._meta.model_name == wanted]


# Names under which a field points at a person (a membership) rather than at a model of that name.
PERSON_NAMES = {"owner", "approver", "sender", "author", "reviewer", "publisher", "recorder", "responsible"}


def model_for_field_name(name: str) -> list[type[Model]]:
    """Models a form field or JSON member may refer to: ``membership``, ``membership_id``, ``memberships``.

    An id (``…_id``, ``…_ids``) may also use the end of a longer model name (``row_ids`` -> PlanRow,
    ``plan_id`` -> CommunicationPlan) or the role a person plays (``owner_id``, ``sender_ids``).
    """
    stem = name.removesuffix("[]").removesuffix("_ids").removesuffix("_id").removesuffix("s")
    candidates = {stem.replace("_", ""), name.removesuffix("_id").replace("_", "")}
    exact = [model for model in resonanz_models() if model._meta.model_name in candidates]
    if exact or not name.removesuffix("[]").endswith(("_id", "_ids")):
        return exact
    if stem.rpartition("_")[2] in PERSON_NAMES:
        return [Membership]
    short = stem.replace("_", "")
    if len(short) < 3:
        return []
    return [model for model in resonanz_models() if (model._meta.model_name or "").endswith(short)]


class Tenant:
    """One organization's objects, with the acting member's own objects first (own tokens, own profile)."""

    def __init__(self, organization: Organization, actor: Membership) -> None:
        self.organization = organization
        self.actor = actor

    def objects(self, model: type[Model]) -> list[Model]:
        path = organization_path(model)
        if path is None:
            return []
        value = self.organization.pk if path == "pk" else self.organization
        rows = list(model._default_manager.filter(**{path: value}).order_by("pk"))
        return sorted(rows, key=lambda row: not self._owned(row))

    def _owned(self, row: Model) -> bool:
        for field in row._meta.fields:
            if isinstance(field, ForeignKey):
                value = getattr(row, field.attname)
                if field.related_model is User and value == self.actor.user_id:
                    return True
                if field.related_model is Membership and value == self.actor.pk:
                    return True
        return False

    def sample(self, model: type[Model]) -> list[Model]:
        """Two rows: the first (the actor's own, where there is one) and the newest."""
        rows = self.objects(model)
        return rows if len(rows) <= 2 else [rows[0], max(rows, key=lambda row: row.pk)]

    def consistent(self, params: Mapping[str, list[type[Model]]], limit: int = 6) -> dict[str, Model] | None:
        """One object per parameter such that the objects agree with each other (child in its parent)."""
        return next(self.combinations(params, limit), None)

    def combinations(
        self, params: Mapping[str, list[type[Model]]], limit: int = 6
    ) -> Iterator[dict[str, Model]]:
        """Every such choice among the first ``limit`` objects of each parameter."""
        names = list(params)
        pools = [[row for model in params[name] for row in self.objects(model)][:limit] for name in names]
        for combination in itertools.product(*pools):
            if _agree(combination):
                yield dict(zip(names, combination, strict=True))


def _agree(rows: tuple[Model, ...]) -> bool:
    for first, second in itertools.permutations(rows, 2):
        for field in first._meta.fields:
            pointing = isinstance(field, ForeignKey) and field.related_model is type(second)
            if pointing and getattr(first, field.attname) != second.pk:
                return False
    return True


def referrer(tenant: Tenant) -> Callable[[str], str | None]:
    """Fill a form field or JSON member that names a model with an object of ``tenant``."""

    def refer(name: str) -> str | None:
        models = model_for_field_name(name)
        if not models and name.endswith(("_id", "_ids")):
            models = [Membership]  # owner_id, responsible_id, author_id: most references name a person
        for model in models:
            rows = tenant.objects(model)
            if rows:
                return str(rows[0].pk)
        return None

    return refer


def missing_id() -> int:
    """An id no row of any model has."""
    return 2**62 - 17


# ---------------------------------------------------------------- page routes


@dataclass(frozen=True)
class PageRoute:
    route: str
    name: str | None
    callback: Callable[..., Any]
    converters: Mapping[str, Any]
    default_kwargs: Mapping[str, Any]

    def __str__(self) -> str:
        return f"/{self.route} ({self.name or 'unnamed'})"

    @property
    def params(self) -> list[str]:
        return [match["name"] for match in _PARAM.finditer(self.route)]

    @property
    def id_params(self) -> list[str]:
        return [param for param in self.params if param.endswith("_id")]

    @property
    def is_org_scoped(self) -> bool:
        return "org" in self.params

    def url(self, values: Mapping[str, object]) -> str:
        def fill(match: re.Match[str]) -> str:
            name = match["name"]
            return str(self.converters[name].to_url(values[name]))

        return "/" + _PARAM.sub(fill, self.route)

    def problems(self) -> list[str]:
        """Parameters the walk cannot fill: they break the ``<model_name>_id`` convention."""
        found = []
        for param in self.params:
            converter = type(self.converters[param]).__name__
            if param == "org" or param in SAMPLE_VALUES:
                continue
            if param.endswith("_id"):
                if not models_for_param(param):
                    found.append(f"{self}: <{param}> names no model of a resonanz app (use <model_name>_id)")
            elif converter in ("IntConverter", "UUIDConverter") or param in ("pk", "id"):
                found.append(f"{self}: <{param}> looks like an object id; name it <model_name>_id")
            elif converter not in ("StringConverter", "SlugConverter", "PathConverter"):
                found.append(
                    f"{self}: <{param}> has a converter the walk cannot fill; add it to SAMPLE_VALUES"
                )
        return found


def page_routes() -> list[PageRoute]:
    skipped = (*SKIPPED_PREFIXES, api_prefix().lstrip("/"))
    return list(_walk(get_resolver().url_patterns, "", {}, {}, skipped))


def _walk(
    patterns: list[Any],
    prefix: str,
    converters: dict[str, Any],
    defaults: dict[str, Any],
    skipped: tuple[str, ...],
) -> Iterator[PageRoute]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if any(route.startswith(skip) for skip in skipped):
            continue
        if not isinstance(entry.pattern, RoutePattern):
            raise AssertionError(f"/{route}: use path() with typed parameters, not re_path()")
        merged = {**converters, **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route, merged, {**defaults, **entry.default_kwargs}, skipped)
        else:
            yield PageRoute(route, entry.name, entry.callback, merged, {**defaults, **entry.default_args})


def sample_value(route: PageRoute, param: str) -> str:
    if param in SAMPLE_VALUES:
        return SAMPLE_VALUES[param]
    return "beispiel"


# ---------------------------------------------------------------- forms on a page


class _FormParser(HTMLParser):
    """Collect the fields of every POST form on a page (name, type, first value, options)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        if tag == "form" and (attr.get("method", "get").lower() == "post" or attr.get("hx-post")):
            self._form = {"action": attr.get("action") or attr.get("hx-post", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "button") and attr.get("name"):
            kind = attr.get("type", "text" if tag != "textarea" else "textarea").lower()
            if tag == "button":
                kind = "button"
            self._form["fields"].append({"name": attr["name"], "type": kind, "value": attr.get("value", "")})
        elif tag == "select" and attr.get("name"):
            self._select = {"name": attr["name"], "type": "select", "value": "", "options": []}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None and attr.get("value"):
            self._select["options"].append(attr["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def plausible_posts(html: str, path: str, refer: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """Form data for each POST form of the page that posts back to ``path``, filled plausibly.

    ``refer`` returns an object id for a field that names a model (``membership``), so forms are tried
    with the other organization's objects in them.
    """
    posts = [data for action, data in _filled_forms(html, refer) if action in ("", path)]
    return posts or [{}]


@dataclass(frozen=True)
class FormTarget:
    """A POST form found on one page whose action is another page's URL (``…/rows/7/move/``)."""

    route: PageRoute
    values: Mapping[str, Any]  # the action URL's parameters, as the insider's page filled them
    data: Mapping[str, Any]
    found_on: str

    def __str__(self) -> str:
        return f"the form on {self.found_on} posting to {self.route}"


def form_targets(html: str, path: str, refer: Callable[[str], str | None]) -> list[FormTarget]:
    """Every POST form of the page at ``path`` that posts to another URL of resonanz, filled plausibly."""
    routes = {route.route: route for route in page_routes()}
    found = []
    for action, data in _filled_forms(html, refer):
        target = urlsplit(action).path
        if action in ("", path) or not target.startswith("/"):
            continue
        try:
            match = resolve(target)
        except Resolver404:
            continue
        route = routes.get(match.route)
        if route is not None:
            found.append(FormTarget(route, dict(match.kwargs), data, path))
    return found


def _filled_forms(html: str, refer: Callable[[str], str | None]) -> list[tuple[str, dict[str, Any]]]:
    parser = _FormParser()
    parser.feed(html)
    filled = []
    for form in parser.forms:
        data: dict[str, Any] = {}
        names = [field["name"] for field in form["fields"]]
        for field in form["fields"]:
            name, kind = field["name"], field["type"]
            if name == "csrfmiddlewaretoken" or name in data:
                continue
            referred = refer(name)
            if referred is not None and kind not in ("hidden", "button", "submit"):
                data[name] = referred
            elif kind in ("hidden", "button", "submit", "radio"):
                data[name] = field["value"]
            elif kind == "checkbox":
                if names.count(name) > 1:  # a multiple choice: pick the first
                    data[name] = field["value"]
                # A single checkbox stays off: switching on mandatory 2FA would lock the walker out.
            elif kind == "select":
                data[name] = field["options"][0] if field["options"] else ""
            else:
                data[name] = _text_for(name, kind)
        filled.append((form["action"], data))
    return filled


def _text_for(name: str, kind: str) -> str:
    if kind == "email" or "email" in name:
        return "aussen.stehend@b.example"
    if kind == "number" or name.endswith(("days", "count", "number")):
        return "7"
    if kind == "date" or name.startswith("date"):
        return dt.date.today().isoformat()
    if kind == "datetime-local":
        return dt.datetime.now().replace(microsecond=0).isoformat(timespec="minutes")
    if kind == "url" or name.endswith("url"):
        return "https://example.org/"
    return "Eingabe von außen"


# ---------------------------------------------------------------- API operations


@dataclass(frozen=True)
class ApiOperation:
    method: str
    path: str
    operation: Mapping[str, Any]

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def path_params(self) -> list[str]:
        return [p["name"] for p in self.operation.get("parameters", []) if p.get("in") == "path"]

    def url(self, values: Mapping[str, object]) -> str:
        return re.sub(r"\{([^}]+)\}", lambda match: str(values[match[1]]), self.path)


def _bound_operations() -> Iterator[tuple[str, Any]]:
    """Every django-ninja operation of the API with its path under the API's root (``plan/rows/{…}``)."""
    from resonanz.api import api

    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            route = "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            for operation in view.operations:
                yield route, operation


def registered_operations() -> set[str]:
    """``METHOD /api/v1/path`` of every operation ninja serves, whether the schema shows it or not."""
    found: set[str] = set()
    for route, operation in _bound_operations():
        path = api_prefix() + re.sub(r"{[^}:]+:", "{", route)  # {int:plan_row_id} -> {plan_row_id}
        found.update(f"{method.upper()} {path}" for method in operation.methods)
    return found


def walk_schema() -> dict[str, Any]:
    """The API's OpenAPI schema with every operation in it, also those hidden from the documentation
    (``include_in_schema=False``): an operation nobody documents can still be called."""
    from resonanz.api import api

    hidden = [operation for _route, operation in _bound_operations() if not operation.include_in_schema]
    for operation in hidden:
        operation.include_in_schema = True
    try:
        schema = api.get_openapi_schema()
    finally:
        for operation in hidden:
            operation.include_in_schema = False
    return json.loads(json.dumps(schema, default=str))  # type: ignore[no-any-return]


def api_operations(schema: Mapping[str, Any]) -> list[ApiOperation]:
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                found.append(ApiOperation(method, path, operation))
    return found


def resolve_ref(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        parts = node["$ref"].lstrip("#/").split("/")
        target: Any = schema
        for part in parts:
            target = target[part]
        node = target
    return node


def example_for(
    schema: Mapping[str, Any], node: Mapping[str, Any], name: str, refer: Callable[[str], str | None]
) -> Any:
    """A small valid-looking value for a JSON schema node; model-named members get a foreign id."""
    node = resolve_ref(schema, node)
    referred = refer(name)
    if "anyOf" in node:
        options = [option for option in node["anyOf"] if resolve_ref(schema, option).get("type") != "null"]
        return example_for(schema, options[0], name, refer) if options else None
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        required = set(node.get("required", []))
        result = {}
        for member, sub in node.get("properties", {}).items():
            if member in required or refer(member) is not None:
                result[member] = example_for(schema, sub, member, refer)
        return result
    if kind == "array":
        return [example_for(schema, node.get("items", {}), name, refer)]
    if kind == "integer":
        return int(referred) if referred is not None else max(1, int(node.get("minimum", 1)))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if node.get("format") == "date-time":
        return dt.datetime.now(dt.UTC).isoformat()
    if node.get("format") == "date":
        return dt.date.today().isoformat()
    if referred is not None:
        return referred
    return _text_for(name, node.get("format", "text"))


def request_body(
    schema: Mapping[str, Any], operation: ApiOperation, refer: Callable[[str], str | None]
) -> Any:
    body = operation.operation.get("requestBody")
    if not body:
        return None
    content = body.get("content", {}).get("application/json")
    if content is None:
        return {}
    return example_for(schema, content.get("schema", {}), "", refer)


def _is_integer(schema: Mapping[str, Any], node: Mapping[str, Any]) -> bool:
    node = resolve_ref(schema, node)
    if "anyOf" in node:
        return any(_is_integer(schema, option) for option in node["anyOf"])
    return node.get("type") == "integer"


def _id_like(schema: Mapping[str, Any], node: Mapping[str, Any]) -> bool:
    """An integer or a list of integers, possibly nullable: whatever its name, it may be an id."""
    node = resolve_ref(schema, node)
    if "anyOf" in node:
        return any(_id_like(schema, option) for option in node["anyOf"])
    if node.get("type") == "array":
        return _is_integer(schema, node.get("items", {}))
    return _is_integer(schema, node)


def id_fields(schema: Mapping[str, Any], node: Mapping[str, Any]) -> list[str]:
    """Names of the id-like members of a body schema, at any depth."""
    node = resolve_ref(schema, node)
    names = []
    for option in node.get("anyOf", []):
        names += id_fields(schema, option)
    for member, sub in node.get("properties", {}).items():
        names += [member] if _id_like(schema, sub) else id_fields(schema, sub)
    return names


def _with_ids(
    schema: Mapping[str, Any], node: Mapping[str, Any], name: str, ids: Callable[[str], list[int]], base: Any
) -> Any:
    """``base`` (an example body) with every id-like member set to ``ids(member)``."""
    node = resolve_ref(schema, node)
    if "anyOf" in node:
        options = [option for option in node["anyOf"] if resolve_ref(schema, option).get("type") != "null"]
        return _with_ids(schema, options[0], name, ids, base) if options else base
    if _id_like(schema, node) and name:
        chosen = ids(name)
        if not chosen:
            return base
        many = resolve_ref(schema, node).get("type") == "array"
        return chosen[: node.get("maxItems", 10)] if many else chosen[0]
    if node.get("type") == "object" or "properties" in node:
        result = dict(base) if isinstance(base, dict) else {}
        for member, sub in node.get("properties", {}).items():
            if _id_like(schema, sub) or member in result:
                value = _with_ids(schema, sub, member, ids, result.get(member))
                if value is not None:
                    result[member] = value
        return result
    return base


@dataclass(frozen=True)
class ForeignBody:
    label: str
    body: Any
    # A member whose name says what it points at holds the tenant's ids: an outsider must be refused.
    names_foreign_objects: bool


def foreign_bodies(schema: Mapping[str, Any], operation: ApiOperation, tenant: Tenant) -> list[ForeignBody]:
    """Bodies for ``operation``, each with ``tenant``'s ids in one id-like member, whatever its name.

    A member whose name says which model it points at (``channel_ids``, ``owner_id``) gets that
    model's ids; any other integer (``target``, ``position``) gets, one body per model, the ids of each
    model of the tenant. One member per body, so a check on another member cannot hide a missing one.
    None when there is no JSON body or no id-like member in it.
    """
    body = operation.operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is None:
        return []
    node = body.get("schema", {})
    base = example_for(schema, node, "", lambda name: None)  # the required members, no ids
    pools = [model for model in resonanz_models() if tenant.objects(model)]
    bodies = []
    for name in dict.fromkeys(id_fields(schema, node)):
        named = model_for_field_name(name)
        for models, label in (
            [(named, "")] if named else [([pool], f" of {pool._meta.label}") for pool in pools]
        ):
            chosen = [int(row.pk) for model in models for row in tenant.objects(model)[:3]]
            if not chosen:
                continue

            def ids(member: str, name: str = name, chosen: list[int] = chosen) -> list[int]:
                return chosen if member == name else []

            filled = _with_ids(schema, node, "", ids, base)
            bodies.append(ForeignBody(f"{name}: ids{label}", filled, bool(named)))
    return bodies


def query_params(
    schema: Mapping[str, Any], operation: ApiOperation, refer: Callable[[str], str | None]
) -> dict[str, Any]:
    """Required query parameters, and every parameter that names a model (filled with a foreign id)."""
    values = {}
    for parameter in operation.operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        name = parameter["name"]
        if parameter.get("required") or refer(name) is not None:
            values[name] = example_for(schema, parameter.get("schema", {}), name, refer)
    return values


# ---------------------------------------------------------------- what must not change, what must not leak


def tenant_snapshot(organization: Organization) -> dict[str, list[dict[str, Any]]]:
    """Every row that belongs to the organization, with all its values, to compare before and after."""
    snapshot: dict[str, list[dict[str, Any]]] = {
        "core.organization": [dict(row) for row in Organization.objects.filter(pk=organization.pk).values()]
    }
    for model in resonanz_models():
        path = organization_path(model)
        if model in (Organization, User) or path is None:
            continue
        rows = model._default_manager.filter(**{path: organization}).order_by("pk").values()
        snapshot[model._meta.label_lower] = list(rows)
    users = User.objects.filter(memberships__organization=organization).exclude(
        memberships__organization__in=Organization.objects.exclude(pk=organization.pk)
    )
    snapshot["core.user"] = [dict(row) for row in users.order_by("pk").values()]
    return snapshot


def secrets_of(organization: Organization, marker: str) -> list[str]:
    """Strings that only the organization's own members may ever see."""
    hashes = AuditRecord.objects.filter(organization=organization).values_list("hash", flat=True)
    prefixes = organization.api_tokens.values_list("prefix", flat=True)
    return [marker.lower(), *hashes, *prefixes]


def leaked(body: str, secrets: list[str]) -> list[str]:
    lowered = body.lower()
    return [secret for secret in secrets if secret.lower() in lowered]


def cross_tenant_references() -> list[str]:
    """Rows whose organization disagrees with the organization of a row they point at."""
    problems = []
    for model in resonanz_models():
        paths = []
        if has_organization(model):
            paths.append("organization")
        for field in model._meta.fields:
            if isinstance(field, ForeignKey) and field.related_model not in (Organization, User):
                inner = organization_path(field.related_model)
                if inner is not None and inner != "pk":
                    paths.append(f"{field.name}__{inner}")
        for first, second in itertools.combinations(paths, 2):
            rows = model._default_manager.filter(
                **{f"{first}__isnull": False, f"{second}__isnull": False}
            ).exclude(**{first: F(second)})
            for row in rows[:5]:
                problems.append(f"{model._meta.label} #{row.pk}: {first} and {second} differ")
    problems += cross_tenant_links()
    by_label = {model._meta.label_lower: model for model in resonanz_models()}
    for record in AuditRecord.objects.exclude(object_type="").exclude(object_id=""):
        about = by_label.get(record.object_type)
        path = organization_path(about) if about is not None else None
        if about is None or path is None:
            continue
        owner = about._default_manager.filter(pk=record.object_id).values_list(path, flat=True).first()
        if owner is not None and owner != record.organization_id:
            problems.append(
                f"audit record #{record.seq} of organization {record.organization_id} is about "
                f"{record.object_type} #{record.object_id} of organization {owner}"
            )
    return problems


def cross_tenant_links() -> list[str]:
    """Many-to-many links (a row's channels, audiences, senders) between two organizations."""
    problems = []
    for model in resonanz_models():
        source = organization_path(model)
        for field in model._meta.local_many_to_many:
            assert isinstance(field, ManyToManyField)
            target = organization_path(field.related_model)
            if source is None or target is None:
                continue
            through = field.remote_field.through
            near, far = field.m2m_field_name(), field.m2m_reverse_field_name()
            links = through._default_manager.exclude(  # type: ignore[union-attr]
                **{f"{near}__{source}": F(f"{far}__{target}")}
            )
            for link in links[:5]:
                problems.append(
                    f"{model._meta.label} #{getattr(link, f'{near}_id')}.{field.name} links "
                    f"{field.related_model._meta.label} #{getattr(link, f'{far}_id')} of another organization"
                )
    return problems
