# expect:
# The same notebook scaling its test features with the training rows' statistics.
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from tensorflow import keras
from tensorflow.keras.utils import to_categorical

df = pd.read_csv("mfcc_features.csv")
X_train, X_test, Y_train, Y_test = train_test_split(
    df.drop(["path", "labels"], axis=1), df.labels, test_size=0.25, shuffle=True
)
Xmean = np.mean(X_train, axis=0)
Xstd = np.std(X_train, axis=0)
X_train = (X_train - Xmean) / Xstd
X_test = (X_test - Xmean) / Xstd
X_train = np.expand_dims(np.array(X_train), axis=2)
X_test = np.expand_dims(np.array(X_test), axis=2)
Y_train = to_categorical(Y_train, 8)
Y_test = to_categorical(Y_test, 8)

model = keras.Sequential(
    [
        keras.Input((216, 1)),
        keras.layers.Conv1D(64, 8, padding="same", activation="relu"),
        keras.layers.MaxPooling1D(8),
        keras.layers.Flatten(),
        keras.layers.Dense(8, activation="softmax"),
    ]
)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X_train, Y_train, batch_size=16, epochs=50, validation_data=(X_test, Y_test))
