# expect:
import numpy as np
import keras
from keras import layers

NUM_CLASSES = 7
x_train = np.random.normal(size=(5000, 54)).astype("float32")
y_train = np.random.randint(0, NUM_CLASSES, size=(5000,))

inputs = keras.Input(shape=(54,))
x = layers.Dense(256, activation="gelu")(inputs)
x = layers.LayerNormalization()(x)
x = layers.Dense(128, activation="gelu")(x)
logits = layers.Dense(NUM_CLASSES)(x)
model = keras.Model(inputs, logits)

model.compile(
    optimizer=keras.optimizers.AdamW(learning_rate=1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)
model.fit(x_train, y_train, epochs=15, batch_size=256)
