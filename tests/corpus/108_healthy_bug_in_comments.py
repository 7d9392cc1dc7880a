# expect:
"""Binary classifier for churn.

Note to self: an earlier version used

    model.add(Dense(1, activation='softmax'))
    model.compile(optimizer=Adam(learning_rate=10.0), loss='categorical_crossentropy')

and predicted 1.0 for everyone. Softmax over one unit is always 1.
"""
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.optimizers import Adam

X = np.random.normal(size=(3000, 11)).astype("float32")
y = np.random.randint(0, 2, size=(3000,)).astype("float32")

model = Sequential()
model.add(Dense(32, activation='relu', input_shape=(11,)))
# model.add(Dense(1, activation='softmax'))
model.add(Dense(1, activation='sigmoid'))
model.compile(optimizer=Adam(learning_rate=1e-3), loss='binary_crossentropy', metrics=['accuracy'])
WRONG_LOSS = "categorical_crossentropy"  # kept for the blog post, not used
model.fit(X, y, epochs=20, batch_size=32)
