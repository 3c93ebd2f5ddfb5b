#!/usr/bin/env bash
# Coverage-guided fuzzing of one reader with afl++ and SharpFuzz (docs/fuzzing.md).
#   fuzz/run.sh TARGET SECONDS    fuzz TARGET for SECONDS; prints execs, paths, crashes and hangs; exit 1 on a crash or hang
#   fuzz/run.sh --list            the targets, one name a line
#   fuzz/run.sh --smoke SECONDS   every target for SECONDS each (CI: the harness must not rot)
# Exit 1 on a crash, a hang or a failed build; 3 when afl++ is missing and cannot be installed here.
# Installs what it lacks: afl++ with apt-get, the SharpFuzz instrumenter as a local .NET tool under fuzz/out/tools.
# Builds and instruments Quantize.Core, Quantize.Format, Quantize.Data and the image decoders (not the driver) under fuzz/out/bin.
# Findings land in fuzz/out/findings/TARGET (crashes/, hangs/, fuzzer_stats); replay them with
#   dotnet fuzz/out/bin/Quantize.Fuzz.dll replay TARGET fuzz/out/findings/TARGET/default/crashes
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/fuzz/out
bin=$out/bin
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The assemblies whose branches afl++ sees: ours, and the two image decoders whose code reads image bytes.
instrumented=(Quantize.Core.dll Quantize.Format.dll Quantize.Data.dll StbImageSharp.dll SixLabors.ImageSharp.dll)
sharpfuzz_version=2.3.0

say() { printf 'fuzz: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
# A machine that cannot get afl++ (no root, no apt mirror) is not a finding: exit 3 tells the two apart (.ci/run).
no_afl() { say "$*"; exit 3; }

ensure_afl() {
  command -v afl-fuzz >/dev/null && return
  say "installing afl++ (apt-get)"
  [ "$(id -u)" = 0 ] || no_afl "afl-fuzz is missing and installing it needs root: apt-get install afl++"
  # Loud on failure: a smoke run that cannot install afl++ must fail, not pass without fuzzing.
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || no_afl "apt-get update failed; cannot install afl++"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends afl++ >/dev/null || no_afl "apt-get install afl++ failed"
  command -v afl-fuzz >/dev/null || die "afl++ installed but afl-fuzz is not on PATH"
}

ensure_sharpfuzz() {
  [ -x "$out/tools/sharpfuzz" ] && return
  say "installing SharpFuzz.CommandLine $sharpfuzz_version into fuzz/out/tools"
  dotnet tool install SharpFuzz.CommandLine --version "$sharpfuzz_version" --tool-path "$out/tools" >/dev/null
}

# Publishes the driver to fuzz/out/publish, then copies it to fuzz/out/bin and instruments the assemblies under test
# there. The instrumented copy is remade only when the published files change (instrumenting twice is an error).
build() {
  # Nothing the driver is built from changed since the last instrumented copy: keep it (a publish takes minutes here).
  if [ -f "$bin/.instrumented" ] && [ -z "$(find src fuzz/Quantize.Fuzz tests/Shared Directory.Packages.props Directory.Build.props \
       \( -name bin -o -name obj \) -prune -o -type f -newer "$bin/.instrumented" -print -quit)" ]; then return; fi
  say "building the driver"
  mkdir -p "$out"
  touch "$out/.build-start" # a source saved during the build is newer than this, so the next run builds again
  nice -n 15 dotnet publish fuzz/Quantize.Fuzz -c Release -o "$out/publish" --nologo -v quiet >"$out/build.log" 2>&1 \
    || { cat "$out/build.log" >&2; die "build failed"; }
  local stamp
  stamp=$(cd "$out/publish" && sha256sum ./*.dll | sha256sum | cut -d' ' -f1)
  if [ -f "$bin/.instrumented" ] && [ "$(cat "$bin/.instrumented")" = "$stamp" ]; then touch -r "$out/.build-start" "$bin/.instrumented"; return; fi
  ensure_sharpfuzz
  # Instrumented beside the old copy and swapped in at the end: a target still fuzzing keeps the files it opened.
  rm -rf "$bin.new" "$bin.old"
  cp -r "$out/publish" "$bin.new"
  for dll in "${instrumented[@]}"; do
    say "instrumenting $dll"
    nice -n 15 "$out/tools/sharpfuzz" "$bin.new/$dll" || die "instrumenting $dll failed"
  done
  echo "$stamp" >"$bin.new/.instrumented"
  touch -r "$out/.build-start" "$bin.new/.instrumented"
  if [ -d "$bin" ]; then mv "$bin" "$bin.old"; fi
  mv "$bin.new" "$bin"
}

# A target is a class in fuzz/Quantize.Fuzz/Targets and a folder of seeds in fuzz/corpus; --smoke checks they agree.
targets() { ls -1 fuzz/corpus; }

stat_of() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$2"; }

# Runs afl-fuzz on one target for the given seconds and prints one line of its fuzzer_stats.
fuzz_one() {
  local target=$1 seconds=$2 seeds=${3:-fuzz/corpus/$1}
  [ -d "fuzz/corpus/$target" ] || die "no corpus for '$target' (fuzz/corpus/$target); targets: $(targets | tr '\n' ' ')"
  local findings=$out/findings/$target work=$out/work/$target
  # Each run starts afresh in the target's folder, so two runs of one target at once would clear each other's.
  mkdir -p "$out/findings"
  exec 8>"$out/findings/$target.lock"
  flock -n 8 || die "$target is being fuzzed by another fuzz/run.sh"
  rm -rf "$findings" "$work"
  mkdir -p "$findings" "$work"
  # afl++ settings for a managed target on a shared machine: no instrumented binary to check (dotnet runs the driver),
  # no core pinning, no CPU governor or core_pattern demands, no curses screen.
  # The GC's heap limit turns a runaway allocation into an OutOfMemoryException, which the driver reports as a crash.
  # -t: a .NET child restarted after a timeout takes a while to start; 10 s per input is far above any real decode.
  set +e
  AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
  AFL_FORKSRV_INIT_TMOUT=60000 AFL_FAST_CAL=1 \
  DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0 TMPDIR=$work \
    nice -n 15 timeout --kill-after=30 $((seconds + 120)) \
    afl-fuzz -i "$seeds" -o "$findings" -t 10000 -m none -V "$seconds" -- dotnet "$bin/Quantize.Fuzz.dll" "$target" \
    >"$findings/afl.log" 2>&1
  local status=$?
  set -e
  rm -rf "$work"
  local stats=$findings/default/fuzzer_stats
  if [ ! -f "$stats" ]; then
    tail -n 30 "$findings/afl.log" >&2
    die "$target: afl-fuzz exited with $status and wrote no fuzzer_stats"
  fi
  local execs paths crashes hangs
  execs=$(stat_of execs_done "$stats")
  paths=$(stat_of corpus_count "$stats"); [ -n "$paths" ] || paths=$(stat_of paths_total "$stats")
  crashes=$(stat_of saved_crashes "$stats"); [ -n "$crashes" ] || crashes=$(stat_of unique_crashes "$stats")
  hangs=$(stat_of saved_hangs "$stats"); [ -n "$hangs" ] || hangs=$(stat_of unique_hangs "$stats")
  printf '%-12s seconds %-6s execs %-9s paths %-6s crashes %-4s hangs %s\n' "$target" "$seconds" "$execs" "$paths" "$crashes" "$hangs"
  if [ "${execs:-0}" -eq 0 ]; then tail -n 30 "$findings/afl.log" >&2; die "$target: afl-fuzz ran no input"; fi
  if [ "${crashes:-0}" -ne 0 ] || [ "${hangs:-0}" -ne 0 ]; then
    say "$target: inputs in $findings/default/crashes and hangs; replay: dotnet $bin/Quantize.Fuzz.dll replay $target $findings/default/crashes"
    return 1
  fi
}

# One build at a time when targets are fuzzed side by side.
locked_build() {
  mkdir -p "$out"
  exec 9>"$out/build.lock"
  flock 9
  build
  flock -u 9
}

case "${1:-}" in
  --list)
    targets ;;
  --smoke)
    [ $# = 2 ] || die "usage: fuzz/run.sh --smoke SECONDS"
    ensure_afl; locked_build
    [ "$(dotnet "$bin/Quantize.Fuzz.dll" --list | sort)" = "$(targets | sort)" ] \
      || die "the driver's targets ($(dotnet "$bin/Quantize.Fuzz.dll" --list | tr '\n' ' ')) differ from fuzz/corpus's folders"
    failed=0
    for target in $(targets); do fuzz_one "$target" "$2" || failed=1; done
    exit $failed ;;
  ""|-h|--help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2 ;;
  *)
    [ $# = 2 ] || die "usage: fuzz/run.sh TARGET SECONDS (fuzz/run.sh --list for the targets)"
    [[ $2 =~ ^[0-9]+$ ]] || die "SECONDS must be a whole number, not '$2'"
    ensure_afl; locked_build
    targets | grep -qx -- "$1" || die "no target '$1'; targets: $(targets | tr '\n' ' ')"
    fuzz_one "$1" "$2" ;;
esac
