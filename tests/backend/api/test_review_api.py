"""Staff review over HTTP on both databases: filters and pages, the queue, decisions
allowed and refused, notes, exports, and the audit trail of every read and change."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from backend.adapters.orm import ReferralRow
from backend.domain.flags import FLAG_CODES
from backend.domain.record import RECORD_KEYS
from backend.service.referrals import (
    record_consultation_request,
    record_handoff_request,
    record_immediate_risk,
    save_referral,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

SCRIPT = "<script>alert('x')</script>"
COMPLETE: dict[str, Any] = {
    "referrer_organisation": "Yate Academy",
    "yp_first_name": "Alex",
    "yp_date_of_birth": "2011-01-10",
    "yp_location": "Yate",
    "concern_description": f"Touching a younger cousin. {SCRIPT}",
}


def headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def referral(uow: SqlAlchemyUnitOfWork, key: str, source: str = "web", **fields: Any) -> str:
    return save_referral(
        uow,
        conversation_key=f"{source}:{key}",
        source=source,
        fields={**COMPLETE, **fields},
        transcript=[{"speaker": "professional", "text": SCRIPT, "at": "2025-06-15T09:00:00Z"}],
        submit=True,
    ).reference


def set_created(engine: Engine, reference: str, moment: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(ReferralRow).where(ReferralRow.reference == reference).values(created_at=moment)
        )


@pytest.fixture
def seeded(uow: SqlAlchemyUnitOfWork, engine: Engine) -> dict[str, str]:
    made = {
        "yate": referral(uow, "a"),
        "teams": referral(uow, "b", "teams", referrer_organisation="Kingswood YOT"),
        "unsafe": referral(
            uow, "c", safe_place="unsure", referrer_organisation="Patchway 50%_Club"
        ),
        "draft": record_immediate_risk(
            uow, conversation_key="sms:d", source="sms", fields={}, transcript=[]
        ),
    }
    # Created on three different UK days; 23:30 UTC on 14 June is 00:30 on the 15th in the UK.
    set_created(engine, made["yate"], datetime(2025, 6, 1, 10, 0, tzinfo=timezone.utc))
    set_created(engine, made["teams"], datetime(2025, 6, 14, 23, 30, tzinfo=timezone.utc))
    set_created(engine, made["unsafe"], datetime(2025, 6, 20, 9, 0, tzinfo=timezone.utc))
    set_created(engine, made["draft"], datetime(2025, 6, 21, 9, 0, tzinfo=timezone.utc))
    return made


def listed(api: TestClient, token: str, query: str = "") -> list[str]:
    response = api.get(f"/api/referrals?{query}", headers=headers(token))
    assert response.status_code == 200, response.text
    return [item["reference"] for item in response.json()["items"]]


def test_filters(api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]) -> None:
    art = staff_tokens["art"]
    yate, teams, unsafe, draft = (seeded[k] for k in ("yate", "teams", "unsafe", "draft"))
    assert listed(api, art) == [draft, unsafe, teams, yate]  # newest first
    assert listed(api, art, "status=draft") == [draft]
    assert listed(api, art, "status=needs_discussion") == [unsafe]
    assert listed(api, art, "outcome=needs_discussion") == [draft, unsafe]
    assert listed(api, art, "flag=SAFETY_UNSURE") == [unsafe]
    assert listed(api, art, "flag=IMMEDIATE_RISK") == [draft]
    assert listed(api, art, "source=teams") == [teams]
    assert listed(api, art, "created_from=2025-06-15") == [draft, unsafe, teams]
    assert listed(api, art, "created_to=2025-06-14") == [yate]
    assert listed(api, art, "created_from=2025-06-15&created_to=2025-06-20") == [unsafe, teams]
    assert listed(api, art, "q=kingswood") == [teams]
    assert listed(api, art, f"q={yate.lower()}") == [yate]
    assert listed(api, art, "q=50%25_") == [unsafe]  # % and _ are taken literally
    assert listed(api, art, "q=5%25") == []
    assert listed(api, art, "source=web&outcome=needs_discussion") == [unsafe]


@pytest.mark.parametrize(
    "query",
    [
        "status=lost",
        "outcome=maybe",
        "source=fax",
        "flag=NOT_A_FLAG",
        "created_from=yesterday",
        "created_from=2025-06-02&created_to=2025-06-01",
        "page=0",
        "per_page=0",
        "per_page=201",
    ],
)
def test_bad_filters_are_422(api: TestClient, staff_tokens: dict[str, str], query: str) -> None:
    response = api.get(f"/api/referrals?{query}", headers=headers(staff_tokens["art"]))
    assert response.status_code == 422
    assert "Traceback" not in response.text


def test_pagination(api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]) -> None:
    everything = listed(api, staff_tokens["art"])
    pages = []
    for page in (1, 2, 3):
        response = api.get(
            f"/api/referrals?per_page=2&page={page}", headers=headers(staff_tokens["art"])
        )
        body = response.json()
        assert (body["total"], body["page"], body["per_page"]) == (4, page, 2)
        pages.append([item["reference"] for item in body["items"]])
    assert pages == [everything[:2], everything[2:], []]


def test_list_items_carry_no_personal_data(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]
) -> None:
    body = api.get("/api/referrals", headers=headers(staff_tokens["art"])).text
    assert "Alex" not in body and "cousin" not in body and "script" not in body


def test_queue_puts_immediate_risk_first_and_counts(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]
) -> None:
    queue = api.get("/api/referrals/queue", headers=headers(staff_tokens["art"])).json()
    references = [item["reference"] for item in queue["items"]]
    assert references[:2] == [seeded["draft"], seeded["unsafe"]]
    assert set(references) == set(seeded.values())
    assert [item["immediate_risk"] for item in queue["items"]][:2] == [True, False]
    counts = queue["counts"]
    assert (counts["total"], counts["immediate_risk"]) == (4, 1)
    assert counts["by_flag"] == {"IMMEDIATE_RISK": 1, "SAFETY_UNSURE": 1}
    assert counts["by_outcome"]["needs_discussion"] == 2
    assert counts["by_status"] == {"draft": 1, "needs_discussion": 1, "submitted": 2}


def test_a_decision_with_a_reason_is_recorded_with_who_and_when(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str], uow: SqlAlchemyUnitOfWork
) -> None:
    reference = seeded["unsafe"]
    path = f"/api/referrals/{reference}"
    before = api.get(f"{path}/history", headers=headers(staff_tokens["clinician"])).json()
    assert before["status"] == "needs_discussion"
    assert before["allowed_next"] == ["submitted", "accepted", "declined", "withdrawn"]
    assert [(c["from_status"], c["to_status"], c["by"]) for c in before["changes"]] == [
        ("draft", "needs_discussion", "bot:web")
    ]

    decided = api.post(
        f"{path}/status",
        headers=headers(staff_tokens["clinician"]),
        json={"status": "accepted", "reason": "Safety plan confirmed with the social worker."},
    )
    assert decided.status_code == 200, decided.text
    last = decided.json()["changes"][-1]
    assert (last["from_status"], last["to_status"], last["by"]) == (
        "needs_discussion",
        "accepted",
        "staff:Dr Rowan Lee",
    )
    assert last["reason"] == "Safety plan confirmed with the social worker."
    assert datetime.fromisoformat(last["at"]).tzinfo is not None
    assert decided.json()["allowed_next"] == ["withdrawn"]
    record = api.get(path, headers=headers(staff_tokens["art"])).json()
    assert record["status"] == "accepted"
    assert record["screening"]["outcome"] == "needs_discussion"  # the recommendation stays

    with uow:
        changes = [
            (e.actor, e.detail)
            for e in uow.audit.events(reference)
            if e.action == "referral.status_changed"
        ]
    assert changes[-1] == ("staff:Dr Rowan Lee", "needs_discussion -> accepted")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"status": "draft", "reason": "Back to draft."}, 409),
        ({"status": "submitted", "reason": "It is already submitted."}, 409),
        ({"status": "accepted"}, 422),
        ({"status": "accepted", "reason": ""}, 422),
        ({"status": "accepted", "reason": "   "}, 422),
        ({"status": "approved", "reason": "Not a status."}, 422),
        ({"status": "accepted", "reason": "x" * 2001}, 422),
    ],
)
def test_refused_decisions_change_nothing_and_are_audited(
    api: TestClient,
    staff_tokens: dict[str, str],
    seeded: dict[str, str],
    uow: SqlAlchemyUnitOfWork,
    body: dict[str, str],
    code: int,
) -> None:
    reference = seeded["yate"]  # submitted
    response = api.post(
        f"/api/referrals/{reference}/status", headers=headers(staff_tokens["art"]), json=body
    )
    assert response.status_code == code, response.text
    history = api.get(
        f"/api/referrals/{reference}/history", headers=headers(staff_tokens["art"])
    ).json()
    assert history["status"] == "submitted"
    assert all(c["by"].startswith("bot:") for c in history["changes"])
    if code == 409:
        assert "it can become" in response.json()["detail"]
        with uow:
            refused = [
                e
                for e in uow.audit.events(reference)
                if e.action == "referral.status_change_refused"
            ]
        assert [(e.actor, e.detail) for e in refused] == [
            ("staff:Sam Price", f"submitted -> {body['status']}: TransitionRefused")
        ]


def test_art_may_submit_or_withdraw_a_draft_but_not_decide_it(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]
) -> None:
    path = f"/api/referrals/{seeded['draft']}/status"
    art = headers(staff_tokens["art"])
    refused = api.post(path, headers=art, json={"status": "accepted", "reason": "Too soon."})
    assert refused.status_code == 409
    submitted = api.post(
        path, headers=art, json={"status": "submitted", "reason": "Completed from the ART call."}
    )
    assert submitted.status_code == 200
    record = api.get(f"/api/referrals/{seeded['draft']}", headers=art).json()
    assert record["status"] == "submitted" and record["submitted_at"]
    # and now a clinician sees it
    clinician = headers(staff_tokens["clinician"])
    assert api.get(f"/api/referrals/{seeded['draft']}", headers=clinician).status_code == 200


def test_notes(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str], uow: SqlAlchemyUnitOfWork
) -> None:
    path = f"/api/referrals/{seeded['yate']}/notes"
    assert api.get(path, headers=headers(staff_tokens["art"])).json() == []
    first = api.post(path, headers=headers(staff_tokens["art"]), json={"text": "Rang the DSL."})
    second = api.post(
        path, headers=headers(staff_tokens["clinician"]), json={"text": f"Noted {SCRIPT}"}
    )
    assert (first.status_code, second.status_code) == (201, 201)
    notes = api.get(path, headers=headers(staff_tokens["admin"])).json()
    assert [(n["text"], n["by"]) for n in notes] == [
        ("Rang the DSL.", "staff:Sam Price"),
        (f"Noted {SCRIPT}", "staff:Dr Rowan Lee"),
    ]
    for blank in ({"text": ""}, {"text": "   "}, {}):
        assert api.post(path, headers=headers(staff_tokens["art"]), json=blank).status_code == 422
    with uow:
        added = [
            e.actor for e in uow.audit.events(seeded["yate"]) if e.action == "referral.note_added"
        ]
    assert added == ["staff:Sam Price", "staff:Dr Rowan Lee"]


def test_transcript(api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]) -> None:
    response = api.get(
        f"/api/referrals/{seeded['yate']}/transcript", headers=headers(staff_tokens["clinician"])
    )
    assert response.json() == {
        "reference": seeded["yate"],
        "transcript": [
            {"speaker": "professional", "text": SCRIPT, "at": "2025-06-15T09:00:00+00:00"}
        ],
        "sources": {},
    }


def test_the_transcript_shows_the_words_each_field_was_read_from(
    api: TestClient, uow: SqlAlchemyUnitOfWork, staff_tokens: dict[str, str]
) -> None:
    line = "DOB: 3/5/2011"
    saved = save_referral(
        uow,
        conversation_key="web:sources",
        source="web",
        fields={"yp_date_of_birth": "2011-05-03", "yp_first_name": "Tom"},
        transcript=[],
        submit=False,
        sources={"yp_date_of_birth": line, "not_a_field": "x", "yp_gender": "a field not given"},
    )
    path = f"/api/referrals/{saved.reference}/transcript"
    got = api.get(path, headers=headers(staff_tokens["art"])).json()
    assert got["sources"] == {"yp_date_of_birth": line}  # only the fields it has

    def save(fields: dict[str, str], sources: dict[str, str]) -> None:
        save_referral(
            uow,
            conversation_key="web:sources",
            source="web",
            fields=fields,
            transcript=[],
            submit=False,
            sources=sources,
        )

    save({"yp_date_of_birth": "2011-05-04"}, {"yp_date_of_birth": "sorry, 4th May"})
    assert api.get(path, headers=headers(staff_tokens["art"])).json()["sources"] == {
        "yp_date_of_birth": "sorry, 4th May"  # the words of the correction
    }
    save({"yp_date_of_birth": "2011-05-05"}, {})  # changed, without words of its own
    assert api.get(path, headers=headers(staff_tokens["art"])).json()["sources"] == {}


def test_the_record_keeps_exactly_the_spec_keys(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]
) -> None:
    record = api.get(f"/api/referrals/{seeded['yate']}", headers=headers(staff_tokens["admin"]))
    assert tuple(record.json()) == RECORD_KEYS
    assert record.json()["young_person"]["first_name"] == "Alex"


def test_json_export_is_the_case_file(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str], uow: SqlAlchemyUnitOfWork
) -> None:
    reference = seeded["yate"]
    art = headers(staff_tokens["art"])
    api.post(f"/api/referrals/{reference}/notes", headers=art, json={"text": "Rang the DSL."})
    record_handoff_request(
        uow, conversation_key="web:a", source="web", reason="x", transcript=[], contact=None
    )
    response = api.get(f"/api/referrals/{reference}/export", headers=art)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{reference}.json"'
    assert response.headers["Cache-Control"] == "no-store"
    exported = json.loads(response.content)
    assert tuple(exported["record"]) == RECORD_KEYS
    assert exported["record"]["concern"]["description"].endswith(SCRIPT)
    assert [n["text"] for n in exported["notes"]] == ["Rang the DSL."]
    assert exported["history"]["changes"][0]["to_status"] == "submitted"
    assert [(h["kind"], h["id"]) for h in exported["handoff_requests"]] == [("handoff", 1)]
    assert exported["exported_by"] == "staff:Sam Price"


def test_printable_summary_is_escaped_self_contained_html(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]
) -> None:
    reference = seeded["draft"]
    art = headers(staff_tokens["art"])
    api.post(f"/api/referrals/{reference}/notes", headers=art, json={"text": f"Note {SCRIPT}"})
    response = api.get(f"/api/referrals/{reference}/summary", headers=art)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-")
    assert "script-src" not in policy  # so no script may run, whatever the page holds
    page = response.text
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert f"<h1>{reference}</h1>" in page
    assert "IMMEDIATE RISK" in page and "Status history" in page
    # flags and choices in words; their codes only in the JSON export
    assert "<strong>Immediate risk</strong>: A child was said" in page
    assert not [code for code in FLAG_CODES if code in page]
    text = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    assert not re.search(r">[^<]*\b[a-z]+_[a-z_]+\b[^<]*<", text), "a stored code is shown"
    assert "<link" not in page  # nothing loaded from anywhere: a saved copy prints the same


def test_every_read_and_change_is_audited(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str], uow: SqlAlchemyUnitOfWork
) -> None:
    reference = seeded["yate"]
    art = headers(staff_tokens["art"])
    path = f"/api/referrals/{reference}"
    api.get("/api/referrals?q=Alex", headers=art)
    api.get("/api/referrals/queue", headers=art)
    api.get(path, headers=art)
    api.get(f"{path}/transcript", headers=art)
    api.get(f"{path}/history", headers=art)
    api.get(f"{path}/notes", headers=art)
    api.post(f"{path}/notes", headers=art, json={"text": "Rang the DSL."})
    api.post(
        f"{path}/status", headers=art, json={"status": "accepted", "reason": "Meets criteria."}
    )
    api.get(f"{path}/export", headers=art)
    api.get(f"{path}/summary", headers=art)
    api.post(f"{path}/printed", headers=art)
    api.get("/api/requests/consultation", headers=art)
    api.get("/api/audit", headers=headers(staff_tokens["admin"]))
    with uow:
        events = [e for e in uow.audit.events() if e.actor.startswith("staff:")]
    assert [(e.action, e.reference, e.detail) for e in events if e.reference == reference] == [
        ("referral.read", reference, None),
        ("referral.transcript_read", reference, None),
        ("referral.history_read", reference, None),
        ("referral.notes_read", reference, None),
        ("referral.note_added", reference, None),
        ("referral.status_changed", reference, "submitted -> accepted"),
        ("referral.exported", reference, "json"),
        ("referral.exported", reference, "summary"),
        ("referral.exported", reference, "print"),
    ]
    actions = [e.action for e in events]
    assert {"referral.list", "referral.queue", "consultation.list", "audit.read"} <= set(actions)
    listing = next(e for e in events if e.action == "referral.list")
    assert "Alex" not in (listing.detail or "")  # the search text itself is not kept
    assert all(e.at.tzinfo is not None for e in events)


def test_the_audit_log_reads_newest_first_with_filters(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str]
) -> None:
    admin = headers(staff_tokens["admin"])
    api.get(f"/api/referrals/{seeded['yate']}", headers=headers(staff_tokens["art"]))
    log = api.get(f"/api/audit?reference={seeded['yate']}", headers=admin).json()
    assert log["items"][0]["action"] == "referral.read"
    assert log["items"][0]["actor"] == "staff:Sam Price"
    assert all(item["reference"] == seeded["yate"] for item in log["items"])
    reads = api.get("/api/audit?action=referral.read&actor=staff:Sam Price", headers=admin).json()
    assert reads["total"] == 1
    paged = api.get("/api/audit?per_page=1&page=2", headers=admin).json()
    assert len(paged["items"]) == 1 and paged["total"] > 2


def test_requests_are_listed_without_details_and_read_with_them(
    api: TestClient, staff_tokens: dict[str, str], seeded: dict[str, str], uow: SqlAlchemyUnitOfWork
) -> None:
    art = headers(staff_tokens["art"])
    assert api.get("/api/requests/handoff/1", headers=art).status_code == 404
    turns = [
        {"speaker": "professional", "text": "Can I talk to someone?", "at": "2025-06-15T09:00:00Z"}
    ]
    record_handoff_request(
        uow,
        conversation_key="web:a",
        source="web",
        reason="asked",
        transcript=turns,
        contact="+447700900123",
    )
    record_consultation_request(
        uow,
        conversation_key="web:z",
        source="web",
        details={"name": "Asha Bennett", "topic": "a case"},
    )
    listing = api.get("/api/requests/handoff", headers=art).json()
    assert listing["total"] == 1
    assert listing["items"][0]["reference"] == seeded["yate"]
    assert "+44" not in json.dumps(listing)
    handoff = api.get("/api/requests/handoff/1", headers=art).json()
    assert handoff["details"]["contact"] == "+447700900123"
    assert handoff["details"]["transcript"][0]["text"] == "Can I talk to someone?"
    consultations = api.get("/api/requests/consultation", headers=art).json()
    assert "Asha" not in json.dumps(consultations)
    consultation = api.get("/api/requests/consultation/1", headers=art).json()
    assert consultation["details"] == {"name": "Asha Bennett", "topic": "a case"}
    assert api.get("/api/requests/pigeon", headers=art).status_code == 422
