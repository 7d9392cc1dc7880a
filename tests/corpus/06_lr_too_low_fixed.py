# expect:
import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout
from tensorflow.keras.optimizers import Adam

LEARNING_RATE = 1e-3
EPOCHS = 5

x_train = np.random.randn(5000, 30).astype(np.float32)
y_train = np.random.randint(0, 3, size=5000)

model = Sequential([
    Dense(128, activation='relu', input_shape=(30,)),
    Dropout(0.3),
    Dense(64, activation='relu'),
    Dense(3, activation='softmax'),
])
model.compile(optimizer=Adam(learning_rate=LEARNING_RATE),
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32)
