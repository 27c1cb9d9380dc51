"""Personal-data declarations: every field of every model says whether it holds personal data.

A field that identifies or describes a person is declared *personal*, with its category, the purpose it
serves, the lawful basis (GDPR Art. 6(1), letters a–f) and how long it is kept; every other field is
declared *not personal*. The declaration sits on the model::

    @declare(
        PersonalData(("email", "full_name"), category=Category.IDENTIFICATION, purpose=ACCOUNTS,
                     basis=LawfulBasis.CONTRACT, retention=WHILE_ACCOUNT_EXISTS),
        not_personal=("language", "is_active"),
    )
    class User(AbstractBaseUser): ...

``core/tests/test_personal_data.py`` fails for every concrete model of a ``resonanz.*`` app, and for
every field, that is not declared — and says what to add where. The records of processing, the
data-subject export and erasure read ``registry()`` and ``personal_fields()``.

How to decide: a field is personal when it holds a person's name or contact, describes them (job,
rights, preferences, credentials, what they did and when: last sign-in, failed sign-ins) or holds what
they wrote, or when it links to a person (a foreign key to a user or a membership). Technical fields —
keys, states, creation times, counters of the object, links to objects that are not people — are not
personal by themselves: the row becomes personal through its link to a person, which is declared. The
automatic primary key needs no declaration; an auto-created many-to-many table takes the declaration of
its field.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

ModelT = TypeVar("ModelT", bound=type[models.Model])


class Category(models.TextChoices):
    """Categories of personal data (Art. 30(1)(c) GDPR)."""

    IDENTIFICATION = "identification", _("identification data (name, e-mail address)")
    EMPLOYMENT = "employment", _("employment data (job title, unit, location, roles, responsibilities)")
    ACCESS = "access", _("account status and access rights")
    CREDENTIALS = "credentials", _("credentials (password hash, two-factor secret, token hashes)")
    USAGE = "usage", _("usage data (sign-ins, preferences, use of API tokens)")
    ACTIVITY = "activity", _("records of a person's actions (who did, approved or recorded what, when)")
    FREE_TEXT = "free_text", _("free text and files that may mention people")


class LawfulBasis(models.TextChoices):
    """The lawful basis of processing: the letter of Art. 6(1) GDPR."""

    CONSENT = "a", _("Art. 6(1)(a) GDPR: consent")
    CONTRACT = "b", _("Art. 6(1)(b) GDPR: performance of a contract (including the employment contract)")
    LEGAL_OBLIGATION = "c", _("Art. 6(1)(c) GDPR: legal obligation")
    VITAL_INTERESTS = "d", _("Art. 6(1)(d) GDPR: vital interests")
    PUBLIC_TASK = "e", _("Art. 6(1)(e) GDPR: public task")
    LEGITIMATE_INTERESTS = "f", _("Art. 6(1)(f) GDPR: legitimate interests")


@dataclass(frozen=True)
class Purpose:
    """Why personal data is processed. Each app names its purposes once, in its ``purposes.py``."""

    code: str
    label: StrOrPromise

    def __str__(self) -> str:
        return str(self.label)


@dataclass(frozen=True)
class Retention:
    """How long personal data is kept, in words; the retention jobs (privacy app) act on ``code``."""

    code: str
    label: StrOrPromise

    def __str__(self) -> str:
        return str(self.label)


@dataclass(frozen=True)
class PersonalData:
    """One group of personal fields of a model that share category, purpose, basis and retention."""

    fields: tuple[str, ...]
    category: Category
    purpose: Purpose
    basis: LawfulBasis
    retention: Retention


@dataclass(frozen=True)
class PersonalField:
    """A declared personal field, as ``registry()`` and ``personal_fields()`` hand it out."""

    model: type[models.Model]
    name: str
    category: Category
    purpose: Purpose
    basis: LawfulBasis
    retention: Retention


@dataclass(frozen=True)
class ModelDeclaration:
    """Everything declared about one model. ``derived_from`` names the many-to-many field whose
    declaration an auto-created table takes (``plan.PlanRow.senders``)."""

    model: type[models.Model]
    personal: Mapping[str, PersonalField]
    not_personal: frozenset[str]
    derived_from: str = ""

    @property
    def label(self) -> str:
        return self.model._meta.label


@dataclass
class _Declared:
    personal: dict[str, PersonalData] = field(default_factory=dict)
    not_personal: set[str] = field(default_factory=set)


_DECLARED: dict[type[models.Model], _Declared] = {}


def declare(*personal: PersonalData, not_personal: Iterable[str] = ()) -> Callable[[ModelT], ModelT]:
    """Class decorator: declare the personal and the non-personal fields of a model.

    On an abstract model the declaration covers its fields in every concrete subclass, which declares
    only the fields it adds.
    """

    def decorate(model: ModelT) -> ModelT:
        declared = _Declared()
        for group in personal:
            for name in group.fields:
                if name in declared.personal:
                    raise ImproperlyConfigured(f"{model.__qualname__}: {name!r} is declared personal twice")
                declared.personal[name] = group
        for name in not_personal:
            if name in declared.personal or name in declared.not_personal:
                raise ImproperlyConfigured(f"{model.__qualname__}: {name!r} is declared twice")
            declared.not_personal.add(name)
        _DECLARED[model] = declared
        return model

    return decorate


def _own_declaration(model: type[models.Model]) -> _Declared | None:
    """The declarations of ``model`` and its (abstract) bases, nearest class winning; None if none."""
    merged: _Declared | None = None
    for klass in reversed(model.__mro__):
        declared = _DECLARED.get(klass)
        if declared is None:
            continue
        merged = merged or _Declared()
        for name, group in declared.personal.items():
            merged.not_personal.discard(name)
            merged.personal[name] = group
        for name in declared.not_personal:
            merged.personal.pop(name, None)
            merged.not_personal.add(name)
    return merged


def _through_field(model: type[models.Model]) -> models.ManyToManyField[models.Model, models.Model] | None:
    """The many-to-many field for which Django created ``model`` as its table, if it is one."""
    owner: Any = model._meta.auto_created  # the model class, for a table Django created
    if not owner:
        return None
    for candidate in owner._meta.many_to_many:
        if isinstance(candidate, models.ManyToManyField) and candidate.remote_field.through is model:
            return candidate
    return None


def declaration_for(model: type[models.Model]) -> ModelDeclaration | None:
    """What is declared about ``model``, or None when nothing is."""
    through = _through_field(model)
    if through is not None:
        return _through_declaration(model, through)
    declared = _own_declaration(model)
    if declared is None:
        return None
    return ModelDeclaration(
        model=model,
        personal={
            name: PersonalField(model, name, group.category, group.purpose, group.basis, group.retention)
            for name, group in sorted(declared.personal.items())
        },
        not_personal=frozenset(declared.not_personal),
    )


def _through_declaration(
    model: type[models.Model], through: models.ManyToManyField[models.Model, models.Model]
) -> ModelDeclaration | None:
    owner = through.model
    owner_declaration = declaration_for(owner)
    if owner_declaration is None:
        return None
    target = through.m2m_reverse_field_name()
    source = through.m2m_field_name()
    declared = owner_declaration.personal.get(through.name)
    if declared is None and through.name not in owner_declaration.not_personal:
        return None
    personal = {}
    if declared is not None:
        personal[target] = PersonalField(
            model, target, declared.category, declared.purpose, declared.basis, declared.retention
        )
    return ModelDeclaration(
        model=model,
        personal=personal,
        not_personal=frozenset({source} if declared is not None else {source, target}),
        derived_from=f"{owner._meta.label}.{through.name}",
    )


def accountable_fields(model: type[models.Model]) -> list[str]:
    """The fields a declaration must cover: every column and many-to-many field but the automatic key."""
    names = [
        column.name
        for column in model._meta.concrete_fields
        if not (column.auto_created and (column.primary_key or column.one_to_one))
    ]
    names += [relation.name for relation in model._meta.many_to_many]
    return names


def resonanz_models() -> list[type[models.Model]]:
    """Every concrete model of every resonanz app, auto-created many-to-many tables included."""
    found = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("resonanz.")
        for model in config.get_models(include_auto_created=True)
        if not model._meta.abstract and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.label)


def registry() -> Iterator[ModelDeclaration]:
    """The declaration of every resonanz model that has one, ordered by model label."""
    for model in resonanz_models():
        declaration = declaration_for(model)
        if declaration is not None:
            yield declaration


def personal_fields(model: type[models.Model]) -> Mapping[str, PersonalField]:
    """The declared personal fields of ``model`` by name (empty when it declares none)."""
    declaration = declaration_for(model)
    return declaration.personal if declaration is not None else {}


# ---------------------------------------------------------------- the check behind the test


def _where(model: type[models.Model]) -> str:
    """The model's source file from the project root (``resonanz/plan/models/row.py``)."""
    package = sys.modules["resonanz"].__path__[0]
    source = inspect.getsourcefile(model) or ""
    if not source.startswith(package):
        return model.__module__
    return "resonanz" + source.removeprefix(package)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _tuple(names: list[str]) -> str:
    return f"({_quoted(names)}{',' if len(names) == 1 else ''})"


def problems_for(model: type[models.Model]) -> list[str]:
    """What is missing or wrong in the declaration of ``model``, as messages telling what to do."""
    label = model._meta.label
    through = _through_field(model)
    if through is not None:
        # The field's own model reports it: that is where the declaration has to go.
        return []
    declaration = declaration_for(model)
    name = model.__name__
    where = _where(model)
    fields = accountable_fields(model)
    if declaration is None:
        return [
            f"{label} ({where}) has no personal-data declaration.\n"
            f"Put this decorator directly above `class {name}` and sort every field into a\n"
            "PersonalData(...) group (it identifies or describes a person, or links to one) or into\n"
            "not_personal:\n\n"
            "    from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare\n\n"
            "    @declare(\n"
            "        PersonalData(\n"
            '            ("…",),\n'
            "            category=Category.…,        # IDENTIFICATION, EMPLOYMENT, ACTIVITY, FREE_TEXT, …\n"
            "            purpose=…,                  # a Purpose of your app (its purposes.py)\n"
            "            basis=LawfulBasis.…,        # the letter of Art. 6(1) GDPR\n"
            "            retention=…,                # a Retention of your app\n"
            "        ),\n"
            f"        not_personal={_tuple(fields)},\n"
            "    )\n\n"
            "How to decide: the docstring of resonanz/core/personal_data.py."
        ]
    found: list[str] = []
    declared = set(declaration.personal) | declaration.not_personal
    missing = [field_name for field_name in fields if field_name not in declared]
    if missing:
        found.append(
            f"{label} ({where}): no personal-data declaration for {_quoted(missing)}.\n"
            f"Add each to the @declare(...) above `class {name}`: into a PersonalData(...) group with\n"
            "category, purpose, lawful basis and retention if it identifies or describes a person or links\n"
            "to one, else into not_personal=(...). How to decide: resonanz/core/personal_data.py."
        )
    stale = sorted(declared - set(fields))
    if stale:
        found.append(
            f"{label} ({where}): the personal-data declaration names {_quoted(stale)}, which the model "
            f"does not have (any more).\nRemove or rename them in the @declare(...) above `class {name}`."
        )
    return found


def problems() -> list[str]:
    """Every undeclared model or field of the resonanz apps (empty when all are declared)."""
    return [problem for model in resonanz_models() for problem in problems_for(model)]
