"""Every schema of the API has a name of its own: django-ninja names an OpenAPI component after its class,
so two apps' ``EvidenceOut`` would silently describe one of them with the other's fields (the fuzzer then
finds answers that "violate" the schema)."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import resonanz.api  # noqa: F401  (imports every app's routers and schemas)


def _subclasses(cls: type[Schema]) -> set[type[Schema]]:
    found: set[type[Schema]] = set()
    sub: type[Schema]
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _subclasses(sub)
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    by_name: defaultdict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("resonanz.") and ".tests." not in cls.__module__:
            by_name[cls.__name__].add(cls.__module__)
    assert len(by_name) > 20, "the schemas of the apps were found"
    shared = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert not shared, f"schemas of one name in several modules: {shared}"
