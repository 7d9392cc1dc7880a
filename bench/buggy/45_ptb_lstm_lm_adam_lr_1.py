import os

from tensorflow.keras import metrics
from tensorflow.keras.callbacks import ModelCheckpoint, TensorBoard
from tensorflow.keras.layers import (LSTM, Activation, Dense, Dropout,
                                     Embedding, TimeDistributed)
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam
from utils import BatchGenerator, load_data, save_json

number_of_words = 3
batch_size = 200
hidden_size = 1500
num_epochs = 80
learning_rate = 1.0
learning_rate_decay = 1 / 1.15


def create_model(total_words, hidden_size, num_steps, optimizer='adam'):
  model = Sequential()

  # Embedding layer / Input layer
  model.add(Embedding(total_words, hidden_size, input_length=num_steps))

  # 4 LSTM layers
  model.add(LSTM(units=hidden_size, return_sequences=True))
  model.add(LSTM(units=hidden_size, return_sequences=True))
  model.add(LSTM(units=hidden_size, return_sequences=True))
  model.add(LSTM(units=hidden_size, return_sequences=True))

  # Fully Connected layer
  model.add(TimeDistributed(Dense(1024)))
  model.add(Activation('relu'))
  model.add(Dropout(0.3,seed=0.2))
  model.add(TimeDistributed(Dense(512)))
  model.add(Activation('relu'))

  # Output Layer
  model.add(TimeDistributed(Dense(total_words)))
  model.add(Activation('softmax'))

  model.compile(loss='categorical_crossentropy', optimizer=optimizer,
                metrics=[metrics.categorical_accuracy])
  return model


train_data, valid_data, total_words, indexToString, stringToIndex = load_data()

train_data_generator = BatchGenerator(
    train_data, number_of_words, batch_size, total_words, skip_step=number_of_words)
valid_data_generator = BatchGenerator(
    valid_data, number_of_words, batch_size, total_words, skip_step=number_of_words)

optimizer = Adam(lr=learning_rate, decay=learning_rate_decay)

model = create_model(total_words=total_words, hidden_size=hidden_size,
                     num_steps=number_of_words, optimizer=optimizer)

print(model.summary())

checkpointer = ModelCheckpoint(filepath=os.path.join(
    os.getcwd(), 'model', 'checkpoint', 'model-{epoch:02d}.h5'), verbose=1)

save_json(stringToIndex, os.path.join(
    os.getcwd(), 'data', 'stringToIndex.json'))

save_json(indexToString, os.path.join(
    os.getcwd(), 'data', 'indexToString.json'))

model.fit_generator(
    generator=train_data_generator.generate(),
    steps_per_epoch=len(train_data)/(batch_size*number_of_words),
    epochs=num_epochs,
    validation_data=valid_data_generator.generate(),
    validation_steps=len(valid_data)/(batch_size*number_of_words),
    callbacks=[checkpointer],
)

model.save(os.path.join(os.getcwd(), 'model', 'model.h5'))
