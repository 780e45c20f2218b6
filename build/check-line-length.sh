#!/usr/bin/env bash
# Fails, naming each place, when a tracked C# source line is longer than .editorconfig's max_line_length (120).
# The compiler does not enforce max_line_length, so build/test.sh runs this before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=$(sed -n 's/^max_line_length *= *\([0-9]*\).*/\1/p' .editorconfig | head -n 1)
long=$(git ls-files -z '*.cs' | xargs -0 awk -v limit="$limit" \
  'length > limit { printf "%s:%d: %d characters (limit %d)\n", FILENAME, FNR, length, limit }')
if [ -n "$long" ]; then
  echo "$long" >&2
  echo "check-line-length: $(wc -l <<<"$long") line(s) longer than $limit characters" >&2
  exit 1
fi
