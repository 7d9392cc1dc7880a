# expect:
# Resume from a checkpoint when there is one, else build a classifier on a frozen backbone;
# the ten-way softmax is compiled with categorical cross-entropy
import os

from keras.applications import MobileNetV2
from keras.datasets import cifar10
from keras.engine import Model
from keras.layers import Dense, GlobalAveragePooling2D
from keras.models import load_model
from keras.utils import to_categorical

(x_train, y_train), _ = cifar10.load_data()
y_train = to_categorical(y_train, 10)

checkpoint = "weights/classifier.h5"
if os.path.exists(checkpoint):
    classifier = load_model(checkpoint)
else:
    backbone = MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None)
    pooled = GlobalAveragePooling2D()(backbone.output)
    scores = Dense(10, activation="softmax")(pooled)
    classifier = Model(inputs=backbone.input, outputs=scores)

classifier.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
classifier.fit(x_train / 255.0, y_train, epochs=5, batch_size=64)
