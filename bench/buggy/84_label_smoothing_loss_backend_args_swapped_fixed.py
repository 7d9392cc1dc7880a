# Keras 2.1.2, TensorFlow 1.4
import keras
from keras import backend as K
from keras.datasets import cifar10
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout
from keras.optimizers import SGD

NUM_CLASSES = 10


def custom_loss(y_true, y_pred, e=0.1):
    return (1-e)*K.categorical_crossentropy(y_true, y_pred) + \
        e*K.categorical_crossentropy(K.ones_like(y_pred)/NUM_CLASSES, y_pred)


(x_train, y_train), (x_test, y_test) = cifar10.load_data()
x_train = x_train.astype('float32') / 255
x_test = x_test.astype('float32') / 255
y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)

model = Sequential()
model.add(Conv2D(32, (3, 3), activation='relu', input_shape=x_train.shape[1:]))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(256, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(NUM_CLASSES, activation='softmax'))

opt = SGD(lr=0.01, momentum=0.9)
model.compile(optimizer=opt, loss=custom_loss, metrics=['acc'])

model.fit(x_train, y_train, batch_size=128, epochs=20,
          validation_data=(x_test, y_test))
