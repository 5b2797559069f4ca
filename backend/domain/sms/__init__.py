"""SMS: follow-ups on open referrals, by text message through Twilio.

This package holds the pure pieces: a number's keyed hash (``identity.py``), the
STOP/START/HELP keywords (``keywords.py``), GSM-7/UCS-2 segment counting
(``segments.py``), replies rendered for SMS (``render.py``: buttons as a numbered list,
each reply within ``SMS_MAX_SEGMENTS`` segments), the texts themselves (``texts.py``),
what a follow-up may ask for (``followup_fields.py``) and the follow-up's rules
(``followup.py``).

How the slice fits together (no piece logs a phone number or message text):

- ``POST /sms/twilio/inbound`` (``backend/api/routes/sms.py``) accepts a request only
  with a valid ``X-Twilio-Signature`` computed over ``TWILIO_INBOUND_URL``
  (``backend/api/sms_runtime.py``), answers Twilio at once with empty TwiML and handles
  the message in the background (``backend/service/sms_inbound.py``): STOP/START/HELP
  (``backend/service/sms_consent.py``), the opt-out list, then the conversation.
- A number with an open follow-up is relayed to the bot (``backend/adapters/bot_relay.py``
  -> ``bot/channels/sms_relay.py``) under a keyed hash of the number, never the number
  itself; the bot's replies come back in the HTTP response and are sent through the
  twilio 9 SDK asynchronously (``backend/adapters/twilio_sms.py``).
- Follow-ups are scheduled and sent by ``backend/service/followup_schedule.py``; the bot
  completes the referral's missing fields through ``backend/service/sms_conversation.py``.

Configuration: ``SmsSettings`` in ``backend/settings.py`` and ``.env.example`` (TWILIO_*
and SMS_*).
"""
