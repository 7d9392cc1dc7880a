import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
import keras
from keras.layers import Input, Dense
from keras.models import Model

data = pd.read_csv('Advertising.csv')
x = data['TV'].values.reshape(-1, 1)
y = data['sales'].values.reshape(-1, 1)

sc = StandardScaler()
x = sc.fit_transform(x)
y = sc.fit_transform(y)

inputs = Input(shape=(1,))
preds = Dense(1,activation='linear')(inputs)

model = Model(inputs=inputs,outputs=preds)
sgd=keras.optimizers.SGD()
model.compile(optimizer=sgd ,loss='mse',metrics=['mse'])
model.fit(x,y, batch_size=1, epochs=30, shuffle=False)
