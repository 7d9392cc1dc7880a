# constants.py
DATASET_DIR = 'audio/LibriSpeechSamples/'

BATCH_NUM_TRIPLETS = 6  # should be a multiple of 3

# very dumb values. I selected them to have a blazing fast training.
# we will change them to their true values (to be defined?) later.
NUM_FRAMES = 2
SAMPLE_RATE = 100
TRUNCATE_SOUND_FIRST_SECONDS = 1

CHECKPOINT_FOLDER = 'checkpoints'

# models.py
import logging

import keras.backend as K
from keras import layers
from keras import regularizers
from keras.layers import Input
from keras.layers.convolutional import Conv2D
from keras.layers.core import Lambda, Dense, RepeatVector
from keras.layers.core import Reshape
from keras.layers.normalization import BatchNormalization
from keras.models import Model


layers_dict = dict()


def get(obj):
    layer_name = obj.name
    if layer_name not in layers_dict:
        logging.info('-> Creating layer [{}]'.format(layer_name))
        # create it
        layers_dict[layer_name] = obj
    else:
        logging.info('-> Using layer [{}]'.format(layer_name))
    return layers_dict[layer_name]


# no need to share the weights here because it does not exist.
def clipped_relu(inputs):
    return get(Lambda(lambda y: K.minimum(K.maximum(y, 0), 20), name='clipped_relu'))(inputs)


def identity_block(input_tensor, kernel_size, filters, stage, block):
    conv_name_base = 'res{}_{}_branch'.format(stage, block)

    x = get(Conv2D(filters,
                   kernel_size=kernel_size,
                   strides=1,
                   activation=None,
                   padding='same',
                   kernel_initializer='glorot_uniform',
                   kernel_regularizer=regularizers.l2(l=0.0001),
                   name=conv_name_base + '_2a'))(input_tensor)
    x = get(BatchNormalization(name=conv_name_base + '_2a_bn'))(x)
    x = clipped_relu(x)

    x = get(Conv2D(filters,
                   kernel_size=kernel_size,
                   strides=1,
                   activation=None,
                   padding='same',
                   kernel_initializer='glorot_uniform',
                   kernel_regularizer=regularizers.l2(l=0.0001),
                   name=conv_name_base + '_2b'))(x)
    x = get(BatchNormalization(name=conv_name_base + '_2b_bn'))(x)

    x = layers.add([x, input_tensor])
    x = clipped_relu(x)
    return x


def convolutional_model(batch_input_shape=(BATCH_NUM_TRIPLETS * NUM_FRAMES, 16, 16, 1),
                        batch_size=BATCH_NUM_TRIPLETS, num_frames=NUM_FRAMES):
    # http://cs231n.github.io/convolutional-networks/
    # conv weights
    # #params = ks * ks * nb_filters * num_channels_input

    # Conv128-s
    # 5*5*128*128/2+128
    # ks*ks*nb_filters*channels/strides+bias(=nb_filters)

    # take 100 ms -> 4 frames.
    # if signal is 3 seconds, then take 100ms per 100ms and average out this network.
    # 8*8 = 64 features.

    # used to share all the layers across the inputs

    # num_frames = K.shape() - do it dynamically after.

    def conv_and_res_block(inp, filters, stage):
        conv_name = 'conv{}-s'.format(filters)
        o = get(Conv2D(filters,
                       kernel_size=5,
                       strides=2,
                       padding='same',
                       kernel_initializer='glorot_uniform',
                       kernel_regularizer=regularizers.l2(l=0.0001), name=conv_name))(inp)
        o = clipped_relu(o)
        for i in range(3):
            o = identity_block(o, kernel_size=3, filters=filters, stage=stage, block=i)
        return o

    def cnn_component(inp):
        x_ = conv_and_res_block(inp, 64, stage=1)
        x_ = conv_and_res_block(x_, 128, stage=2)
        x_ = conv_and_res_block(x_, 256, stage=3)
        x_ = conv_and_res_block(x_, 512, stage=4)
        return x_

    inputs = Input(batch_shape=batch_input_shape)
    x = cnn_component(inputs)
    x = Reshape((2048,))(x)
    x = Lambda(lambda y: K.reshape(y, (batch_size, num_frames, 2048)))(x)
    x = Lambda(lambda y: K.mean(y, axis=1), name='average')(x)
    x = Dense(512, name='affine')(x)  # .shape = (BATCH_SIZE * NUM_FRAMES, 512)
    x = Lambda(lambda y: y / K.squeeze(RepeatVector(512)(K.reshape(K.max(y, axis=1), (-1, 1))), axis=2), name='ln')(
        x)
    # up scaling to keep the same size as the input. Easier to compute the gradients.
    x = Lambda(lambda y: K.tile(y, (num_frames, 1)))(x)
    m = Model(inputs, x, name='convolutional')
    return m

# triplet_loss.py


alpha = 0.1


# K.sum(anchor * positive_ex, axis=1).eval() == K.batch_dot(anchor, positive_ex, axes=1)

def batch_norm(x):
    return K.sqrt(K.sum(K.square(x), axis=1))


def cosine_similarity(x1, x2):
    # https://en.wikipedia.org/wiki/Cosine_similarity
    return K.squeeze(K.batch_dot(x1, x2, axes=1), axis=1) / (batch_norm(x1) * batch_norm(x2))


def deep_speaker_loss(x1, x2):
    # x1.shape = (batch_size, embedding_size)
    # x2.shape = (batch_size, embedding_size)
    # CONVENTION: Input is:
    # concat(BATCH_SIZE * [ANCHOR, POSITIVE_EX, NEGATIVE_EX] * NUM_FRAMES)
    # EXAMPLE:
    # BATCH_NUM_TRIPLETS = 3, NUM_FRAMES = 2
    # _____________________________________________________
    # ANCHOR 1 (512,)
    # ANCHOR 2 (512,)
    # ANCHOR 3 (512,)
    # POS EX 1 (512,)
    # POS EX 2 (512,)
    # POS EX 3 (512,)
    # NEG EX 1 (512,)
    # NEG EX 2 (512,)
    # NEG EX 3 (512,)
    # ANCHOR 1 # FROM HERE (INCLUDED), THIS IS THE SAME BLOCK AS ABOVE.
    # ANCHOR 2 # WE ADD IT BECAUSE WE WANT TO MATCH THE SIZE FOR KERAS.
    # ANCHOR 3 # BATCH_SIZE * NUM_FRAMES => BATCH_SIZE => BATCH_SIZE * NUM_FRAMES
    # POS EX 1 (512,)
    # POS EX 2 (512,)
    # POS EX 3 (512,)
    # NEG EX 1 (512,)
    # NEG EX 2 (512,)
    # NEG EX 3 (512,)
    # _____________________________________________________

    # WE UPSCALE with K.tile() so we have to remove the garbage. It's redundant.

    x1 = x2[0:BATCH_NUM_TRIPLETS * 3]

    anchor = x1[0:BATCH_NUM_TRIPLETS]
    positive_ex = x1[BATCH_NUM_TRIPLETS:2 * BATCH_NUM_TRIPLETS]
    negative_ex = x1[2 * BATCH_NUM_TRIPLETS:]

    sap = cosine_similarity(anchor, positive_ex)
    san = cosine_similarity(anchor, negative_ex)
    loss = K.mean(K.maximum(san - sap + alpha, 0.0))

    # we multiply x2 by 0 to have its gradient to be 0.
    # if we don't x2, its gradient is equal to None and it raises an error.
    # with our convention, we focus solely on x1 because the targets are given by the structure described above
    # with (anchor, positive examples, negative examples)
    return loss + 0 * x2

# models_train.py
import logging
from time import time

import numpy as np
import sys

from librispeech_wav_reader import read_librispeech_structure
from next_batch import stochastic_mini_batch
from utils import get_last_checkpoint_if_any, create_dir_and_delete_content


def main(libri_dir=DATASET_DIR):
    logging.info('Looking for audio [wav] files in {}.'.format(libri_dir))
    libri = read_librispeech_structure(libri_dir)

    if len(libri) == 0:
        logging.warning('Have you converted flac files to wav? If not, run audio/convert_flac_2_wav.sh')
        exit(1)

    batch = stochastic_mini_batch(libri, batch_size=BATCH_NUM_TRIPLETS)
    batch_size = BATCH_NUM_TRIPLETS * 3  # A triplet has 3 parts.
    x, y = batch.to_inputs()
    b = x[0]
    num_frames = b.shape[0]
    logging.info('num_frames = {}'.format(num_frames))

    batch_shape = [batch_size * num_frames] + list(b.shape[1:])
    logging.info('batch shape: {}'.format(batch_shape))
    logging.info('batch size: {}'.format(batch_size))
    model = convolutional_model(batch_input_shape=batch_shape,
                                batch_size=batch_size, num_frames=num_frames)
    logging.info(model.summary())

    logging.info('Compiling the model...')
    model.compile(optimizer='adam', loss=deep_speaker_loss)
    logging.info('[DONE]')

    last_checkpoint = get_last_checkpoint_if_any(CHECKPOINT_FOLDER)
    if last_checkpoint is not None:
        logging.info('Found checkpoint [{}]. Resume from here...'.format(last_checkpoint))
        model.load_weights(last_checkpoint)
        logging.info('[DONE]')

    logging.info('Starting training...')
    grad_steps = 0
    orig_time = time()
    while True:
        batch = stochastic_mini_batch(libri, batch_size=BATCH_NUM_TRIPLETS)
        x, _ = batch.to_inputs()

        # output.shape = (3, 383, 32, 32, 3) something like this
        # explanation  = (batch_size, num_frames, width, height, channels)
        logging.info('x.shape before reshape: {}'.format(x.shape))
        x = np.reshape(x, (batch_size * num_frames, b.shape[2], b.shape[2], b.shape[3]))
        logging.info('x.shape after  reshape: {}'.format(x.shape))

        # we don't need to use the targets y, because we know by the convention that:
        # we have [anchors, positive examples, negative examples]. The loss only uses x and
        # can determine if a sample is an anchor, positive or negative sample.
        stub_targets = np.random.uniform(size=(x.shape[0], 1))
        # result = model.predict(x, batch_size=x.shape[0])
        # logging.info(result.shape)
        # np.set_printoptions(precision=2)
        # logging.info(result[0:20, 0:5])

        logging.info('-' * 80)
        logging.info('== Presenting batch #{0}'.format(grad_steps))
        logging.info(batch.libri_batch)
        loss = model.train_on_batch(x, stub_targets)
        logging.info('== Processed in {0:.2f}s by the network, training loss = {1}.'.format(time() - orig_time, loss))
        grad_steps += 1
        orig_time = time()

        # checkpoints are really heavy so let's just keep the last one.
        create_dir_and_delete_content(CHECKPOINT_FOLDER)
        model.save_weights('{0}/model_{1}_{2:.3f}.h5'.format(CHECKPOINT_FOLDER, grad_steps, loss))


if __name__ == '__main__':
    logging.basicConfig(handlers=[logging.StreamHandler(stream=sys.stdout)], level=logging.INFO,
                        format='%(asctime)-15s [%(levelname)s] %(filename)s/%(funcName)s | %(message)s')
    main()
