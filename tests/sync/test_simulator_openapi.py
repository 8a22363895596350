"""The running simulator against its OpenAPI document, with schemathesis (faults off).

Schemathesis generates valid and invalid requests from sync/simulator/openapi.yaml
and checks every answer: documented status, content type, headers and body
schema, no 5xx, invalid data refused, valid data accepted, 401 without the
token, 405 for other methods. Four things a schema cannot say are set before
each call on the parts generated valid: a real token, the token's device in a
batch, an upload's real hash, and a cursor the portal gave out.
"""
from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis.core.parameters import ParameterLocation

from sync.simulator import OPENAPI_PATH, Simulator
from sync.simulator.portal import encode_cursor
from tests.sync.conftest import DEVICE, Client

EXAMPLES = 25  # per operation and phase: the whole run stays well under a minute


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Simulator, str]]:
    db = tmp_path_factory.mktemp("openapi") / "portal.sqlite3"
    with Simulator(db_path=db, status_every=0.05, seed=2) as sim:
        yield sim, Client(sim.url).token


# Loaded at import, not from a fixture: schemathesis' lazy fixture loader reaches into a
# pytest internal (`Node._nodeid`) that pytest 9 no longer has. The base URL is given per call.
# A fixed seed: the same cases every run (raise EXAMPLES or change the seed to explore).
schema = schemathesis.openapi.from_path(OPENAPI_PATH, config=schemathesis.Config.from_dict({
    "seed": 20261124,
    "generation": {"max-examples": EXAMPLES, "database": "none"},
    # 413 is how this contract refuses over 100 items (a negative case of maxItems)
    "checks": {"negative_data_rejection": {"expected-statuses": [
        "400", "401", "404", "405", "413", "422"]}},
}))


def _valid_at(case: Any, location: ParameterLocation) -> bool:
    """Whether schemathesis generated this part valid (else leave its mistake alone)."""
    return case.meta is None or not case.meta.is_negative_at(location)


def _make_meaningful(case: Any, token: str) -> None:
    """What the schema cannot express, set on otherwise generated data: a real token, the
    token's device in a batch, an upload's real hash, a cursor the portal gave out."""
    if _valid_at(case, ParameterLocation.HEADER) and case.headers \
            and "Authorization" in case.headers:
        case.headers["Authorization"] = f"Bearer {token}"
    path = case.operation.path
    if path == "/v1/records:batch" and _valid_at(case, ParameterLocation.BODY) \
            and isinstance(case.body, dict):
        case.body["device_id"] = DEVICE
    elif path == "/v1/attachments/{sha256}" and _valid_at(case, ParameterLocation.PATH) \
            and _valid_at(case, ParameterLocation.BODY):
        data = getattr(case.body, "data", case.body)  # format: binary comes wrapped
        if isinstance(data, bytes):
            case.path_parameters["sha256"] = hashlib.sha256(data).hexdigest()
    elif path == "/v1/status-updates" and _valid_at(case, ParameterLocation.QUERY) \
            and isinstance(case.query, dict) and case.query.get("cursor"):
        case.query["cursor"] = encode_cursor(zlib.crc32(str(case.query["cursor"]).encode()))


@schema.parametrize()
def test_the_simulator_answers_as_its_openapi_says(case: Any,
                                                  running: tuple[Simulator, str]) -> None:
    sim, token = running
    _make_meaningful(case, token)
    case.call_and_validate(base_url=sim.url, timeout=10)
    assert max(sim.count_by_id().values(), default=1) == 1
