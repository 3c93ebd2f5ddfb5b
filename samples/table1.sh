#!/usr/bin/env bash
# Reproduces "Table 1" of docs/results.md (section 6): LeNet-5 on Fashion-MNIST pruned to 8% of its weights
# and retrained, then quantized (all layers at once, except the layer-wise Deep Compression baseline),
# Huffman-coded with pruned positions as index differences, and fine-tuned - every row on the same model,
# data and code. Prints the table and writes it to OUT/table1.md.
#
# Usage: samples/table1.sh [OUT]     (default out/table1; about 25 minutes on 2 cores)
# Needs the full Fashion-MNIST training set (60,000 images): apt-get install dataset-fashion-mnist, or
# QUANTIZE_DATA=DIR with the four IDX files. The shipped samples/fashion-mnist holds only 5,000 training images.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/table1}
data=${QUANTIZE_DATA:-/usr/share/datasets/fashion-mnist}
if [ ! -e "$data/train-images-idx3-ubyte.gz" ] && [ ! -e "$data/train-images-idx3-ubyte" ]; then
  echo "table1.sh: no Fashion-MNIST training set in $data (apt-get install dataset-fashion-mnist, or set QUANTIZE_DATA)" >&2
  exit 2
fi
mkdir -p "$out"
dotnet build -c Release src/Quantize.Cli >/dev/null
q() { dotnet run -c Release --no-build --project src/Quantize.Cli -- "$@"; }
d=(--data "$data")

# 1. Iterative magnitude pruning of the shipped model with masked retraining (Adam, lr 1e-3 decayed by
#    cosine): keep 50%, 25%, 12%, then 8% of the weights. The last step keeps its Adam moments for the
#    paper's section 3.5 alternative to the Hessian.
q prune samples/lenet5-fashion.onnx "${d[@]}" --ratio 0.50 --retrain-epochs 1 --lr 0.001 -o "$out/keep50.onnx"
q prune "$out/keep50.onnx" "${d[@]}" --ratio 0.25 --retrain-epochs 2 --lr 0.001 -o "$out/keep25.onnx"
q prune "$out/keep25.onnx" "${d[@]}" --ratio 0.12 --retrain-epochs 3 --lr 0.001 -o "$out/keep12.onnx"
q prune "$out/keep12.onnx" "${d[@]}" --ratio 0.08 --retrain-epochs 5 --lr 0.001 \
  --save-moments "$out/adam-moments.safetensors" -o "$out/pruned.onnx"
pruned="$out/pruned.onnx"

# 2. Hessian diagonal of the pruned model on the first 1,000 training images (never the test set).
q hessian "$pruned" "${d[@]}" --samples 1000 --estimator gauss-newton -o "$out/hessian.safetensors"

# 3. One compress per row, each fine-tuned the same way (shared values only; assignments and zeros fixed).
tune=(--fine-tune-epochs 2 --lr 0.0001 "${d[@]}")
row() { local name=$1; shift; q compress "$pruned" -o "$out/$name.nqz" "${tune[@]}" --json "$@" > "$out/$name.json"; }
row deep-compression --preset deep-compression
row kmeans  --method kmeans  --bits ${KMEANS_BITS:-5}
row hkmeans --method hkmeans --bits ${KMEANS_BITS:-5} --hessian "$out/hessian.safetensors"
row hkmeans-adam --method hkmeans --bits ${KMEANS_BITS:-5} --hessian "adam:$out/adam-moments.safetensors"
row uniform --method uniform --rate ${RATE:-3}
row ecsq    --method ecsq    --rate ${RATE:-3} --hessian "$out/hessian.safetensors"
row ecsq-adam --method ecsq  --rate ${RATE:-3} --hessian "adam:$out/adam-moments.safetensors"

# 4. The table: the pruned model as given (32-bit kept values plus positions), then every row against the baseline.
q compare --inputs --baseline deep-compression -o "$out/table1.md" \
  "deep-compression=$out/deep-compression.json" "k-means=$out/kmeans.json" "Hessian-weighted k-means=$out/hkmeans.json" \
  "Hessian-weighted k-means (Adam)=$out/hkmeans-adam.json" "uniform=$out/uniform.json" "iterative ECSQ=$out/ecsq.json" \
  "iterative ECSQ (Adam)=$out/ecsq-adam.json"
cat "$out/table1.md"
