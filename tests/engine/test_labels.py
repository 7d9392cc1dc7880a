"""What the extractor knows of the labels fit() receives: their form, class count and range.

Where the form cannot be read from the code, it is "unknown": never guessed.
"""

from __future__ import annotations

from textwrap import dedent

from defib.engine import analyse_source
from defib.engine.model import DataSpec, ModelSpec


def fitted(source: str) -> ModelSpec:
    found = [m for m in analyse_source(dedent(source), "train.py").models if m.fit is not None]
    assert len(found) == 1, found
    return found[0]


def labels(source: str) -> DataSpec:
    fit = fitted(source).fit
    assert fit is not None and fit.y is not None
    return fit.y


def form(source: str) -> tuple[str, int | None, tuple[float, float] | None]:
    spec = labels(source)
    return (spec.label_format, spec.classes, spec.value_range)


MODEL = """
model = keras.Sequential([keras.layers.Dense({units}, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y)
"""


def program(body: str, units: str = "10") -> str:
    return (
        "import numpy as np\nfrom tensorflow import keras\n"
        + dedent(body)
        + MODEL.format(units=units)
    )


def test_mnist_labels_are_ten_class_ids() -> None:
    assert form(program("(x, y), _ = keras.datasets.mnist.load_data()\n")) == (
        "class_ids",
        10,
        (0.0, 9.0),
    )


def test_cifar100_coarse_labels_are_twenty_class_ids() -> None:
    source = program("(x, y), _ = keras.datasets.cifar100.load_data(label_mode='coarse')\n")
    assert form(source)[:2] == ("class_ids", 20)


def test_reuters_and_imdb_class_counts() -> None:
    assert form(program("(x, y), _ = keras.datasets.reuters.load_data()\n"))[1] == 46
    assert form(program("(x, y), _ = keras.datasets.imdb.load_data()\n"))[1] == 2


def test_boston_housing_labels_are_continuous() -> None:
    source = program("(x, y), _ = keras.datasets.boston_housing.load_data()\n")
    assert form(source)[0] == "continuous"


def test_to_categorical_with_num_classes_is_one_hot_of_that_width() -> None:
    source = program("""
        (x, y), _ = keras.datasets.mnist.load_data()
        y = keras.utils.to_categorical(y, num_classes=12)
    """)
    assert form(source)[:2] == ("one_hot", 12)


def test_to_categorical_without_a_count_takes_the_labels_own() -> None:
    source = program("""
        from keras.utils import np_utils
        (x, y), _ = keras.datasets.cifar10.load_data()
        y = np_utils.to_categorical(y)
    """)
    assert form(source)[:2] == ("one_hot", 10)


def test_a_class_count_counted_by_a_loop_over_folders_is_unknown() -> None:
    # The loop runs once per folder on disk: its counter is not the 1 of a single pass.
    source = program("""
        import os
        n_label = 0
        images, labels = [], []
        for folder in os.scandir("Training"):
            for name in os.listdir(folder.path):
                images.append(np.zeros((4, 4, 3)))
                labels.append(n_label)
            n_label += 1
        x = np.asarray(images)
        y = keras.utils.to_categorical(labels, n_label)
    """)
    assert form(source)[1] is None


def test_randint_in_one_column_is_class_ids() -> None:
    source = program("x = np.random.random((100, 4))\ny = np.random.randint(0, 5, size=(100, 1))\n")
    assert form(source) == ("class_ids", 5, (0.0, 4.0))


def test_generator_integers_are_class_ids() -> None:
    source = program("""
        rng = np.random.default_rng(0)
        x = rng.normal(size=(100, 4))
        y = rng.integers(0, 3, size=100)
    """)
    assert form(source)[:2] == ("class_ids", 3)


def test_random_zeros_and_ones_in_several_columns_are_binary() -> None:
    source = program("x = np.random.random((100, 4))\ny = np.random.randint(2, size=(100, 6))\n")
    assert form(source)[0] == "binary"


def test_random_integers_of_unknown_shape_above_one_are_unknown() -> None:
    source = program("x = np.random.random((100, 4))\ny = np.random.randint(0, 9, size=shape)\n")
    assert form(source)[0] == "unknown"


def test_label_encoder_gives_class_ids_of_unknown_count() -> None:
    source = program("""
        import pandas as pd
        from sklearn.preprocessing import LabelEncoder
        df = pd.read_csv("data.csv")
        x = df.drop("label", axis=1).values
        y = LabelEncoder().fit_transform(df["label"])
    """)
    assert form(source) == ("class_ids", None, None)


def test_get_dummies_gives_one_hot_of_unknown_count() -> None:
    source = program("""
        import pandas as pd
        df = pd.read_csv("data.csv")
        x = df.drop("label", axis=1).values
        y = pd.get_dummies(df["label"]).values
    """)
    assert form(source)[:2] == ("one_hot", None)


def test_a_column_read_from_a_file_is_unknown() -> None:
    source = program("""
        import pandas as pd
        df = pd.read_csv("data.csv")
        x = df.drop("label", axis=1).values
        y = df["label"].values
    """)
    assert form(source)[0] == "unknown"


def test_identity_rows_picked_by_class_ids_are_one_hot() -> None:
    source = program("(x, y), _ = keras.datasets.mnist.load_data()\ny = np.eye(10)[y]\n")
    assert form(source)[:2] == ("one_hot", 10)


def test_argmax_of_one_hot_rows_is_class_ids() -> None:
    source = program("""
        (x, y), _ = keras.datasets.mnist.load_data()
        y = np.argmax(keras.utils.to_categorical(y), axis=1)
    """)
    assert form(source)[:2] == ("class_ids", 10)


def test_rows_picked_keep_the_labels_and_a_column_does_not() -> None:
    rows = program("(x, y), _ = keras.datasets.mnist.load_data()\ny = y[:1000]\n")
    column = program(
        "(x, y), _ = keras.datasets.mnist.load_data()\ny = keras.utils.to_categorical(y)[:, 0]\n"
    )
    assert form(rows)[0] == "class_ids"
    assert form(column)[0] == "unknown"


def test_arithmetic_on_labels_makes_them_unknown() -> None:
    source = program("(x, y), _ = keras.datasets.mnist.load_data()\ny = y - 1\n")
    assert form(source)[0] == "unknown"


def test_literal_labels() -> None:
    ids = program("x = np.array([[0.1], [0.2], [0.3]])\ny = np.array([0, 2, 1])\n")
    one_hot = program("x = np.array([[0.1], [0.2]])\ny = np.array([[0, 1, 0], [1, 0, 0]])\n")
    real = program("x = np.array([[0.1], [0.2]])\ny = np.array([0.5, 1.7])\n")
    assert form(ids) == ("class_ids", 3, (0.0, 2.0))
    assert form(one_hot)[:2] == ("one_hot", 3)
    assert form(real)[0] == "continuous"


def test_class_counts_read_off_the_labels_set_the_output_units() -> None:
    unique = program(
        "(x, y), _ = keras.datasets.mnist.load_data()\nk = len(np.unique(y))\n", units="k"
    )
    width = program(
        "(x, y), _ = keras.datasets.mnist.load_data()\ny = keras.utils.to_categorical(y)\n",
        units="y.shape[1]",
    )
    largest = program("(x, y), _ = keras.datasets.reuters.load_data()\n", units="np.max(y) + 1")
    for source, units in ((unique, 10), (width, 10), (largest, 46)):
        stage = fitted(source).output_stage
        assert stage is not None and stage.layer.units == units


def test_the_loss_of_a_fit_is_the_one_compiled_before_it() -> None:
    model = fitted("""
        from tensorflow import keras
        (x, y), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y)
        model.compile(optimizer="adam", loss="categorical_crossentropy")
    """)
    assert model.fit is not None and model.fit.loss is not None
    assert model.fit.loss.name == "sparse_categorical_crossentropy"


def test_labels_made_in_a_branch_of_unknown_condition_are_unknown() -> None:
    source = program("""
        (x, y), _ = keras.datasets.mnist.load_data()
        if not args.sparse:
            y = keras.utils.to_categorical(y)
    """)
    assert form(source)[0] == "unknown"


def test_labels_made_under_the_main_guard_are_known() -> None:
    source = program("""
        if __name__ == "__main__":
            (x, y), _ = keras.datasets.mnist.load_data()
            y = keras.utils.to_categorical(y)
    """)
    assert form(source)[:2] == ("one_hot", 10)


def test_rows_picked_by_a_mask_may_hold_fewer_classes() -> None:
    source = program("""
        (x, y), _ = keras.datasets.mnist.load_data()
        keep = y < 5
        x, y = x[keep], y[keep]
    """)
    assert form(source) == ("class_ids", None, None)


def test_a_train_test_split_keeps_the_labels_form() -> None:
    source = program("""
        from sklearn.model_selection import train_test_split
        (features, labels), _ = keras.datasets.mnist.load_data()
        labels = keras.utils.to_categorical(labels)
        x, x_test, y, y_test = train_test_split(features, labels, test_size=0.2)
    """)
    assert form(source)[:2] == ("one_hot", 10)


def test_the_steps_of_a_fit_on_a_keras_data_set() -> None:
    model = fitted("""
        from tensorflow import keras
        (x, y), _ = keras.datasets.mnist.load_data()
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=3, batch_size=100, validation_split=0.5)
    """)
    assert model.fit is not None and model.fit.steps == (300, 3)


def test_the_steps_of_a_fit_on_a_slice_are_unknown() -> None:
    model = fitted("""
        import numpy as np
        from tensorflow import keras
        x = np.random.random((1000, 4))
        y = np.random.random((1000, 1))
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(x[:100], y[:100])
    """)
    assert model.fit is not None and model.fit.steps is None


def test_the_steps_of_a_fit_in_a_loop_or_train_on_batch_are_unknown() -> None:
    for call in ("for epoch in range(50):\n    model.fit(x, y)", "model.train_on_batch(x, y)"):
        model = fitted(
            "import numpy as np\nfrom tensorflow import keras\n"
            "x = np.random.random((1000, 4))\ny = np.random.random((1000, 1))\n"
            "model = keras.Sequential([keras.layers.Dense(1)])\n"
            "model.compile(optimizer='adam', loss='mse')\n" + call + "\n"
        )
        assert model.fit is not None and model.fit.steps is None


def pipeline_labels(body: str) -> tuple[str, int | None] | None:
    source = (
        "import tensorflow as tf\nfrom tensorflow import keras\n"
        + dedent(body)
        + (
            "model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(5)])\n"
            "model.compile(optimizer='adam', loss='mse')\n"
            "model.fit(train, epochs=3)\n"
        )
    )
    fit = fitted(source).fit
    assert fit is not None
    return None if fit.y is None else (fit.y.label_format, fit.y.classes)


def test_image_folders_read_as_a_dataset_have_integer_labels_by_default() -> None:
    assert pipeline_labels("train = keras.utils.image_dataset_from_directory('d')\n") == (
        "class_ids",
        None,
    )
    assert pipeline_labels(
        "train = keras.utils.image_dataset_from_directory('d', label_mode='categorical')\n"
    ) == ("one_hot", None)
    assert pipeline_labels(
        "train = keras.utils.image_dataset_from_directory('d', labels='inferred')\n"
    ) == ("class_ids", None)
    assert (
        pipeline_labels("train = keras.utils.image_dataset_from_directory('d', labels=ids)\n")
        is None
    )


def test_flow_from_directory_has_one_hot_labels_by_default() -> None:
    body = (
        "gen = keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255)\n"
        "train = gen.flow_from_directory('d', target_size=(64, 64){mode})\n"
    )
    assert pipeline_labels(body.format(mode="")) == ("one_hot", None)
    assert pipeline_labels(body.format(mode=", class_mode='binary'")) == ("class_ids", 2)
    assert pipeline_labels(body.format(mode=", class_mode=None")) is None


def test_a_map_that_returns_the_labels_keeps_them_and_other_maps_do_not() -> None:
    kept = """
        train = keras.utils.image_dataset_from_directory('d')
        train = train.map(lambda x, y: (x / 255.0, y)).prefetch(2)
    """
    encoded = """
        train = keras.utils.image_dataset_from_directory('d')
        train = train.map(lambda x, y: (x, tf.one_hot(y, 5)))
    """
    unknown = """
        train = keras.utils.image_dataset_from_directory('d')
        train = train.map(augment)
    """
    assert pipeline_labels(kept) == ("class_ids", None)
    assert pipeline_labels(encoded) == ("one_hot", 5)
    assert pipeline_labels(unknown) is None


def test_a_dataset_of_features_and_labels_carries_the_labels() -> None:
    body = """
        (x, y), _ = keras.datasets.mnist.load_data()
        train = tf.data.Dataset.from_tensor_slices((x / 255.0, y)).shuffle(100).batch(32)
    """
    assert pipeline_labels(body) == ("class_ids", 10)


def test_rows_kept_by_a_mask_of_two_classes_hold_those_two() -> None:
    source = program(
        """
        (x, y), _ = keras.datasets.mnist.load_data()
        keep = np.where((y == 1) | (y == 5))
        x, y = x[keep], y[keep]
        """
    )
    assert form(source) == ("class_ids", 2, (1.0, 5.0))


def test_np_isin_mask_keeps_the_listed_classes() -> None:
    source = program(
        """
        (x, y), _ = keras.datasets.mnist.load_data()
        keep = np.isin(y, [3, 8])
        x, y = x[keep], y[keep]
        """
    )
    assert form(source) == ("class_ids", 2, (3.0, 8.0))


def test_a_mask_of_other_labels_leaves_the_count_unknown() -> None:
    source = program(
        """
        (x, y), (x2, y2) = keras.datasets.mnist.load_data()
        keep = y2 == 1
        x, y = x[keep], y[keep]
        """
    )
    assert form(source) == ("class_ids", None, None)


def test_labels_remapped_by_np_where_are_unknown() -> None:
    source = program(
        """
        (x, y), _ = keras.datasets.mnist.load_data()
        keep = (y == 1) | (y == 5)
        x, y = x[keep], y[keep]
        y = np.where(y == 5, 0, y)
        """
    )
    assert form(source)[0] == "unknown"


def test_multilabel_binarizer_gives_multi_hot_labels() -> None:
    source = program(
        """
        from sklearn.preprocessing import MultiLabelBinarizer
        from sklearn.model_selection import train_test_split
        x = np.load("features.npy")
        y = MultiLabelBinarizer().fit_transform(tags)
        x, _, y, _ = train_test_split(x, y)
        """
    )
    assert form(source)[0] == "multi_hot"


def test_labels_changed_in_place_are_unknown() -> None:
    source = program(
        """
        (x, y), _ = keras.datasets.mnist.load_data()
        y[y != 0] = 1
        """
    )
    assert form(source) == ("unknown", None, None)


def test_kept_rows_relabelled_in_place_are_unknown() -> None:
    source = program(
        """
        (x, y), _ = keras.datasets.mnist.load_data()
        keep = (y == 1) | (y == 5)
        x, y = x[keep], y[keep]
        y[y == 5] = 0
        """
    )
    assert form(source)[0] == "unknown"


def test_rows_of_different_classes_joined_are_not_one_class() -> None:
    source = program(
        """
        (x, y), _ = keras.datasets.mnist.load_data()
        zeros, sevens = np.where(y == 0)[0], np.where(y == 7)[0]
        x = np.concatenate([x[zeros], x[sevens]])
        y = np.concatenate([y[zeros], y[sevens]])
        """
    )
    assert form(source)[1:] == (None, None)


def test_multilabel_binarizer_of_one_label_per_sample_gives_one_hot() -> None:
    source = program(
        """
        from sklearn.preprocessing import MultiLabelBinarizer
        x = np.load("features.npy")
        y = MultiLabelBinarizer().fit_transform([[name] for name in names])
        """
    )
    assert form(source)[0] == "one_hot"
