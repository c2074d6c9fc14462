#!/usr/bin/env bash
# Benchmarks `unetc check`, `unetc build` and `unetc diff --live` on generated
# projects with the release binary. See benches/README.md.
#
#   benches/run.sh [--sizes 1k,10k,50k] [--runs 5] [--commands check,build,diff] [--jobs N]
#
# Projects are generated once into target/bench-project-<N> (regenerated when
# the generator changed). Each command runs --runs times (plus one warm-up);
# the table gives median / min / max wall time and the peak RSS of the unetc
# process (getrusage of the child, i.e. ru_maxrss). Results are also written to
# target/bench-results.json. Exit codes 0 and 1 (violations, drift) count as a
# run; 2 or a signal aborts that command.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="10k"
runs=5
commands="check,build,diff"
jobs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --commands) commands="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

# UNETC_BIN / UNETC_GEN: use these binaries instead of building release ones.
if [ -z "${UNETC_BIN:-}" ] || [ -z "${UNETC_GEN:-}" ]; then
  cargo build --release --locked --bin unetc --example gen >&2
fi
bin="${UNETC_BIN:-$PWD/target/release/unetc}"
gen="${UNETC_GEN:-$PWD/target/release/examples/gen}"

projects=()
for size in ${sizes//,/ }; do
  dir="$PWD/target/bench-project-$size"
  stamp="$dir/.gen-stamp"
  want="$(sha256sum "$gen" | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "run.sh: generating $size nodes into $dir" >&2
    "$gen" --nodes "$size" "$dir"
    echo "$want" > "$stamp"
  fi
  projects+=("$size=$dir")
done

python3 - "$bin" "$runs" "$commands" "$jobs" "${projects[@]}" <<'PY'
import json, os, statistics, subprocess, sys, time

binary, runs, commands, jobs = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4]
projects = [p.split("=", 1) for p in sys.argv[5:]]
argv_of = {
    "check": lambda d: ["check", d, "--quiet"],
    "build": lambda d: ["build", d, "--quiet"],
    "diff": lambda d: ["diff", d, "--live", "--quiet"],
}

def run_once(argv):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_maxrss * 1024, code, err

results = []
print(f"machine: {os.cpu_count()} cores; binary: {binary}; runs: {runs} (+1 warm-up)")
print()
print("| nodes | command | median s | min s | max s | peak RSS MiB | exit |")
print("|------:|---------|---------:|------:|------:|-------------:|-----:|")
for size, d in projects:
    for c in commands:
        argv = [binary] + argv_of[c](d)
        if jobs:
            argv += ["--jobs", jobs]
        samples, rss, code, err = [], 0, None, ""
        for i in range(runs + 1):
            wall, peak, code, err = run_once(argv)
            if code not in (0, 1):
                break
            if i > 0:
                samples.append(wall)
                rss = max(rss, peak)
        if code not in (0, 1):
            lines = err.strip().splitlines()
            msg = next((l for l in lines if "error" in l), lines[-1] if lines else f"exit {code}").strip()
            print(f"| {size} | {c} | - | - | - | - | {code}: {msg} |")
            results.append({"nodes": size, "command": c, "error": msg, "exit": code})
            continue
        med, lo, hi = statistics.median(samples), min(samples), max(samples)
        print(f"| {size} | {c} | {med:.3f} | {lo:.3f} | {hi:.3f} | {rss / 2**20:.0f} | {code} |")
        results.append({"nodes": size, "command": c, "median_s": med, "min_s": lo,
                        "max_s": hi, "peak_rss_bytes": rss, "exit": code, "samples_s": samples})
with open("target/bench-results.json", "w") as f:
    json.dump({"cores": os.cpu_count(), "runs": runs, "results": results}, f, indent=2)
PY
