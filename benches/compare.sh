#!/usr/bin/env bash
# The Python baseline: jinja2 render + hier_config diff of the same generated
# project, timed on this machine and compared with benches/run.sh's figures.
#   benches/compare.sh [--size 10k] [--runs 3]
# Installs jinja2 and hier_config into target/bench-venv (PyPI) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
size=10k; runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "compare.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
venv=target/bench-venv
if ! "$venv/bin/python" -c "import jinja2, hier_config" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q jinja2 hier_config
fi
dir="target/bench-project-$size"
if [ ! -f "$dir/.bench/context.jsonl" ]; then
  cargo build --release --locked --example gen >&2
  target/release/examples/gen --nodes "$size" "$dir"
fi
exec "$venv/bin/python" benches/compare.py "$dir" --runs "$runs"
