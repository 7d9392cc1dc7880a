# expect:
# expect-info: DF501
import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Activation, Dense

X = np.random.normal(size=(900, 10)).astype("float32")
Y = keras.utils.to_categorical(np.random.randint(0, 4, size=900), num_classes=4)

model = keras.Sequential()
model.add(Dense(32, input_shape=(10,)))
model.add(Activation("relu"))
model.add(Dense(4))
model.add(Activation("softmax"))
model.compile(optimizer="adam", loss=keras.losses.MeanAbsoluteError(), metrics=["accuracy"])
model.fit(X, Y, epochs=40, batch_size=16)
