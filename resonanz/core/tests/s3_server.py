"""A real S3-compatible server for the storage tests: moto's server mode, offline on 127.0.0.1.

The server checks credentials like S3 does (moto's IAM emulation): the tests get one user with a key
that may use S3, so a wrong key or secret is refused as it would be in production.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest

REGION = "eu-central-1"
BUCKET = "resonanz-test"
_ALLOW_S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
# Calls made before credentials are checked: create the bucket, the user, its key and its policy.
_SETUP_CALLS = 4


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    access_key: str
    secret_key: str
    bucket: str = BUCKET
    region: str = REGION

    def storage_url(self, prefix: str, bucket: str | None = None) -> str:
        query = urlencode({"endpoint_url": self.endpoint_url, "region": self.region})
        return f"s3://{bucket or self.bucket}/{prefix}?{query}"

    def client(self, access_key: str | None = None, secret_key: str | None = None) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=access_key or self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
        )

    def keys(self, prefix: str) -> list[str]:
        listed = self.client().list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return sorted(entry["Key"] for entry in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        body: bytes = self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()
        return body


def moto_server_class() -> Any:
    """moto's threaded server; under CI its absence fails the test, elsewhere it skips with the reason."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        reason = f"moto's S3 server is not installed ({error}); install requirements-dev.lock (make lint)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return ThreadedMotoServer


def start(server_class: Any) -> tuple[Any, S3Server]:
    import boto3

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = server_class(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    request = urllib.request.Request(  # noqa: S310  (our own server on the loopback address)
        f"{endpoint}/moto-api/reset-auth",
        data=str(_SETUP_CALLS).encode(),
        method="POST",
        headers={"Content-Type": "text/plain"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        answer.read()
    setup = {"endpoint_url": endpoint, "aws_access_key_id": "setup", "aws_secret_access_key": "setup"}
    boto3.client("s3", region_name=REGION, **setup).create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    iam = boto3.client("iam", region_name="us-east-1", **setup)
    iam.create_user(UserName="resonanz")
    key = iam.create_access_key(UserName="resonanz")["AccessKey"]
    iam.put_user_policy(UserName="resonanz", PolicyName="s3", PolicyDocument=json.dumps(_ALLOW_S3))
    return server, S3Server(endpoint, key["AccessKeyId"], key["SecretAccessKey"])
