# expect: DF603
import numpy as np
import keras
from keras import layers

x_train = np.random.normal(size=(3000, 20)).astype("float32")
y_train = np.random.randint(0, 6, size=(3000,))

inputs = keras.Input(shape=(20,))
x = layers.Dense(128, activation="relu")(inputs)
x = layers.Dropout(0.3)(x)
x = layers.Dense(64, activation="relu")(x)
x = layers.Dense(6, activation="softmax")(x)
outputs = layers.Dropout(0.3)(x)
model = keras.Model(inputs=inputs, outputs=outputs)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=32)
