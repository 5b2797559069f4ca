"""all-MiniLM-L6-v2's six encoder layers as an ONNX graph, run by ONNX Runtime.

Why: a message's turn spends most of the encoder's time in the layers' matrix products
and the element-wise work around them (GELU, layer norms, softmax); ONNX Runtime runs the
same arithmetic about twice as fast as NumPy on one thread (it fuses each residual add
into its layer norm and the attention scale into its product, and allocates nothing per
operation). The graph is built here from the pinned safetensors weights with the `onnx`
helper API, in memory, when the model loads: no exported file, no PyTorch. float32
throughout, with BERT's exact (erf) GELU, so the embeddings are the reference's
(tests/nlu/test_sentence_embeddings.py).

Input `x`: the embedding layer's output (batch, length, 384); `key_bias`: 0 for a real
word piece and -1e9 for padding (batch, 1, 1, length). Output `hidden`: the last layer's
contextual vectors (batch, length, 384)."""

from __future__ import annotations

import math

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

LAYERS = 6
HEADS = 12
HIDDEN = 384
HEAD_SIZE = HIDDEN // HEADS
LAYER_NORM_EPS = 1e-12
OPSET = 17  # the first with LayerNormalization as one operator


class _Builder:
    """Collects the graph's nodes and weights; names each node's outputs uniquely."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.weights = weights
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self.count = 0

    def constant(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], outputs: int = 1, **attrs: object) -> list[str]:
        self.count += 1
        names = [f"{op_type.lower()}_{self.count}_{index}" for index in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, names, **attrs))
        return names

    def one(self, op_type: str, inputs: list[str], **attributes: object) -> str:
        return self.op(op_type, inputs, **attributes)[0]

    def param(self, name: str) -> np.ndarray:
        return self.weights[name].astype(np.float32, copy=False)

    def dense(self, values: str, name: str) -> str:
        """values @ weight.T + bias, with BERT's (out, in) weight stored as (in, out)."""
        kernel = self.constant(name + ".kernel", self.param(name + ".weight").T)
        bias = self.constant(name + ".bias", self.param(name + ".bias"))
        return self.one("Add", [self.one("MatMul", [values, kernel]), bias])

    def layer_norm(self, values: str, name: str) -> str:
        gain = self.constant(name + ".gain", self.param(name + ".weight"))
        shift = self.constant(name + ".shift", self.param(name + ".bias"))
        return self.one(
            "LayerNormalization", [values, gain, shift], axis=-1, epsilon=LAYER_NORM_EPS
        )


def _encoder_layer(build: _Builder, x: str, prefix: str, shared: dict[str, str]) -> str:
    """One BERT layer: self-attention over the unpadded pieces, then the feed-forward
    block with exact GELU, each added back and layer-normed."""

    def heads(values: str, perm: list[int]) -> str:
        reshaped = build.one("Reshape", [values, shared["to_heads"]])
        return build.one("Transpose", [reshaped], perm=perm)

    parts = [prefix + f"attention.self.{part}" for part in ("query", "key", "value")]
    qkv_kernel = np.concatenate([build.param(part + ".weight").T for part in parts], axis=1)
    qkv_bias = np.concatenate([build.param(part + ".bias") for part in parts])
    qkv = build.one(
        "Add",
        [
            build.one("MatMul", [x, build.constant(prefix + "qkv.kernel", qkv_kernel)]),
            build.constant(prefix + "qkv.bias", qkv_bias),
        ],
    )
    query, key, value = build.op("Split", [qkv, shared["thirds"]], outputs=3, axis=2)
    scores = build.one("MatMul", [heads(query, [0, 2, 1, 3]), heads(key, [0, 2, 3, 1])])
    scores = build.one("Add", [build.one("Mul", [scores, shared["scale"]]), "key_bias"])
    probabilities = build.one("Softmax", [scores], axis=-1)
    context = build.one("MatMul", [probabilities, heads(value, [0, 2, 1, 3])])
    context = build.one(
        "Reshape", [build.one("Transpose", [context], perm=[0, 2, 1, 3]), shared["from_heads"]]
    )
    attended = build.one("Add", [x, build.dense(context, prefix + "attention.output.dense")])
    x = build.layer_norm(attended, prefix + "attention.output.LayerNorm")

    inner = build.dense(x, prefix + "intermediate.dense")
    erf = build.one("Erf", [build.one("Div", [inner, shared["root_two"]])])
    gelu = build.one(
        "Mul", [build.one("Mul", [inner, shared["half"]]), build.one("Add", [erf, shared["one"]])]
    )
    output = build.one("Add", [x, build.dense(gelu, prefix + "output.dense")])
    return build.layer_norm(output, prefix + "output.LayerNorm")


def encoder_model(weights: dict[str, np.ndarray]) -> onnx.ModelProto:
    """The encoder layers, with the weights (BERT's names, as in the safetensors file)
    stored in the graph as float32; query, key and value are one product per layer."""
    build = _Builder(weights)
    f32 = np.float32
    shared = {
        "to_heads": build.constant("to_heads", np.array([0, 0, HEADS, HEAD_SIZE], np.int64)),
        "from_heads": build.constant("from_heads", np.array([0, 0, HIDDEN], np.int64)),
        "thirds": build.constant("thirds", np.array([HIDDEN] * 3, np.int64)),
        "scale": build.constant("scale", np.array(1.0 / math.sqrt(HEAD_SIZE), f32)),
        "half": build.constant("half", np.array(0.5, f32)),
        "one": build.constant("one", np.array(1.0, f32)),
        "root_two": build.constant("root_two", np.array(math.sqrt(2.0), f32)),
    }
    x = "x"
    for layer in range(LAYERS):
        x = _encoder_layer(build, x, f"encoder.layer.{layer}.", shared)

    graph = helper.make_graph(
        build.nodes,
        "all-MiniLM-L6-v2 encoder",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "length", HIDDEN]),
            helper.make_tensor_value_info("key_bias", TensorProto.FLOAT, ["batch", 1, 1, "length"]),
        ],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "length", HIDDEN])],
        initializer=build.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8  # what ONNX Runtime 1.16 reads
    onnx.checker.check_model(model)
    return model


def encoder_session(weights: dict[str, np.ndarray]) -> onnxruntime.InferenceSession:
    """A session running the encoder layers on one thread: a turn's work is small, and
    conversations run in parallel across Rasa processes (as bot/rasa_speedups.py sets
    for the other numeric libraries)."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    # no memory arena: about 30 MB less per Rasa process, and no slower for one message
    options.enable_cpu_mem_arena = False
    options.log_severity_level = 3  # errors only
    return onnxruntime.InferenceSession(
        encoder_model(weights).SerializeToString(),
        options,
        providers=["CPUExecutionProvider"],
    )


def run_layers(
    session: onnxruntime.InferenceSession, x: np.ndarray, key_bias: np.ndarray
) -> np.ndarray:
    """The last layer's contextual vectors for the embedded batch `x`."""
    (hidden,) = session.run(None, {"x": x, "key_bias": key_bias})
    return np.asarray(hidden)
