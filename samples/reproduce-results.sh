#!/usr/bin/env bash
# Reproduces the quantizer and Hessian tables of docs/results.md (section 1) from the shipped samples.
# Usage: samples/reproduce-results.sh [OUT]   (default out/results; about 5 minutes on 2 cores)
# Everything runs on the shipped data (samples/fashion-mnist: the full test set and the first 5,000
# training images, which are the calibration images for the Hessians).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/results}
mkdir -p "$out"
dotnet build -c Release src/Quantize.Cli >/dev/null
q() { dotnet run -c Release --no-build --project src/Quantize.Cli -- "$@"; }
data=(--data samples/fashion-mnist)
model=samples/lenet5-fashion.onnx

# Hessian diagonals of the training loss on calibration images (never the test set).
q hessian "$model" "${data[@]}" --samples 1000 --estimator gauss-newton -o "$out/gn-1000.safetensors"
q hessian "$model" "${data[@]}" --samples 5000 --estimator gauss-newton -o "$out/gn-5000.safetensors"
q hessian "$model" "${data[@]}" --samples 1000 --estimator hutchinson -o "$out/hutchinson-1000.safetensors"

# 1a. Every method, 2-6 bits, fixed-length and Huffman codes, Hessian from 1,000 images (the paper's Figure 1 layout).
q sweep "$model" "${data[@]}" --methods kmeans,hkmeans,uniform,ecsq --bits 2..6 --coding fixed,huffman \
  --hessian "$out/gn-1000.safetensors" -o "$out/quantizers"

# 1b. k-means against Hessian-weighted k-means with each Hessian source, fixed-length codes, 2-5 bits (Figure 2).
for h in gn-1000 gn-5000 hutchinson-1000; do
  q sweep "$model" "${data[@]}" --methods kmeans,hkmeans --bits 2..5 --coding fixed --hessian "$out/$h.safetensors" -o "$out/hessian-$h"
done

# 1c. The Adam alternative (paper section 3.5) on a LeNet-5 trained with Adam whose second moments were kept:
#     quantize train --arch lenet5 --epochs 20 --seed 2 --optimizer adam --save-moments samples/lenet5-fashion-adam-moments.safetensors -o samples/lenet5-fashion-adam.onnx
adam=samples/lenet5-fashion-adam.onnx
q hessian "$adam" "${data[@]}" --samples 1000 --estimator gauss-newton -o "$out/adam-model-gn-1000.safetensors"
q sweep "$adam" "${data[@]}" --methods kmeans,hkmeans --bits 2..5 --coding fixed \
  --hessian adam:samples/lenet5-fashion-adam-moments.safetensors -o "$out/adam-moments"
q sweep "$adam" "${data[@]}" --methods hkmeans --bits 2..5 --coding fixed \
  --hessian "$out/adam-model-gn-1000.safetensors" -o "$out/adam-model-gn"
echo "tables: $out/*/sweep.md"
