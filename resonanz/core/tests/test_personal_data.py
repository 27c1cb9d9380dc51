"""Every field of every model says whether it holds personal data (GDPR Art. 30 starts here).

The first test is the guard: a model or field added without a declaration fails it, with a message
that says what to add and where. The others pin how declarations are read.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps
from django.utils import translation

from resonanz.core import personal_data
from resonanz.core.models import ApiToken, AuditRecord, Membership, Organization, User
from resonanz.core.models.purposes import ACCOUNTS, MEMBERS, WHILE_ACCOUNT_EXISTS
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.plan.models import Evidence, PlanRow, PlanVersion

HERE = "resonanz/core/tests/test_personal_data.py"


def test_every_model_and_field_of_every_resonanz_app_is_declared() -> None:
    problems = personal_data.problems()
    assert not problems, "\n\n".join(problems)


def test_the_check_covers_every_app_and_the_tables_django_creates() -> None:
    labels = {model._meta.label for model in personal_data.resonanz_models()}
    assert {
        "core.User",
        "core.AuditRecord",
        "core.AuditCheckpoint",
        "plan.PlanRow",
        "plan.ImportJob",
    } <= labels
    assert {"plan.PlanRow_senders", "plan.PlanVersion_contributors", "core.User_groups"} <= labels
    assert not any(label.startswith(("auth.", "contenttypes.", "sessions.")) for label in labels)
    assert {declaration.label for declaration in personal_data.registry()} == labels


# ---------------------------------------------------------------- what a developer sees


def _through(model: type[models.Model], name: str) -> type[models.Model]:
    """The table Django makes for a many-to-many field."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.ManyToManyField)
    through: type[models.Model] | None = field.remote_field.through
    assert through is not None
    return through


@isolate_apps("resonanz.plan")
def test_an_undeclared_model_is_named_with_the_decorator_to_add() -> None:
    class Poster(models.Model):  # noqa: DJ008
        title = models.CharField(max_length=100)
        printed_at = models.DateTimeField()

        class Meta:
            app_label = "plan"

    assert personal_data.problems_for(Poster) == [
        f"plan.Poster ({HERE}) has no personal-data declaration.\n"
        "Put this decorator directly above `class Poster` and sort every field into a\n"
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
        '        not_personal=("title", "printed_at"),\n'
        "    )\n\n"
        "How to decide: the docstring of resonanz/core/personal_data.py."
    ]


@isolate_apps("resonanz.plan")
def test_an_undeclared_field_is_named_with_where_to_declare_it() -> None:
    @declare(not_personal=("title",))
    class Poster(models.Model):  # noqa: DJ008
        title = models.CharField(max_length=100)
        designer = models.CharField(max_length=100)
        printed_at = models.DateTimeField()

        class Meta:
            app_label = "plan"

    assert personal_data.problems_for(Poster) == [
        f'plan.Poster ({HERE}): no personal-data declaration for "designer", "printed_at".\n'
        "Add each to the @declare(...) above `class Poster`: into a PersonalData(...) group with\n"
        "category, purpose, lawful basis and retention if it identifies or describes a person or links\n"
        "to one, else into not_personal=(...). How to decide: resonanz/core/personal_data.py."
    ]


@isolate_apps("resonanz.plan")
def test_a_declared_field_the_model_does_not_have_is_named() -> None:
    @declare(not_personal=("title", "subtitle"))
    class Poster(models.Model):  # noqa: DJ008
        title = models.CharField(max_length=100)

        class Meta:
            app_label = "plan"

    assert personal_data.problems_for(Poster) == [
        f'plan.Poster ({HERE}): the personal-data declaration names "subtitle", which the model does not '
        "have (any more).\nRemove or rename them in the @declare(...) above `class Poster`."
    ]


@isolate_apps("resonanz.plan")
def test_a_many_to_many_table_takes_the_declaration_of_its_field() -> None:
    class Designer(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "plan"

    @declare(
        PersonalData(
            ("designers",),
            category=Category.EMPLOYMENT,
            purpose=MEMBERS,
            basis=LawfulBasis.CONTRACT,
            retention=WHILE_ACCOUNT_EXISTS,
        ),
        not_personal=("topics",),
    )
    class Poster(models.Model):  # noqa: DJ008
        designers = models.ManyToManyField(Designer, related_name="+")
        topics = models.ManyToManyField(Designer, related_name="+")
        printers = models.ManyToManyField(Designer, related_name="+")

        class Meta:
            app_label = "plan"

    designers, topics, printers = (_through(Poster, name) for name in ("designers", "topics", "printers"))

    declared = personal_data.declaration_for(designers)
    assert declared is not None
    assert declared.derived_from == "plan.Poster.designers"
    assert list(declared.personal) == ["designer"]
    assert declared.personal["designer"].category == Category.EMPLOYMENT
    assert declared.not_personal == {"poster"}
    plain = personal_data.declaration_for(topics)
    assert plain is not None
    assert (dict(plain.personal), plain.not_personal) == ({}, frozenset({"poster", "designer"}))
    # An undeclared field leaves its table undeclared; the field's model reports it.
    assert personal_data.declaration_for(printers) is None
    assert personal_data.problems_for(printers) == []
    assert personal_data.problems_for(designers) == []
    assert '"printers"' in personal_data.problems_for(Poster)[0]


@isolate_apps("resonanz.plan")
def test_a_table_of_an_undeclared_model_is_undeclared_too() -> None:
    class Poster(models.Model):  # noqa: DJ008
        designers = models.ManyToManyField("self")

        class Meta:
            app_label = "plan"

    assert personal_data.declaration_for(_through(Poster, "designers")) is None


@isolate_apps("resonanz.plan")
def test_an_abstract_model_declares_for_its_subclasses_which_may_decide_otherwise() -> None:
    @declare(not_personal=("title", "notes"))
    class Base(models.Model):
        title = models.CharField(max_length=100)
        notes = models.TextField()

        class Meta:
            abstract = True
            app_label = "plan"

    @declare(
        PersonalData(
            ("notes", "author"),
            category=Category.FREE_TEXT,
            purpose=ACCOUNTS,
            basis=LawfulBasis.CONSENT,
            retention=WHILE_ACCOUNT_EXISTS,
        ),
    )
    class Poster(Base):  # noqa: DJ008
        author = models.CharField(max_length=100)

        class Meta:
            app_label = "plan"

    @declare(not_personal=("size",))
    class Flyer(Base):  # noqa: DJ008
        size = models.CharField(max_length=3)

        class Meta:
            app_label = "plan"

    poster = personal_data.declaration_for(Poster)
    assert poster is not None
    assert (sorted(poster.personal), poster.not_personal) == (["author", "notes"], frozenset({"title"}))
    flyer = personal_data.declaration_for(Flyer)
    assert flyer is not None
    assert (dict(flyer.personal), flyer.not_personal) == ({}, frozenset({"title", "notes", "size"}))
    assert personal_data.problems_for(Poster) == personal_data.problems_for(Flyer) == []
    assert personal_data.problems_for(Base) == []  # an abstract model has no table of its own


@pytest.mark.parametrize(
    ("personal", "not_personal", "message"),
    [
        (("email", "email"), (), "'email' is declared personal twice"),
        (("email",), ("email",), "'email' is declared twice"),
        ((), ("email", "email"), "'email' is declared twice"),
    ],
)
def test_a_field_can_be_declared_only_once(
    personal: tuple[str, ...], not_personal: tuple[str, ...], message: str
) -> None:
    group = PersonalData(
        personal,
        category=Category.IDENTIFICATION,
        purpose=ACCOUNTS,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_ACCOUNT_EXISTS,
    )
    with pytest.raises(ImproperlyConfigured, match=message):
        declare(group, not_personal=not_personal)(type("Anything", (), {}))


# ---------------------------------------------------------------- what the registry hands out


def test_the_registry_tells_category_purpose_basis_and_retention_of_each_personal_field() -> None:
    declarations = {declaration.model: declaration for declaration in personal_data.registry()}
    email = declarations[User].personal["email"]
    assert (email.model, email.name) == (User, "email")
    assert (email.category, email.purpose, email.basis, email.retention) == (
        Category.IDENTIFICATION,
        ACCOUNTS,
        LawfulBasis.CONTRACT,
        WHILE_ACCOUNT_EXISTS,
    )
    assert "date_joined" in declarations[User].not_personal
    assert declarations[Organization].personal == {}
    senders = [d for d in declarations.values() if d.derived_from == "plan.PlanRow.senders"]
    assert [list(d.personal) for d in senders] == [["membership"]]


@pytest.mark.parametrize(
    ("model", "personal", "not_personal"),
    [
        (User, {"email", "full_name", "password", "last_login", "totp_secret_encrypted"}, {"date_joined"}),
        (Membership, {"user", "job_title", "unit", "location"}, {"organization"}),
        (ApiToken, {"user", "secret_hash", "last_used_at"}, {"prefix", "organization"}),
        (
            AuditRecord,
            {"actor", "actor_name", "object_repr", "before", "after"},
            {"hash", "personal_digests"},
        ),
        (PlanVersion, {"author", "approver", "contributors", "approver_name"}, {"change_reason", "status"}),
        (PlanRow, {"owner", "approver", "senders"}, {"description", "notes", "audiences"}),
        (Evidence, {"recorded_by", "recorded_by_name", "note", "attachment"}, {"occurred_at"}),
    ],
)
def test_core_and_plan_declare_the_people_in_them(
    model: type[models.Model], personal: set[str], not_personal: set[str]
) -> None:
    declaration = personal_data.declaration_for(model)
    assert declaration is not None
    assert personal <= set(declaration.personal)
    assert not_personal <= declaration.not_personal
    assert set(personal_data.personal_fields(model)) == set(declaration.personal)


def test_labels_are_translated() -> None:
    email = personal_data.personal_fields(User)["email"]
    with translation.override("en"):
        english = (
            str(email.category.label),
            str(email.purpose),
            str(email.basis.label),
            str(email.retention),
        )
    with translation.override("de"):
        german = (str(email.category.label), str(email.purpose), str(email.basis.label), str(email.retention))
    assert english == (
        "identification data (name, e-mail address)",
        "user accounts and sign-in",
        "Art. 6(1)(b) GDPR: performance of a contract (including the employment contract)",
        "as long as the account exists",
    )
    assert all(g != e for g, e in zip(german, english, strict=True)), german
