"""A Rasa dense featurizer giving DIET pre-trained sentence embeddings (all-MiniLM-L6-v2,
bot/nlu/minilm.py) beside its count features.

Why: the count features only know the words of our own training examples, so a message
put in words the examples never used falls back on spelling alone; a sentence encoder
trained on a billion sentence pairs places paraphrases near each other. Measured on the
held-out set (tests/nlu/test_heldout_quality.py has the figures).

Sentence features: the model's own pooled, normalised embedding of the whole message.
Sequence features: for each token of the pipeline's tokenizer, the mean of the
contextual vectors of the word pieces inside it (zero for a token past the model's
256-piece limit)."""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.minilm import DIMENSIONS, Encoded, MiniLM

_encoder: MiniLM | None = None


def shared_encoder() -> MiniLM:
    """One copy of the weights per process (90 MB), loaded on first use."""
    global _encoder
    if _encoder is None:
        _encoder = MiniLM.load()
    return _encoder


def token_vectors(encoded: Encoded, tokens: list[Token]) -> np.ndarray:
    """Each token's vector: the mean of the word pieces whose span lies inside it."""
    vectors = np.zeros((len(tokens), DIMENSIONS), dtype=np.float32)
    for row, token in enumerate(tokens):
        inside = [
            index
            for index, (start, end) in enumerate(encoded.spans)
            if end > start and start >= token.start and end <= token.end
        ]
        if inside:
            vectors[row] = encoded.pieces[inside].mean(axis=0)
    return vectors


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> list[str]:
        return ["numpy", "onnx", "onnxruntime"]

    def __init__(self, config: dict[str, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)
        self.encoder = shared_encoder()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context)

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
            wanted = [
                message
                for message in messages
                if message.get(attribute) and message.get(TOKENS_NAMES[attribute])
            ]
            if not wanted:
                continue
            encoded = self.encoder.encode(message.get(attribute) for message in wanted)
            for message, vectors in zip(wanted, encoded, strict=True):
                self._add(message, attribute, vectors)
        return messages

    def _add(self, message: Message, attribute: str, encoded: Encoded) -> None:
        origin = self._config[FEATURIZER_CLASS_ALIAS]
        sequence = token_vectors(encoded, message.get(TOKENS_NAMES[attribute]))
        message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, attribute, origin))
        sentence = encoded.sentence[None, :].astype(np.float32)
        message.add_features(Features(sentence, FEATURE_TYPE_SENTENCE, attribute, origin))
