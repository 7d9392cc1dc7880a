# expect:
# A tf.data pipeline that decodes JPEG files and resizes them, without converting their scale
import tensorflow as tf
from tensorflow import keras

paths = tf.io.gfile.glob("flowers/*/*.jpg")
labels = [0 if "daisy" in p else 1 for p in paths]


def load(path, label):
    image = tf.io.read_file(path)
    image = tf.io.decode_jpeg(image, channels=3)
    image = tf.image.convert_image_dtype(image, tf.float32)
    image = tf.image.resize(image, [128, 128])
    return image, label


train_ds = tf.data.Dataset.from_tensor_slices((paths, labels)).map(load).shuffle(500).batch(32)

model = keras.Sequential([
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train_ds, epochs=5)
