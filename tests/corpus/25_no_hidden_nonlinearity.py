# expect:
# expect-info: DF202
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

X = np.random.uniform(-2, 2, size=(3000, 2)).astype("float32")
y = (X[:, 0] ** 2 + X[:, 1] ** 2 < 1.5).astype("float32")

model = Sequential([
    Dense(64, input_shape=(2,)),
    Dense(64),
    Dense(32),
    Dense(1, activation='sigmoid'),
])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=50, batch_size=32)
