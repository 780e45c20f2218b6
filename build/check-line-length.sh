#!/usr/bin/env bash
# Fails, naming each place, when a tracked C# source line is longer than .editorconfig's max_line_length.
# The compiler does not enforce max_line_length, so build/test.sh runs this before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cs' | python3 -c '
import re, sys
limit = int(re.search(r"^max_line_length *= *(\d+)", open(".editorconfig").read(), re.M).group(1))
long = []
for path in sys.stdin.read().split("\0"):
    if not path: continue
    with open(path, encoding="utf-8") as source:
        for number, line in enumerate(source, 1):
            width = len(line.rstrip("\r\n"))
            if width > limit: long.append(f"{path}:{number}: {width} characters (limit {limit})")
for place in long: print(place, file=sys.stderr)
if long:
    print(f"check-line-length: {len(long)} line(s) longer than {limit} characters", file=sys.stderr)
    sys.exit(1)
'
