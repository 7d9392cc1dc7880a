# expect: DF401
import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Dropout

X = np.random.normal(size=(1500, 30))
y = np.random.randint(0, 2, size=(1500,))

layer_list = [
    Dense(64, activation='relu', input_shape=(30,)),
    Dropout(0.25),
    Dense(32, activation='relu'),
    Dense(1, activation='softmax'),
]
model = Sequential(layer_list)
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=20, batch_size=32)
