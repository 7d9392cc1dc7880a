from __future__ import print_function
import numpy as np
import keras
from keras.datasets import cifar10
from keras.preprocessing.image import ImageDataGenerator
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation, Flatten
from keras.layers import Conv2D, MaxPooling2D, BatchNormalization
from keras import optimizers
from keras import regularizers


class cifar10vgg:
    def __init__(self, train=True):
        self.num_classes = 10
        self.weight_decay = 0.0005
        self.x_shape = [32, 32, 3]
        self.model = self.build_model()
        if train:
            self.model = self.train(self.model)
        else:
            self.model.load_weights('cifar10vgg.h5')

    def conv_block(self, model, filters, n_convs, dropout, first=False):
        for i in range(n_convs):
            if first and i == 0:
                model.add(Conv2D(filters, (3, 3), padding='same', input_shape=self.x_shape,
                                 kernel_regularizer=regularizers.l2(self.weight_decay)))
            else:
                model.add(Conv2D(filters, (3, 3), padding='same',
                                 kernel_regularizer=regularizers.l2(self.weight_decay)))
            model.add(Activation('relu'))
            model.add(BatchNormalization())
            if i < n_convs - 1:
                model.add(Dropout(dropout))
        model.add(MaxPooling2D(pool_size=(2, 2)))

    def build_model(self):
        model = Sequential()
        self.conv_block(model, 64, 2, 0.3, first=True)
        self.conv_block(model, 128, 2, 0.4)
        self.conv_block(model, 256, 3, 0.4)
        self.conv_block(model, 512, 3, 0.4)
        self.conv_block(model, 512, 3, 0.4)
        model.add(Dropout(0.5))

        model.add(Flatten())
        model.add(Dense(512, kernel_regularizer=regularizers.l2(self.weight_decay)))
        model.add(Activation('relu'))
        model.add(BatchNormalization())
        model.add(Dropout(0.5))
        model.add(Dense(self.num_classes))
        model.add(Activation('softmax'))
        return model

    def normalize(self, X_train, X_test):
        mean = np.mean(X_train, axis=(0, 1, 2, 3))
        std = np.std(X_train, axis=(0, 1, 2, 3))
        X_train = (X_train - mean) / (std + 1e-7)
        X_test = (X_test - mean) / (std + 1e-7)
        return X_train, X_test

    def train(self, model):
        batch_size = 128
        maxepoches = 250
        learning_rate = 0.01
        lr_decay = 1e-6
        lr_drop = 20

        (x_train, y_train), (x_test, y_test) = cifar10.load_data()
        x_train = x_train.astype('float32')
        x_test = x_test.astype('float32')
        x_train, x_test = self.normalize(x_train, x_test)

        y_train = keras.utils.to_categorical(y_train, self.num_classes)
        y_test = keras.utils.to_categorical(y_test, self.num_classes)

        def lr_scheduler(epoch):
            return learning_rate * (0.5 ** (epoch // lr_drop))
        reduce_lr = keras.callbacks.LearningRateScheduler(lr_scheduler)

        datagen = ImageDataGenerator(
            rotation_range=15,
            width_shift_range=0.1,
            height_shift_range=0.1,
            horizontal_flip=True)
        datagen.fit(x_train)

        sgd = optimizers.SGD(lr=learning_rate, decay=lr_decay, momentum=0.9, nesterov=True)
        model.compile(loss='categorical_crossentropy', optimizer=sgd, metrics=['accuracy'])

        model.fit_generator(datagen.flow(x_train, y_train, batch_size=batch_size),
                            steps_per_epoch=x_train.shape[0] // batch_size,
                            epochs=maxepoches,
                            validation_data=(x_test, y_test),
                            callbacks=[reduce_lr], verbose=2)
        model.save_weights('cifar10vgg.h5')
        return model


if __name__ == '__main__':
    model = cifar10vgg()
