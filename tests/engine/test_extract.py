"""What the extractor understands of model-building code, one behaviour per test."""

from __future__ import annotations

from textwrap import dedent

from defib.engine import analyse_source
from defib.engine.extract import Extractor
from defib.engine.model import ModelSpec
from defib.engine.source import Chunk, StatementCache, split_statements


def models(source: str) -> list[ModelSpec]:
    return analyse_source(dedent(source), "model.py").models


def only(source: str) -> ModelSpec:
    found = models(source)
    assert len(found) == 1, found
    return found[0]


def kinds(model: ModelSpec) -> list[tuple[str, int | None, str | None]]:
    return [(layer.kind, layer.units, layer.activation) for layer in model.layers]


def test_tf_keras_attribute_chain_is_keras() -> None:
    model = only("""
        import tensorflow as tf
        model = tf.keras.models.Sequential([tf.keras.layers.Dense(4, activation="relu")])
    """)
    assert kinds(model) == [("Dense", 4, "relu")]


def test_keras_core_is_keras() -> None:
    # Keras 3's preview release, imported as keras (round 56a: a Llama port's linear head
    # under SparseCategoricalCrossentropy() went unread).
    model = only("""
        import keras_core as keras
        from keras_core import layers
        model = keras.Sequential([layers.Dense(4, activation="relu")])
    """)
    assert kinds(model) == [("Dense", 4, "relu")]


def test_from_import_with_alias_is_keras() -> None:
    model = only("""
        from tensorflow.keras import layers as L
        from keras.models import Sequential as Seq
        model = Seq([L.Dense(8), L.Activation("softmax")])
    """)
    assert kinds(model) == [("Dense", 8, "linear"), ("Activation", None, "softmax")]


def test_local_class_sharing_a_keras_name_is_not_keras() -> None:
    assert (
        models("""
        import keras
        class Sequential:
            def __init__(self, layers): self.layers = layers
        def Dense(n, activation=None): return n
        model = Sequential([Dense(1, activation="softmax")])
    """)
        == []
    )


def test_name_imported_from_another_library_is_not_keras() -> None:
    assert (
        models("""
        import keras
        from mylib import Sequential, Dense
        model = Sequential([Dense(1, activation="softmax")])
    """)
        == []
    )


def test_keras2_argument_names_are_understood() -> None:
    model = only("""
        from keras.models import Sequential
        from keras.layers import Dense
        from keras.optimizers import Adam
        model = Sequential()
        model.add(Dense(output_dim=16, input_dim=4, init="zero"))
        model.compile(optimizer=Adam(lr=0.5), loss="mse")
        model.fit(X, y, nb_epoch=10)
    """)
    layer = model.layers[0]
    assert (layer.units, layer.kernel_initializer) == (16, "zeros")
    assert model.compile is not None and model.compile.optimizer is not None
    assert model.compile.optimizer.learning_rate == 0.5
    assert model.fit is not None and model.fit.epochs == 10


def test_keras0_dense_takes_its_input_size_first() -> None:
    model = only("""
        from keras.models import Sequential
        from keras.layers.core import Dense
        HIDDEN = 12
        model = Sequential()
        model.add(Dense(4, 10, init="uniform", activation="tanh"))
        model.add(Dense(10, HIDDEN, activation="tanh"))
        model.add(Dense(HIDDEN, y.shape[1], activation="softmax"))
        model.add(Dense(3, "softmax"))
    """)
    assert kinds(model) == [
        ("Dense", 10, "tanh"),
        ("Dense", 12, "tanh"),
        ("Dense", None, "softmax"),
        ("Dense", 3, "softmax"),
    ]


def test_concatenated_lists_and_comprehensions_build_the_stack() -> None:
    model = only("""
        import keras
        hidden = [keras.layers.Dense(32, activation="tanh") for _ in range(3)]
        model = keras.Sequential([keras.Input((4,))] + hidden + [keras.layers.Dense(1)])
    """)
    assert kinds(model) == [("Dense", 32, "tanh")] * 3 + [("Dense", 1, "linear")]


def test_layers_added_in_a_loop_over_a_constant_range() -> None:
    model = only("""
        import keras
        DEPTH = 4
        model = keras.Sequential()
        for i in range(DEPTH):
            model.add(keras.layers.Dense(8, activation=keras.activations.sigmoid))
    """)
    assert kinds(model) == [("Dense", 8, "sigmoid")] * 4


def test_a_loop_that_builds_nothing_leaves_its_target_at_the_last_item() -> None:
    model = only("""
        import keras
        for units in [1, 2, 3, 4, 16]:
            print(units)
        model = keras.Sequential([keras.layers.Dense(units)])
    """)
    assert kinds(model) == [("Dense", 16, "linear")]


def test_a_rate_changed_by_a_loop_that_builds_nothing_is_unknown_after_it() -> None:
    # Read in full, the loop leaves 0.01; read for two passes it would leave 100.
    found = analyse_source(
        dedent("""
            import keras
            lr = 10000.0
            for _ in range(6):
                lr = lr / 10
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer=keras.optimizers.SGD(lr), loss="binary_crossentropy")
        """),
        "model.py",
    )
    assert [d.code for d in found.diagnostics if d.code == "DF101"] == []


def test_a_rate_changed_in_a_while_loop_is_unknown_after_it() -> None:
    # Read once, the loop would leave 1000.0; it runs until the search ends.
    found = analyse_source(
        dedent("""
            import keras
            lr = 10000.0
            while not search_done(lr):
                lr = lr / 10
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer=keras.optimizers.SGD(lr), loss="binary_crossentropy")
        """),
        "model.py",
    )
    assert [d.code for d in found.diagnostics if d.code == "DF101"] == []


def test_an_item_counted_up_in_a_loop_is_unknown_after_it() -> None:
    # Read once, the loop would leave the count at 1 (or at 0 before it): 0 steps an epoch.
    found = analyse_source(
        dedent("""
            import csv
            import numpy as np
            import keras
            details = {"samples": 0}
            for row in csv.reader(open("meta.csv")):
                details["samples"] += 1
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.Adam(0.001), loss="mse")
            model.fit(np.load("x.npy"), np.load("y.npy"), epochs=5,
                      steps_per_epoch=int(details["samples"] / 5) - 1)
        """),
        "model.py",
    )
    assert [d.message for d in found.diagnostics if d.code == "DF102"] == []


def test_a_branch_decided_by_constants_is_read_as_python_takes_it() -> None:
    # A block's default dropout rate is 0: `if rate > 0` is not taken, so no Dropout is added.
    model = only("""
        import keras
        def block(x, units, rate=0, pool=None):
            x = keras.layers.Dense(units)(x)
            if rate > 0:
                x = keras.layers.Dropout(rate)(x)
            if pool is not None:
                x = keras.layers.Dense(1)(x)
            return x
        inputs = keras.Input((8,))
        model = keras.Model(inputs, block(block(inputs, 4, rate=0.5), 2))
    """)
    assert [layer.kind for layer in model.layers] == ["Dense", "Dropout", "Dense"]


def test_every_pass_of_a_long_loop_that_builds_layers_is_read() -> None:
    model = only("""
        import keras
        model = keras.Sequential()
        for i in range(20):
            model.add(keras.layers.Dense(8, activation="sigmoid"))
    """)
    assert len(model.layers) == 20


def _steps(source: str) -> int:
    statements = split_statements(dedent(source))
    assert isinstance(statements, list)
    cache = StatementCache()
    extractor = Extractor([Chunk(cache.parse(text), line) for line, text in statements])
    extractor.run()
    return extractor.interpreter.steps


def test_a_training_loop_that_runs_a_model_on_a_variable_stops_after_quiet_passes() -> None:
    # Running a model on a variable (a style transfer's step) builds nothing: the loop's
    # passes after the quiet ones are not read, whether it runs 4 times or 64.
    loop = """
        import tensorflow as tf
        from tensorflow import keras
        inputs = keras.Input((8,))
        extractor = keras.Model(inputs, keras.layers.Dense(4)(inputs))
        image = tf.Variable(tf.zeros((1, 8)))
        def step(image):
            features = extractor(image)
            return features
        for n in range({passes}):
            step(image)
    """
    assert _steps(loop.format(passes=64)) == _steps(loop.format(passes=4))


def test_a_training_loop_that_records_its_losses_stops_after_quiet_passes() -> None:
    # `losses.append(train_step())` in nested loops: a list of unknowns grows, nothing is
    # built, so the passes after the quiet ones are not read (a GAN notebook's loops took
    # 163,000 steps, most of its analysis time).
    loop = """
        import numpy as np
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        def train_step():
            x = np.random.normal(size=(32, 8))
            d_loss = model.train_on_batch(x, np.ones(32))
            g_loss = model.train_on_batch(x, np.zeros(32))
            return d_loss, g_loss
        for epoch in range({passes}):
            losses = []
            for batch in range({passes}):
                losses.append(train_step())
            print(epoch, losses[-1])
    """
    assert _steps(loop.format(passes=64)) == _steps(loop.format(passes=4))


def test_a_list_of_layers_built_by_appends_in_a_loop_is_read_whole() -> None:
    model = only("""
        import keras
        stack = []
        for i in range(12):
            stack.append(keras.layers.Dense(8, activation="sigmoid"))
        model = keras.Sequential(stack)
    """)
    assert len(model.layers) == 12


def test_a_loop_that_applies_a_layer_to_the_graph_reads_every_pass() -> None:
    model = only("""
        import keras
        inputs = keras.Input((8,))
        shared = keras.layers.Dense(8, activation="sigmoid")
        x = inputs
        for i in range(12):
            x = shared(x)
        model = keras.Model(inputs, x)
    """)
    assert len(model.layers) == 12


def test_functional_chain_gives_layers_in_order() -> None:
    model = only("""
        import tensorflow as tf
        from tensorflow import keras
        inputs = keras.Input(shape=(10,))
        x = keras.layers.Dense(64, activation=tf.nn.relu)(inputs)
        x = keras.layers.Dense(32, activation="relu")(x)
        outputs = keras.layers.Dense(1, activation="sigmoid")(x)
        model = keras.Model(inputs=inputs, outputs=outputs)
    """)
    assert model.style == "functional"
    assert kinds(model) == [("Dense", 64, "relu"), ("Dense", 32, "relu"), ("Dense", 1, "sigmoid")]


def test_residual_add_is_noticed() -> None:
    model = only("""
        import keras
        inputs = keras.Input(shape=(8,))
        h = keras.layers.Dense(8, activation="sigmoid")(inputs)
        h = keras.layers.Add()([h, inputs])
        model = keras.Model(inputs, keras.layers.Dense(1)(h))
    """)
    assert model.has_residual


def test_subclassed_model_layers_follow_call() -> None:
    model = only("""
        import keras
        class Net(keras.Model):
            def __init__(self, width=16):
                super().__init__()
                self.out = keras.layers.Dense(1)
                self.hidden = keras.layers.Dense(width, activation="relu")
            def call(self, inputs):
                return self.out(self.hidden(inputs))
        model = Net()
        model.compile(optimizer="sgd", loss="mse")
    """)
    assert model.style == "subclass"
    assert kinds(model) == [("Dense", 16, "relu"), ("Dense", 1, "linear")]
    assert model.compile is not None


def test_learning_rate_through_config_dict_and_default_argument() -> None:
    model = only("""
        import keras
        CONFIG = {"lr": 3.0}
        def build(rate=CONFIG["lr"]):
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=rate), loss="mse")
            return model
        model = build()
    """)
    assert model.compile is not None and model.compile.optimizer is not None
    assert model.compile.optimizer.learning_rate == 3.0
    arg = model.compile.optimizer.learning_rate_arg
    assert arg is not None and arg.where.line == 3  # points at the literal in CONFIG


def test_call_site_argument_overrides_default() -> None:
    model = only("""
        import keras
        def build(rate=0.001):
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.Adam(rate), loss="mse")
            return model
        model = build(rate=5.0)
    """)
    assert model.compile is not None and model.compile.optimizer is not None
    assert model.compile.optimizer.learning_rate == 5.0


def test_schedule_initial_learning_rate_is_the_rate() -> None:
    model = only("""
        import keras
        schedule = keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=2.0, decay_steps=100, decay_rate=0.9)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule), loss="mse")
    """)
    optimizer = model.compile.optimizer if model.compile else None
    assert optimizer is not None and optimizer.learning_rate == 2.0
    assert optimizer.schedule == "ExponentialDecay"


def test_string_optimizer_uses_its_default_rate() -> None:
    model = only("""
        import keras
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile("adam", "mse")
    """)
    optimizer = model.compile.optimizer if model.compile else None
    assert (
        optimizer is not None and optimizer.uses_default_rate and optimizer.learning_rate == 0.001
    )


def test_loss_class_with_from_logits() -> None:
    model = only("""
        import keras
        model = keras.Sequential([keras.layers.Dense(3)])
        model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    """)
    loss = model.compile.loss if model.compile else None
    assert loss is not None and (loss.name, loss.from_logits) == (
        "sparse_categorical_crossentropy",
        True,
    )


def test_image_dataset_scaled_by_division_is_scaled() -> None:
    model = only("""
        import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = x_train.astype("float32") / 255.0
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
        model.fit(x_train, y_train)
    """)
    assert model.fit is not None and model.fit.x is not None
    assert model.fit.x.dataset == "mnist" and model.fit.x.scaled


def test_standard_scaler_marks_data_scaled() -> None:
    model = only("""
        import numpy as np, keras
        from sklearn.preprocessing import StandardScaler
        X = np.array([[1, 10000], [2, 20000]])
        X = StandardScaler().fit_transform(X)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(X, np.array([1, 2]))
    """)
    assert model.fit is not None and model.fit.x is not None and model.fit.x.scaled


def test_train_test_split_keeps_the_scale_of_the_features() -> None:
    model = only("""
        import numpy as np, keras
        from sklearn.model_selection import train_test_split
        X = np.array([[1, 10000], [2, 20000], [3, 30000]])
        X_train, X_test, y_train, y_test = train_test_split(X, np.array([0, 1, 0]))
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(X_train, y_train)
    """)
    assert model.fit is not None and model.fit.x is not None
    assert model.fit.x.feature_max_abs == [3.0, 30000.0] and not model.fit.x.scaled


def test_sklearn_toy_data_sets_have_their_documented_feature_ranges() -> None:
    model = only("""
        import keras
        from sklearn import datasets
        iris = datasets.load_iris()
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.fit(iris.data, iris.target)
    """)
    assert model.fit is not None and model.fit.x is not None
    assert model.fit.x.dataset == "iris" and model.fit.x.feature_max_abs == [7.9, 4.4, 6.9, 2.5]


def test_an_input_merged_beside_a_deeper_path_is_an_input_branch() -> None:
    model = only("""
        import keras
        inputs = keras.Input(shape=(8,))
        hidden = keras.layers.Dense(30)(keras.layers.Normalization()(inputs))
        merged = keras.layers.Concatenate()([inputs, hidden])
        model = keras.Model(inputs, keras.layers.Dense(1)(merged))
    """)
    assert [layer.kind for layer in model.layers] == [
        "Normalization",
        "Dense",
        "Concatenate",
        "Dense",
    ]
    assert [(b.layers, b.merge.kind, b.where.line) for b in model.input_branches] == [
        ([], "Concatenate", 5)
    ]


def test_tensors_merged_again_and_again_share_their_branches() -> None:
    model = only("""
        import keras
        inputs = keras.Input(shape=(8,))
        x = keras.layers.Dense(8)(inputs)
        for i in range(16):
            y = keras.layers.Dense(8)(x)
            x = keras.layers.concatenate([x, y])
        model = keras.Model(inputs, x)
    """)
    assert len(model.input_branches) == 16


def test_columns_scaled_in_place_make_the_frame_scaled() -> None:
    model = only("""
        import pandas as pd, keras
        from scipy.stats import zscore
        df = pd.read_csv("cars.csv")
        for col in ["weight", "horsepower"]:
            df[col] = zscore(df[col])
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(df[["weight", "horsepower"]].values, df["mpg"].values)
    """)
    assert model.fit is not None and model.fit.x is not None
    assert model.fit.x.source == "file" and model.fit.x.scaled


def test_tf_data_pipeline_carries_the_scale_its_map_gives() -> None:
    model = only("""
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.mnist.load_data()
        def preprocess(x, y):
            return tf.cast(x, tf.float32) / 255.0, y
        db = tf.data.Dataset.from_tensor_slices((x, y)).map(preprocess).shuffle(100).batch(32)
        model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
        model.fit(db)
    """)
    assert model.fit is not None and model.fit.x is not None
    assert model.fit.x.dataset == "mnist" and model.fit.x.scaled


def test_tf_data_pipeline_without_scaling_keeps_the_pixel_scale() -> None:
    model = only("""
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.mnist.load_data()
        db = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda x, y: (tf.cast(x, tf.float32), y))
        model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
        model.fit(db.batch(32))
    """)
    assert model.fit is not None and model.fit.x is not None
    assert model.fit.x.magnitude == 255.0 and not model.fit.x.scaled


def test_rescaling_layer_mapped_over_a_dataset_scales_it() -> None:
    model = only("""
        import keras
        ds = keras.utils.image_dataset_from_directory("photos")
        rescale = keras.layers.Rescaling(1.0 / 255)
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
        model.fit(ds.map(lambda x, y: (rescale(x), y)).prefetch(2))
    """)
    assert model.fit is not None and model.fit.x is not None and model.fit.x.scaled


def test_layer_class_that_adapts_standardizes_its_input() -> None:
    model = only("""
        import keras
        class Standardize(keras.layers.Layer):
            def adapt(self, sample):
                self.mean, self.std = sample.mean(), sample.std()
            def call(self, inputs):
                return inputs
        model = keras.Sequential([Standardize(), keras.layers.Dense(10)])
    """)
    assert model.layers[0].standardizes and model.layers[0].scales_input
    assert not model.layers[1].scales_input


def test_functional_model_cut_off_from_its_input_is_not_traced() -> None:
    found = models("""
        import keras, mystery
        inputs = keras.Input(shape=(8,))
        traced = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Dense(4)(inputs)))
        hidden = mystery.block(inputs)
        cut = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    """)
    assert [m.input_traced for m in found] == [True, False]


def test_a_layer_added_to_a_loaded_model_makes_a_model_with_unknown_first_layers() -> None:
    model = only("""
        import keras
        from helpers import copy_model

        class Transfer:
            def fit(self, base, x, y):
                self.model = copy_model(base)
                self.model.add(keras.layers.Dense(16, activation="relu"))
                self.model.add(keras.layers.Dense(3, activation="softmax"))
                self.model.compile(optimizer="adam", loss="categorical_crossentropy")
                self.model.fit(x, y)
    """)
    assert [layer.opaque for layer in model.layers] == [True, False, False]
    assert kinds(model)[1:] == [("Dense", 16, "relu"), ("Dense", 3, "softmax")]
    assert not model.input_traced
    assert model.compile is not None and model.fit is not None


def test_add_of_something_not_a_layer_to_an_unknown_value_builds_nothing() -> None:
    model = only("""
        import keras
        from registry import seen, snippet
        seen.add("name")
        seen.add(keras.optimizers.Adam())
        snippet.add(keras.layers.Dropout(0.5))
        model = keras.Sequential([keras.layers.Dense(1)])
    """)
    assert kinds(model) == [("Dense", 1, "linear")]


def test_arrays_passed_on_are_not_offered_as_a_future_fit_input() -> None:
    source = dedent("""
        import numpy as np, keras
        (x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
        digits = np.concatenate([x_train, x_test]).astype("float32") / 255
        X = np.random.rand(10, 3) * 1000
        model = keras.Sequential([keras.layers.Dense(1)])
    """)
    statements = split_statements(source)
    assert isinstance(statements, list)
    cache = StatementCache()
    extractor = Extractor([Chunk(cache.parse(text), line) for line, text in statements])
    extractor.run()
    # The raw digits went into a scaled copy; only X is still waiting for its fit().
    assert [name for name, _ in extractor.module_data()] == ["X"]


def test_literal_array_feature_scales_are_measured() -> None:
    model = only("""
        import numpy as np
        import keras
        X = np.array([[1, 10000, 2], [2, 20000, 3]])
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit(X, X[:, 0])
    """)
    assert model.fit is not None and model.fit.x is not None
    assert model.fit.x.feature_max_abs == [2.0, 20000.0, 3.0]


def test_an_array_of_a_long_range_reaches_the_range_end() -> None:
    # The interpreter reads only a long range's first items: the array still reaches its end.
    model = only("""
        import numpy as np
        import keras
        x = 1.0 * np.array(range(200))
        model = keras.Sequential([keras.layers.Dense(1, input_dim=1)])
        model.fit(x, 2.0 * x)
    """)
    assert model.fit is not None and model.fit.x is not None and model.fit.y is not None
    assert model.fit.x.feature_max_abs == [199.0]
    assert model.fit.y.feature_max_abs == [398.0]


def test_a_long_range_is_not_taken_for_the_whole_list_of_its_first_items() -> None:
    # Targets made by a long comprehension: only its first 64 items were read, so their
    # largest value (499.5) is not known, and certainly not 31.5.
    model = only("""
        import numpy as np
        import keras
        y = np.array([i * 0.5 for i in range(1000)])
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(np.zeros((1000, 4)), y)
    """)
    assert model.fit is not None and model.fit.y is not None
    assert model.fit.y.feature_max_abs is None and model.fit.y.value_range is None


def test_autoencoder_fit_on_its_input_is_noticed() -> None:
    model = only("""
        import numpy as np, keras
        x = np.random.rand(100, 8)
        model = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(8, activation="sigmoid")])
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, x)
    """)
    assert model.input_is_model_input


def test_separate_activation_layer_sets_the_stage_activation() -> None:
    model = only("""
        import keras
        model = keras.Sequential([keras.layers.Dense(1), keras.layers.Softmax()])
    """)
    stage = model.output_stage
    assert (
        stage is not None
        and stage.activation == "softmax"
        and stage.activation_layer.kind == "Softmax"
    )


def test_layer_ranges_point_at_constructor_calls() -> None:
    model = only("""
        import keras
        model = keras.Sequential([
            keras.layers.Dense(4),
        ])
    """)
    assert model.layers[0].where.range.start.line == 4
    assert model.line == 3


def test_file_without_keras_is_skipped_before_parsing() -> None:
    analysis = analyse_source("import numpy as np\nx = np.zeros(3)\n")
    assert analysis.skipped == "no Keras import"


def test_a_layer_class_of_the_file_last_leaves_the_output_activation_unknown() -> None:
    model = only("""
        import keras
        class Head(keras.layers.Layer):
            def call(self, x):
                return x
        model = keras.Sequential([keras.layers.Dense(3), Head()])
    """)
    stage = model.output_stage
    assert stage is not None and stage.layer.opaque and stage.activation is None


def test_an_unknown_call_on_a_tensor_is_an_opaque_layer() -> None:
    model = only("""
        import keras
        from heads import make_head
        head = make_head()
        inputs = keras.Input(shape=(8,))
        outputs = head(keras.layers.Dense(3)(inputs))
        model = keras.Model(inputs, outputs)
    """)
    assert [layer.opaque for layer in model.layers] == [False, True]


def test_an_unknown_item_of_a_sequential_list_is_an_opaque_layer() -> None:
    model = only("""
        import keras
        from heads import make_head
        model = keras.Sequential([keras.layers.Dense(3), make_head()])
    """)
    assert model.layers[-1].opaque
    assert model.layers[-1].where.code() == "make_head()"


def test_a_model_kept_on_a_keras_model_is_a_block() -> None:
    found = models("""
        import tensorflow as tf
        class Unit(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.conv = tf.keras.layers.Conv2D(8, 3)
            def call(self, x):
                return self.conv(x)
        class Net(tf.keras.Model):
            def __init__(self, n):
                super().__init__()
                self.units = []
                for _ in range(n):
                    self.units.append(Unit())
    """)
    assert {m.name: m.used_as_layer for m in found} == {"Unit": True, "Net": False}


def test_a_helper_model_used_as_a_block_once_is_a_block_everywhere() -> None:
    found = models("""
        import tensorflow as tf
        def block(filters, dropout=False):
            b = tf.keras.Sequential()
            b.add(tf.keras.layers.Conv2D(filters, 3))
            if dropout:
                b.add(tf.keras.layers.Dropout(0.5))
            return b
        inputs = tf.keras.Input(shape=(32, 32, 3))
        x = inputs
        for up in [block(8, dropout=True), block(8)]:
            x = up(x)
    """)
    sequential = [m for m in found if m.style == "sequential"]
    assert len(sequential) == 1 and sequential[0].used_as_layer


def test_zip_and_enumerate_pair_up_list_items() -> None:
    found = models("""
        import keras
        blocks = [keras.Sequential([keras.layers.Dense(4)]), keras.Sequential([keras.layers.Dense(2)])]
        inputs = keras.Input(shape=(8,))
        x = inputs
        for index, (block, _) in enumerate(zip(blocks, [1, 2])):
            x = block(x)
    """)
    assert all(m.used_as_layer for m in found)


def test_a_linear_activation_after_softmax_keeps_the_softmax() -> None:
    model = only("""
        import keras
        inputs = keras.Input(shape=(8,))
        x = keras.layers.Dense(3)(inputs)
        x = keras.layers.Activation("softmax")(x)
        outputs = keras.layers.Activation("linear", dtype="float32")(x)
        model = keras.Model(inputs, outputs)
    """)
    stage = model.output_stage
    assert stage is not None and stage.activation == "softmax"


def test_activation_functions_on_tensors_are_the_output_activation() -> None:
    found = models("""
        import tensorflow as tf
        class A(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.out = tf.keras.layers.Dense(1)
            def call(self, x):
                return tf.nn.softmax(self.out(x))
        class B(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.out = tf.keras.layers.Dense(1)
                self.prob = tf.keras.layers.Lambda(tf.nn.sigmoid)
            def call(self, x):
                return self.prob(self.out(x))
    """)
    activations = [m.output_stage.activation for m in found if m.output_stage is not None]
    assert activations == ["softmax", "sigmoid"]


def test_softmax_function_over_another_axis_is_not_over_the_last() -> None:
    model = only("""
        import tensorflow as tf
        class Attention(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.score = tf.keras.layers.Dense(1)
            def call(self, x):
                return tf.nn.softmax(self.score(x), axis=1)
    """)
    stage = model.output_stage
    assert stage is not None and not stage.activation_layer.activates_last_axis()


def test_a_file_that_builds_no_model_is_still_checked_for_syntax() -> None:
    found = analyse_source("import keras\nx = keras.ops.ones((2,)\n", "util.py")
    assert [d.code for d in found.diagnostics] == ["DF000"]
    assert found.syntax_error and found.models == []


def test_keras1_functional_model_keywords_input_and_output() -> None:
    model = only("""
        from keras.layers import Input, Dense
        from keras.models import Model
        inputs = Input(shape=(784,))
        encoded = Dense(32, activation="relu")(inputs)
        model = Model(input=inputs, output=Dense(784, activation="sigmoid")(encoded))
    """)
    assert kinds(model) == [("Dense", 32, "relu"), ("Dense", 784, "sigmoid")]


def _learning_rate(source: str) -> float | None:
    model = only(source)
    assert model.compile is not None and model.compile.optimizer is not None
    return model.compile.optimizer.learning_rate


def test_a_learning_rate_from_argparse_reads_as_its_default() -> None:
    assert (
        _learning_rate("""
            import argparse
            import keras
            parser = argparse.ArgumentParser()
            group = parser.add_argument_group("training")
            group.add_argument("--learning-rate", "-l", type=float, default="0.5")
            parser.add_argument("--epochs", type=int, default=10)
            args = parser.parse_args()
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.Adam(args.learning_rate), loss="mse")
        """)
        == 0.5
    )


def test_a_learning_rate_from_absl_flags_reads_as_its_default() -> None:
    assert (
        _learning_rate("""
            from absl import flags
            import keras
            FLAGS = flags.FLAGS
            flags.DEFINE_float("lr", 0.3, "learning rate")
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=FLAGS.lr), loss="mse")
        """)
        == 0.3
    )


def test_an_option_without_a_default_stays_unknown() -> None:
    assert (
        _learning_rate("""
            import argparse
            import keras
            parser = argparse.ArgumentParser()
            parser.add_argument("--lr", type=float, required=True)
            args, _ = parser.parse_known_args()
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="mse")
        """)
        is None
    )


def test_time_distributed_is_the_layer_it_wraps() -> None:
    model = only("""
        from keras.models import Sequential
        from keras.layers import LSTM, Activation, Dense, Dropout, TimeDistributed
        model = Sequential()
        model.add(LSTM(64, return_sequences=True))
        model.add(TimeDistributed(Dense(128)))
        model.add(Activation("relu"))
        model.add(Dropout(0.3))
        model.add(TimeDistributed(Dense(50, activation="softmax")))
    """)
    stage = model.output_stage
    assert stage is not None
    assert (stage.layer.kind, stage.layer.units, stage.activation) == ("Dense", 50, "softmax")


def test_keras_engine_model_is_a_functional_model() -> None:
    # Keras 2.0-2.2 exported Model from keras.engine.
    source = """
from keras.engine import Model, Input
from keras.layers import Dense
inputs = Input(shape=(4,))
model = Model(inputs=inputs, outputs=Dense(3, activation="softmax")(inputs))
"""
    (model,) = analyse_source(source, "train.py").models
    assert model.output_stage is not None and model.output_stage.layer.units == 3


def test_model_built_in_else_when_the_if_branch_loads_one() -> None:
    source = """
import os
from keras.models import Model, load_model
from keras.layers import Dense, Input
if os.path.exists("saved.h5"):
    model = load_model("saved.h5")
else:
    inputs = Input(shape=(4,))
    model = Model(inputs, Dense(3, activation="softmax")(inputs))
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    (model,) = analyse_source(source, "train.py").models
    assert model.compile is not None and model.compile.loss is not None


def test_else_branch_does_not_replace_what_the_if_branch_built() -> None:
    source = """
import sys
from keras.models import Sequential
from keras.layers import Dense
if len(sys.argv) > 1:
    model = Sequential([Dense(3, activation="softmax")])
else:
    model = Sequential([Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    compiled = [m for m in analyse_source(source, "train.py").models if m.compile is not None]
    assert [m.output_stage.layer.units for m in compiled if m.output_stage] == [3]


def test_columns_a_helper_scales_in_an_else_branch_are_scaled() -> None:
    source = """
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense
def zscore(frame, name):
    frame[name] = (frame[name] - frame[name].mean()) / frame[name].std()
df = pd.read_csv("data.csv")
for name in df.columns:
    if name == "label":
        pass
    else:
        zscore(df, name)
model = Sequential([Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(df.drop(columns="label").values, df["label"].values)
"""
    (model,) = analyse_source(source, "train.py").models
    assert model.fit is not None and model.fit.x is not None and model.fit.x.scaled


def test_a_branch_read_for_its_effects_on_data_adds_no_layers() -> None:
    source = """
import sys
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
if len(sys.argv) > 1:
    model.add(Dense(3, activation="softmax"))
else:
    model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    (model,) = analyse_source(source, "train.py").models
    assert [layer.units for layer in model.layers] == [3]


def test_loss_dict_keyed_by_the_output_layer_name() -> None:
    source = """
from keras.models import Model
from keras.layers import Dense, Input
inputs = Input(shape=(4,))
outputs = Dense(5, activation="sigmoid", name="out")(inputs)
model = Model(inputs, outputs)
model.compile(optimizer="adam", loss={"out": "binary_crossentropy"})
"""
    (model,) = analyse_source(source, "train.py").models
    assert model.compile is not None and model.compile.loss is not None
    assert model.compile.loss.name == "binary_crossentropy"


def test_loss_dict_for_another_output_is_not_read() -> None:
    source = """
from keras.models import Model
from keras.layers import Dense, Input
inputs = Input(shape=(4,))
outputs = Dense(5, activation="sigmoid", name="out")(inputs)
model = Model(inputs, outputs)
model.compile(optimizer="adam", loss={"aux": "mse"})
"""
    (model,) = analyse_source(source, "train.py").models
    assert model.compile is not None and model.compile.loss is None


_TWO_HEADS = """
from keras.losses import binary_crossentropy
from keras.models import Model
from keras.layers import Dense, Input
inputs = Input(shape=(16,))
classes = Dense(5, activation="softmax", name="classes")(inputs)
boxes = Dense(4, name="boxes")(inputs)
model = Model(inputs, {outputs})
model.compile(optimizer="adam", loss={loss})
model.fit(x, {labels}, epochs=3)
"""


def _two_heads(outputs: str, loss: str, labels: str = "[y_classes, y_boxes]") -> ModelSpec:
    source = _TWO_HEADS.format(outputs=outputs, loss=loss, labels=labels)
    (model,) = analyse_source(source, "train.py").models
    return model


def test_a_list_of_losses_pairs_its_first_item_with_the_first_output() -> None:
    model = _two_heads("[classes, boxes]", '[binary_crossentropy, "mse"]')
    assert model.compile is not None and model.compile.loss is not None
    assert model.compile.loss.name == "binary_crossentropy"
    assert model.compile.loss.where.code() == "binary_crossentropy"


def test_a_list_of_losses_of_another_length_is_not_paired() -> None:
    model = _two_heads("[classes, boxes]", '["binary_crossentropy", "mse", "mae"]')
    assert model.compile is not None and model.compile.loss is None


def test_a_dict_of_losses_pairs_with_the_output_layer_name_among_several() -> None:
    model = _two_heads(
        "[classes, boxes]", '{"boxes": "mse", "classes": "categorical_crossentropy"}'
    )
    assert model.compile is not None and model.compile.loss is not None
    assert model.compile.loss.name == "categorical_crossentropy"


def test_a_dict_of_outputs_pairs_its_losses_by_key() -> None:
    model = _two_heads('{"label": classes, "box": boxes}', '{"box": "mse", "label": "hinge"}')
    assert model.compile is not None and model.compile.loss is not None
    assert model.compile.loss.name == "hinge"


def test_one_loss_for_several_outputs_is_each_ones() -> None:
    model = _two_heads("[classes, boxes]", '"categorical_crossentropy"')
    assert model.compile is not None and model.compile.loss is not None
    assert model.compile.loss.name == "categorical_crossentropy"


def test_fit_labels_of_several_outputs_are_the_traced_outputs_own() -> None:
    labels = "[np.eye(5)[np.random.randint(0, 5, 64)], np.random.rand(64, 4)]"
    model = _two_heads("[classes, boxes]", '["categorical_crossentropy", "mse"]', labels)
    assert model.fit is not None and model.fit.y is not None
    assert model.fit.y.where.code().startswith("np.eye(5)")


def test_every_other_output_is_judged_with_its_own_loss_and_labels() -> None:
    labels = "[np.eye(5)[np.random.randint(0, 5, 64)], np.random.rand(64, 4) * 100]"
    model = _two_heads("[classes, boxes]", '["categorical_crossentropy", "mse"]', labels)
    (boxes,) = model.output_views()
    assert [layer.kind for layer in boxes.layers] == ["Dense"]
    assert boxes.layers[0].args["name"].where.code() == '"boxes"'
    assert boxes.output_slot == (1, 2)
    assert boxes.compile is not None and boxes.compile.loss is not None
    assert boxes.compile.loss.name == "mse" and boxes.compile.loss.where.code() == '"mse"'
    assert boxes.fit is not None and boxes.fit.y is not None and boxes.fit.loss is not None
    assert boxes.fit.y.where.code() == "np.random.rand(64, 4) * 100"
    assert boxes.fit.compiled is boxes.compile and boxes.fit.loss.name == "mse"
    assert not model.output_views()[0].input_is_model_input


def test_another_output_takes_its_loss_from_a_dict_by_its_layer_name() -> None:
    model = _two_heads(
        "[classes, boxes]", '{"boxes": "mse", "classes": "categorical_crossentropy"}'
    )
    (boxes,) = model.output_views()
    assert boxes.compile is not None and boxes.compile.loss is not None
    assert boxes.compile.loss.name == "mse"


def test_an_output_trained_to_give_back_an_input_is_a_reconstruction() -> None:
    source = _TWO_HEADS.format(
        outputs="[classes, boxes]", loss='["categorical_crossentropy", "mse"]', labels="[y, x]"
    )
    (model,) = analyse_source(source, "train.py").models
    (boxes,) = model.output_views()
    assert boxes.input_is_model_input and not model.input_is_model_input


def test_a_loss_or_labels_that_say_nothing_of_an_output_give_it_none() -> None:
    model = _two_heads("[classes, boxes]", '{"classes": "categorical_crossentropy"}', "[y]")
    (boxes,) = model.output_views()
    assert boxes.compile is not None and boxes.compile.loss is None
    assert boxes.fit is not None and boxes.fit.y is not None
    assert boxes.fit.y.source == "unknown" and boxes.fit.loss is None


def test_the_other_outputs_findings_are_reported_where_they_are_written() -> None:
    source = _TWO_HEADS.format(
        outputs="[classes, boxes]",
        loss='["categorical_crossentropy", binary_crossentropy]',
        labels="[y, z]",
    ).replace('Dense(4, name="boxes")', 'Dense(1, activation="softmax", name="boxes")')
    found = [(d.code, d.range.start.line) for d in analyse_source(source, "train.py").diagnostics]
    assert ("DF401", 7) in found  # the second output's layer: a softmax over one unit


def test_labels_of_one_output_in_a_dict_keyed_by_its_name_are_its_own() -> None:
    source = "import numpy as np\nfrom keras.utils import to_categorical" + _TWO_HEADS.format(
        outputs="classes",
        loss='"categorical_crossentropy"',
        labels='{"classes": to_categorical(np.random.randint(0, 5, 64), 5)}',
    )
    (model,) = analyse_source(source, "train.py").models
    assert model.fit is not None and model.fit.y is not None
    assert model.fit.y.label_format == "one_hot" and model.fit.y.classes == 5


def test_keras1_objectives_module_names_losses() -> None:
    source = _TWO_HEADS.format(outputs="classes", loss="binary_crossentropy", labels="y")
    source = source.replace("keras.losses", "keras.objectives")
    (model,) = analyse_source(source, "train.py").models
    assert model.compile is not None and model.compile.loss is not None
    assert model.compile.loss.name == "binary_crossentropy"


def test_else_branch_that_assigns_nothing_unknown_is_not_read() -> None:
    source = """
import sys
from keras.models import Sequential
from keras.layers import Dense
model = Sequential([Dense(8, activation="relu")])
if len(sys.argv) > 1:
    n = int(sys.argv[1])
    model.add(Dense(n, activation="softmax"))
else:
    model.add(Dense(1, activation="sigmoid"))
"""
    (model,) = analyse_source(source, "train.py").models
    assert model.output_stage is not None and model.output_stage.activation == "softmax"


def test_model_built_in_except_when_the_try_loads_one() -> None:
    source = """
from keras.models import Sequential, load_model
from keras.layers import Dense
try:
    model = load_model("saved.h5")
except OSError:
    model = Sequential([Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
    (model,) = analyse_source(source, "train.py").models
    assert model.compile is not None and model.compile.loss is not None


def _batch_functions(source: str) -> list[tuple[str, str, list[str]]]:
    statements = split_statements(dedent(source))
    assert isinstance(statements, list)
    cache = StatementCache()
    extractor = Extractor([Chunk(cache.parse(text), line) for line, text in statements])
    extractor.run()
    return [(f.role, f.node.name.value, sorted(f.calls)) for f in extractor.batch_functions()]


def test_generators_and_sequences_fit_trains_on_are_batch_functions() -> None:
    found = _batch_functions("""
        import numpy as np, keras

        def jitter(row):
            return row + np.random.normal(0, 0.1, row.shape)

        def batches(x):
            while True:
                yield jitter(x), x

        def validation(x):
            while True:
                yield x, x

        class Rows(keras.utils.Sequence):
            def __getitem__(self, index):
                return self.pick(index)

            def pick(self, index):
                return index, index

        x = np.zeros((4, 2))
        model = keras.Sequential([keras.layers.Dense(2)])
        model.fit(batches(x), validation_data=validation(x))
        loaded = keras.models.load_model("m.keras")
        loaded.fit_generator(generator=Rows())
    """)
    assert found == [
        ("generator", "batches", ["jitter"]),
        ("sequence", "__getitem__", ["self.pick"]),
    ]


def test_a_model_given_weights_and_never_trained_is_run_to_predict() -> None:
    model = only("""
        import keras
        model = keras.Sequential([keras.layers.Dense(1)])
        model.load_weights("pretrained.weights.h5")
        scores = model.predict(x)
    """)
    assert model.weights_set is not None and model.inference_only


def test_weights_copied_into_each_layer_are_weights_given() -> None:
    for loop in ("for layer in model.layers:", "for i, layer in enumerate(model.layers):"):
        model = only(f"""
            import keras
            model = keras.Sequential([keras.layers.Dense(1)])
            {loop}
                layer.set_weights(weights.pop())
        """)
        assert model.inference_only, loop


def test_a_model_given_weights_is_trained_by_fit_or_by_code_not_read() -> None:
    fitted = only("""
        import keras
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss="mse")
        model.load_weights("start.weights.h5")
        model.fit(x, y)
    """)
    given_away = only("""
        import keras, trainer
        model = keras.Sequential([keras.layers.Dense(1)])
        model.load_weights("start.weights.h5")
        trainer.train(model)
    """)
    assert not fitted.inference_only and not given_away.inference_only


def test_weights_loaded_by_a_function_may_be_trained_by_its_caller() -> None:
    model = only("""
        import keras
        def load():
            model = keras.Sequential([keras.layers.Dense(1)])
            model.load_weights("checkpoint.weights.h5")
            return model
    """)
    assert model.weights_set is not None and not model.inference_only


def test_weights_loaded_by_a_function_whose_model_the_file_predicts_with() -> None:
    # A pretrained network's builder loads its weights; the file compiles the model out of
    # habit and predicts: nothing trains it.
    model = only("""
        import keras
        def pretrained(path):
            model = keras.Sequential([keras.layers.Dense(1)])
            model.load_weights(path)
            return model
        model = pretrained("resnet.weights.h5")
        model.compile(optimizer="sgd", loss="categorical_crossentropy")
        features = model.predict(images)
    """)
    assert model.inference_only


def test_weights_loaded_by_a_function_whose_model_a_function_predicts_with() -> None:
    # A music generator: one function builds the network and loads its weights, another
    # samples notes from it; the top level calls both and never trains.
    model = only("""
        import keras
        def network():
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer="rmsprop", loss="categorical_crossentropy")
            model.load_weights("weights.hdf5")
            return model
        def generate(model, pattern):
            return model.predict(pattern)
        notes = generate(network(), seed)
    """)
    assert model.inference_only


def test_a_column_picked_from_a_literal_array_has_that_columns_scale() -> None:
    source = """
        import numpy as np, keras
        data = np.array([[4, 2], [10, 120], [25, 85]])
        model = keras.Sequential([keras.layers.Dense(1)])
        model.fit({x}, data[:, 1])
    """
    picks = {"data[:, 0]": [25.0], "data[:, -1]": [120.0], "data[:, 0:2]": [25.0, 120.0]}
    for pick, maxima in picks.items():
        model = only(source.format(x=pick))
        assert model.fit is not None and model.fit.x is not None
        assert model.fit.x.feature_max_abs == maxima, pick


def test_label_rows_stacked_into_an_array_are_not_class_ids() -> None:
    for stack in ("np.array(rows)", "np.stack(rows)", "np.vstack(rows)"):
        model = only(f"""
            import numpy as np, keras
            rows = []
            for i in range(100):
                rows.append(np.array([1, 0]))
            for i in range(100):
                rows.append(np.array([0, 1]))
            labels = {stack}
            model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
            model.compile(loss="categorical_crossentropy", optimizer="adam")
            model.fit(x, labels)
        """)
        assert model.fit is not None and model.fit.y is not None
        assert model.fit.y.label_format == "unknown", stack


def test_channel_means_taken_away_in_place_are_preprocessing() -> None:
    model = only("""
        import cv2, glob, numpy as np, keras
        images = []
        for name in glob.glob("*.jpg"):
            image = cv2.imread(name).astype(np.float32)
            image[:, :, 0] -= 103.939
            image[:, :, 1] -= 116.779
            image[:, :, 2] -= 123.68
            images.append(image)
        model = keras.Sequential([keras.layers.Conv2D(8, 3, activation="relu")])
        model.fit(np.array(images), labels)
    """)
    assert model.fit is not None and model.fit.x is not None and model.fit.x.scaled


def test_labels_appended_in_a_loop_over_folders_hold_an_unknown_class_count() -> None:
    # The loop over os.walk() is read once; the labels it makes are a sample of the classes,
    # not all of them (a held-out notebook's 10 sports read as 1 class: DF401 as an error).
    model = only("""
        import os, numpy as np, keras
        counts = []
        for root, folders, files in os.walk("sportimages"):
            counts.append(len(files))
        labels = []
        index = 0
        for count in counts:
            for i in range(count):
                labels.append(index)
            index = index + 1
        y = np.array(labels)
        classes = len(np.unique(y))
        model = keras.Sequential([keras.layers.Dense(classes, activation="softmax")])
    """)
    assert model.layers[-1].units is None


def test_enumerate_of_a_known_list_gives_its_pairs_in_a_loop_or_a_call() -> None:
    for loop in ("enumerate(sizes)", "list(enumerate(sizes))"):
        model = only(f"""
            import keras
            sizes = [64, 32]
            model = keras.Sequential()
            for i, units in {loop}:
                model.add(keras.layers.Dense(units))
        """)
        assert [layer.units for layer in model.layers] == [64, 32], loop


def test_popping_the_last_layer_takes_it_off_the_model() -> None:
    # Sequential.pop(), and Keras 1 and 2.0's way to swap a pretrained classifier for a new
    # head: pop the list, then point the model's outputs at the layer before.
    for pop in ("model.pop()", "model.layers.pop(); model.outputs = [model.layers[-1].output]"):
        model = only(f"""
            from keras.models import Sequential
            from keras.layers import Dense
            model = Sequential([Dense(64, activation="relu", input_shape=(8,))])
            model.add(Dense(1000, activation="softmax"))
            model.load_weights("imagenet.h5")
            {pop}
            model.add(Dense(17, activation="sigmoid"))
        """)
        assert kinds(model) == [("Dense", 64, "relu"), ("Dense", 17, "sigmoid")], pop


def test_popping_the_layer_list_alone_keeps_the_layer() -> None:
    # The next add() follows the old output (and from Keras 2.2 `.layers` is a copy).
    model = only("""
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(64, activation="relu", input_shape=(8,))])
        model.add(Dense(1000, activation="softmax"))
        model.layers.pop()
        model.add(Dense(17, activation="sigmoid"))
        model.outputs = [model.layers[-1].output]
    """)
    assert [layer.units for layer in model.layers] == [64, 1000, 17]


def test_a_layer_taken_from_a_model_and_added_back_is_not_known() -> None:
    # Greedy layer-wise pretraining: the output layer is kept, popped, and put back after a
    # new hidden layer; the new hidden layer is not the output.
    model = only("""
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(10, activation="relu", input_dim=2)])
        model.add(Dense(3, activation="softmax"))
        output_layer = model.layers[-1]
        model.pop()
        model.add(Dense(10, activation="relu"))
        model.add(output_layer)
    """)
    assert kinds(model)[-2:] == [("Dense", 10, "relu"), ("?", None, None)]
    assert model.layers[-1].opaque


def test_popping_under_a_guess_keeps_the_layers() -> None:
    # Whether the branch runs is not known: the model keeps its layers and says less.
    model = only("""
        import sys
        from keras.models import Sequential
        from keras.layers import Dense
        model = Sequential([Dense(64, activation="relu", input_shape=(8,)), Dense(3)])
        if len(sys.argv) > 2:
            model.pop()
    """)
    assert [layer.units for layer in model.layers] == [64, 3]


def test_branches_on_the_same_name_are_read_as_one_path() -> None:
    # Two `if mode == ...:` blocks can never both run: the first one read as taken, the second
    # is not read into the same model (which would put a softmax before more layers, DF203).
    source = """
        from keras.models import Sequential
        from keras.layers import Dense, Activation, Flatten

        def build_model(mode):
            model = Sequential()
            if mode == 'easy':
                model.add(Flatten(input_shape=(48, 48, 1)))
                model.add(Dense(7))
                model.add(Activation('softmax'))
            if mode == 'simple':
                model.add(Flatten(input_shape=(48, 48, 1)))
                model.add(Dense(64, activation='relu'))
                model.add(Dense(7, activation='softmax'))
            model.compile(loss='categorical_crossentropy', optimizer='adam')
            return model
        """
    model = only(source)
    assert kinds(model) == [
        ("Flatten", None, None),
        ("Dense", 7, "linear"),
        ("Activation", None, "softmax"),
    ]
    assert "DF203" not in {d.code for d in analyse_source(dedent(source), "m.py").diagnostics}


def test_a_branch_that_rebinds_its_name_leaves_it_unknown() -> None:
    # `if units == 0: units = ...` does not make units 0 from then on.
    model = only("""
        import keras
        def build(units):
            if units == 0:
                units = pick_units()
            return keras.Sequential([keras.layers.Dense(units, activation="relu"), keras.layers.Dense(1)])
        model = build(args.units)
        """)
    assert model.layers[0].units is None


def test_a_negated_random_array_has_its_smallest_and_largest_values_swapped() -> None:
    model = only("""
        import numpy as np
        import keras
        y = -(20 + np.random.rand(64))
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.random.rand(64, 3), y)
    """)
    assert model.fit is not None and model.fit.y is not None
    assert model.fit.y.span == (-21.0, -20.0)


def test_len_of_a_list_written_out_whole_is_its_item_count() -> None:
    model = only("""
        import keras
        classes = ["BG", "HCC"]
        nb_classes = len(classes)
        model = keras.Sequential([keras.layers.Dense(nb_classes, activation="softmax")])
    """)
    assert kinds(model) == [("Dense", 2, "softmax")]


def test_len_of_a_list_added_to_is_not_known() -> None:
    model = only("""
        import os
        import keras
        classes = ["BG"]
        for name in os.listdir("data"):
            classes.append(name)
        model = keras.Sequential([keras.layers.Dense(len(classes), activation="softmax")])
    """)
    assert kinds(model) == [("Dense", None, "softmax")]


def test_a_table_made_of_an_array_is_that_array() -> None:
    model = only("""
        import pandas as pd
        import keras
        (x, y), _ = keras.datasets.boston_housing.load_data()
        frame = pd.DataFrame(x)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(frame, pd.Series(y))
    """)
    assert model.fit is not None and model.fit.x is not None and model.fit.y is not None
    assert model.fit.x.dataset == "boston_housing" and model.fit.y.span == (5.0, 50.0)


def test_tensorflow_s_short_module_names_are_keras_s() -> None:
    model = only("""
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer=tf.optimizers.RMSprop(learning_rate=5.0),
                      loss=tf.losses.BinaryCrossentropy())
    """)
    assert model.compile is not None and model.compile.optimizer is not None
    assert model.compile.optimizer.name == "rmsprop"
    assert model.compile.optimizer.learning_rate == 5.0
    assert model.compile.loss is not None and model.compile.loss.name == "binary_crossentropy"


def test_columns_picked_by_name_do_not_keep_the_whole_table_s_largest_values() -> None:
    model = only("""
        import pandas as pd
        import keras
        from sklearn.datasets import fetch_california_housing
        X = pd.DataFrame(fetch_california_housing().data)
        features = ["MedInc", "HouseAge"]
        X = X[features]
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, y)
    """)
    assert model.fit is not None and model.fit.x is not None
    assert model.fit.x.feature_max_abs is None
