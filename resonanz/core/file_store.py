"""The store behind ``default_storage``: is it there, and may resonanz write to it?

Files (evidence attachments, imports, kept PDFs) go through Django's storage API only, so the same
code writes to the data directory or to an S3-compatible bucket (``RESONANZ_STORAGE_URL``). A bucket
that does not exist or credentials the store refuses would otherwise show up as a 500 on the first
upload; ``check_file_store`` finds them at start-up (``resonanz worker``, ``resonanz serve``) and in
``resonanz check --deploy``, with one line that names the variable to fix.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error
from django.core.files.storage import Storage, storages

STORAGE_VARIABLE = "RESONANZ_STORAGE_URL"
_CREDENTIALS_REFUSED = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "AccessDenied",
    "InvalidToken",
    "ExpiredToken",
    "AllAccessDisabled",
    "403",
}


class FileStoreUnavailable(Exception):
    """The configured file store cannot be used; the message says why in one line."""


def _bucket_problem(storage: Any) -> str | None:
    """Ask the bucket for one key under the prefix: the cheapest call that needs bucket and rights."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    bucket = storage.bucket_name
    where = storage.endpoint_url or "AWS"
    try:
        storage.connection.meta.client.list_objects_v2(Bucket=bucket, Prefix=storage.location, MaxKeys=1)
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in ("NoSuchBucket", "404"):
            return f"{STORAGE_VARIABLE}: the bucket {bucket!r} does not exist at {where}"
        if code in _CREDENTIALS_REFUSED:
            return (
                f"{STORAGE_VARIABLE}: {where} refused the credentials for bucket {bucket!r} ({code}); "
                "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            )
        return f"{STORAGE_VARIABLE}: bucket {bucket!r} at {where} answered {code or 'an error'}"
    except NoCredentialsError:
        return (
            f"{STORAGE_VARIABLE}: no credentials for bucket {bucket!r}; "
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    except BotoCoreError as error:  # endpoint unreachable, timed out, bad TLS …
        return f"{STORAGE_VARIABLE}: cannot reach {where}: {error}"
    return None


def file_store_problem(storage: Storage | None = None) -> str | None:
    """Why the file store cannot be used, or ``None`` when it can."""
    store = storage if storage is not None else storages["default"]  # the backend behind default_storage
    if type(store).__module__.startswith("storages.backends.s3"):
        return _bucket_problem(store)
    return None  # the data directory was checked when the settings were read


def check_file_store(storage: Storage | None = None) -> None:
    problem = file_store_problem(storage)
    if problem is not None:
        raise FileStoreUnavailable(problem)


def deploy_check(**kwargs: Any) -> list[CheckMessage]:
    """``resonanz check --deploy``: the file store answers and takes these credentials."""
    problem = file_store_problem()
    return [Error(problem, id="resonanz.E010")] if problem else []
