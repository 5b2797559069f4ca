"""SMS: follow-ups on open referrals, by text message through Twilio.

How the pieces fit (no piece logs a phone number or message text):

- ``POST /sms/twilio/inbound`` (``backend/api/routes/sms.py``) accepts a request only
  with a valid ``X-Twilio-Signature`` computed over ``TWILIO_INBOUND_URL``, answers
  Twilio at once with empty TwiML and handles the message in the background
  (``inbound.py``): STOP/START/HELP keywords, the opt-out list, then the conversation.
- A number with an open follow-up is relayed to the bot (``relay.py`` ->
  ``bot/channels/sms_relay.py``) under a keyed hash of the number (``identity.py``),
  never the number itself; the bot's replies come back in the HTTP response.
- Replies are rendered for SMS (``render.py``: buttons as a numbered list), kept within
  ``SMS_MAX_SEGMENTS`` segments each, GSM-7 or UCS-2 aware (``segments.py``), and sent
  through the twilio 9 SDK asynchronously (``backend/adapters/twilio_sms.py``).
- Follow-ups (``backend/service/followups.py``) text a referrer who agreed to it when a
  submitted referral has missing fields; the texts carry only the reference number and
  what is needed (``texts.py``).

Configuration: ``settings.py`` and ``.env.example`` (TWILIO_* and SMS_*).
"""
