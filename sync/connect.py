"""From settings to a ready worker: the adapter the settings name, and its configuration.

The one place that reads the `portal.*` and `sync.*` settings, so `kiosk sync
run` and the app's sync thread send the same way. Refuses, in plain words, an
address that is missing, not HTTPS (loopback excepted: the simulator) or a CA
file that does not exist. Thread: the caller's.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.db.engine import Database
from kiosk.errors import UserError
from kiosk.settings import Settings
from sync.adapter import PortalAdapter
from sync.http_portal import HttpPortal, PortalAccount
from sync.worker import SyncConfig, SyncWorker

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def portal_account(settings: Settings) -> PortalAccount:
    url = settings["portal.url"].strip()
    if not url:
        raise UserError("portal_not_set", "The portal address is not set (portal.url or "
                        "KIOSK_PORTAL_URL)")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UserError("portal_bad_url", f"The portal address {url!r} is not an http(s) URL")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise UserError("portal_not_https", "The portal must be reached over HTTPS "
                        "(plain http is allowed only on this machine, for the simulator)")
    for key in ("portal.client_id", "portal.client_secret"):
        if not settings[key]:
            raise UserError("portal_credentials", f"{key} is not set")
    ca_bundle = settings["portal.ca_bundle"] or None
    if ca_bundle and not Path(ca_bundle).is_file():
        raise UserError("portal_ca_missing", f"The CA file {ca_bundle} does not exist")
    device = settings["portal.device_id"] or settings["terminal.id"]
    return PortalAccount(url, settings["portal.client_id"], settings["portal.client_secret"],
                         device, ca_bundle)


def portal_adapter(settings: Settings) -> PortalAdapter:
    """The adapter `portal.adapter` names; a province gateway is one more branch here."""
    if settings["portal.adapter"] == "contract":
        return HttpPortal(portal_account(settings))
    raise UserError("portal_adapter", f"Unknown portal adapter {settings['portal.adapter']!r}")


def sync_config(settings: Settings) -> SyncConfig:
    return SyncConfig(
        attachments_folder=settings.folder,
        owner=f"{settings['terminal.id'] or socket.gethostname()}:{os.getpid()}",
        backoff_cap=float(settings["sync.backoff_max_seconds"]),
    )


def make_worker(db: Database, settings: Settings, **kwargs) -> SyncWorker:  # noqa: ANN003
    return SyncWorker(db, portal_adapter(settings), sync_config(settings), **kwargs)
