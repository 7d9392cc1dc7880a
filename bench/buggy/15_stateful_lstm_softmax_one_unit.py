import numpy as np
from sklearn.model_selection import train_test_split
from keras.models import Sequential
from keras.layers import LSTM, Dense

# 50,000 binary samples with 128 features, labels 1 / -1 mapped to 1 / 0
C = np.load('C.npy')            # (50000, 128)
r = np.load('r.npy')            # (50000,)
r = (r > 0).astype('float32')
C = C.reshape(C.shape[0], C.shape[1], 1)

tr_C, ts_C, tr_r, ts_r = train_test_split(C, r, train_size=.8)
batch_size = 200
n_train = (len(tr_C) // batch_size) * batch_size
n_test = (len(ts_C) // batch_size) * batch_size
tr_C, tr_r = tr_C[:n_train], tr_r[:n_train]
ts_C, ts_r = ts_C[:n_test], ts_r[:n_test]

print('>>> Build STATEFUL model...')
model = Sequential()
model.add(LSTM(128, batch_input_shape=(batch_size, C.shape[1], C.shape[2]),
               return_sequences=False, stateful=True))
model.add(Dense(1, activation='softmax'))

print('>>> Training...')
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(tr_C, tr_r,
          batch_size=batch_size, epochs=1, shuffle=True,
          validation_data=(ts_C, ts_r))
