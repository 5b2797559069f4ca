"""A Rasa intent component, last in the pipeline: a message that plainly asks to make a
referral (bot/nlu/referral_request.py) is read as start_referral, whatever the
classifier made of it, unless the classifier heard something that must come first.

It runs after the FallbackClassifier so that "not understood" is overridden too; it
never overrides a disclosure of risk, a request for a person, cancel, pause, a
question to the service or another request, which the rules handle first."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.referral_request import asks_to_refer

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
            intent = message.get(INTENT) or {}
            if intent.get("name") in KEPT_INTENTS or not asks_to_refer(message.get(TEXT) or ""):
                continue
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get("name") != START_REFERRAL
            ]
            chosen = {"name": START_REFERRAL, "confidence": 1.0}
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
        return messages
