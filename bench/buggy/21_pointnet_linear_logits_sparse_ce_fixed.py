import datetime
import logging
import os

import numpy as np
import keras
from keras import backend as K
from keras.layers import Input, Dropout, Flatten, Dense, MaxPooling2D, Dot, Lambda, \
    Reshape, BatchNormalization, Activation, Conv1D
from keras.initializers import Constant
from keras.models import Model
from keras.optimizers import adam
from keras.regularizers import Regularizer

from modelnet_provider import ModelNetProvider


class OrthogonalRegularizer(Regularizer):
    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = K.cast_to_floatx(l1)
        self.l2 = K.cast_to_floatx(l2)

    def __call__(self, x):
        size = int(np.sqrt(x.shape[1].value))
        x = K.reshape(x, (-1, size, size))
        xxt = K.batch_dot(x, x, axes=(2, 2))
        regularization = 0.0
        if self.l1:
            regularization += K.sum(self.l1 * K.abs(xxt - K.eye(size)))
        if self.l2:
            regularization += K.sum(self.l2 * K.square(xxt - K.eye(size)))
        return regularization

    def get_config(self):
        return {'l1': float(self.l1), 'l2': float(self.l2)}


def dense_bn(x, units, use_bias=True, scope=None, activation=None):
    with K.name_scope(scope):
        x = Dense(units=units, use_bias=use_bias)(x)
        x = BatchNormalization(momentum=0.9)(x)
        x = Activation(activation)(x)
    return x


def conv1d_bn(x, num_filters, kernel_size, padding='same', strides=1,
              use_bias=False, scope=None, activation='relu'):
    with K.name_scope(scope):
        x = Conv1D(num_filters, kernel_size, strides=strides, padding=padding, use_bias=use_bias)(x)
        x = BatchNormalization(momentum=0.9)(x)
        x = Activation(activation)(x)
    return x


def transform_net(inputs, scope=None, regularize=False):
    with K.name_scope(scope):
        input_shape = inputs.get_shape().as_list()
        k = input_shape[-1]
        num_points = input_shape[-2]

        net = conv1d_bn(inputs, num_filters=64, kernel_size=1, padding='valid', use_bias=True, scope='tconv1')
        net = conv1d_bn(net, num_filters=128, kernel_size=1, padding='valid', use_bias=True, scope='tconv2')
        net = conv1d_bn(net, num_filters=1024, kernel_size=1, padding='valid', use_bias=True, scope='tconv3')
        net = MaxPooling2D(pool_size=(num_points, 1), padding='valid')(Lambda(K.expand_dims)(net))
        net = Flatten()(net)
        net = dense_bn(net, units=512, scope='tfc1', activation='relu')
        net = dense_bn(net, units=256, scope='tfc2', activation='relu')

        transform = Dense(units=k * k,
                          kernel_initializer='zeros', bias_initializer=Constant(np.eye(k).flatten()),
                          activity_regularizer=OrthogonalRegularizer(l2=0.001) if regularize else None)(net)
        transform = Reshape((k, k))(transform)
    return transform


def pointnet_base(inputs):
    ptransform = transform_net(inputs, scope='transform_net1', regularize=False)
    point_cloud_transformed = Dot(axes=(2, 1))([inputs, ptransform])

    net = conv1d_bn(point_cloud_transformed, num_filters=64, kernel_size=1, padding='valid', use_bias=True, scope='conv1')
    net = conv1d_bn(net, num_filters=64, kernel_size=1, padding='valid', use_bias=True, scope='conv2')

    ftransform = transform_net(net, scope='transform_net2', regularize=True)
    net_transformed = Dot(axes=(2, 1))([net, ftransform])

    net = conv1d_bn(net_transformed, num_filters=64, kernel_size=1, padding='valid', use_bias=True, scope='conv3')
    net = conv1d_bn(net, num_filters=128, kernel_size=1, padding='valid', use_bias=True, scope='conv4')
    net = conv1d_bn(net, num_filters=1024, kernel_size=1, padding='valid', use_bias=True, scope='conv5')
    return net


def pointnet_cls(input_shape, classes, activation=None):
    num_point = input_shape[0]
    inputs = Input(input_shape, name='Input_cloud')
    net = pointnet_base(inputs)

    net = MaxPooling2D(pool_size=(num_point, 1), padding='valid', name='maxpool')(Lambda(K.expand_dims)(net))
    net = Flatten()(net)

    net = dense_bn(net, units=512, scope='fc1', activation='relu')
    net = Dropout(0.3, name='dp1')(net)
    net = dense_bn(net, units=256, scope='fc2', activation='relu')
    net = Dropout(0.3, name='dp2')(net)
    net = Dense(units=classes, name='fc3', activation=activation)(net)

    return Model(inputs, net, name='pointnet_cls')


if __name__ == '__main__':
    logging.basicConfig(level=logging.INFO, format='%(message)s')

    train_list = 'modelnet40_ply_hdf5_2048/train_files.txt'
    test_list = 'modelnet40_ply_hdf5_2048/test_files.txt'
    weights_path = os.path.expanduser('~/.keras/models/pointnet_modelnet.h5')
    log_dir = os.path.join(os.path.expanduser('~/.keras/logs/modelnet'),
                           'pointnet_modelnet_' + datetime.datetime.today().strftime('%Y-%m-%d-%H-%M-%S'))
    os.makedirs(log_dir)

    epochs = 100
    input_size = 2048
    batch_size = 32
    num_classes = 40

    model = pointnet_cls((input_size, 3), classes=num_classes, activation='softmax')
    loss = 'sparse_categorical_crossentropy'
    metric = ['sparse_categorical_accuracy']
    monitor = 'val_loss'

    callbacks = list()
    callbacks.append(keras.callbacks.TensorBoard(log_dir=log_dir, histogram_freq=0, write_graph=True))
    callbacks.append(keras.callbacks.ReduceLROnPlateau(monitor=monitor, factor=0.5, patience=3, verbose=1, min_lr=1e-10))
    callbacks.append(keras.callbacks.EarlyStopping(monitor=monitor, patience=10))
    callbacks.append(keras.callbacks.ModelCheckpoint(weights_path, monitor=monitor, verbose=0, save_best_only=True,
                                                     save_weights_only=True, mode='auto', period=1))

    train_dataset = ModelNetProvider(train_list, input_size=input_size)
    train_generator = train_dataset.generate_samples(batch_size=batch_size, augmentation=True, shuffle=True)
    train_steps_per_epoch = (train_dataset.x.shape[0] // batch_size) + 1

    val_dataset = ModelNetProvider(test_list, input_size=input_size)
    val_generator = val_dataset.generate_samples(batch_size=batch_size, augmentation=False)
    val_steps_per_epoch = (val_dataset.x.shape[0] // batch_size) + 1

    optimizer = adam(lr=1e-3)
    model.compile(loss=loss, optimizer=optimizer, metrics=metric)

    history = model.fit_generator(train_generator, train_steps_per_epoch,
                                  validation_data=val_generator, validation_steps=val_steps_per_epoch,
                                  epochs=epochs, callbacks=callbacks)
