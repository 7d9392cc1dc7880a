"""A hypothesis strategy that writes Keras-like training scripts.

Each program picks an import style, a model style, a random layer stack, an optimizer with
a learning rate written one of several ways, a loss, and training data, so that every rule
has a chance to fire (and to be fixed) on code shaped the way people write it.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

LAYER_KINDS = (
    "Dense",
    "Conv2D",
    "LSTM",
    "Dropout",
    "BatchNormalization",
    "Activation",
    "Softmax",
    "ReLU",
)
ACTIVATIONS = ("softmax", "sigmoid", "tanh", "relu", "linear")
INITIALIZERS = ("zeros", "ones", "glorot_uniform", "he_normal", "zero")
OPTIMIZERS = ("Adam", "SGD", "RMSprop", "Adagrad")
LEARNING_RATES = (1e-9, 1e-7, 1e-5, 1e-3, 0.01, 0.1, 0.5, 1.0, 3.0, 10.0, 100.0)
LOSS_STRINGS = (
    "mse",
    "mae",
    "categorical_crossentropy",
    "binary_crossentropy",
    "sparse_categorical_crossentropy",
)
LOSS_CLASSES = ("CategoricalCrossentropy", "BinaryCrossentropy", "SparseCategoricalCrossentropy")
LOSS_FUNCTIONS = ("categorical_crossentropy", "binary_crossentropy", "mean_squared_error")


@dataclass(frozen=True)
class Names:
    """How a program spells Keras: the header and the prefix of each namespace."""

    header: str
    layer: str  # prefix before a layer class ("keras.layers.", "" for from-imports)
    sequential: str
    model: str
    inp: str
    optimizers: str
    losses: str
    activations: str
    datasets: str
    uses_tf: bool


def _from_import_names(alias: bool) -> Names:
    classes = ", ".join((*LAYER_KINDS, "Input"))
    if alias:
        header = (
            "import keras as K\n"
            f"from keras.layers import {classes}\n"
            "from keras.models import Sequential as Seq, Model\n"
        )
        return Names(
            header,
            "",
            "Seq",
            "Model",
            "Input",
            "K.optimizers.",
            "K.losses.",
            "K.activations.",
            "K.datasets.",
            False,
        )
    header = (
        "import keras\n"
        f"from keras.layers import {classes}\n"
        "from keras.models import Sequential, Model\n"
    )
    return Names(
        header,
        "",
        "Sequential",
        "Model",
        "Input",
        "keras.optimizers.",
        "keras.losses.",
        "keras.activations.",
        "keras.datasets.",
        False,
    )


def _module_names(header: str, keras: str, uses_tf: bool, layers: str | None = None) -> Names:
    return Names(
        header,
        layers or f"{keras}.layers.",
        f"{keras}.Sequential",
        f"{keras}.Model",
        f"{keras}.Input",
        f"{keras}.optimizers.",
        f"{keras}.losses.",
        f"{keras}.activations.",
        f"{keras}.datasets.",
        uses_tf,
    )


IMPORT_STYLES: dict[str, Names] = {
    "import keras": _module_names("import keras\n", "keras", False),
    "from tensorflow import keras": _module_names("from tensorflow import keras\n", "keras", False),
    "tf.keras": _module_names("import tensorflow as tf\n", "tf.keras", True),
    "alias tfk": _module_names("from tensorflow import keras as tfk\n", "tfk", False),
    "layers alias": _module_names(
        "import keras\nfrom keras import layers as L\n", "keras", False, layers="L."
    ),
    "from keras.layers": _from_import_names(alias=False),
    "from-import aliases": _from_import_names(alias=True),
}


@dataclass(frozen=True)
class Program:
    text: str
    description: str


def _number(value: float) -> str:
    return repr(value)


@st.composite
def activation(draw: st.DrawFn, names: Names, constants: list[str]) -> str:
    name = draw(st.sampled_from(ACTIVATIONS))
    form = draw(st.sampled_from(("string", "keras", "tf.nn", "variable")))
    if form == "keras":
        return f"{names.activations}{name}"
    if form == "tf.nn" and name in ("softmax", "sigmoid", "tanh", "relu"):
        return f"tf.nn.{name}"
    if form == "variable":
        variable = f"ACT_{len(constants)}"
        constants.append(f"{variable} = {name!r}")
        return variable
    return repr(name)


@st.composite
def layer(draw: st.DrawFn, names: Names, constants: list[str], first: bool) -> str:
    kind = draw(st.sampled_from(LAYER_KINDS))
    p = names.layer
    if kind in ("Dense", "Conv2D", "LSTM"):
        units = draw(st.sampled_from((1, 1, 2, 3, 10, 64)))
        args = [str(units)]
        if kind == "Conv2D":
            args.append("3")
        if draw(st.booleans()):
            args.append(f"activation={draw(activation(names, constants))}")
        init = draw(st.sampled_from((None, *INITIALIZERS)))
        if init is not None:
            if init == "zero" or (kind == "Dense" and draw(st.booleans()) and init != "he_normal"):
                args.append(f"init={init!r}")  # the Keras 2 spelling
            else:
                args.append(f"kernel_initializer={init!r}")
        if first and kind == "Dense" and draw(st.booleans()):
            args.append("input_dim=8")
        return f"{p}{kind}({', '.join(args)})"
    if kind == "Dropout":
        rate = draw(st.sampled_from((0.0, 0.1, 0.5, 0.9, 0.95, 0.99)))
        return f"{p}Dropout({rate!r})"
    if kind == "Activation":
        return f"{p}Activation({draw(activation(names, constants))})"
    return f"{p}{kind}()"


@st.composite
def output_layer(draw: st.DrawFn, names: Names, constants: list[str]) -> str:
    """The last layer, where most collapse bugs live: few units, a squashing activation."""
    units = draw(st.sampled_from((1, 1, 2, 10, "NUM_CLASSES")))
    if units == "NUM_CLASSES":
        constants.append(f"NUM_CLASSES = {draw(st.sampled_from((1, 2, 10)))}")
    args = [str(units)]
    if draw(st.booleans()):
        args.append(f'name="{draw(st.sampled_from(("out", "sortie_é", "出力", "🙂out")))}"')
    if draw(st.integers(0, 4)):
        args.append(f"activation={draw(activation(names, constants))}")
    return f"{names.layer}Dense({', '.join(args)})"


@st.composite
def optimizer(draw: st.DrawFn, names: Names, constants: list[str]) -> str:
    cls = draw(st.sampled_from(OPTIMIZERS))
    lr = draw(st.sampled_from(LEARNING_RATES) | st.floats(1e-9, 100.0))
    form = draw(
        st.sampled_from(("learning_rate", "lr", "positional", "constant", "config", "schedule"))
    )
    o = f"{names.optimizers}{cls}"
    if form == "learning_rate":
        return f"{o}(learning_rate={_number(lr)})"
    if form == "lr":
        return f"{o}(lr={_number(lr)})"
    if form == "positional":
        return f"{o}({_number(lr)})"
    if form == "constant":
        constants.append(f"LEARNING_RATE = {_number(lr)}")
        return f"{o}(learning_rate=LEARNING_RATE)"
    if form == "config":
        constants.append(f'CONFIG = {{"lr": {_number(lr)}, "epochs": 3}}')
        return f'{o}(learning_rate=CONFIG["lr"])'
    constants.append(
        f"SCHEDULE = {names.optimizers}schedules.ExponentialDecay("
        f"initial_learning_rate={_number(lr)}, decay_steps=100, decay_rate=0.9)"
    )
    return f"{o}(learning_rate=SCHEDULE)"


@st.composite
def loss(draw: st.DrawFn, names: Names) -> str:
    form = draw(st.sampled_from(("string", "class", "function")))
    if form == "string":
        return repr(draw(st.sampled_from(LOSS_STRINGS)))
    if form == "class":
        cls = draw(st.sampled_from(LOSS_CLASSES))
        logits = draw(st.sampled_from(("", "from_logits=True", "from_logits=False")))
        return f"{names.losses}{cls}({logits})"
    return f"{names.losses}{draw(st.sampled_from(LOSS_FUNCTIONS))}"


@st.composite
def data(draw: st.DrawFn, names: Names) -> str:
    form = draw(st.sampled_from(("literal", "random", "mnist", "mnist scaled")))
    if form == "literal":
        return "x = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])\ny = np.array([1, 1, 0])\n"
    if form == "random":
        k = draw(st.sampled_from((1, 255, 1000)))
        return f"x = np.random.rand(100, 8) * {k}\ny = np.random.randint(0, 2, 100)\n"
    scaled = "x = x / 255.0\n" if form == "mnist scaled" else ""
    return f"(x, y), _ = {names.datasets}mnist.load_data()\n{scaled}"


@st.composite
def keras_programs(draw: st.DrawFn) -> Program:
    """A whole script: imports, constants, data, model, compile, fit."""
    style = draw(st.sampled_from(sorted(IMPORT_STYLES)))
    names = IMPORT_STYLES[style]
    constants: list[str] = []
    depth = draw(st.integers(1, 6))
    if draw(st.integers(0, 3)) == 0:  # a deep stack of saturating activations
        squash = draw(st.sampled_from(("sigmoid", "tanh")))
        layers = [f"{names.layer}Dense(32, activation={squash!r})" for _ in range(depth + 2)]
    else:
        layers = [draw(layer(names, constants, first=i == 0)) for i in range(depth)]
    if draw(st.integers(0, 4)):
        layers.append(draw(output_layer(names, constants)))
        if draw(st.integers(0, 5)) == 0:
            layers.append(draw(layer(names, constants, first=False)))  # after the output
    model_style = draw(st.sampled_from(("list", "add", "functional", "loop")))
    body: list[str] = []
    if model_style == "list":
        items = "".join(f"    {item},\n" for item in layers)
        body.append(f"model = {names.sequential}([\n{items}])\n")
    elif model_style == "add":
        body.append(f"model = {names.sequential}()\n")
        body.extend(f"model.add({item})\n" for item in layers)
    elif model_style == "loop":
        repeats = draw(st.integers(1, 5))
        body.append(f"model = {names.sequential}()\n")
        body.append(f"for _ in range({repeats}):\n    model.add({layers[0]})\n")
        body.extend(f"model.add({item})\n" for item in layers[1:])
    else:
        body.append(f"inputs = {names.inp}(shape=(8,))\nh = inputs\n")
        body.extend(f"h = {item}(h)\n" for item in layers)
        body.append(f"model = {names.model}(inputs, h)\n")
    opt = draw(optimizer(names, constants))
    if draw(st.booleans()):
        body.append(f"optimizer = {opt}\n")
        opt = "optimizer"
    body.append(f"model.compile(optimizer={opt}, loss={draw(loss(names))})\n")
    body.append("model.fit(x, y, epochs=3)\n")
    header = names.header + "import numpy as np\n"
    if "tf.nn." in "".join(layers + constants) and not names.uses_tf:
        header += "import tensorflow as tf\n"
    text = (
        header
        + "\n"
        + "".join(f"{c}\n" for c in constants)
        + draw(data(names))
        + "\n"
        + "".join(body)
    )
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")  # Windows line endings
    return Program(text, f"{style}, {model_style}, {depth} layers")
