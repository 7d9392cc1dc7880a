import random

import numpy as np
import pandas as pd
from matplotlib import pyplot as plt
from scipy.stats import pearsonr
from tensorflow.keras.layers import Dense, concatenate, Input, Bidirectional, LSTM
from tensorflow.keras.models import Model
import tensorflow as tf

vol_dict = {
    "A": 88.6, "B": 0.0, "C": 108.5, "D": 111.1, "E": 138.4, "F": 189.9,
    "G": 60.1, "H": 153.2, "I": 166.7, "J": 0.0, "K": 168.6, "L": 166.7,
    "M": 162.9, "N": 114.1, "O": 0.0, "P": 112.7, "Q": 143.8, "R": 173.4,
    "S": 89.0, "T": 116.1, "V": 140, "W": 227.8, "X": 0.0, "Y": 193.6,
}

aa_to_pos = dict(zip(vol_dict.keys(), range(len(vol_dict.keys()))))

ccs_df = pd.read_csv("https://github.com/ProteomicsML/ProteomicsML/blob/main/datasets/ionmobility/Meier_IM_CCS/combined_sm.zip?raw=true", compression="zip", index_col=0)

# Strip "_" from sequence
ccs_df["sequence"] = ccs_df["Modified sequence"].str.strip("_")

# Strip everything between "()" and "[]" from sequence
ccs_df["sequence"] = ccs_df["sequence"].str.replace(r"[\(\[].*?[\)\]]", "", regex=True)

# Get all the index identifiers
all_idx = list(ccs_df.index)
random.seed(42)

# Shuffle the index identifiers so we can randomly split them in a testing and training set
random.shuffle(all_idx)

# Select 90 % for training and the remaining 10 % for testing
train_idx = all_idx[0 : int(len(all_idx) * 0.9)]
test_idx = all_idx[int(len(all_idx) * 0.9) :]

ccs_df_train = ccs_df.loc[train_idx, :]
ccs_df_test = ccs_df.loc[test_idx, :]


def aa_seq_to_one_hot(seq, padding_length=60):
    # Although padding is not needed for an LSTM, we might need it if we for example apply a CNN
    # Calculate how much padding is needed
    seq_len = len(seq)
    if seq_len > padding_length:
        seq = seq[0:padding_length]
        seq_len = len(seq)

    # Add padding for peptides that are too short
    padding = "".join(["X"] * (padding_length - len(seq)))
    seq = seq + padding

    # Initialize all feature matrix
    matrix_hc = np.zeros((len(aa_to_pos.keys()), len(seq)), dtype=np.int8)

    # Fill the one-hot matrix, when we encounter an 'X' it should be the end of the sequence
    for idx, aa in enumerate(seq):
        if aa == "X":
            break
        matrix_hc[aa_to_pos[aa], idx] = 1

    return matrix_hc


# Calculate the one-hot matrices and stack them
one_hot_encoded_train = np.stack(ccs_df_train["sequence"].apply(aa_seq_to_one_hot).values)
one_hot_encoded_test = np.stack(ccs_df_test["sequence"].apply(aa_seq_to_one_hot).values)

if len(ccs_df.index) < 1e4:
    epochs = 100
    num_lstm = 12
    batch_size = 128
else:
    batch_size = 1024
    epochs = 10
    num_lstm = 64

batch_size = 128
v_split = 0.1
optimizer = "adam"
loss = "mean_squared_error"

# The architecture chosen consists of two inputs: (1) the one-hot matrix and (2) the charge
# The first part is a biderectional LSTM (a), in paralel we have dense layers containing the charge (b)
# Both a and b are concatenated to go through several dense layers (c)
input_a = Input(shape=(None, one_hot_encoded_train.shape[2]))
a = Bidirectional(LSTM(num_lstm, return_sequences=True))(input_a)
a = Bidirectional(LSTM(num_lstm))(a)
a = Model(inputs=input_a, outputs=a)

input_b = Input(shape=(1,))
b = Dense(5, activation="relu")(input_b)
b = Model(inputs=input_b, outputs=b)

c = concatenate([a.output, b.output], axis=-1)

c = Dense(64, activation="relu")(c)
c = Dense(32, activation="relu")(c)
c = Dense(1, activation="linear")(c)

# Create the model with specified inputs and outputs
model = Model(inputs=[a.input, b.input], outputs=c)

model.compile(optimizer=optimizer, loss=loss)

# Fit the model on the training data
history = model.fit(
    (one_hot_encoded_train, ccs_df_train.loc[:, "Charge"]),
    ccs_df_train.loc[:, "CCS"],
    epochs=epochs,
    batch_size=batch_size,
    validation_split=v_split,
)

# Predict CCS values test set
ccs_df_test["LSTM_predictions"] = model.predict(
    (one_hot_encoded_test, ccs_df_test.loc[:, "Charge"])
)

predictions = ccs_df_test["LSTM_predictions"]
observations = ccs_df_test.loc[:, "CCS"]

are = abs(predictions - observations) / observations
mare = round(sum(are * 100) / len(predictions), 3)
pcc = round(pearsonr(predictions, observations)[0], 3)
perc_95 = round(np.percentile(are * 100, 95) * 2, 2)

plt.scatter(observations, predictions, alpha=0.05, s=1)
plt.plot([300, 1100], [300, 1100], c="grey")
plt.title(f"LSTM - PCC: {pcc} - MARE: {mare}% - 95th percentile: {perc_95}%")
plt.xlabel("Observed CCS (^2)")
plt.ylabel("Predicted CCS (^2)")
plt.show()
