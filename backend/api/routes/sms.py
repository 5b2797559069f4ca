"""Twilio's inbound SMS webhook: ``POST /sms/twilio/inbound``.

Set it as the number's (or messaging service's) "A message comes in" webhook, with
exactly the URL in ``TWILIO_INBOUND_URL``. A request is accepted only with a valid
``X-Twilio-Signature`` computed over that URL and the posted parameters; anything else
gets a bare 403. Twilio gets an empty TwiML answer at once; the text is handled, and
any replies are sent through the REST API, in the background (``backend/service/sms_inbound.py``).
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from fastapi import APIRouter, BackgroundTasks, Request, Response

from backend.api.sms_runtime import SmsRuntime
from backend.service.sms_inbound import inbound_message

log = logging.getLogger(__name__)
router = APIRouter()

INBOUND_PATH = "/sms/twilio/inbound"
MAX_BODY_BYTES = 64 * 1024
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
SIGNATURE_HEADER = "X-Twilio-Signature"
SIGNATURE_SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"


def parse_form(body: bytes) -> dict[str, str] | None:
    """The form parameters, or None when malformed or a name repeats (Twilio's SMS
    webhook never repeats one, and a repeated name would be signed ambiguously)."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        return None
    params = dict(pairs)
    return params if len(params) == len(pairs) else None


def _refused(reason: str) -> Response:
    log.info("SMS: refused an inbound request (%s)", reason)
    return Response(status_code=403)


@router.post(INBOUND_PATH, include_in_schema=False)
async def twilio_inbound(request: Request, background: BackgroundTasks) -> Response:
    runtime: SmsRuntime | None = getattr(request.app.state, "sms", None)
    if runtime is None:
        return _refused("SMS is not set up")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _refused("too large")
    params = parse_form(body)
    if params is None:
        return _refused("malformed")
    if not runtime.verify(
        params,
        request.headers.get(SIGNATURE_HEADER),
        request.headers.get(SIGNATURE_SETTINGS_HEADER),
    ):
        return _refused("signature")
    message = inbound_message(params)
    if message is not None and not runtime.inbound.seen_before(message.message_sid):
        background.add_task(runtime.inbound.handle, message)
    return Response(EMPTY_TWIML, media_type="application/xml")
