import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense

model = keras.Sequential([
    Dense(128, activation='sigmoid', input_shape=(10,)),
    Dense(128, activation='sigmoid'),
    Dense(128, activation='sigmoid'),
    Dense(128, activation='sigmoid'),
    Dense(1)
])

model.compile(optimizer='adam', loss='mse')

# ... (training code) ...
