# expect: DF402
import numpy as np
import keras
from keras import layers

HIDDEN_ACTIVATION = "relu"
OUTPUT_ACTIVATION = "relu"

# standardised power-plant data: the target (net output, centred) is often negative
data = np.load("ccpp_standardised.npz")
x_train, y_train = data["x"], data["y"]


def make_model(n_features):
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Dense(64, activation=HIDDEN_ACTIVATION),
        layers.Dense(64, activation=HIDDEN_ACTIVATION),
        layers.Dense(1, activation=OUTPUT_ACTIVATION),
    ])


model = make_model(x_train.shape[1])
model.compile(optimizer="adam", loss="mean_absolute_error")
model.fit(x_train, y_train, epochs=50, batch_size=32, validation_split=0.2)
