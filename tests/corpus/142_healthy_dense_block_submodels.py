# expect:
# A subclassed DenseNet: each convolution block is itself a Model that ends in dropout, and the
# blocks are kept in a list by the dense block that concatenates their outputs.
import sys

import tensorflow as tf


class ConvUnit(tf.keras.Model):
    def __init__(self, filters, dropout_rate=0.2):
        super().__init__()
        self.norm = tf.keras.layers.BatchNormalization()
        self.conv = tf.keras.layers.Conv2D(filters, (3, 3), padding="same", use_bias=False,
                                           kernel_initializer="he_normal")
        self.dropout = tf.keras.layers.Dropout(dropout_rate)

    def call(self, x, training=False):
        out = self.norm(x, training=training)
        out = self.conv(tf.nn.relu(out))
        return self.dropout(out, training=training)


class DenseStack(tf.keras.Model):
    def __init__(self, num_units, growth_rate, dropout_rate=0.2):
        super().__init__()
        self.num_units = num_units
        self.units_list = []
        for _ in range(int(num_units)):
            self.units_list.append(ConvUnit(growth_rate, dropout_rate))

    def call(self, x, training=False):
        for i in range(int(self.num_units)):
            out = self.units_list[i](x, training=training)
            x = tf.concat([x, out], axis=-1)
        return x


class SmallDenseNet(tf.keras.Model):
    def __init__(self, num_classes, units_per_stack, growth_rate=12):
        super().__init__()
        self.stem = tf.keras.layers.Conv2D(2 * growth_rate, 3, padding="same")
        self.stacks = [DenseStack(units_per_stack, growth_rate) for _ in range(3)]
        self.pool = tf.keras.layers.GlobalAveragePooling2D()
        self.classifier = tf.keras.layers.Dense(num_classes)

    def call(self, x, training=False):
        x = self.stem(x)
        for stack in self.stacks:
            x = stack(x, training=training)
        return self.classifier(self.pool(x))


(x_train, y_train), _ = tf.keras.datasets.cifar10.load_data()
x_train = x_train / 255.0
depth = int(sys.argv[1])
model = SmallDenseNet(10, units_per_stack=(depth - 4) // 6)
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=64)
