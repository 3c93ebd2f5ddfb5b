#!/usr/bin/env bash
# Issue 14's fidelity measurement: every real model of models.json compressed by the built CLI, restored, and
# run in ONNX Runtime beside its original on the same deterministic inputs. Prints a Markdown table (ratio from
# `compress --json`, min and mean per-sample output cosine, the worst output, the three tensors of lowest SQNR).
# Usage: samples/real-models/measure.sh [SETTING]...   each SETTING is one string of compress options;
#        none given = the CLI's defaults, kmeans 8 bits and per-layer 8 bits, plus the int8-per-channel reference.
# Needs the models: samples/real-models/fetch.sh. Not part of dotnet test (no network in CI, minutes per run).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release src/Quantize.Cli -v q -nologo >/dev/null
dotnet build -c Release tests/Quantize.Fidelity -v q -nologo >/dev/null
[ $# -gt 0 ] || set -- "" "--method kmeans --bits 8" "--per-layer --bits 8"
args=(--quantize src/Quantize.Cli/bin/Release/net10.0/quantize.dll --int8)
for setting in "$@"; do args+=(--options "$setting"); done
echo "commit $(git rev-parse --short HEAD)"
dotnet tests/Quantize.Fidelity/bin/Release/net10.0/Quantize.Fidelity.dll "${args[@]}" 2> >(grep -v -E 'W:onnxruntime|E:onnxruntime' >&2)
