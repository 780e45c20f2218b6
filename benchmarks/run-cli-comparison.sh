#!/usr/bin/env bash
# Whole-command comparisons for the composefs verbs (see benchmarks/README.md). Every goal comes out as a line
#   RATIO <name> <measured>x goal <=|>= <goal>x : yes|no
# and all of them again as one table at the end.
#   GC:        bootcplug composefs gc vs find -delete (floor) vs find | xargs -P 8 rm (parallel floor) vs ostree prune
#   memory:    peak RSS of bootcplug composefs gc at GC_OBJECTS and MEM_LARGE_OBJECTS objects
#   fs-verity: bootcplug composefs digest vs fsverity digest (fsverity-utils), sha256 and sha512
#   objects:   bootcplug composefs objects IMAGE vs fsck.erofs IMAGE, on a mkfs.erofs image and on ours
#   space:     bootcplug space on a host of two SPACE_FILES-file deployments sharing half, vs du of its repository
#   oci:       bootcplug deploy --image (import + image + boot entries) vs umoci unpack, of one umoci-built image
#   start-up:  benchmarks/startup.sh
#   validators: the generated status validator vs JsonSchema.Net per document (BenchmarkDotNet, short job)
# Usage: benchmarks/run-cli-comparison.sh [WORKDIR]
# Sizes: GC_OBJECTS (100000), MEM_LARGE_OBJECTS (4 x GC_OBJECTS), GC_ROUNDS (3), VERITY_MB (1024),
# IMAGE_FILES (100000), OBJECT_RUNS (5), VERITY_RUNS (3), SPACE_FILES (66000: with the shared half, 100k objects),
# OCI_MB (500), OCI_FILES (20000), OCI_RUNS (3).
# SECTIONS picks parts (default "objects memory gc verity space oci startup validators", the order they run in). A quick smoke run: GC_OBJECTS=4000 VERITY_MB=64 IMAGE_FILES=4000 OBJECT_RUNS=2 VERITY_RUNS=1 GC_ROUNDS=1
# Needs ostree, fsverity, erofs-utils, umoci, python3, GNU time (/usr/bin/time).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
GC_OBJECTS=${GC_OBJECTS:-100000}
MEM_LARGE_OBJECTS=${MEM_LARGE_OBJECTS:-$((GC_OBJECTS * 4))}
GC_ROUNDS=${GC_ROUNDS:-3}
VERITY_MB=${VERITY_MB:-1024}
IMAGE_FILES=${IMAGE_FILES:-100000}
OBJECT_RUNS=${OBJECT_RUNS:-5}
VERITY_RUNS=${VERITY_RUNS:-3}
SPACE_FILES=${SPACE_FILES:-66000}
OCI_MB=${OCI_MB:-500}
OCI_FILES=${OCI_FILES:-20000}
OCI_RUNS=${OCI_RUNS:-3}
SECTIONS=${SECTIONS:-"objects memory gc verity space oci startup validators"}
WORK=${1:-$(mktemp -d /var/tmp/bootcplug-bench.XXXXXX)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
for tool in ostree fsverity fsck.erofs mkfs.erofs umoci python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
section() { [[ " $SECTIONS " == *" $1 "* ]]; }

dotnet build -c Release src/BootcPlug.Cli >/dev/null
dotnet build -c Release benchmarks/BootcPlug.Benchmarks >/dev/null
BCP=$PWD/src/BootcPlug.Cli/bin/Release/net10.0/bootcplug
# The form a package would ship: the same build published with ReadyToRun code (no JIT at start-up).
dotnet publish -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true src/BootcPlug.Cli -o "$WORK/published" >/dev/null
BCP_R2R=$WORK/published/bootcplug
GEN=(dotnet "$PWD/benchmarks/BootcPlug.Benchmarks/bin/Release/net10.0/BootcPlug.Benchmarks.dll")

# measure LABEL CMD... : runs CMD (stdout discarded) and records "LABEL wall user+sys peak-RSS-KiB"
measure() {
  local label=$1; shift
  local times
  /usr/bin/time -o "$WORK/last.time" -f '%e %U %S %M' "$@" >/dev/null 2>"$WORK/last.err" \
    || { cat "$WORK/last.err" >&2; exit 1; }
  read -r wall user sys rss < "$WORK/last.time"
  printf '%s %s %s %s\n' "$label" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$rss" \
    | tee -a "$WORK/times.txt"
}
: > "$WORK/times.txt"
: > "$WORK/ratios.txt"
: > "$WORK/phases.txt"

# median LABEL FIELD: the median of field 2 (wall), 3 (cpu) or 4 (peak RSS KiB) over LABEL's runs
median_of() {
  awk -v l="$1" -v f="$2" '$1 == l { print $f }' "$WORK/times.txt" | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# ratio NAME MEASURED OP GOAL: prints (and keeps for the final table) "RATIO NAME <m>x goal OP <g>x : yes|no"
ratio() {
  local verdict
  verdict=$(awk -v m="$2" -v op="$3" -v g="$4" 'BEGIN { ok = (op == "<=") ? (m <= g) : (m >= g); print ok ? "yes" : "no" }')
  printf 'RATIO %s %.2fx goal %s %sx : %s\n' "$1" "$2" "$3" "$4" "$verdict" | tee -a "$WORK/ratios.txt"
}
divide() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.4f", a / b }'; }
load() { echo "load: $(uptime | sed 's/.*load average: //')"; }

# settle: sync, then wait until the disk under WORK has had no writes or discards for 3 seconds (at most 120 s).
# A timed command should not start while the disk is still busy with what came before it (on the project's VM it was
# always quiet within 4 s).
DISK_STAT=/sys/class/block/$(basename "$(df --output=source "$WORK" | tail -1)")/stat
settle() {
  sync
  if [ ! -r "$DISK_STAT" ]; then sleep 5; return; fi
  local previous="" current quiet=0 waited=0
  while [ "$quiet" -lt 3 ] && [ "$waited" -lt 120 ]; do
    current=$(awk '{ print $5, $9, $12 }' "$DISK_STAT")   # write I/Os, in flight, discard I/Os
    if [ "$current" = "$previous" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    previous=$current
    sleep 1; waited=$((waited + 1))
  done
  echo "(disk settled after ${waited} s)"
}
echo "machine: $(nproc) cores, $(uname -r); work dir $WORK; commit $(git rev-parse --short HEAD); $(date -u)"
load

# objects: two images of IMAGE_FILES files in 100 directories. "mkfs": mkfs.erofs over empty files carrying the
# overlay xattrs composefs images carry (metacopy with a sha512 digest, redirect /XX/rest); -T0 gives compact
# 32-byte inodes, each file's two xattrs (unique values) stay inline in its inode. "ours": bootcplug's own writer
# (composefs-rs layout: composefs header, extended inodes), on which fsck.erofs is about ten times slower.
if section objects; then
  echo "== objects: $IMAGE_FILES-file images"; load
  rm -rf "$WORK/tree"
  python3 - "$WORK/tree" "$IMAGE_FILES" <<'PY'
import hashlib, os, sys
root, count = sys.argv[1], int(sys.argv[2])
for d in range(100):
    os.makedirs(os.path.join(root, "d%02d" % d), exist_ok=True)
for i in range(count):
    digest = hashlib.sha512(b"object %d" % i).digest()
    path = os.path.join(root, "d%02d" % (i % 100), "f%d" % i)
    open(path, "wb").close()
    # overlayfs metacopy: version 0, length 68, flags 0, fs-verity algorithm 2 (sha512), digest
    os.setxattr(path, "trusted.overlay.metacopy", bytes([0, 68, 0, 2]) + digest)
    os.setxattr(path, "trusted.overlay.redirect", ("/%s/%s" % (digest.hex()[:2], digest.hex()[2:])).encode())
PY
  mkfs.erofs --quiet -T0 --all-root -U 00000000-0000-0000-0000-000000000000 "$WORK/mkfs.erofs" "$WORK/tree"
  rm -rf "$WORK/tree"
  "${GEN[@]}" make-image "$WORK/ours.erofs" "$IMAGE_FILES"
  for kind in mkfs ours; do
    image="$WORK/$kind.erofs"
    cat "$image" > /dev/null
    for run in $(seq "$OBJECT_RUNS"); do
      measure "objects-$kind-bootcplug-r2r" "$BCP_R2R" composefs objects "$image"
      measure "objects-$kind-fsck-erofs" fsck.erofs "$image"
      measure "objects-$kind-bootcplug" "$BCP" composefs objects "$image"
    done
    test "$("$BCP_R2R" composefs objects "$image" | wc -l)" -eq "$IMAGE_FILES" && echo "$kind: object count ok"
  done
  load
  ratio objects-mkfs-image-time/fsck.erofs \
    "$(divide "$(median_of objects-mkfs-bootcplug-r2r 2)" "$(median_of objects-mkfs-fsck-erofs 2)")" "<=" 1.0
  ratio objects-our-image-speedup-over-fsck.erofs \
    "$(divide "$(median_of objects-ours-fsck-erofs 2)" "$(median_of objects-ours-bootcplug-r2r 2)")" ">=" 2.0
fi

# Peak RSS of the GC (real run, nothing but the repository) at two sizes: its level, and its growth per object.
if section memory; then
  echo "== GC memory: $GC_OBJECTS and $MEM_LARGE_OBJECTS objects"; load
  for count in "$GC_OBJECTS" "$MEM_LARGE_OBJECTS"; do
    dir="$WORK/mem-$count"
    rm -rf "$dir"
    "${GEN[@]}" make-gc-repo "$dir" "$count" --repo-only
    settle
    BOOTCPLUG_GC_PHASES=1 measure "gc-memory-$count" "$BCP_R2R" composefs --repo "$dir/repo" gc
    sed "s/^/memory $count: /" "$WORK/last.err" | tee -a "$WORK/phases.txt"
    rm -rf "$dir"
  done
  small=$(median_of "gc-memory-$GC_OBJECTS" 4)
  large=$(median_of "gc-memory-$MEM_LARGE_OBJECTS" 4)
  growth=$(awk -v s="$small" -v l="$large" -v a="$GC_OBJECTS" -v b="$MEM_LARGE_OBJECTS" \
    'BEGIN { printf "%.1f", (l - s) * 1024 / (b - a) }')
  echo "gc peak RSS: $small KiB at $GC_OBJECTS objects, $large KiB at $MEM_LARGE_OBJECTS; $growth bytes per object"
  # Goals as ratios to their limits (60 MB at 100,000 objects; 300 bytes per further object).
  ratio "gc-peak-rss-at-$GC_OBJECTS/60MB" "$(divide "$small" 60000)" "<=" 1.0
  ratio gc-rss-growth-per-object/300B "$(divide "$growth" 300)" "<=" 1.0
fi

# One GC round on a fresh data set; $1 names the order of the timed commands (the disk is shared and its background
# work lands on whoever runs first, so the order rotates). Every timed command starts once the disk has settled.
# The two floors delete copies of exactly the garbage objects: find -delete (one process, one unlink at a time) and
# find | xargs -0 -P 8 rm -f (eight unlinking processes, as the GC's workers).
gc_round() {
  local order=$1 dir="$WORK/gc-$1"
  rm -rf "$dir"
  "${GEN[@]}" make-gc-repo "$dir" "$GC_OBJECTS"
  cp -a "$dir/floor" "$dir/floor-parallel"
  ostree --repo="$dir/ostree" init --mode=bare-user
  ostree --repo="$dir/ostree" commit --branch=live --tree=dir="$dir/live" --no-xattrs -s live >/dev/null
  ostree --repo="$dir/ostree" commit --branch=garbage --tree=dir="$dir/garbage" --no-xattrs -s garbage >/dev/null
  ostree --repo="$dir/ostree" refs --delete garbage
  # Not timed: removing the plain trees (all the objects again) lets ext4 write back the metadata that creating the
  # data set left in its journal; before, the first timed command seemed to pay for it (see benchmarks/README.md).
  rm -rf "$dir/live" "$dir/garbage"
  local tool
  for tool in ${order//-/ }; do
    settle
    case $tool in
      bootcplug)
        BOOTCPLUG_GC_PHASES=1 measure gc-bootcplug "$BCP_R2R" composefs --repo "$dir/repo" gc
        sed "s/^/$order: /" "$WORK/last.err" | tee -a "$WORK/phases.txt" ;;
      floor) measure gc-find-delete-floor find "$dir/floor/objects" -type f -delete ;;
      parallel) measure gc-parallel-unlink-floor sh -c \
        'find "$1" -type f -name "[0-9a-f]*" -print0 | xargs -0 -P 8 rm -f' sh "$dir/floor-parallel/objects" ;;
      ostree) measure gc-ostree-prune ostree --repo="$dir/ostree" prune --refs-only ;;
    esac
  done
  "$BCP" composefs --repo "$dir/repo" gc --dry-run | grep -q "Objects: 0 removed"
  test "$("$BCP" composefs --repo "$dir/repo" objects live-a | wc -l)" -eq $((GC_OBJECTS / 4))
  test -z "$(find "$dir/floor-parallel/objects" -type f)"
  rm -rf "$dir"
  sync
}
if section gc; then
  echo "== GC: $GC_OBJECTS objects, half garbage, $GC_ROUNDS rounds"; load
  orders=(bootcplug-floor-parallel-ostree parallel-ostree-bootcplug-floor floor-bootcplug-ostree-parallel
          ostree-parallel-floor-bootcplug)
  for round in $(seq "$GC_ROUNDS"); do gc_round "${orders[$(((round - 1) % 4))]}"; done
  load
  gc=$(median_of gc-bootcplug 2)
  ratio gc-time/parallel-unlink-floor "$(divide "$gc" "$(median_of gc-parallel-unlink-floor 2)")" "<=" 1.3
  ratio gc-time/find-delete-floor "$(divide "$gc" "$(median_of gc-find-delete-floor 2)")" "<=" 1.0
  ratio gc-speedup-over-ostree-prune "$(divide "$(median_of gc-ostree-prune 2)" "$gc")" ">=" 1.35
fi

if section verity; then
  echo "== fs-verity: $VERITY_MB MiB"; load
  rm -rf "$WORK/files"
  "${GEN[@]}" make-files "$WORK/files" "$VERITY_MB"
  find "$WORK/files" -type f -print0 | sort -z > "$WORK/files.list"
  xargs -0 cat < "$WORK/files.list" > /dev/null   # warm the page cache: both sides measure hashing, not the disk
  settle   # the GC rounds' writeback and discards compete for the two cores
  # xargs -s 1000000: a few invocations with many files each, for all alike. VERITY_RUNS rounds, the order rotating.
  verity_fsverity() {
    measure "verity-$1-fsverity-utils" sh -c 'xargs -0 -s 1000000 fsverity digest --hash-alg="$1" < "$2"' \
      sh "$1" "$WORK/files.list"
  }
  verity_bootcplug() {
    measure "verity-$1-bootcplug" sh -c 'xargs -0 -s 1000000 "$3" composefs digest --algorithm "$1" < "$2"' \
      sh "$1" "$WORK/files.list" "$BCP"
  }
  verity_published() {
    measure "verity-$1-bootcplug-r2r" sh -c 'xargs -0 -s 1000000 "$3" composefs digest --algorithm "$1" < "$2"' \
      sh "$1" "$WORK/files.list" "$BCP_R2R"
  }
  for run in $(seq "$VERITY_RUNS"); do
    for alg in sha256 sha512; do
      case $((run % 3)) in
        1) verity_fsverity "$alg"; verity_bootcplug "$alg"; verity_published "$alg" ;;
        2) verity_bootcplug "$alg"; verity_published "$alg"; verity_fsverity "$alg" ;;
        0) verity_published "$alg"; verity_fsverity "$alg"; verity_bootcplug "$alg" ;;
      esac
    done
  done
  for alg in sha256 sha512; do
    diff <(xargs -0 fsverity digest --hash-alg="$alg" < "$WORK/files.list") \
         <(xargs -0 "$BCP_R2R" composefs digest --algorithm "$alg" < "$WORK/files.list") >/dev/null \
      || { echo "$alg digests differ from fsverity-utils'" >&2; exit 1; }
    echo "$alg digests identical to fsverity-utils'"
  done
  load
  # Judged on the ReadyToRun publish (the shipped form); medians of the rounds.
  for alg in sha256 sha512; do
    goal=2.0; [ "$alg" = sha512 ] && goal=2.2
    ratio "verity-$alg-wall-speedup" \
      "$(divide "$(median_of "verity-$alg-fsverity-utils" 2)" "$(median_of "verity-$alg-bootcplug-r2r" 2)")" ">=" "$goal"
    ratio "verity-$alg-per-cpu-second" \
      "$(divide "$(median_of "verity-$alg-fsverity-utils" 3)" "$(median_of "verity-$alg-bootcplug-r2r" 3)")" ">=" 1.1
  done
  rm -rf "$WORK/files"
fi

if section space; then
  # Two deployments of SPACE_FILES files each, half of them shared: 1.5 x SPACE_FILES objects. `space` reads each
  # image once and stats every object it names; du stats every object of the repository: its floor.
  echo "== space: two deployments of $SPACE_FILES files, half shared"; load
  rm -rf "$WORK/space"
  "$BCP" demo "$WORK/space/host" >/dev/null
  for version in 11 12; do
    "${GEN[@]}" make-release-tree "$WORK/space/tree-$version" "$version" "$SPACE_FILES"
    # --keep 3: the menu keeps the first big deployment beside the second and the booted one
    "$BCP" --root "$WORK/space/host" deploy --keep 3 --rootfs "$WORK/space/tree-$version" >/dev/null 2>&1
  done
  "$BCP" --root "$WORK/space/host" space
  sync
  for run in $(seq "$OBJECT_RUNS"); do
    measure space-bootcplug "$BCP_R2R" --root "$WORK/space/host" space --json
    measure space-du-floor du -s "$WORK/space/host/sysroot/composefs/objects"
  done
  ratio space-time/du-floor "$(divide "$(median_of space-bootcplug 2)" "$(median_of space-du-floor 2)")" "<=" 2.0
  rm -rf "$WORK/space"
fi

# oci: a tree of OCI_FILES files (OCI_MB MiB, plus the demo kernel) made into an image by umoci (one gzip layer), as
# users' tools make them. Each run: a fresh demo host, then `deploy --image oci:DIR:TAG` (blob checks, decompression,
# objects, splitstreams, the EROFS image, its verity, the boot entries) against `umoci unpack` of the same image into
# a fresh directory, each after the disk settled, the order alternating. Goal: at most 1.5x umoci's time.
if section oci; then
  echo "== container image: $OCI_FILES files, $OCI_MB MiB"; load
  rm -rf "$WORK/oci"
  mkdir -p "$WORK/oci"
  "${GEN[@]}" make-image-tree "$WORK/oci/tree" "$OCI_MB" "$OCI_FILES"
  umoci init --layout "$WORK/oci/layout"
  umoci new --image "$WORK/oci/layout:bench"
  umoci unpack --image "$WORK/oci/layout:bench" "$WORK/oci/bundle" >/dev/null
  cp -a "$WORK/oci/tree/." "$WORK/oci/bundle/rootfs/"
  umoci repack --image "$WORK/oci/layout:bench" "$WORK/oci/bundle"
  rm -rf "$WORK/oci/tree" "$WORK/oci/bundle"
  echo "image: $(du -sm "$WORK/oci/layout" | cut -f1) MiB of blobs"
  cat "$WORK/oci/layout/blobs/sha256/"* > /dev/null   # the page cache warm: both sides read the same blobs
  oci_deploy() {
    rm -rf "$WORK/oci/host"
    "$BCP" demo "$WORK/oci/host" >/dev/null
    settle
    measure oci-deploy-bootcplug "$BCP_R2R" --root "$WORK/oci/host" deploy --image "oci:$WORK/oci/layout:bench"
  }
  oci_unpack() {
    rm -rf "$WORK/oci/unpacked"
    settle
    measure oci-unpack-umoci umoci unpack --image "$WORK/oci/layout:bench" "$WORK/oci/unpacked"
  }
  for run in $(seq "$OCI_RUNS"); do
    if [ $((run % 2)) = 1 ]; then oci_deploy; oci_unpack; else oci_unpack; oci_deploy; fi
  done
  "$BCP" --root "$WORK/oci/host" status | head -12
  load
  ratio oci-import-deploy/umoci-unpack \
    "$(divide "$(median_of oci-deploy-bootcplug 2)" "$(median_of oci-unpack-umoci 2)")" "<=" 1.5
  rm -rf "$WORK/oci"
fi

# ---- start-up (benchmarks/startup.sh): the shipped binary against a .NET hello world published the same way.
# ARTIFACTS=DIR reuses a build/package.sh output. Its RATIO lines join the table.
if section startup; then
  echo "== start-up"; load
  bash "$here/startup.sh" "$WORK/startup" | tee "$WORK/startup.out"
  grep '^RATIO ' "$WORK/startup.out" >> "$WORK/ratios.txt" || true
fi

# ---- validators: ValidatorBenchmarks (BenchmarkDotNet short job, in process), means read from its JSON report.
if section validators; then
  echo "== validators"; load
  "${GEN[@]}" --filter '*ValidatorBenchmarks*' --job short --inProcess --exporters json \
    --artifacts "$WORK/validators" > "$WORK/validators.out"
  python3 - "$WORK"/validators/results/*ValidatorBenchmarks-report-full-compressed.json > "$WORK/validators.means" <<'PY'
import json, sys
for benchmark in json.load(open(sys.argv[1]))["Benchmarks"]:
    print(benchmark["Method"], benchmark["Statistics"]["Mean"])
PY
  cat "$WORK/validators.means"
  mean() { awk -v m="$1" '$1 == m { print $2 }' "$WORK/validators.means"; }
  ratio validator-valid-speedup-over-jsonschema.net \
    "$(divide "$(mean ValidInterpreted)" "$(mean ValidGenerated)")" ">=" 10
  ratio validator-invalid-speedup-over-jsonschema.net \
    "$(divide "$(mean InvalidInterpreted)" "$(mean InvalidGenerated)")" ">=" 10
fi

echo "== summary (seconds: best wall with its cpu; median wall and median cpu of the runs; peak RSS median, KiB)"
for label in $(awk '{ print $1 }' "$WORK/times.txt" | sort -u); do
  best=$(awk -v l="$label" '$1 == l' "$WORK/times.txt" | sort -k2,2n | head -1)
  printf '%-36s best wall %7.3f cpu %7.3f   median wall %7.3f cpu %7.3f   rss %7d\n' "$label" \
    "$(echo "$best" | cut -d' ' -f2)" "$(echo "$best" | cut -d' ' -f3)" \
    "$(median_of "$label" 2)" "$(median_of "$label" 3)" "$(median_of "$label" 4)"
done
if [ -s "$WORK/phases.txt" ]; then echo "== GC phases"; cat "$WORK/phases.txt"; fi
load
echo "== ratios (every goal of this run)"
cat "$WORK/ratios.txt"
