"""The typed environment readers, encryption keys and how start-up refuses a bad configuration."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import override_settings

from resonanz.core import audit_keys, crypto
from resonanz.core.tests.processes import PYTHON, clean_env, django_setup, resonanz, run
from resonanz.environment import (
    ConfigurationError,
    Environment,
    S3Location,
    check_encryption_keys,
    check_public_keys,
    default_storage_backend,
    derived_audit_key,
    fernet_key,
    parse_storage_url,
    persisted_secret,
)

# Uses no test database (its own SQLite installation, or none): run once, in the SQLite run.
pytestmark = pytest.mark.single_run

LONG_SECRET = "s" * 60


def env(**values: str) -> Environment:
    return Environment(values)


# ---------------------------------------------------------------- raw values and *_FILE


def test_it_strips_values_and_falls_back_to_the_default_for_missing_or_empty_strings() -> None:
    assert env(NAME="  muster  ").string("NAME") == "muster"
    assert env().string("NAME", "fallback") == "fallback"
    assert env(NAME="").string("NAME", "fallback") == "fallback"
    assert env().raw("NAME") is None


def test_it_reads_a_value_from_the_file_named_by_the_file_variant(tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-file\n", encoding="utf-8")

    assert env(SECRET_KEY_FILE=str(secret)).string("SECRET_KEY") == "from-a-file"


def test_the_file_variant_works_for_every_reader(tmp_path: Path) -> None:
    (tmp_path / "flag").write_text("yes\n", encoding="utf-8")
    (tmp_path / "number").write_text("42", encoding="utf-8")

    environment = env(FLAG_FILE=str(tmp_path / "flag"), NUMBER_FILE=str(tmp_path / "number"))

    assert environment.boolean("FLAG") is True
    assert environment.integer("NUMBER", 1) == 42


def test_it_refuses_a_file_variant_that_cannot_be_read(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"

    with pytest.raises(ConfigurationError, match=r"^SECRET_KEY_FILE: cannot read .*nothing-here"):
        env(SECRET_KEY_FILE=str(missing)).string("SECRET_KEY")


def test_it_refuses_a_file_variant_that_is_not_text(tmp_path: Path) -> None:
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xff\xfe\x00")

    with pytest.raises(ConfigurationError, match="not UTF-8 text"):
        env(SECRET_KEY_FILE=str(binary)).string("SECRET_KEY")


def test_it_refuses_a_value_given_both_directly_and_as_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-file", encoding="utf-8")

    with pytest.raises(ConfigurationError, match="either SECRET_KEY or SECRET_KEY_FILE"):
        env(SECRET_KEY="direct", SECRET_KEY_FILE=str(secret)).string("SECRET_KEY")


# ---------------------------------------------------------------- booleans, numbers, choices, lists


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "On", " on "])
def test_it_reads_true_booleans(value: str) -> None:
    assert env(FLAG=value).boolean("FLAG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off", ""])
def test_it_reads_false_booleans(value: str) -> None:
    assert env(FLAG=value).boolean("FLAG", True) is False


def test_a_missing_boolean_takes_the_default() -> None:
    assert env().boolean("FLAG", True) is True
    assert env().boolean("FLAG", False) is False


@pytest.mark.parametrize("value", ["maybe", "2", "ja", "y es"])
def test_it_refuses_a_bad_boolean_naming_the_variable(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^RESONANZ_DEBUG: expected true or false"):
        env(RESONANZ_DEBUG=value).boolean("RESONANZ_DEBUG")


def test_it_reads_whole_numbers_and_defaults() -> None:
    assert env(LIMIT="7").integer("LIMIT", 5, minimum=1, maximum=100) == 7
    assert env(LIMIT=" +7 ").integer("LIMIT", 5) == 7
    assert env().integer("LIMIT", 5) == 5
    assert env(LIMIT="").integer("LIMIT", 5) == 5


@pytest.mark.parametrize("value", ["five", "1.5", "1_000", "١٢", "0x10", "1e3"])
def test_it_refuses_what_is_not_a_plain_whole_number(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^LIMIT: expected a whole number"):
        env(LIMIT=value).integer("LIMIT", 5)


@pytest.mark.parametrize("value", ["0", "101", "-3"])
def test_it_refuses_numbers_outside_the_range(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^LIMIT: expected a number from 1 to 100"):
        env(LIMIT=value).integer("LIMIT", 5, minimum=1, maximum=100)


def test_it_reads_a_choice_without_regard_to_case_and_refuses_others() -> None:
    levels = ["DEBUG", "INFO", "WARNING"]
    assert env(LEVEL="debug").choice("LEVEL", levels, "INFO") == "DEBUG"
    assert env().choice("LEVEL", levels, "INFO") == "INFO"
    with pytest.raises(ConfigurationError, match=r"^LEVEL: expected one of DEBUG, INFO, WARNING, got 'LOUD'"):
        env(LEVEL="LOUD").choice("LEVEL", levels, "INFO")


def test_it_splits_lists_on_commas_and_drops_empty_items() -> None:
    hosts = env(ALLOWED_HOSTS=" a.example , b.example,, ").string_list("ALLOWED_HOSTS", ["localhost"])

    assert hosts == ["a.example", "b.example"]
    assert env().string_list("ALLOWED_HOSTS", ["localhost"]) == ["localhost"]


# ---------------------------------------------------------------- URLs

DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
REDIS_SCHEMES = {"redis", "rediss", "unix"}


@pytest.mark.parametrize(
    "value",
    [
        "postgres://resonanz:geheim@db.example:5432/resonanz",
        "postgresql://db.example/resonanz",
        "postgres:///resonanz",  # local socket
        "sqlite:////var/lib/resonanz/db.sqlite3",
    ],
)
def test_it_accepts_database_urls(value: str) -> None:
    assert env(DATABASE_URL=value).url("DATABASE_URL", DATABASE_SCHEMES) == value


def test_a_missing_url_takes_the_default_or_is_empty() -> None:
    assert env().url("DATABASE_URL", DATABASE_SCHEMES, default="sqlite:////tmp/x.sqlite3") == (
        "sqlite:////tmp/x.sqlite3"
    )
    assert env().url("REDIS_URL", REDIS_SCHEMES) == ""


def test_it_refuses_a_mysql_database_url_naming_the_variable_and_the_schemes() -> None:
    with pytest.raises(ConfigurationError) as caught:
        env(DATABASE_URL="mysql://root@db/resonanz").url("DATABASE_URL", DATABASE_SCHEMES)

    assert str(caught.value).startswith("DATABASE_URL: expected a URL starting with one of")
    assert "postgres" in str(caught.value) and "mysql://root@db/resonanz" in str(caught.value)


def test_it_refuses_an_http_url_for_redis() -> None:
    with pytest.raises(ConfigurationError, match=r"^REDIS_URL: expected a URL starting with one of redis"):
        env(REDIS_URL="http://127.0.0.1:6379/0").url("REDIS_URL", REDIS_SCHEMES)


@pytest.mark.parametrize(
    ("name", "value", "schemes"),
    [
        ("REDIS_URL", "redis://", REDIS_SCHEMES),
        ("RESONANZ_SITE_URL", "https:///path-only", {"http", "https"}),
        ("DATABASE_URL", "postgres://", DATABASE_SCHEMES),
        ("DATABASE_URL", "sqlite://", DATABASE_SCHEMES),
    ],
)
def test_it_refuses_urls_without_a_host_or_path(name: str, value: str, schemes: set[str]) -> None:
    with pytest.raises(ConfigurationError, match=rf"^{name}: the URL .* names"):
        env(**{name: value}).url(name, schemes)


def test_it_refuses_a_port_that_is_not_a_number() -> None:
    with pytest.raises(ConfigurationError, match=r"^REDIS_URL: the port in .* is not valid"):
        env(REDIS_URL="redis://cache:sixthreeseventynine/0").url("REDIS_URL", REDIS_SCHEMES)


def test_error_messages_never_repeat_the_password_of_a_url() -> None:
    with pytest.raises(ConfigurationError) as caught:
        env(DATABASE_URL="mysql://resonanz:streng-geheim@db/resonanz").url("DATABASE_URL", DATABASE_SCHEMES)

    assert "streng-geheim" not in str(caught.value)
    assert "resonanz:***@db" in str(caught.value)


# ---------------------------------------------------------------- time zones and directories


def test_it_accepts_known_time_zones() -> None:
    assert env(TZ_SETTING="America/New_York").time_zone("TZ_SETTING", "Europe/Berlin") == "America/New_York"
    assert env().time_zone("TZ_SETTING", "Europe/Berlin") == "Europe/Berlin"


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "Europe/berlin", "../../etc/passwd", "MEZ"])
def test_it_refuses_unknown_time_zones(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^RESONANZ_TIME_ZONE: unknown time zone"):
        env(RESONANZ_TIME_ZONE=value).time_zone("RESONANZ_TIME_ZONE", "Europe/Berlin")


def test_it_creates_the_data_directory(tmp_path: Path) -> None:
    wanted = tmp_path / "deep" / "data"

    assert env(RESONANZ_DATA_DIR=str(wanted)).directory("RESONANZ_DATA_DIR", tmp_path) == wanted.resolve()
    assert wanted.is_dir()


def test_it_refuses_a_data_directory_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")

    with pytest.raises(ConfigurationError, match=r"^RESONANZ_DATA_DIR: cannot create directory"):
        env(RESONANZ_DATA_DIR=str(blocker / "data")).directory("RESONANZ_DATA_DIR", tmp_path)


# ---------------------------------------------------------------- secrets kept in the data directory


def test_a_persisted_secret_is_created_once_private_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"

    first = persisted_secret(path)
    second = persisted_secret(path)

    assert first == second
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left behind


def test_a_persisted_secret_keeps_what_another_process_wrote_first(tmp_path: Path) -> None:
    path = tmp_path / "encryption_key"
    theirs = fernet_key()
    path.write_text(theirs + "\n", encoding="utf-8")

    assert persisted_secret(path, "fernet") == theirs


def test_a_persisted_encryption_key_is_a_valid_fernet_key(tmp_path: Path) -> None:
    key = persisted_secret(tmp_path / "encryption_key", "fernet")

    assert check_encryption_keys("RESONANZ_ENCRYPTION_KEY", key) == [key]
    Fernet(key.encode("ascii"))


# ---------------------------------------------------------------- encryption keys


def test_it_splits_several_encryption_keys_newest_first() -> None:
    new, old = fernet_key(), fernet_key()

    assert check_encryption_keys("RESONANZ_ENCRYPTION_KEY", f" {new} , {old} ") == [new, old]


@pytest.mark.parametrize(
    "value",
    # Fixed values only: xdist workers must collect identical test ids.
    ["short", "x" * 44, "äöü" * 15, "A" * 43, "q6v2bQ3n7sP0yJ9kL1mN4oR8tU5wX2zA6cD9fG3h"],
    ids=["short", "not-base64", "umlauts", "43-chars", "truncated-key"],
)
def test_it_refuses_malformed_encryption_keys(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^RESONANZ_ENCRYPTION_KEY: the key is not 32 bytes"):
        check_encryption_keys("RESONANZ_ENCRYPTION_KEY", value)


def test_it_says_which_of_several_keys_is_malformed() -> None:
    with pytest.raises(ConfigurationError, match="key 2 of 2 is not 32 bytes"):
        check_encryption_keys("RESONANZ_ENCRYPTION_KEY", f"{fernet_key()},not-a-key")


def test_it_refuses_an_empty_or_repeated_key_list() -> None:
    key = fernet_key()
    with pytest.raises(ConfigurationError, match="no key given"):
        check_encryption_keys("RESONANZ_ENCRYPTION_KEY", " , ")
    with pytest.raises(ConfigurationError, match="listed twice"):
        check_encryption_keys("RESONANZ_ENCRYPTION_KEY", f"{key},{key}")


def test_a_value_encrypted_with_the_old_key_still_decrypts_after_rotation() -> None:
    old, new = fernet_key(), fernet_key()
    with override_settings(RESONANZ_ENCRYPTION_KEYS=[old]):
        stored = crypto.encrypt("JBSWY3DPEHPK3PXP")

    with override_settings(RESONANZ_ENCRYPTION_KEYS=[new, old]):
        assert crypto.decrypt(stored) == "JBSWY3DPEHPK3PXP"
        rotated = crypto.encrypt("JBSWY3DPEHPK3PXP")

    # New values are written with the newest key only: once every value is re-encrypted the old key can go.
    with override_settings(RESONANZ_ENCRYPTION_KEYS=[new]):
        assert crypto.decrypt(rotated) == "JBSWY3DPEHPK3PXP"
        with pytest.raises(ValueError, match="cannot decrypt"):
            crypto.decrypt(stored)


def test_it_refuses_to_decrypt_an_altered_value() -> None:
    stored = crypto.encrypt("JBSWY3DPEHPK3PXP")
    altered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]

    with pytest.raises(ValueError, match="cannot decrypt"):
        crypto.decrypt(altered)
    with pytest.raises(ValueError, match="cannot decrypt"):
        crypto.decrypt("not-even-base64-ü")


# ---------------------------------------------------------------- file storage


def test_without_a_storage_url_files_stay_in_the_data_directory(tmp_path: Path) -> None:
    assert default_storage_backend(env(), tmp_path) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")},
    }


def test_it_reads_a_bucket_with_prefix_endpoint_region_and_addressing_style() -> None:
    location = parse_storage_url(
        "RESONANZ_STORAGE_URL",
        "s3://resonanz-files/prod/eu/?endpoint_url=https://minio.intern:9000&region=eu-central-1"
        "&addressing_style=path",
    )

    assert location == S3Location(
        bucket="resonanz-files",
        prefix="prod/eu",
        endpoint_url="https://minio.intern:9000",
        region="eu-central-1",
        addressing_style="path",
    )


def test_a_bucket_configures_django_storages_with_private_files_that_are_never_overwritten(
    tmp_path: Path,
) -> None:
    backend = default_storage_backend(
        env(
            RESONANZ_STORAGE_URL="s3://resonanz-files?region=eu-central-1",
            AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI",
        ),
        tmp_path,
    )

    assert backend["BACKEND"] == "storages.backends.s3.S3Storage"
    options = backend["OPTIONS"]
    assert (options["bucket_name"], options["location"], options["region_name"]) == (
        "resonanz-files",
        "",
        "eu-central-1",
    )
    assert (options["access_key"], options["secret_key"]) == ("AKIDEXAMPLE", "wJalrXUtnFEMI")
    assert options["file_overwrite"] is False and options["default_acl"] is None
    assert "endpoint_url" not in options, "no endpoint: the provider's own"
    assert options["client_config"].connect_timeout == 5


def test_storage_credentials_may_come_from_files(tmp_path: Path) -> None:
    (tmp_path / "key-id").write_text("AKIDFROMFILE\n", encoding="utf-8")
    (tmp_path / "secret").write_text("secret-from-file\n", encoding="utf-8")

    options = default_storage_backend(
        env(
            RESONANZ_STORAGE_URL="s3://resonanz-files",
            AWS_ACCESS_KEY_ID_FILE=str(tmp_path / "key-id"),
            AWS_SECRET_ACCESS_KEY_FILE=str(tmp_path / "secret"),
        ),
        tmp_path,
    )["OPTIONS"]

    assert (options["access_key"], options["secret_key"]) == ("AKIDFROMFILE", "secret-from-file")


def test_without_credentials_boto3_looks_for_them_itself(tmp_path: Path) -> None:
    options = default_storage_backend(env(RESONANZ_STORAGE_URL="s3://resonanz-files"), tmp_path)["OPTIONS"]

    assert "access_key" not in options and "secret_key" not in options


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("https://s3.example.com/bucket", "expected a URL like s3://bucket/prefix"),
        ("s3://Resonanz_Files", "'Resonanz_Files' is not a bucket name"),
        ("s3://ab", "'ab' is not a bucket name"),
        ("s3://resonanz-files:9000", "a port belongs into endpoint_url"),
        ("s3://resonanz-files/a/../b", "may not contain '.' or '..'"),
        ("s3://resonanz-files?regoin=eu-central-1", "unknown option 'regoin'"),
        ("s3://resonanz-files?region=eu-central-1&region=us-east-1", "'region' is given twice"),
        ("s3://resonanz-files?endpoint_url=minio:9000", "endpoint_url must be an http:// or https://"),
        ("s3://resonanz-files?endpoint_url=http://minio:port", "endpoint_url must be an http:// or https://"),
        ("s3://resonanz-files?region=EU Central", "is not a region name"),
        ("s3://resonanz-files?addressing_style=sideways", "addressing_style must be auto, path or virtual"),
        ("s3://resonanz-files#frag", "remove the '#frag'"),
    ],
)
def test_it_refuses_unclear_storage_urls_naming_the_variable(value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=r"^RESONANZ_STORAGE_URL: ") as refused:
        parse_storage_url("RESONANZ_STORAGE_URL", value)

    assert message in str(refused.value)


def test_it_refuses_credentials_in_the_storage_url_without_repeating_them() -> None:
    with pytest.raises(ConfigurationError, match="put no credentials into the URL") as refused:
        parse_storage_url("RESONANZ_STORAGE_URL", "s3://AKID:geheim@resonanz-files")

    assert "geheim" not in str(refused.value) and "AKID" not in str(refused.value)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"AWS_ACCESS_KEY_ID": "AKID"}, "AWS_SECRET_ACCESS_KEY: required together with AWS_ACCESS_KEY_ID"),
        ({"AWS_SECRET_ACCESS_KEY": "geheim"}, "AWS_ACCESS_KEY_ID: required together with"),
    ],
)
def test_it_refuses_half_a_pair_of_credentials(tmp_path: Path, values: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        default_storage_backend(env(RESONANZ_STORAGE_URL="s3://resonanz-files", **values), tmp_path)


# ---------------------------------------------------------------- start-up as a real process


def test_django_starts_with_the_defaults(tmp_path: Path) -> None:
    result = django_setup(clean_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()
    assert (tmp_path / "encryption_key").exists()


@pytest.mark.parametrize(
    ("variable", "values"),
    [
        ("RESONANZ_DEBUG", {"RESONANZ_DEBUG": "maybe"}),
        ("RESONANZ_LOGIN_FAILURE_LIMIT", {"RESONANZ_LOGIN_FAILURE_LIMIT": "five"}),
        ("RESONANZ_LOGIN_LOCKOUT_MINUTES", {"RESONANZ_LOGIN_LOCKOUT_MINUTES": "0"}),
        ("DATABASE_URL", {"DATABASE_URL": "mysql://root:geheim@db/resonanz"}),
        ("REDIS_URL", {"REDIS_URL": "http://127.0.0.1:6379/0"}),
        ("RESONANZ_TIME_ZONE", {"RESONANZ_TIME_ZONE": "Mars/Olympus_Mons"}),
        ("RESONANZ_ENCRYPTION_KEY", {"RESONANZ_ENCRYPTION_KEY": "too-short"}),
        ("SECRET_KEY", {"SECRET_KEY": "short"}),
        ("SECRET_KEY_FILE", {"SECRET_KEY_FILE": "/nonexistent/secret"}),
        ("EMAIL_USE_TLS", {"EMAIL_URL": "smtp://mail.example", "EMAIL_USE_TLS": "perhaps"}),
        ("RESONANZ_LOG_LEVEL", {"RESONANZ_LOG_LEVEL": "LOUD"}),
        ("SECRET_KEY", {"RESONANZ_PRODUCTION": "1", "RESONANZ_ENCRYPTION_KEY": fernet_key()}),
        ("RESONANZ_ENCRYPTION_KEY", {"RESONANZ_PRODUCTION": "1", "SECRET_KEY": LONG_SECRET}),
        ("RESONANZ_HSTS_SECONDS", {"RESONANZ_HSTS_SECONDS": "a year"}),
        ("RESONANZ_STORAGE_URL", {"RESONANZ_STORAGE_URL": "s3://AKID:geheim@Resonanz_Files"}),
        ("RESONANZ_STORAGE_URL", {"RESONANZ_STORAGE_URL": "ftp://files.example/resonanz"}),
        (
            "AWS_ACCESS_KEY_ID",
            {"RESONANZ_STORAGE_URL": "s3://resonanz-files", "AWS_SECRET_ACCESS_KEY": "geheim"},
        ),
    ],
    ids=lambda item: item if isinstance(item, str) else "-".join(item),
)
def test_start_up_with_a_bad_value_exits_2_with_one_line_naming_the_variable(
    tmp_path: Path, variable: str, values: dict[str, str]
) -> None:
    result = django_setup(clean_env(tmp_path, **values))

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"resonanz: configuration error: {variable}: ")
    assert "geheim" not in result.stderr


def test_production_refuses_to_start_without_secrets_and_does_not_invent_them(tmp_path: Path) -> None:
    result = django_setup(clean_env(tmp_path, RESONANZ_PRODUCTION="1"))

    assert result.returncode == 2
    assert "SECRET_KEY: required when RESONANZ_PRODUCTION is on" in result.stderr
    assert not (tmp_path / "secret_key").exists()
    assert not (tmp_path / "encryption_key").exists()


def test_production_starts_with_secrets_given_as_files(tmp_path: Path) -> None:
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "key").write_text(LONG_SECRET, encoding="utf-8")
    (tmp_path / "secrets" / "fernet").write_text(fernet_key(), encoding="utf-8")
    values = {
        "RESONANZ_PRODUCTION": "1",
        "SECRET_KEY_FILE": str(tmp_path / "secrets" / "key"),
        "RESONANZ_ENCRYPTION_KEY_FILE": str(tmp_path / "secrets" / "fernet"),
    }

    result = django_setup(clean_env(tmp_path / "data", **values))

    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "data" / "secret_key").exists()


def test_mails_go_to_files_with_a_file_url_and_not_to_the_output(tmp_path: Path) -> None:
    """The demo's default: a reminder's recipient printed among the output could be taken for a login."""
    mail_directory = tmp_path / "mail box"
    send = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Erinnerung', 'Text', None, ['kollegin@beispiel.example'])"
    )
    env = {
        **clean_env(tmp_path / "data", EMAIL_URL=mail_directory.as_uri()),
        "DJANGO_SETTINGS_MODULE": "resonanz.settings",
    }

    result = run([PYTHON, "-c", send], env)

    assert result.returncode == 0, result.stderr
    assert "kollegin@beispiel.example" not in result.stdout + result.stderr
    (written,) = mail_directory.iterdir()
    assert "To: kollegin@beispiel.example" in written.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the audit key


def test_the_audit_key_derived_from_an_encryption_key_is_stable_and_its_own() -> None:
    first, second = fernet_key(), fernet_key()
    derived = derived_audit_key(first)
    assert derived == derived_audit_key(first)
    assert derived != derived_audit_key(second)
    assert derived != first
    assert check_encryption_keys("RESONANZ_AUDIT_KEY", derived) == [derived]


def test_the_derived_audit_key_is_pinned() -> None:
    """Checkpoints signed with a derived key must stay verifiable after an upgrade (HKDF-SHA256, RFC 5869,
    no salt: the same result as an independent HMAC computation)."""
    seed = "A" * 43 + "="
    assert derived_audit_key(seed) == "ph2SKnpqpMWP-IVcYtXPmiFbACsppG6CZ-k1UfKz2o8="


def test_retired_audit_public_keys_are_checked() -> None:
    key = base64.urlsafe_b64encode(b"k" * 32).decode("ascii")
    assert check_public_keys("RESONANZ_AUDIT_PUBLIC_KEYS", f" {key} ,, ") == [key]
    assert check_public_keys("RESONANZ_AUDIT_PUBLIC_KEYS", "") == []
    with pytest.raises(
        ConfigurationError, match=r"^RESONANZ_AUDIT_PUBLIC_KEYS: key 2 of 2 is not a public key"
    ):
        check_public_keys("RESONANZ_AUDIT_PUBLIC_KEYS", f"{key},kurz")


def _public_key_of(seed: str) -> str:
    private = Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(seed))
    return audit_keys.key_id(private.public_key())


def test_the_audit_key_comes_from_its_variable_else_the_encryption_key_else_the_data_directory(
    tmp_path: Path,
) -> None:
    seed, encryption = fernet_key(), fernet_key()
    key_file = tmp_path / "audit-key"
    key_file.write_text(seed + "\n")

    own = resonanz(
        "audit",
        "public-key",
        env=clean_env(
            tmp_path / "own", RESONANZ_AUDIT_KEY_FILE=str(key_file), RESONANZ_ENCRYPTION_KEY=encryption
        ),
    )
    assert own.stdout.split()[0] == _public_key_of(seed), own.stderr

    derived = resonanz(
        "audit", "public-key", env=clean_env(tmp_path / "derived", RESONANZ_ENCRYPTION_KEY=encryption)
    )
    assert derived.stdout.split()[0] == _public_key_of(derived_audit_key(encryption)), derived.stderr
    assert not (tmp_path / "derived" / "audit_key").exists()

    demo = resonanz("audit", "public-key", env=clean_env(tmp_path / "demo"))
    stored = (tmp_path / "demo" / "audit_key").read_text().strip()
    assert demo.stdout.split()[0] == _public_key_of(stored), demo.stderr
    assert resonanz("audit", "public-key", env=clean_env(tmp_path / "demo")).stdout == demo.stdout

    bad = resonanz("audit", "public-key", env=clean_env(tmp_path / "bad", RESONANZ_AUDIT_KEY="kurz"))
    assert bad.returncode == 2
    assert "RESONANZ_AUDIT_KEY: the key is not 32 bytes" in bad.stderr
