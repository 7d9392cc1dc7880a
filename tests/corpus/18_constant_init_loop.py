# expect: DF601
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers, initializers

N_HIDDEN = 3
x_train = np.random.normal(size=(3000, 24)).astype("float32")
y_train = np.random.randint(0, 4, size=(3000,))

model = keras.Sequential()
model.add(keras.Input(shape=(24,)))
for i in range(N_HIDDEN):
    model.add(layers.Dense(48, activation="tanh",
                           kernel_initializer=initializers.Constant(0.5)))
    model.add(layers.BatchNormalization())
model.add(layers.Dense(4, activation="softmax"))

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64)
