from __future__ import division, print_function
import os
import sys
import pickle
import glob
import numpy as np
import pandas as pd

# possible neural network architectures
from keras.applications.vgg16 import VGG16
from keras.applications.resnet50 import ResNet50
from keras.applications.inception_v3 import InceptionV3
from keras.applications.mobilenet import MobileNet, relu6, DepthwiseConv2D
from cnn_finetune.densenet121 import densenet121_model
from cnn_finetune.custom_layers.scale_layer import Scale

# and corresponding pre-processing
from keras.applications.imagenet_utils import preprocess_input
from keras.preprocessing import image
# VGG, ResNet, DenseNet work in [0, 255] range
# Inception, MobileNet work in [-1, 1] range

# Keras layers and utils
import keras.backend as K
from keras.models import Model, load_model
from keras.layers import Input, Dropout, Flatten, Dense, BatchNormalization, AveragePooling2D
from keras.layers import Conv2D, GlobalAveragePooling2D, MaxPooling2D, UpSampling2D
from keras.layers import Activation, Reshape
from keras import optimizers
from keras.regularizers import l2
from keras.callbacks import ModelCheckpoint, EarlyStopping, ReduceLROnPlateau, Callback

from collections import Counter
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.utils import shuffle
from sklearn.metrics import accuracy_score, confusion_matrix


# ---- utils/keras_utils.py (pasted in; the script imported balanced_generator from it) ----


def preprocess_input_tf(x, data_format=None, **kwargs):
    return preprocess_input(x, data_format, mode='tf')

def preprocess_input_caffe(x, data_format=None, **kwargs):
    return preprocess_input(x, data_format, mode='caffe')

def center_crop(x, center_crop_size):
    centerh, centerw = x.shape[0] // 2, x.shape[1] // 2
    lh, lw = center_crop_size[0] // 2, center_crop_size[1] // 2
    rh, rw = center_crop_size[0] - lh, center_crop_size[1] - lw
    h_start, h_end = centerh - lh, centerh + rh
    w_start, w_end = centerw - lw, centerw + rw
    return x[h_start:h_end, w_start:w_end, :]

def random_crop(x, random_crop_size):
    h, w = x.shape[0], x.shape[1]
    rangeh = (h - random_crop_size[0]) // 2
    rangew = (w - random_crop_size[1]) // 2
    offseth = 0 if rangeh == 0 else np.random.randint(rangeh)
    offsetw = 0 if rangew == 0 else np.random.randint(rangew)
    h_start, h_end = offseth, offseth + random_crop_size[0]
    w_start, w_end = offsetw, offsetw + random_crop_size[1]
    return x[h_start:h_end, w_start:w_end, :]


def random_transform(x,
                     dim_ordering='tf',
                     rotation_range=0.,
                     width_shift_range=0.,
                     height_shift_range=0.,
                     shear_range=0.,
                     zoom_range=0.,
                     channel_shift_range=0.,
                     fill_mode='nearest',
                     cval=0.,
                     horizontal_flip=False,
                     vertical_flip=False,
                     seed=None,
                     **kwargs):
        """Randomly augment a single image tensor.
        # Arguments
            x: 3D tensor, single image.
        # Returns
            A randomly transformed version of the input (same shape).
        """

        x = x.astype('float32')
        # x is a single image, so it doesn't have image number at index 0
        if dim_ordering == 'th':
            img_channel_axis = 0
            img_row_axis = 1
            img_col_axis = 2
        if dim_ordering == 'tf':
            img_channel_axis = 2
            img_row_axis = 0
            img_col_axis = 1

        if seed is not None:
            np.random.seed(seed)

        if np.isscalar(zoom_range):
            zoom_range = [1 - zoom_range, 1 + zoom_range]
        elif len(zoom_range) == 2:
            zoom_range = [zoom_range[0], zoom_range[1]]
        else:
            raise ValueError('`zoom_range` should be a float or '
                             'a tuple or list of two floats. '
                             'Received arg: ', zoom_range)

        # use composition of homographies
        # to generate final transform that needs to be applied
        if rotation_range:
            theta = np.deg2rad(np.random.uniform(rotation_range, rotation_range))
        else:
            theta = 0

        if height_shift_range:
            tx = np.random.uniform(-height_shift_range, height_shift_range)
            if height_shift_range < 1:
                tx *= x.shape[img_row_axis]
        else:
            tx = 0

        if width_shift_range:
            ty = np.random.uniform(-width_shift_range, width_shift_range)
            if width_shift_range < 1:
                ty *= x.shape[img_col_axis]
        else:
            ty = 0

        if shear_range:
            shear = np.deg2rad(np.random.uniform(shear_range, shear_range))
        else:
            shear = 0

        if zoom_range[0] == 1 and zoom_range[1] == 1:
            zx, zy = 1, 1
        else:
            zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)

        transform_matrix = None
        if theta != 0:
            rotation_matrix = np.array([[np.cos(theta), -np.sin(theta), 0],
                                        [np.sin(theta), np.cos(theta), 0],
                                        [0, 0, 1]])
            transform_matrix = rotation_matrix

        if tx != 0 or ty != 0:
            shift_matrix = np.array([[1, 0, tx],
                                     [0, 1, ty],
                                     [0, 0, 1]])
            transform_matrix = shift_matrix if transform_matrix is None else np.dot(transform_matrix, shift_matrix)

        if shear != 0:
            shear_matrix = np.array([[1, -np.sin(shear), 0],
                                    [0, np.cos(shear), 0],
                                    [0, 0, 1]])
            transform_matrix = shear_matrix if transform_matrix is None else np.dot(transform_matrix, shear_matrix)

        if zx != 1 or zy != 1:
            zoom_matrix = np.array([[zx, 0, 0],
                                    [0, zy, 0],
                                    [0, 0, 1]])
            transform_matrix = zoom_matrix if transform_matrix is None else np.dot(transform_matrix, zoom_matrix)

        if transform_matrix is not None:
            h, w = x.shape[img_row_axis], x.shape[img_col_axis]
            transform_matrix = image.transform_matrix_offset_center(transform_matrix, h, w)
            x = image.apply_transform(x, transform_matrix, img_channel_axis,
                                      fill_mode=fill_mode, cval=cval)

        if channel_shift_range != 0:
            x = image.random_channel_shift(x,
                                           channel_shift_range,
                                           img_channel_axis)
        if horizontal_flip:
            if np.random.random() < 0.5:
                x = image.flip_axis(x, img_col_axis)

        if vertical_flip:
            if np.random.random() < 0.5:
                x = image.flip_axis(x, img_row_axis)

        return x


def balanced_generator(image_dir, filenames, classes, input_dim, crop_dim, batch_size,
                       data_augmentation=True, save_to_dir=None, add_classes=False,
                       preprocess_mode='tf'):

    # count number of samples and classes
    nb_class = len(np.unique(classes))
    nb_sample = len(filenames)
    print('Found %d ROIs belonging to %d classes.' % (nb_sample, nb_class))

    # build an index of the images in the different class subfolders
    filename_dict = {}
    for i, (subdir, i_class) in enumerate(zip(filenames, classes)):
        subpath = os.path.join(image_dir, subdir)
        pattern = ('class_%d.jpg' % i_class) if add_classes else '.jpg'
        found = False
        for fname in os.listdir(subpath):
            if fname.lower().endswith(pattern):
                found = True
                if i in filename_dict: 
                    filename_dict[i].append(os.path.join(subdir, fname))
                else:
                    filename_dict[i] = [os.path.join(subdir, fname)]
        if not found:
            filename_dict[i] = []

    while True:
        # shuffle the samples
        index_array = np.random.permutation(nb_sample)
        index_classes = classes[index_array]

        batch_x = None
        batch_y = np.zeros((batch_size, nb_class), dtype=np.float32)
        # start building the mini-batch
        i_patch = 0
        stop = batch_size // nb_class
        for i_class in range(nb_class):
            curr_index = index_array[index_classes == i_class]
            patch_cc, index_cc = 0, 0
            while patch_cc < stop:
                j = curr_index[index_cc]
                if filename_dict[j] == []:
                    index_cc += 1
                else:
                    fname = np.random.choice(filename_dict[j])
                    # read in the RGB image
                    pil_img = image.load_img(os.path.join(image_dir, fname),
                                             grayscale=False,
                                             target_size=(input_dim, input_dim))
                    img = image.img_to_array(pil_img)

                    if data_augmentation:
                        img = random_crop(img, random_crop_size=(input_dim-10, input_dim-10))
                        img = random_transform(img,
                                               dim_ordering='tf',
                                               rotation_range=30.,
                                               channel_shift_range=20.,
                                               fill_mode='reflect',
                                               horizontal_flip=True,
                                               vertical_flip=True,
                                               seed=12345
                                              )
                    # center crop anyway
                    x= center_crop(img, center_crop_size=(crop_dim, crop_dim))

                    if i_patch == 0:
                        batch_x = np.zeros((batch_size,) + x.shape)
                    batch_x[i_patch] = x
                    batch_y[i_patch, i_class] = 1.
                    # update the counters
                    i_patch += 1
                    index_cc += 1
                    patch_cc += 1
        batch_x, batch_y = batch_x[:i_patch], batch_y[:i_patch]

        # optionally save augmented images to disk for debugging purposes
        current_batch_size = i_patch
        if save_to_dir is not None:
            for i in range(current_batch_size):
                img = image.array_to_img(batch_x[i], scale=False)
                fname = '{prefix}_{hash}.{format}'.format(prefix='patch',
                                                          hash=np.random.randint(1e4),
                                                          format='jpg')
                img.save(os.path.join(save_to_dir, fname))

        # optional data-scaling
        if preprocess_mode == 'tf':
            batch_x = preprocess_input_tf(batch_x)
        elif preprocess_mode == 'caffe':
            batch_x = preprocess_input_caffe(batch_x)

        # return a mini-batch
        yield batch_x, batch_y


# ---- gleason_score_finetune.py ----


def get_filenames_and_classes(csv_path):
    df = pd.read_csv(csv_path, sep='\t', index_col=0)
    filenames, classes = [], []
    for base_name, primary_grade, sec_grade in zip(df.index, df.iloc[:,0], df.iloc[:,1]):
        primary_grade, sec_grade = int(primary_grade), int(sec_grade)
        filenames.append(base_name)
        classes.append(np.array([primary_grade, sec_grade]).reshape(1,2))
    classes = np.vstack(classes)
    return filenames, classes


def train_network(net='MobileNet_50'):

    # specify a directory to store model weights
    mpath = '/data3/eirini/gleason_CNN/models/finetune_%s' % net
    if not os.path.exists(mpath):
        os.makedirs(mpath)

    # specify the input directory, where image patches live
    prefix = '/data3/eirini/dataset_TMA'
    patch_dir = os.path.join(prefix, 'train_validation_patches_750')


    init_dim = 250 if net != 'InceptionV3' else 350
    dim = 224 if net != 'InceptionV3' else 299
    target_size = (dim, dim)
    input_shape = (target_size[0], target_size[1], 3)
    bs = 32

    if K.image_data_format() == 'channels_last':
        bn_axis = 3
    else:
        bn_axis = 1

    # classes
    class_labels = ['benign', 'gleason3', 'gleason4', 'gleason5']
    n_class = len(class_labels)

    # training set
    train_filenames, train_classes = [], []
    for tma in ['ZT199', 'ZT204', 'ZT111']:
        csv_path = os.path.join(prefix, 'tma_info', '%s_gleason_scores.csv' % tma)
        new_filenames, new_classes = get_filenames_and_classes(csv_path)
        train_filenames += new_filenames
        train_classes.append(new_classes)
    train_classes = np.vstack(train_classes)

    # validation set
    tma = 'ZT76'
    csv_path = os.path.join(prefix, 'tma_info', '%s_gleason_scores.csv' % tma)
    val_filenames, val_classes = get_filenames_and_classes(csv_path)

    # test set
    tma = 'ZT80'
    csv_path = os.path.join(prefix, 'tma_info', '%s_gleason_scores.csv' % tma)
    test_filenames, test_classes = get_filenames_and_classes(csv_path)

    # total number of TMA spots in training set
    N = len(train_filenames)
    print('Total training TMAs: %d' % N)

    # print('training set:')
    # print(Counter(np.sum(train_classes, axis=1)))
    # print('validation set:')
    # print(Counter(np.sum(val_classes, axis=1)))

    # customize the pre-processing
    if net.startswith('MobileNet') or net.startswith('Inception'):
        preprocess_mode = 'tf'
    else:
        preprocess_mode = 'caffe'

   # define data generators
    train_batches = balanced_generator(patch_dir, filenames=train_filenames+train_filenames,
                                      classes=np.hstack([train_classes[:,0], train_classes[:,1]]),
                                      input_dim=init_dim, crop_dim=dim, batch_size=bs,
                                      data_augmentation=True, save_to_dir=None, add_classes=True,
                                      preprocess_mode=preprocess_mode)
    valid_batches = balanced_generator(patch_dir, filenames=val_filenames,
                                      classes=val_classes[:,0],
                                      input_dim=init_dim, crop_dim=dim, batch_size=bs,
                                      data_augmentation=False, save_to_dir=None, add_classes=True,
                                      preprocess_mode=preprocess_mode)
    model_weights = os.path.join(mpath, 'model_{epoch:02d}.h5')

    # get the model architecture
    print('Training %s ...' % net)
    if net == 'VGG16':
        base_model = VGG16(include_top=False, weights='imagenet', input_shape=(dim, dim, 3), pooling='avg')
    elif net == 'ResNet50':
        base_model = ResNet50(include_top=False, weights='imagenet', input_shape=(dim, dim, 3), pooling='avg')
    elif net == 'InceptionV3':
        # original size: 299x299
        base_model = InceptionV3(include_top=False, weights='imagenet', input_shape=(dim, dim, 3), pooling='avg')
    elif net == 'MobileNet_100':
        base_model = MobileNet(include_top=False, weights='imagenet', input_shape=(dim, dim, 3), pooling='avg',
                               alpha=1.0, depth_multiplier=1, dropout=.2)
    elif net == 'MobileNet_75':
        base_model = MobileNet(include_top=False, weights='imagenet', input_shape=(dim, dim, 3), pooling='avg',
                               alpha=.75, depth_multiplier=1, dropout=.2)
    elif net == 'MobileNet_50':
        base_model = MobileNet(include_top=False, weights='imagenet', input_shape=(dim, dim, 3), pooling='avg',
                               alpha=.5, depth_multiplier=1, dropout=.2)
    elif net == 'MobileNet_25':
        base_model = MobileNet(include_top=False, weights='imagenet', input_shape=(dim, dim, 3), pooling='avg',
                               alpha=.25, depth_multiplier=1, dropout=.2)
    elif net == 'DenseNet121':
        tf_weights = 'cnn_finetune/imagenet_models/densenet121_weights_tf.h5'
        base_model = densenet121_model(dim, dim, 3, dropout_rate=0.2, weights_path=tf_weights)
    else:
        print('Unknown model, will train MobileNet instead.')
        base_model = MobileNet(include_top=False, weights='imagenet', input_shape=(dim, dim, 3), pooling='avg',
                               alpha=.5, depth_multiplier=1, dropout=.2)


    # add top layer and compile model
    x_top = base_model.output
    x_out = Dense(n_class, name='output', activation='softmax')(x_top)
    model = Model(base_model.input, x_out)
    model.summary()

    # first: train only the top layers (which were randomly initialized)
    # i.e. freeze all convolutional layers
    for layer in base_model.layers:
        layer.trainable = False

    model.compile(optimizer=optimizers.Adam(lr=0.001),
                  loss='categorical_crossentropy', metrics = ['accuracy'])
    history = model.fit_generator(
                generator=train_batches,
                steps_per_epoch=200,
                epochs=5,
                validation_data=valid_batches,
                validation_steps=100,
                verbose=1
    )

    # let the layers train freely
    for layer in model.layers:
        layer.trainable = True

    model.compile(optimizer=optimizers.SGD(lr=0.0001, momentum=0.9),
                  loss='categorical_crossentropy', metrics = ['accuracy'])
    checkpoint = ModelCheckpoint(filepath=model_weights, save_best_only=False, verbose=0)
    reduce_lr = ReduceLROnPlateau(monitor='loss', factor=0.2, patience=10, min_lr=0.00001)

    history = model.fit_generator(
                generator=train_batches,
                steps_per_epoch=200,
                epochs=500,
                callbacks=[checkpoint, reduce_lr],
                validation_data=valid_batches,
                validation_steps=100,
                verbose=1
    )
    with open(os.path.join(mpath, 'history.pkl'), 'wb') as history_f:
        pickle.dump(history.history, history_f, protocol=2)



if __name__ == '__main__':
    net = sys.argv[1]
    train_network(net)
