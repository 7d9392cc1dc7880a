# expect:
# A tf.data pipeline whose map() casts and divides by 255, trained with fit() and by hand
import tensorflow as tf
from tensorflow.keras import datasets, layers, optimizers, Sequential


def preprocess(x, y):
    x = tf.cast(x, dtype=tf.float32) / 255.0
    x = tf.reshape(x, [28 * 28])
    y = tf.one_hot(tf.cast(y, dtype=tf.int32), depth=10)
    return x, y


(x, y), (x_val, y_val) = datasets.mnist.load_data()
db = tf.data.Dataset.from_tensor_slices((x, y))
db = db.map(preprocess).shuffle(60000).batch(128)
db_val = tf.data.Dataset.from_tensor_slices((x_val, y_val)).map(preprocess).batch(128)

network = Sequential([layers.Dense(256, activation="relu"), layers.Dense(10)])
network.build(input_shape=(None, 28 * 28))
network.compile(optimizer=optimizers.Adam(learning_rate=1e-3),
                loss=tf.losses.CategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
network.fit(db, epochs=5, validation_data=db_val)

# A second network trained in a loop over a dataset scaled by convert_image_dtype in a lambda.
(x_train, y_train), _ = datasets.fashion_mnist.load_data()
train_db = tf.data.Dataset.from_tensor_slices((x_train, y_train)).map(
    lambda image, label: (tf.image.convert_image_dtype(image[..., None], tf.float32), label)
).batch(64)
convnet = Sequential([layers.Conv2D(32, 3, activation="relu"), layers.Flatten(), layers.Dense(10)])
convnet.build(input_shape=(None, 28, 28, 1))
optimizer = optimizers.Adam(learning_rate=1e-3)
for images, labels in train_db:
    with tf.GradientTape() as tape:
        logits = convnet(images)
        loss = tf.reduce_mean(tf.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True))
    grads = tape.gradient(loss, convnet.trainable_variables)
    optimizer.apply_gradients(zip(grads, convnet.trainable_variables))
