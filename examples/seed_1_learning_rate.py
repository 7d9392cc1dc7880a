import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.layers import Dense

model = keras.Sequential([
    Dense(128, activation='relu', input_shape=(10,)),
    Dense(1)
])

model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss='mse')

# ... (training code) ...
