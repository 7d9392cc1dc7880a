# expect: DF607
# Transfer learning whose freeze is misspelt: the loop sets an attribute Keras never reads,
# so the whole pretrained base trains with the new head's random gradients.
import numpy as np
from tensorflow import keras

base_model = keras.applications.MobileNetV2(
    input_shape=(96, 96, 3), include_top=False, weights=None
)
for layer in base_model.layers:
    layer.trainabe = False

model = keras.Sequential(
    [
        base_model,
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(5, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
images = np.random.rand(64, 96, 96, 3).astype("float32")
labels = np.random.randint(0, 5, 64)
model.fit(images, labels, epochs=3)
