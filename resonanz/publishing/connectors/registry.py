"""The connector for a network: ``resonanz.publishing.connectors.<network>`` exposes ``CONNECTOR``."""

from __future__ import annotations

import importlib

from resonanz.publishing.connectors.base import Connector

NETWORKS = ("bluesky", "mastodon", "linkedin", "x", "webhook")


def connector_for(network: str) -> Connector:
    if network not in NETWORKS:
        raise LookupError(f"no connector for {network!r}")
    module = importlib.import_module(f"resonanz.publishing.connectors.{network}")
    connector: Connector = module.CONNECTOR
    return connector
