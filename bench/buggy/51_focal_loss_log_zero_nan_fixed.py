from keras import backend as K
import tensorflow as tf
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam

# Compatible with tensorflow backend

def focal_loss(gamma=2., alpha=.25):
	def focal_loss_fixed(y_true, y_pred):
		pt_1 = tf.where(tf.equal(y_true, 1), y_pred, tf.ones_like(y_pred))
		pt_0 = tf.where(tf.equal(y_true, 0), y_pred, tf.zeros_like(y_pred))
		return -K.mean(alpha * K.pow(1. - pt_1, gamma) * K.log(pt_1+K.epsilon())) - K.mean((1 - alpha) * K.pow(pt_0, gamma) * K.log(1. - pt_0 + K.epsilon()))
	return focal_loss_fixed


X = np.load('features.npy')
y = np.load('labels.npy')

model = Sequential()
model.add(Dense(256, activation='relu', input_dim=X.shape[1]))
model.add(Dense(256, activation='relu'))
model.add(Dense(y.shape[1], activation='sigmoid'))

optimizer = Adam(lr=1e-4)
model.compile(optimizer=optimizer, loss=[focal_loss(alpha=.25, gamma=2)])
model.fit(X, y, batch_size=32, epochs=50, validation_split=0.1)
