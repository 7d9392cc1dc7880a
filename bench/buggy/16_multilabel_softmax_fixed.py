import numpy as np
import pandas as pd
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.model_selection import train_test_split
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
from keras.optimizers import SGD

df = pd.read_csv('documents.csv')
X = np.load('tfidf_features.npy')
mlb = MultiLabelBinarizer()
y = mlb.fit_transform(df['tags'].str.split('|'))   # e.g. [0,0,0,1,0,1,0,0,0,0,1]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)

model = Sequential()
model.add(Dense(5000, activation='relu', input_dim=X_train.shape[1]))
model.add(Dropout(0.1))
model.add(Dense(600, activation='relu'))
model.add(Dropout(0.1))
model.add(Dense(y_train.shape[1], activation='sigmoid'))

sgd = SGD(lr=0.01, decay=1e-6, momentum=0.9, nesterov=True)
model.compile(loss='binary_crossentropy',
              optimizer=sgd,
              metrics=['accuracy',])

model.fit(X_train, y_train, epochs=5, batch_size=2000)

score = model.evaluate(X_test, y_test, batch_size=2000)
print(score)
