"""Typed readers for the environment variables that configure resonanz.

Each reader refuses a bad value at start-up with a message that names the variable and says what is
expected, so a mistyped deployment fails loudly instead of running half-configured. Messages never
repeat a password that was part of the value.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
import tempfile
import zoneinfo
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlsplit


class ConfigurationError(Exception):
    """A configuration value is missing or malformed."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
# Schemes whose URL may leave out the host: a file path, a local socket, the console.
_HOSTLESS_SCHEMES = {"sqlite", "console", "file", "unix", "postgres", "postgresql", "pgsql"}


def _redacted(parts: SplitResult) -> str:
    """The URL with its password replaced, fit for an error message or a log line."""
    if parts.password is None:
        return parts.geturl()
    userinfo, _at, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{hostport}").geturl()


@dataclass(frozen=True)
class Environment:
    """A view on environment variables with typed readers.

    ``*_FILE`` variants are honoured for every variable: ``SECRET_KEY_FILE=/run/secrets/key`` reads the
    value from that file (Docker and systemd credentials work this way).
    """

    values: Mapping[str, str]

    @classmethod
    def from_os(cls) -> Environment:
        return cls(dict(os.environ))

    def raw(self, name: str) -> str | None:
        file_name = self.values.get(f"{name}_FILE")
        if file_name:
            if self.values.get(name):
                # Two sources for one setting: whichever we picked, someone would be surprised.
                raise ConfigurationError(f"{name}: set either {name} or {name}_FILE, not both")
            try:
                return Path(file_name).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
                raise ConfigurationError(f"{name}_FILE: cannot read {file_name!r}: {reason}") from None
        value = self.values.get(name)
        return value if value is None else value.strip()

    def string(self, name: str, default: str = "") -> str:
        value = self.raw(name)
        return default if value is None or value == "" else value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ConfigurationError(f"{name}: expected true or false (1/0, yes/no, on/off), got {value!r}")

    def integer(self, name: str, default: int, *, minimum: int = 0, maximum: int = 2**31) -> int:
        value = self.raw(name)
        if value is None or value == "":
            return default
        # int() would also take "1_000" and non-ASCII digits; a setting should be plain digits.
        if not _WHOLE_NUMBER.fullmatch(value):
            raise ConfigurationError(f"{name}: expected a whole number, got {value!r}")
        number = int(value)
        if not minimum <= number <= maximum:
            raise ConfigurationError(f"{name}: expected a number from {minimum} to {maximum}, got {number}")
        return number

    def choice(self, name: str, choices: Collection[str], default: str) -> str:
        """One of ``choices``, compared without regard to case; returned as spelled in ``choices``."""
        value = self.string(name, default)
        for choice in choices:
            if choice.lower() == value.lower():
                return choice
        raise ConfigurationError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")

    def string_list(self, name: str, default: list[str]) -> list[str]:
        value = self.raw(name)
        if value is None or value == "":
            return list(default)
        return [item.strip() for item in value.split(",") if item.strip()]

    def url(self, name: str, schemes: set[str], default: str = "") -> str:
        value = self.string(name, default)
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in schemes:
            wanted = ", ".join(sorted(schemes))
            raise ConfigurationError(
                f"{name}: expected a URL starting with one of {wanted}, got {_redacted(parts)!r}"
            )
        try:
            parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
        except ValueError:
            raise ConfigurationError(f"{name}: the port in {_redacted(parts)!r} is not valid") from None
        if parts.scheme not in _HOSTLESS_SCHEMES and not parts.hostname:
            raise ConfigurationError(f"{name}: the URL {_redacted(parts)!r} names no host")
        if parts.scheme in _HOSTLESS_SCHEMES - {"console"} and not parts.hostname and parts.path in ("", "/"):
            raise ConfigurationError(f"{name}: the URL {_redacted(parts)!r} names neither a host nor a path")
        return value

    def time_zone(self, name: str, default: str) -> str:
        value = self.string(name, default)
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ConfigurationError(
                f"{name}: unknown time zone {value!r} (use a name like Europe/Berlin)"
            ) from None
        return value

    def directory(self, name: str, default: Path) -> Path:
        value = self.raw(name)
        path = Path(value).expanduser() if value else default
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(
                f"{name}: cannot create directory {str(path)!r}: {exc.strerror}"
            ) from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise ConfigurationError(f"{name}: the directory {str(path)!r} is not writable")
        return path.resolve()


# Bucket names as S3 and its look-alikes accept them: 3 to 63 characters, lower-case letters, digits, dots
# and hyphens, starting and ending with a letter or digit.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_REGION = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_STORAGE_OPTIONS = ("endpoint_url", "region", "addressing_style")
_STORAGE_EXAMPLE = "s3://bucket/prefix?endpoint_url=https://s3.example.com&region=eu-central-1"


@dataclass(frozen=True)
class S3Location:
    """Where uploaded and generated files go when they leave the data directory: one S3 bucket.

    Read from ``s3://BUCKET[/PREFIX][?endpoint_url=URL&region=NAME&addressing_style=path]``;
    ``endpoint_url`` names an S3-compatible server (MinIO, Ceph, Garage, a cloud provider's
    object store); without it the AWS endpoints of ``region`` are used.
    """

    bucket: str
    prefix: str = ""
    endpoint_url: str = ""
    region: str = ""
    addressing_style: str = ""

    def storage_options(
        self, access_key: str = "", secret_key: str = "", session_token: str = ""
    ) -> dict[str, Any]:
        """``OPTIONS`` for django-storages' ``S3Storage``; empty credentials leave boto3 to find them."""
        from botocore.config import Config  # only a deployment with a bucket needs boto3 loaded

        options: dict[str, Any] = {
            "bucket_name": self.bucket,
            "location": self.prefix,
            # Like the data directory: a second file of the same name gets a new name, never replaces.
            "file_overwrite": False,
            # Files are private; downloads go through resonanz, which checks who may read them.
            "default_acl": None,
            "querystring_auth": True,
            "signature_version": "s3v4",
            # botocore waits 60 s per attempt by default: an unreachable store would hold a request
            # (and a web thread) for minutes. Fail within seconds and say so instead.
            "client_config": Config(
                connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}
            ),
        }
        if self.endpoint_url:
            options["endpoint_url"] = self.endpoint_url
        if self.region:
            options["region_name"] = self.region
        if self.addressing_style:
            options["addressing_style"] = self.addressing_style
        if access_key:
            options["access_key"] = access_key
            options["secret_key"] = secret_key
        if session_token:
            options["security_token"] = session_token
        return options


def parse_storage_url(name: str, value: str) -> S3Location:
    """Check ``value`` of the variable ``name`` as an S3 location; refuse anything unclear."""
    parts = urlsplit(value)
    if parts.scheme != "s3":
        raise ConfigurationError(f"{name}: expected a URL like {_STORAGE_EXAMPLE}, got {_redacted(parts)!r}")
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(
            f"{name}: put no credentials into the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(or AWS_ACCESS_KEY_ID_FILE and AWS_SECRET_ACCESS_KEY_FILE)"
        )
    bucket = parts.netloc
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        raise ConfigurationError(
            f"{name}: {bucket!r} is not a bucket name (3 to 63 lower-case letters, digits, dots and "
            "hyphens; a port belongs into endpoint_url)"
        )
    segments = [segment for segment in parts.path.split("/") if segment]
    if any(segment in (".", "..") for segment in segments):
        raise ConfigurationError(f"{name}: the prefix {parts.path!r} may not contain '.' or '..'")
    if parts.fragment:
        raise ConfigurationError(f"{name}: remove the '#{parts.fragment}' from the URL")
    options: dict[str, str] = {}
    for key, option in parse_qsl(parts.query, keep_blank_values=True):
        if key not in _STORAGE_OPTIONS:
            raise ConfigurationError(f"{name}: unknown option {key!r} (known: {', '.join(_STORAGE_OPTIONS)})")
        if key in options:
            raise ConfigurationError(f"{name}: the option {key!r} is given twice")
        options[key] = option.strip()
    endpoint = options.get("endpoint_url", "")
    if endpoint:
        endpoint_parts = urlsplit(endpoint)
        try:
            endpoint_parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
        except ValueError:
            endpoint_parts = endpoint_parts._replace(scheme="")
        if endpoint_parts.scheme not in ("http", "https") or not endpoint_parts.hostname:
            raise ConfigurationError(
                f"{name}: endpoint_url must be an http:// or https:// address with a host and a valid "
                f"port, got {_redacted(endpoint_parts)!r}"
            )
        if endpoint_parts.username is not None or endpoint_parts.query:
            raise ConfigurationError(f"{name}: endpoint_url takes neither credentials nor a query")
    region = options.get("region", "")
    if region and not _REGION.fullmatch(region):
        raise ConfigurationError(f"{name}: {region!r} is not a region name (like eu-central-1)")
    style = options.get("addressing_style", "")
    if style not in ("", "auto", "path", "virtual"):
        raise ConfigurationError(f"{name}: addressing_style must be auto, path or virtual, got {style!r}")
    return S3Location(
        bucket=bucket, prefix="/".join(segments), endpoint_url=endpoint, region=region, addressing_style=style
    )


def default_storage_backend(env: Environment, data_dir: Path) -> dict[str, Any]:
    """``STORAGES["default"]``: the data directory, or the bucket named by ``RESONANZ_STORAGE_URL``.

    Credentials for a bucket come from the standard AWS variables (each with a ``_FILE`` variant for
    secrets kept in files); without them boto3 looks where it always does (profile, instance role).
    """
    value = env.string("RESONANZ_STORAGE_URL")
    if not value:
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(data_dir / "media")},
        }
    location = parse_storage_url("RESONANZ_STORAGE_URL", value)
    access_key = env.string("AWS_ACCESS_KEY_ID")
    secret_key = env.string("AWS_SECRET_ACCESS_KEY")
    if access_key and not secret_key:
        raise ConfigurationError("AWS_SECRET_ACCESS_KEY: required together with AWS_ACCESS_KEY_ID")
    if secret_key and not access_key:
        raise ConfigurationError("AWS_ACCESS_KEY_ID: required together with AWS_SECRET_ACCESS_KEY")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": location.storage_options(access_key, secret_key, env.string("AWS_SESSION_TOKEN")),
    }


def persisted_secret(path: Path, make: str = "token") -> str:
    """Return a secret kept in ``path``, creating it on first use (demo and development only).

    Web server and worker may start at the same moment on a fresh data directory; both must end up
    with the same secret, so the file appears atomically and the first writer wins.
    """
    try:
        existing = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        existing = ""
    if existing:
        return existing
    value = fernet_key() if make == "fernet" else secrets.token_urlsafe(50)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(value + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
    finally:
        os.unlink(temporary)
    return value


def fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def check_encryption_keys(name: str, value: str) -> list[str]:
    """Split a comma-separated list of Fernet keys (newest first) and check each one."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if not keys:
        raise ConfigurationError(f"{name}: no key given")
    for position, key in enumerate(keys, start=1):
        if len(_decoded(key)) != 32:
            which = f"key {position} of {len(keys)}" if len(keys) > 1 else "the key"
            raise ConfigurationError(
                f"{name}: {which} is not 32 bytes in URL-safe base64 (44 characters); "
                "create one with: resonanz genkey"
            )
    if len(set(keys)) != len(keys):
        raise ConfigurationError(f"{name}: the same key is listed twice")
    return keys


def check_public_keys(name: str, value: str) -> list[str]:
    """Split a comma-separated list of Ed25519 public keys (URL-safe base64 of 32 bytes) and check each."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    for position, key in enumerate(keys, start=1):
        if len(_decoded(key)) != 32:
            raise ConfigurationError(
                f"{name}: key {position} of {len(keys)} is not a public key as 'resonanz audit public-key' "
                "prints it (32 bytes in URL-safe base64)"
            )
    return keys


def _decoded(key: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return b""


def derived_audit_key(encryption_key: str) -> str:
    """The audit signing key derived from an encryption key (HKDF-SHA256), for deployments that set
    no ``RESONANZ_AUDIT_KEY`` of their own. Derived, not reused: a key serves one purpose."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    seed = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"resonanz audit checkpoint signing key v1"
    ).derive(base64.urlsafe_b64decode(encryption_key.encode("ascii")))
    return base64.urlsafe_b64encode(seed).decode("ascii")
