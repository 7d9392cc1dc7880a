import os
import sys
import time
from datetime import datetime

from keras.layers import GlobalAveragePooling2D, Dense, Dropout, Input
from keras import optimizers
from keras.engine import Model
from keras.models import load_model
from keras.utils import np_utils
from keras import callbacks
from keras.datasets import cifar10

from resnet50_32x32 import ResNet50

img_width, img_height = 32, 32
batch_trainsize = 32
batch_testsize = 32
nb_epoch = 5

learningrate = 1e-3
momentum = 0.8
num_classes = 10

(X_train, y_train), (X_test, y_test) = cifar10.load_data()
y_train = np_utils.to_categorical(y_train, num_classes)
y_test = np_utils.to_categorical(y_test, num_classes)

image_input = Input(shape=(img_width, img_height, 3))

saved = './trained_models/resnet50model1.h5'
if os.path.isfile(saved):
    custom_resnet_model = load_model(saved)
else:
    model = ResNet50(input_tensor=image_input, include_top=True, weights='imagenet')
    x = model.get_layer('res5a_branch2a').input
    x = GlobalAveragePooling2D(name='avg_pool')(x)
    x = Dropout(0.5)(x)
    out = Dense(num_classes, activation='softmax', name='output_layer')(x)
    custom_resnet_model = Model(inputs=image_input, outputs=out)

for layer in custom_resnet_model.layers:
    layer.trainable = True

custom_resnet_model.compile(loss='binary_crossentropy',
                            optimizer=optimizers.SGD(lr=learningrate, momentum=momentum),
                            metrics=['accuracy'])

tb = callbacks.TensorBoard(log_dir='./logs', histogram_freq=0, write_graph=True)
checkpoint = callbacks.ModelCheckpoint(
    './trained_models/model1_-{epoch:02d}-{val_acc:.2f}_' + f'{datetime.now():%Y-%m-%d_%H.%M.%S}' + '.h5',
    monitor='val_acc', verbose=1, save_best_only=True, mode='max')

t = time.time()
hist = custom_resnet_model.fit(X_train, y_train, batch_size=batch_trainsize, epochs=nb_epoch,
                               verbose=1, validation_data=(X_test, y_test),
                               callbacks=[tb, checkpoint])
print('Training time: %s' % (time.time() - t))
loss, accuracy = custom_resnet_model.evaluate(X_test, y_test, batch_size=batch_testsize, verbose=1)
print("loss={:.4f}, accuracy: {:.4f}%".format(loss, accuracy * 100))
custom_resnet_model.save(saved)
sys.exit(0)
