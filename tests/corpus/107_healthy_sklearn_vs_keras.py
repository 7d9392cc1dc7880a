# expect:
# Comparing scikit-learn's MLP with the equivalent Keras model on the same data.
import numpy as np
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from tensorflow import keras

X, y = make_classification(n_samples=2000, n_features=20, random_state=0)
X = StandardScaler().fit_transform(X)

sk_model = MLPClassifier(hidden_layer_sizes=(64, 64, 64, 64), activation="logistic",
                         learning_rate_init=0.5, max_iter=200)
sk_model.fit(X, y)
print("sklearn:", sk_model.score(X, y))

model = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=20, batch_size=32, verbose=0)
print("keras:", model.evaluate(X, y, verbose=0)[1])
