#!/usr/bin/env bash
# Reproduces docs/results.md section 15: test accuracy against density for the shipped LeNet-5 on the shipped
# Fashion-MNIST sample (5,000 training images, the full 10,000-image test set), one-shot pruning against gradual
# (Zhu & Gupta's polynomial schedule), each with one ratio across layers by magnitude and with per-layer ratios from
# the Hessian (--allocate hessian). Every run trains 8 epochs in all: one-shot retrains 8 at the final masks; gradual
# prunes over 6 and trains 2 more at the final masks. Writes OUT/*.json, OUT/*.onnx and OUT/pruning-curve.png.
#
# Usage: samples/pruning-curve.sh [OUT]     (default out/pruning-curve; about 25 minutes on one thread)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/pruning-curve}
mkdir -p "$out"
dotnet build -c Release src/Quantize.Cli >/dev/null
q() { dotnet run -c Release --no-build --project src/Quantize.Cli -- "$@"; }
common=(samples/lenet5-fashion.onnx --data samples/fashion-mnist --lr 0.001 --seed 1 --threads 1 --json)
gradual=(--schedule polynomial --prune-epochs 6 --retrain-epochs 2 --mask-every 40)
series=()
for d in 0.5 0.2 0.1 0.05 0.02; do
  q prune "${common[@]}" --ratio $d --retrain-epochs 8 -o "$out/oneshot-$d.onnx" > "$out/oneshot-$d.json"
  q prune "${common[@]}" --ratio $d "${gradual[@]}" -o "$out/gradual-$d.onnx" > "$out/gradual-$d.json"
  q prune "${common[@]}" --ratio $d --retrain-epochs 8 --allocate hessian -o "$out/oneshot-hessian-$d.onnx" > "$out/oneshot-hessian-$d.json"
  q prune "${common[@]}" --ratio $d "${gradual[@]}" --allocate hessian -o "$out/gradual-hessian-$d.onnx" > "$out/gradual-hessian-$d.json"
  series+=("one-shot=$out/oneshot-$d.json" "gradual=$out/gradual-$d.json"
           "one-shot, Hessian ratios=$out/oneshot-hessian-$d.json" "gradual, Hessian ratios=$out/gradual-hessian-$d.json")
done
q prune curve "${series[@]}" -o "$out/pruning-curve.png" \
  --title "LeNet-5, Fashion-MNIST sample: test accuracy after 8 epochs of training, against density"
