#!/usr/bin/env python3
"""Writes a data folder whose training split is samples/fashion-mnist's training images from N on.

`quantize train --limit N` trains on the first N training images; compress --search carves its validation split at
random from the whole training split it is given, so on samples/fashion-mnist most of that split would be images the
model trained on. Pointing compress at this folder instead makes every validation (and Hessian, fine-tuning) image one
the model never saw. The test set is copied as is; gzip headers carry no time stamp, so the output is byte-identical.
Usage: python3 samples/make-holdout-slice.py N TARGET_DIR
"""
import gzip, shutil, struct, sys, pathlib

source = pathlib.Path(__file__).resolve().parent / "fashion-mnist"
offset = int(sys.argv[1])
target = pathlib.Path(sys.argv[2])
target.mkdir(parents=True, exist_ok=True)

for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
    shutil.copyfile(source / name, target / name)

for name, item_bytes in (("train-images-idx3-ubyte.gz", 28 * 28), ("train-labels-idx1-ubyte.gz", 1)):
    data = gzip.decompress((source / name).read_bytes())
    rank = data[3]
    dims = list(struct.unpack(">" + "i" * rank, data[4:4 + 4 * rank]))
    if not 0 < offset < dims[0]: sys.exit(f"N must be between 1 and {dims[0] - 1}")
    start = 4 + 4 * rank
    body = data[start + offset * item_bytes: start + dims[0] * item_bytes]
    dims[0] -= offset
    header = data[:4] + struct.pack(">" + "i" * rank, *dims)
    (target / name).write_bytes(gzip.compress(header + body, mtime=0))
print(f"wrote {target}: full test set, training images {offset} to the end")
