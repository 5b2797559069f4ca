"""Personal data is stored encrypted: the raw tables hold none of it in clear."""

from __future__ import annotations

from sqlalchemy import Engine, text

from backend.adapters.db import make_session_factory
from backend.adapters.encryption import FieldCipher, generate_key, parse_key
from backend.adapters.key_rotation import rotate_keys
from backend.adapters.orm import Base
from backend.security import StaffUser
from backend.service.referrals import (
    record_consultation_request,
    record_handoff_request,
    record_training_request,
    save_referral,
)
from backend.service.review import add_note, decide, read_history
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

SECRETS = {
    "yp_first_name": "Jordanna",
    "yp_last_name": "Quillfeather",
    "yp_date_of_birth": "2011-05-03",
    "yp_location": "BS37 5AB",
    "referrer_name": "Sam Carterby",
    "referrer_email": "sam.carterby@example.org",
    "referrer_phone": "+447700900123",
    "sa_name": "Morwenna",
    "concern_description": "Showed explicit images to a younger cousin",
    "household": "grandmother and cousin aged 7",
}
SPOKEN = "my colleague Thaddeus is worried"
CONVERSATION = "sms:+447700900456"


def raw_dump(engine: Engine) -> str:
    """Every value of every table, as the database holds it."""
    values: list[str] = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(text(f"SELECT * FROM {table.name}")):  # noqa: S608
                values.extend(str(value) for value in row)
    return "\n".join(values)


def test_raw_tables_hold_no_plaintext(uow: SqlAlchemyUnitOfWork, engine: Engine) -> None:
    turns = [{"speaker": "professional", "text": SPOKEN, "at": "2025-06-15T09:00:00Z"}]
    save_referral(
        uow,
        conversation_key=CONVERSATION,
        source="sms",
        fields={**SECRETS, "referrer_organisation": "Yate Academy"},
        transcript=turns,
        submit=True,
    )
    record_handoff_request(
        uow,
        conversation_key=CONVERSATION,
        source="sms",
        reason="Needs Thaddeus",
        transcript=turns,
        contact="+447700900789",
    )
    record_consultation_request(
        uow, conversation_key="web:c", source="web", details={"name": "Philippa Ormsby"}
    )
    record_training_request(
        uow, conversation_key="web:t", source="web", details={"topic": "Brook traffic light"}
    )
    dump = raw_dump(engine)
    for secret in [
        *SECRETS.values(),
        SPOKEN,
        "Thaddeus",
        "+447700900789",
        "+447700900456",
        "Philippa",
        "Brook traffic light",
        "BS37",
    ]:
        assert secret not in dump, secret
    assert "Yate Academy" in dump  # the referrer's organisation stays in clear for filtering
    assert "HSB-" in dump and "submitted" in dump


def test_encrypted_values_read_back(uow: SqlAlchemyUnitOfWork) -> None:
    result = save_referral(
        uow,
        conversation_key=CONVERSATION,
        source="sms",
        fields=SECRETS,
        transcript=[],
        submit=False,
    )
    with uow:
        referral = uow.referrals.get(result.reference)
    assert referral is not None
    assert {k: referral.fields[k] for k in SECRETS} == SECRETS
    assert referral.conversation_key == CONVERSATION


def test_key_rotation_re_encrypts_everything(
    uow: SqlAlchemyUnitOfWork, engine: Engine, encryption_key: str
) -> None:
    turns = [{"speaker": "bot", "text": "Hello", "at": "2025-06-15T09:00:00Z"}]
    reference = save_referral(
        uow,
        conversation_key=CONVERSATION,
        source="sms",
        fields=SECRETS,
        transcript=turns,
        submit=True,
    ).reference
    new_key = parse_key(generate_key())
    rotated = FieldCipher(new_key, [parse_key(encryption_key)])
    assert rotate_keys(engine, rotated) > 0
    assert rotate_keys(engine, rotated) == 0  # nothing left under the old key

    only_new = SqlAlchemyUnitOfWork(make_session_factory(engine), FieldCipher(new_key))
    with only_new:
        referral = only_new.referrals.get_by_conversation_key(CONVERSATION)
        assert referral is not None and referral.reference == reference
        assert referral.fields["yp_first_name"] == SECRETS["yp_first_name"]
        assert referral.transcript[0].text == "Hello"


def test_staff_reasons_and_notes_are_encrypted_too(
    uow: SqlAlchemyUnitOfWork, engine: Engine, encryption_key: str
) -> None:
    reference = save_referral(
        uow, conversation_key=CONVERSATION, source="sms", fields={}, transcript=[], submit=True
    ).reference
    staff = StaffUser("Jo Bloggs", "art")
    decide(uow, staff, reference, status="accepted", reason="Spoke to Morwenna, his aunt")
    add_note(uow, staff, reference, text="Thaddeus's school called back")
    dump = raw_dump(engine)
    for secret in ("Morwenna", "Thaddeus"):
        assert secret not in dump
    assert "staff:Jo Bloggs" in dump and "accepted" in dump  # who and what stay readable

    new_key = parse_key(generate_key())
    assert rotate_keys(engine, FieldCipher(new_key, [parse_key(encryption_key)])) > 0
    rotated = SqlAlchemyUnitOfWork(make_session_factory(engine), FieldCipher(new_key))
    history = read_history(rotated, staff, reference)
    assert history["changes"][-1]["reason"] == "Spoke to Morwenna, his aunt"
