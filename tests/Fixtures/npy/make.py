#!/usr/bin/env python3
"""Writes the .npy/.npz fixtures read by tests/Quantize.Format.Tests/Data and tests/Quantize.Torch.Tests/Data.

Run once with Debian's NumPy (apt-get install python3-numpy; 1.24.2 made the committed files):
    cd tests/Fixtures/npy && /usr/bin/python3 make.py
Values follow formulas the tests recompute: floats = arange(n) * 0.5 - 3, ints = arange(n) * 1000 - 7000,
uint8 = arange(n) * 10, bool = arange(n) % 3 == 0, shaped (2, 3, 4) unless the name says otherwise.
"""
import numpy as np
from numpy.lib import format as npformat

SHAPE = (2, 3, 4)
N = 24


def values(kind):
    a = np.arange(N)
    if kind == "f":
        return a * 0.5 - 3
    if kind == "i":
        return a * 1000 - 7000
    if kind == "u":
        return a * 10
    return a % 3 == 0


for descr in ["<f4", "<f2", "<f8", "<i8", "<i4", "|b1", "|u1", ">f4", ">f2", ">f8", ">i8", ">i4"]:
    kind = {"f": "f", "i": "i", "u": "u", "b": "b"}[descr[1]]
    array = values(kind).astype(np.dtype(descr)).reshape(SHAPE)
    name = descr.replace("<", "le_").replace(">", "be_").replace("|", "")
    np.save(f"{name}.npy", array)

# Fortran order: the same logical array, stored first-index-fastest.
np.save("fortran_f4.npy", np.asfortranarray(values("f").astype("<f4").reshape(SHAPE)))
np.save("fortran_be_i8.npy", np.asfortranarray(values("i").astype(">i8").reshape(4, 6)))

# Format versions 2.0 and 3.0 (NumPy picks them only for huge or non-Latin-1 headers, so ask for them).
for version in [(2, 0), (3, 0)]:
    with open(f"version{version[0]}.npy", "wb") as f:
        npformat.write_array(f, values("f").astype("<f4").reshape(SHAPE), version=version)

np.save("scalar.npy", np.float32(2.5))
np.save("empty.npy", np.zeros((0, 3), dtype="<f4"))

# A BERT-style batch: token ids, mask and types (int64, as tokenizers give them), class labels.
ids = (np.arange(5 * 8).reshape(5, 8) * 7 % 100).astype(np.int64)
mask = (np.arange(8)[None, :] < np.array([8, 6, 5, 8, 3])[:, None]).astype(np.int64)
types = (np.arange(8)[None, :] >= 4).astype(np.int64).repeat(5, axis=0)
labels = np.array([0, 1, 1, 0, 1], dtype=np.int64)
np.savez("tokens_stored.npz", input_ids=ids, attention_mask=mask, token_type_ids=types, labels=labels)
np.savez_compressed("tokens_deflated.npz", input_ids=ids, attention_mask=mask, token_type_ids=types, labels=labels)

# Positional arrays get the keys arr_0, arr_1.
np.savez("positional.npz", values("f").astype("<f4"), values("i").astype("<i4"))
