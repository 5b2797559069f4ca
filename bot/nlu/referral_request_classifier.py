"""A Rasa intent component, last in the pipeline: a message that plainly asks to make a
referral (bot/nlu/referral_request.py) is read as start_referral, whatever the
classifier made of it, unless the classifier heard something that must come first.

It runs after the FallbackClassifier so that "not understood" is overridden too; it
never overrides a disclosure of risk, a request for a person, cancel, pause, a
question to the service or another request, which the rules handle first.

A short message that gives a resume code ("resume ABCD-EFGH-2345", or the code alone)
is read as resume, the same way: the code is what matters, whatever the words around
it, and the action redeems it (actions/resuming.py). Only a disclosure of risk or a
request for a person comes before it."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.referral_request import asks_to_refer
from bot.nlu.resume_code_format import gives_resume_code

START_REFERRAL = "start_referral"
# Readings that come before a request to refer: they are handled first, and a referral
# can be started afterwards.
KEPT_INTENTS = frozenset(
    {
        START_REFERRAL,
        "immediate_risk",
        "request_human",
        "cancel",
        "pause",
        "faq",
        "request_consultation",
        "request_training",
        "ask_referral_status",
        "resume",
    }
)

RESUME = "resume"
# Readings a resume code does not override.
BEFORE_A_CODE = frozenset({"immediate_risk", "request_human"})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ReferralRequestClassifier(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ReferralRequestClassifier:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            text = message.get(TEXT) or ""
            if intent not in BEFORE_A_CODE and gives_resume_code(text):
                self._choose(message, RESUME)
            elif intent not in KEPT_INTENTS and asks_to_refer(text):
                self._choose(message, START_REFERRAL)
        return messages

    @staticmethod
    def _choose(message: Message, name: str) -> None:
        ranking = [e for e in message.get(INTENT_RANKING_KEY) or [] if e.get("name") != name]
        chosen = {"name": name, "confidence": 1.0}
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
