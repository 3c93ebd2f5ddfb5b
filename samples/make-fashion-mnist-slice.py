#!/usr/bin/env python3
"""Rebuilds samples/fashion-mnist from the Debian package dataset-fashion-mnist.

The full 10k test set is copied as is; the training split is cut to its first N images (default
5,000), a calibration slice for Hessians and quick fine-tuning. gzip headers carry no time stamp,
so the output is byte-identical on every run.
Usage: python3 samples/make-fashion-mnist-slice.py [/usr/share/datasets/fashion-mnist] [5000]
"""
import gzip, shutil, struct, sys, pathlib

source = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
target = pathlib.Path(__file__).resolve().parent / "fashion-mnist"
target.mkdir(exist_ok=True)

for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
    shutil.copyfile(source / name, target / name)

for name, item_bytes in (("train-images-idx3-ubyte.gz", 28 * 28), ("train-labels-idx1-ubyte.gz", 1)):
    data = gzip.decompress((source / name).read_bytes())
    rank = data[3]
    dims = list(struct.unpack(">" + "i" * rank, data[4:4 + 4 * rank]))
    dims[0] = count
    header = data[:4] + struct.pack(">" + "i" * rank, *dims)
    body = data[4 + 4 * rank: 4 + 4 * rank + count * item_bytes]
    (target / name).write_bytes(gzip.compress(header + body, mtime=0))
print(f"wrote {target}: full test set, first {count} training images")
