from typing import Union, Callable

import tensorflow as tf
from jina.logging.profile import ProgressBar
from tensorflow import keras
from tensorflow.keras import Model
from tensorflow.keras.layers import Layer

from trainer.base import BaseHead, BaseTrainer, DocumentArrayLike
from trainer.helper import get_dataset
from trainer.keras import datasets



class HeadLayer(BaseHead, Layer):
    def call(self, *args, **kwargs):
        return self.forward(*args)


class CosineLayer(HeadLayer):
    arity = 2

    def get_output_for_loss(self, lvalue, rvalue):
        normalize_a = tf.nn.l2_normalize(lvalue, axis=-1)
        normalize_b = tf.nn.l2_normalize(rvalue, axis=-1)
        cos_similarity = tf.reduce_sum(tf.multiply(normalize_a, normalize_b), axis=-1)
        return cos_similarity

    def get_output_for_metric(self, lvalue, rvalue):
        return self.get_output_for_loss(lvalue, rvalue)

    def loss_fn(self, pred_val, target_val):
        return tf.keras.metrics.mean_squared_error(pred_val, target_val)

    def metric_fn(self, pred_val, target_val):
        s = tf.math.count_nonzero(
            tf.equal(tf.greater(pred_val, 0), tf.greater(target_val, 0))
        )
        return s / len(target_val)


class TripletLayer(HeadLayer):
    arity = 3

    def __init__(self, margin: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self._margin = margin

    def get_output_for_loss(self, anchor, positive, negative):
        dist_pos = tf.norm(anchor - positive, ord='euclidean', axis=-1)
        dist_neg = tf.norm(anchor - negative, ord='euclidean', axis=-1)

        return tf.nn.relu(dist_pos - dist_neg + self._margin)

    def get_output_for_metric(self, anchor, positive, negative):
        normalize_a = tf.nn.l2_normalize(anchor, axis=-1)
        normalize_p = tf.nn.l2_normalize(positive, axis=-1)
        normalize_n = tf.nn.l2_normalize(negative, axis=-1)
        a_p_cos = tf.reduce_sum(tf.multiply(normalize_a, normalize_p), axis=-1)
        a_n_cos = tf.reduce_sum(tf.multiply(normalize_a, normalize_n), axis=-1)
        return a_p_cos, a_n_cos

    def loss_fn(self, pred_val, target_val):
        return tf.keras.metrics.mean_squared_error(target_val, pred_val)

    def metric_fn(self, pred_val, target_val):
        y_positive, y_negative = pred_val
        s_p = tf.math.count_nonzero(tf.greater(y_positive, 0))
        s_n = tf.math.count_nonzero(tf.less(y_negative, 0))
        return (s_p + s_n) / (len(y_positive) + len(y_negative))



class KerasTrainer(BaseTrainer):
    @property
    def head_layer(self) -> HeadLayer:
        if isinstance(self._head_layer, str):
            return globals()[self._head_layer]
        elif isinstance(self._head_layer, HeadLayer):
            return self._head_layer

    @property
    def wrapped_model(self) -> Model:
        if self.base_model is None:
            raise ValueError(f'base_model is not set')

        input_shape = self.base_model.input_shape[1:]
        input_values = [keras.Input(shape=input_shape) for _ in range(self.arity)]
        head_layer = self.head_layer()
        head_values = head_layer(*(self.base_model(v) for v in input_values))
        wrapped_model = Model(inputs=input_values, outputs=head_values)

        return wrapped_model

    def _get_data_loader(self, inputs, batch_size: int = 256, shuffle: bool = False):

        ds = get_dataset(datasets, self.arity)
        input_shape = self.base_model.input_shape[1:]

        tf_data = tf.data.Dataset.from_generator(
            lambda: ds(inputs),
            output_signature=(
                tuple(
                    tf.TensorSpec(shape=input_shape, dtype=tf.float64)
                    for _ in range(self.arity)
                ),
                tf.TensorSpec(shape=(), dtype=tf.float64),
            ),
        )

        if shuffle:
            tf_data = tf_data.shuffle(buffer_size=4096)

        return tf_data.batch(batch_size, drop_remainder=True)

    def fit(
        self,
        train_data: Union[
            DocumentArrayLike,
            Callable[..., DocumentArrayLike],
        ],
        batch_size: int = 256,
        epochs: int = 10,
        **kwargs,
    ) -> None:

        model = self.wrapped_model

        head_layer = self.head_layer()
        data_loader = self._get_data_loader(inputs=train_data)

        optimizer = tf.keras.optimizers.RMSprop(learning_rate=0.01)

        for epoch in range(epochs):

            losses = []
            metrics = []

            with ProgressBar(f'Epoch {epoch + 1}/{epochs}') as p:
                for inputs, label in data_loader:
                    with tf.GradientTape() as tape:
                        outputs = model(inputs, training=True)
                        loss = head_layer.loss_fn(pred_val=outputs[0], target_val=label)
                        metric = head_layer.metric_fn(
                            pred_val=outputs[1], target_val=label
                        )

                    grads = tape.gradient(loss, model.trainable_weights)
                    optimizer.apply_gradients(zip(grads, model.trainable_weights))

                    losses.append(loss.numpy().mean())
                    metrics.append(metric.numpy())

                    p.update(
                        details=f'Loss={sum(losses) / len(losses):.2f} Accuracy={sum(metrics) / len(metrics):.2f}'
                    )

    def save(self, *args, **kwargs):
        self.base_model.save(*args, **kwargs)
