# expect:
# Multi-label tagging: several independent yes/no outputs, so sigmoid + binary cross-entropy
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

NUM_TAGS = 20
x_train = np.random.normal(size=(5000, 300)).astype("float32")
y_train = (np.random.rand(5000, NUM_TAGS) < 0.1).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(300,)),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(NUM_TAGS, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=[keras.metrics.BinaryAccuracy(), keras.metrics.AUC(multi_label=True)])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_split=0.1)
