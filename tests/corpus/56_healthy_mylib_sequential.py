# expect:
# Our in-house toy framework happens to use Keras-like names.
import numpy as np
from mylib.nn import Sequential, Dense, Dropout
from mylib.optim import Adam

X = np.array([[1, 10000, 2], [2, 20000, 3], [3, 30000, 4]])
y = np.array([1, 2, 3])

model = Sequential([
    Dense(1, activation="softmax"),
    Dropout(0.95),
])
model.compile(optimizer=Adam(learning_rate=10.0), loss="categorical_crossentropy")
model.fit(X, y, epochs=2)
