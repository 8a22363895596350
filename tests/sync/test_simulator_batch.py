"""POST /v1/records:batch and PUT /v1/attachments: every per-item status and every refusal."""
from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest

from kiosk.demo_people import make_person
from kiosk.portal_payloads import dossier_payload
from kiosk.services.outbox import canonical_json, payload_sha256
from sync.simulator import Simulator
from sync.simulator.validation import load_procedure_codes
from tests.sync.conftest import SENT_AT, Client, account_request, dossier, item

REF = re.compile(r"G22\.99-\d{6}-\d{4}")


def test_a_new_record_is_accepted_with_a_portal_ref(client: Client, sim: Simulator) -> None:
    record = item()
    reply = client.batch([record])
    assert reply.status_code == 200
    body = reply.json()
    [result] = body["results"]
    assert result["id"] == record["id"] and result["status"] == "accepted"
    assert REF.fullmatch(result["portal_ref"])
    assert datetime.fromisoformat(body["server_time"]).tzinfo is not None
    assert sim.accepted_ids() == {record["id"]}
    assert sim.record(record["id"])["payload"] == canonical_json(record["payload"])


def test_portal_refs_count_up_within_the_portal_day(client: Client) -> None:
    results = client.results([item() for _ in range(3)])
    numbers = [int(r["portal_ref"].rsplit("-", 1)[1]) for r in results]
    assert numbers == [1, 2, 3]


def test_the_same_record_again_is_a_duplicate_with_the_original_ref(client: Client) -> None:
    record = item()
    [first] = client.results([record])
    [again] = client.results([record])
    assert again == {"id": record["id"], "status": "duplicate", "portal_ref": first["portal_ref"]}


def test_created_at_and_key_order_do_not_change_the_content(client: Client) -> None:
    record = item()
    [first] = client.results([record])
    reordered = dict(reversed(list(record["payload"].items())))
    resent = {**record, "payload": reordered, "created_at": "2026-11-24T01:00:00Z"}
    assert client.results([resent])[0]["status"] == "duplicate"
    assert first["status"] == "accepted"


def test_the_same_id_with_other_content_is_a_conflict(client: Client, sim: Simulator) -> None:
    record = item()
    [first] = client.results([record])
    changed = {**record, "payload": dossier(fee_vnd=8000)}
    [result] = client.results([changed])
    assert result == {"id": record["id"], "status": "conflict", "portal_ref": first["portal_ref"]}
    stored = json.loads(sim.record(record["id"])["payload"])
    assert stored["fee_vnd"] == 0  # never overwritten


def test_the_same_id_twice_in_one_batch(client: Client) -> None:
    record = item()
    other = {**record, "payload": dossier(fee_vnd=1)}
    statuses = [r["status"] for r in client.results([record, record, other])]
    assert statuses == ["accepted", "duplicate", "conflict"]


def test_results_come_in_the_order_sent(client: Client) -> None:
    known = item()
    client.results([known])
    items = [item(), item(dossier(procedure_code="9.999999")), known,
             item(account_request(), kind="account_request")]
    results = client.results(items)
    assert [r["id"] for r in results] == [i["id"] for i in items]
    assert [r["status"] for r in results] == ["accepted", "rejected", "duplicate", "accepted"]


REJECTIONS: list[tuple[str, dict[str, Any], str, str]] = [
    ("dossier", dossier(applicant={"id_number": "12345"}), "applicant.id_number", "invalid"),
    ("dossier", dossier(applicant={"id_number": "001 203 004 567"}), "applicant.id_number",
     "invalid"),
    ("dossier", dossier(applicant={"id_number": "001203004567", "date_of_birth": "1990-05-14"}),
     "applicant.id_number", "mismatch"),
    ("dossier", dossier(applicant={"id_number": None}), "applicant.id_number", "required"),
    ("dossier", dossier(applicant={"phone": "0212345678"}), "applicant.phone", "invalid"),
    ("dossier", dossier(applicant={"email": "an at example"}), "applicant.email", "invalid"),
    ("dossier", dossier(applicant={"full_name": " "}), "applicant.full_name", "required"),
    ("dossier", dossier(procedure_code="1.999999"), "procedure_code", "unknown"),
    ("dossier", dossier(fee_vnd=-1), "fee_vnd", "invalid"),
    ("dossier", dossier(fee_vnd=1.5), "fee_vnd", "invalid"),
    ("dossier", dossier(received_at="24/11/2026"), "received_at", "invalid"),
    ("dossier", dossier(appointment_at="2026-11-20T08:00:00+07:00"), "appointment_at", "invalid"),
    ("dossier", {k: v for k, v in dossier().items() if k != "office_code"}, "office_code",
     "required"),
    ("dossier", dossier(documents=[{"name": "Tờ khai", "copies": 100}]), "documents[0].copies",
     "invalid"),
    ("dossier", dossier(documents=[{"name": "x", "attachment_sha256": "ABC"}]),
     "documents[0].attachment_sha256", "invalid"),
    ("dossier", dossier(fields={"note": unicodedata.normalize("NFD", "Nguyễn")}), "fields.note",
     "not_nfc"),
    ("account_request", account_request(phone=None), "phone", "required"),
    ("account_request", account_request(consent_at=None), "consent_at", "required"),
    ("account_request", account_request(date_of_birth="2003-02-30"), "date_of_birth", "invalid"),
    ("account_request", account_request(id_number="003303004568"), "id_number", "invalid"),
    ("receipt", dossier(), "type", "unknown"),
]


@pytest.mark.parametrize(("kind", "payload", "field", "code"), REJECTIONS,
                         ids=[f"{r[2]}-{r[3]}" for r in REJECTIONS])
def test_a_bad_payload_is_rejected_with_the_field_named(
        client: Client, sim: Simulator, kind: str, payload: dict[str, Any], field: str,
        code: str) -> None:
    [result] = client.results([item(payload, kind=kind)])
    assert result["status"] == "rejected", result
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in result["errors"]], result["errors"]
    assert all(e["message"] for e in result["errors"])
    assert sim.accepted_ids() == set()


def test_every_field_error_is_reported_at_once(client: Client) -> None:
    payload = dossier(procedure_code="0.000000", applicant={"phone": "123", "id_number": "1"})
    [result] = client.results([item(payload)])
    assert {e["field"] for e in result["errors"]} == {
        "procedure_code", "applicant.phone", "applicant.id_number"}


def test_a_rejected_record_fixed_under_a_new_id_is_accepted(client: Client) -> None:
    bad = item(dossier(applicant={"phone": "0212345678"}))
    assert client.results([bad])[0]["status"] == "rejected"
    assert client.results([bad])[0]["status"] == "rejected"  # resending changes nothing
    assert client.results([item()])[0]["status"] == "accepted"


def test_a_province_variant_of_a_known_procedure_is_known(client: Client) -> None:
    payload = dossier(procedure_code="1.001193.000.00.00.H38")
    assert client.results([item(payload)])[0]["status"] == "accepted"


def test_payload_sha256_is_checked_when_given(client: Client) -> None:
    payload = dossier()
    good = item(payload, payload_sha256=payload_sha256(canonical_json(payload)))
    wrong = item(payload, payload_sha256=hashlib.sha256(b"other").hexdigest())
    garbled = item(payload, payload_sha256="not-a-hash")
    results = client.results([good, wrong, garbled])
    assert results[0]["status"] == "accepted"
    assert results[1]["status"] == "rejected"
    assert results[1]["errors"][0] | {"message": ""} == {
        "field": "payload_sha256", "code": "mismatch", "message": ""}
    assert results[2]["errors"][0]["code"] == "invalid"


def test_a_sha_mismatch_on_a_known_id_is_rejected_not_a_duplicate(client: Client) -> None:
    record = item()
    client.results([record])
    tampered = {**record, "payload_sha256": "0" * 64}
    assert client.results([tampered])[0]["status"] == "rejected"


def test_a_dossier_naming_an_attachment_not_uploaded(client: Client, sim: Simulator) -> None:
    scan = "ảnh chụp tờ khai".encode() * 100
    sha = hashlib.sha256(scan).hexdigest()
    docs = [{"code": "a", "name": "Tờ khai", "copies": 1, "attachment_sha256": sha}]
    record = item(dossier(documents=docs))
    [result] = client.results([record])
    assert result["status"] == "rejected"
    assert result["errors"] == [{"field": "documents[0].attachment_sha256",
                                 "code": "missing_attachment",
                                 "message": f"no attachment {sha} was uploaded"}]
    assert client.upload(scan).status_code == 201
    fixed = {**record, "id": str(uuid.uuid4())}
    assert client.results([fixed])[0]["status"] == "accepted"
    assert sim.accepted_ids() == {fixed["id"]}


def test_attachments_are_created_once_and_checked(client: Client, sim: Simulator) -> None:
    scan = bytes(range(256)) * 40
    sha = hashlib.sha256(scan).hexdigest()
    first = client.upload(scan)
    assert first.status_code == 201 and first.json() == {"sha256": sha, "size": len(scan)}
    assert client.upload(scan).status_code == 200
    assert client.upload(b"different bytes", sha).status_code == 422
    assert client.upload(scan, sha.upper()).status_code == 400
    assert client.upload(scan, "abc").status_code == 400
    assert sim.store.has_attachment(sha)


def test_100_items_pass_and_101_must_be_split(client: Client) -> None:
    too_many = client.batch([item() for _ in range(101)])
    assert too_many.status_code == 413
    assert too_many.json()["max_items"] == 100
    assert len(client.results([item() for _ in range(100)])) == 100


def test_over_one_mebibyte_must_be_split(client: Client, sim: Simulator) -> None:
    big = item(dossier(fields={"notes": "x" * (1024 * 1024)}))
    reply = client.batch([big])
    assert reply.status_code == 413
    assert reply.json()["max_bytes"] == 1024 * 1024
    assert sim.accepted_ids() == set()
    assert client.results([item()])[0]["status"] == "accepted"  # the connection still works


MALFORMED: list[tuple[str, Any]] = [
    ("not json", b"{items: []"),
    ("an array", []),
    ("no device", {"sent_at": SENT_AT, "items": ["x"]}),
    ("no sent_at", {"device_id": "kiosk-01", "items": []}),
    ("bad sent_at", {"device_id": "kiosk-01", "sent_at": "yesterday", "items": []}),
    ("no items", {"device_id": "kiosk-01", "sent_at": SENT_AT}),
    ("empty items", {"device_id": "kiosk-01", "sent_at": SENT_AT, "items": []}),
    ("item not object", {"device_id": "kiosk-01", "sent_at": SENT_AT, "items": [1]}),
    ("id not uuid", {"device_id": "kiosk-01", "sent_at": SENT_AT,
                     "items": [{**item(), "id": "42"}]}),
    ("payload not object", {"device_id": "kiosk-01", "sent_at": SENT_AT,
                            "items": [{**item(), "payload": "{}"}]}),
    ("other device", {"device_id": "kiosk-02", "sent_at": SENT_AT, "items": [item()]}),
    ("repeated key", b'{"device_id": "kiosk-01", "device_id": "kiosk-01"}'),
    ("NaN", b'{"device_id": NaN}'),
]


@pytest.mark.parametrize(("name", "body"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_envelope_is_refused_whole(client: Client, sim: Simulator, name: str,
                                               body: Any) -> None:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    reply = client.call("POST", "/v1/records:batch", data=data,
                        headers={"Content-Type": "application/json"})
    assert reply.status_code == 400, reply.text
    assert reply.json()["error"] == "malformed" and reply.json()["message"]
    assert sim.accepted_ids() == set()


def test_the_kiosks_own_payloads_are_accepted(client: Client) -> None:
    """What kiosk.portal_payloads builds from demo applicants passes the portal's checks."""
    rng = random.Random(3)
    codes = sorted(load_procedure_codes())
    received = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    items = []
    for _ in range(60):
        person = make_person(rng, on=date(2026, 11, 24))
        payload = dossier_payload(
            procedure_code=rng.choice(codes),
            office_code="000.00.01.H22", received_at=received, appointment_at=None, fee_vnd=0,
            full_name=person.full_name, id_number=person.id_number,
            date_of_birth=person.date_of_birth, phone=person.phone, email=person.email,
            address=person.address, fields={}, documents=[{"code": "a", "name": "Tờ khai"}])
        items.append(item(payload, payload_sha256=payload_sha256(canonical_json(payload))))
    results = client.results(items)
    assert [r for r in results if r["status"] != "accepted"] == []


def test_unknown_paths_and_methods(client: Client) -> None:
    assert client.call("GET", "/v1/nothing").status_code == 404
    wrong = client.call("GET", "/v1/records:batch")
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"
    assert client.call("DELETE", "/v1/attachments/" + "0" * 64).status_code == 405
