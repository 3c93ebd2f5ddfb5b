#!/usr/bin/env bash
# Reproduces "Table 1" of docs/results.md (section 7): LeNet-5 on Fashion-MNIST pruned to 8% of its weights
# and retrained, then quantized (all layers at once, except the layer-wise Deep Compression baseline),
# Huffman-coded with pruned positions as index differences, and fine-tuned - every row on the same model,
# data and code. Prints the table and writes it to OUT/table1.md.
#
# Usage: samples/table1.sh [OUT]     (default out/table1; about 25 minutes on 2 quiet cores)
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

# 3. One compress per row, each fine-tuned the same way (shared values only; assignments and zeros fixed):
#    2 epochs on the training split, Adam at 3e-4 decayed by cosine. The settings of our rows were chosen by
#    the runs listed in docs/results.md (section 7): uniform at the fewest cells whose fine-tuned accuracy stays
#    within 0.1 points of the pruned model's, ECSQ at about the same rate.
tune=(--fine-tune-epochs 2 --lr 0.0003 "${d[@]}")
row() { local name=$1 model=$2; shift 2; q compress "$model" -o "$out/$name.nqz" "${tune[@]}" --json "$@" > "$out/$name.json"; }
h=(--hessian "$out/hessian.safetensors")
adam=(--hessian "adam:$out/adam-moments.safetensors")
# Gap widths of the positions: Deep Compression's 8 (conv) / 5 (fc) bits, or 8 everywhere. A short gap width
# makes filler entries, and each filler also costs a codeword in the index stream; step 4 measures the trade.
dcgaps=(--conv-index-bits 8 --fc-index-bits 5)
wide=(--conv-index-bits 8 --fc-index-bits 8)
row unpruned-uniform samples/lenet5-fashion.onnx --method uniform --bits 4
row deep-compression "$pruned" --preset deep-compression "${dcgaps[@]}"
row deep-compression-wide "$pruned" --preset deep-compression "${wide[@]}"
row kmeans           "$pruned" --method kmeans  --bits 5 "${wide[@]}"
row hkmeans          "$pruned" --method hkmeans --bits 5 "${h[@]}" "${wide[@]}"
row hkmeans-adam     "$pruned" --method hkmeans --bits 5 "${adam[@]}" "${wide[@]}"
row uniform          "$pruned" --method uniform --bits 4 "${wide[@]}"
row ecsq             "$pruned" --method ecsq --rate 2.7 "${h[@]}" "${wide[@]}"
row ecsq-adam        "$pruned" --method ecsq --rate 2.7 "${adam[@]}" "${wide[@]}"
row uniform-dcgaps   "$pruned" --method uniform --bits 4 "${dcgaps[@]}"
row ecsq-dcgaps      "$pruned" --method ecsq --rate 2.7 "${h[@]}" "${dcgaps[@]}"
# Beyond the paper: rANS instead of Huffman codes for the indices.
row uniform-ans      "$pruned" --method uniform --bits 4 --coding ans "${wide[@]}"
row ecsq-ans         "$pruned" --method ecsq --rate 2.7 "${h[@]}" --coding ans "${wide[@]}"

# 4. The table: the original and the pruned model as given (32-bit values of kept weights plus positions), then
#    every row with its ratio as a multiple of the baseline's.
q compare --inputs --baseline "Deep Compression" -o "$out/table1.md" \
  "uniform, unpruned=$out/unpruned-uniform.json" \
  "Deep Compression=$out/deep-compression.json" \
  "Deep Compression, 8-bit gaps=$out/deep-compression-wide.json" \
  "k-means=$out/kmeans.json" \
  "Hessian-weighted k-means=$out/hkmeans.json" \
  "Hessian-weighted k-means (Adam)=$out/hkmeans-adam.json" \
  "uniform=$out/uniform.json" \
  "iterative ECSQ=$out/ecsq.json" \
  "iterative ECSQ (Adam)=$out/ecsq-adam.json" \
  "uniform, 8/5-bit gaps=$out/uniform-dcgaps.json" \
  "iterative ECSQ, 8/5-bit gaps=$out/ecsq-dcgaps.json" \
  "uniform, rANS=$out/uniform-ans.json" \
  "iterative ECSQ, rANS=$out/ecsq-ans.json"

# 5. How the gap widths trade index bits against filler codewords (no fine-tuning: positions do not change accuracy).
gaprows=()
for conv in 5 8; do
  for fc in 3 5 6 7 8; do
    q compress "$pruned" -o "$out/gaps-$conv-$fc.nqz" --method uniform --bits 4 --conv-index-bits $conv --fc-index-bits $fc \
      --no-eval --json > "$out/gaps-$conv-$fc.json"
    gaprows+=("conv $conv, fc $fc bits=$out/gaps-$conv-$fc.json")
  done
done
q compare -o "$out/gap-widths.md" "${gaprows[@]}"
cat "$out/gap-widths.md"
cat "$out/table1.md"
