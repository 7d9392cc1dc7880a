"""DF311: held-out inputs left raw while the training inputs were scaled."""

from __future__ import annotations

import pytest
from defib.engine import analyse_source

_MNIST = """import numpy as np
from tensorflow import keras
from sklearn.preprocessing import MinMaxScaler, StandardScaler

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32")
x_test = x_test.reshape(-1, 784).astype("float32")
{train}
{test}
model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(64, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, validation_data=(x_test, y_test))
model.evaluate(x_test, y_test)
"""


def df311_lines(train: str, test: str) -> list[int]:
    source = _MNIST.format(train=train, test=test)
    found = analyse_source(source, "m.py").diagnostics
    return [d.range.start.line for d in found if d.code == "DF311"]


@pytest.mark.parametrize(
    "train",
    [
        "x_train = x_train / 255.0",
        "x_train /= 255.0",
        "sc = StandardScaler()\nx_train = sc.fit_transform(x_train)",
        "x_train = keras.utils.normalize(x_train)",
        "def prep(a):\n    return a / 255.0\nx_train = prep(x_train)",
    ],
)
def test_raw_held_out_inputs_are_reported_at_validation_data_and_evaluate(train: str) -> None:
    lines = df311_lines(train, "")
    source_lines = _MNIST.format(train=train, test="").splitlines()
    assert [source_lines[line - 1].split("(")[0] for line in lines] == [
        "model.fit",
        "model.evaluate",
    ]


@pytest.mark.parametrize(
    ("train", "test"),
    [
        ("x_train = x_train / 255.0", "x_test = x_test / 255"),
        ("x_train /= 255.0", "x_test /= 255.0"),
        ("x_train = x_train / 255.0", 'x_test = x_test.astype("float32") / 255.'),
        (
            "sc = StandardScaler()\nx_train = sc.fit_transform(x_train)",
            "x_test = sc.transform(x_test)",
        ),
        (
            "sc = MinMaxScaler()\nx_train = sc.fit_transform(x_train)",
            "x_test = sc.fit_transform(x_test)",
        ),
        ("x_train, x_test = x_train / 255.0, x_test / 255.0", ""),
        (
            "x_train = x_train / 255.0",
            "for i in range(len(x_test)):\n    x_test[i] = x_test[i] / 255.0",
        ),
        ("x_train = x_train / 255.0", "x_test = keras.utils.normalize(x_test)"),
        # A helper of another module: what it does is not known, so nothing is said.
        ("x_train = x_train / 255.0", "from prep import scale\nx_test = scale(x_test)"),
        # Neither is scaled: DF301's matter, not this rule's.
        ("", ""),
    ],
)
def test_held_out_inputs_scaled_in_any_way_or_unknown_are_left_alone(train: str, test: str) -> None:
    assert df311_lines(train, test) == []


def test_inputs_from_another_source_are_not_compared() -> None:
    # A photo read on its own to predict on is no held-out part of the training data.
    source = (
        _MNIST.format(train="x_train = x_train / 255.0", test="")
        .replace(
            "model.evaluate(x_test, y_test)",
            "photo = np.random.randint(0, 256, size=(1, 784))\nmodel.predict(photo)",
        )
        .replace(", validation_data=(x_test, y_test)", "")
    )
    assert [d.code for d in analyse_source(source, "m.py").diagnostics if d.code == "DF311"] == []


def test_predict_before_training_is_not_judged() -> None:
    source = (
        _MNIST.format(train="x_train = x_train / 255.0", test="")
        .replace("model.evaluate(x_test, y_test)", "")
        .replace(
            "model.fit(x_train, y_train, epochs=5, validation_data=(x_test, y_test))",
            "features = model.predict(x_test)\nmodel.fit(x_train, y_train, epochs=5)",
        )
    )
    assert [d.code for d in analyse_source(source, "m.py").diagnostics if d.code == "DF311"] == []


_SIMULATION = """import numpy as np
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

data = np.loadtxt("exchanger.dat")
u_fit, u_test = data[:3000, 1, None], data[3000:, 1, None]
y_fit, y_test = data[:3000, 2, None], data[3000:, 2, None]
u_scaler = StandardScaler(); u_fit_scaled = u_scaler.fit_transform(u_fit)
u_test_scaled = u_scaler.transform(u_test)
y_scaler = StandardScaler(); y_fit_scaled = y_scaler.fit_transform(y_fit)
y_test_scaled = y_scaler.transform(y_test)
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(1)])
model.compile(loss="mse", optimizer="adam")
model.fit(np.hstack((u_fit_scaled, y_fit_scaled)), y_fit_scaled, epochs=5)
simulated = {copy}
for k in range(2, 100):
    regressor = np.hstack((u_test_scaled[k - 1 : k, 0], simulated[k - 1 : k, 0]))
    simulated[k] = model.predict(regressor[None, :])
"""


def test_arrays_joined_with_a_scaled_copy_stay_scaled() -> None:
    # Held-out ecosystem file: a NARX simulation feeds back predictions into a copy of the
    # scaled outputs; np.copy was not followed, and the joined regressor read as raw.
    def codes(copy: str) -> list[str]:
        found = analyse_source(_SIMULATION.format(copy=copy), "m.py").diagnostics
        return [d.code for d in found if d.code == "DF311"]

    assert codes("np.copy(y_test_scaled)") == []
    assert codes("y_test_scaled.copy()") == []
    assert codes("np.flip(y_test_scaled, axis=0)") == []  # not followed: maybe scaled
    assert codes("np.copy(y_test)") == ["DF311"]


def test_images_are_told_their_probabilities_not_their_classes_are_off() -> None:
    # Round 45a: raw pixels to a model trained on /255 ones kept their classes in a replica;
    # digits divided by one number kept their accuracy in calibration.
    source = _MNIST.format(train="x_train = x_train / 255.0", test="")
    found = [d for d in analyse_source(source, "m.py").diagnostics if d.code == "DF311"]
    assert found and all(d.message.startswith("These images are left as loaded") for d in found)
    assert all("one class" not in d.message for d in found)


_PICKED = """
import cv2
import numpy as np
from PIL import Image
from sklearn.model_selection import train_test_split
from tensorflow import keras

dataset, label = [], []
for name in names:
    if name.endswith(".png"):
        image = Image.fromarray(cv2.imread(name), "RGB").resize((64, 64))
        dataset.append(np.array(image))
        label.append(1)
dataset = np.array(dataset)
label = np.array(label)
X_train, X_test, y_train, y_test = train_test_split(dataset, label, test_size=0.2)
X_train = X_train / 255.
X_test = X_test / 255.
model = keras.Sequential([keras.Input((64, 64, 3)), keras.layers.Flatten(),
                          keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X_train, y_train, epochs=3)
picked = []
for i in np.where(y_test == 1)[0]:
    image = X_test[i]
    picked.append(image)
picked = np.array(picked)


def heat_map(image):
    return model.predict(np.expand_dims(image, axis=0))


heat_map(picked[0])
"""


def test_scaled_images_gathered_into_a_list_stay_scaled() -> None:
    # Ecosystem (a microscopy heat-map script): images read by calls not followed, scaled by
    # 255 after the split, then picked out one by one into a list; the list read as raw.
    found = analyse_source(_PICKED, "m.py").diagnostics
    assert [d.code for d in found if d.code == "DF311"] == []
    raw = _PICKED.replace("X_test = X_test / 255.\n", "")
    assert [d.code for d in analyse_source(raw, "m.py").diagnostics if d.code == "DF311"] == [
        "DF311"
    ]
