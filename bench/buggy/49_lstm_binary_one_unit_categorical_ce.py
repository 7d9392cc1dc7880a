import numpy as np
import pandas as pd
from sklearn.preprocessing import LabelEncoder
from sklearn.model_selection import train_test_split
from keras.models import Sequential
from keras.layers import LSTM, Dense

df = pd.read_csv('data.csv')
for col in df.columns:
    df[col] = LabelEncoder().fit_transform(df[col])

features = df.drop(columns=['label']).values
target = df['label'].values

n_timesteps = 5
X, y = [], []
for i in range(len(features) - n_timesteps):
    X.append(features[i:i + n_timesteps])
    y.append(target[i + n_timesteps])
X = np.array(X)
y = np.array(y).reshape(-1, 1)

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
print('X_train: ', X_train.shape)
print('y_train: ', y_train.shape)

n_features = X_train.shape[2]
n_outputs = y_train.shape[1]

model = Sequential()
model.add(LSTM(256, input_shape=(n_timesteps,n_features),recurrent_activation='hard_sigmoid'))
model.add(Dense(n_outputs, activation='sigmoid'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=10, batch_size=64, validation_data=(X_test, y_test))
