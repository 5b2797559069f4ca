"""Rasa's ResponseSelector, asked only about messages whose answer can come from it.

Rasa's ResponseSelector picks a service question's answer (the retrieval intent `faq`,
data/faq_responses.yml) for every message, though its pick is read only when the
message's intent is that retrieval intent: by `utter_faq`, which the rules run after
`faq` alone, and by Rasa's full retrieval intent name, set only for a retrieval intent.
Its prediction is a TensorFlow model run, a tenth of a turn's work in the Rasa server.

Here it predicts, exactly as Rasa's does, when the classifier before it (DIET) read the
message as a retrieval intent, or when the message is a "/intent" command (which Rasa's
RegexMessageHandler, later in the graph, may turn into one). Nothing after it in the
pipeline can make a message a retrieval intent otherwise: the FallbackClassifier only
replaces an intent with nlu_fallback, and bot/nlu/referral_request_classifier.py only
with start_referral or resume. Other messages carry no `response_selector` prediction,
which nothing reads. Training is Rasa's, unchanged."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RetrievalResponseSelector(ResponseSelector):
    def answers(self, message: Message) -> bool:
        """Whether the message's intent so far is one this selector answers for, or the
        message is an intent command."""
        if (message.get(TEXT) or "").startswith(INTENT_MESSAGE_PREFIX):
            return True
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if self.retrieval_intent:
            return bool(intent == self.retrieval_intent)
        return intent in self.all_retrieval_intents

    def process(self, messages: list[Message]) -> list[Message]:
        super().process([message for message in messages if self.answers(message)])
        return messages
