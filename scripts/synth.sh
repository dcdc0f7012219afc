#!/bin/sh
# Synthesizes environment SUFFIX into OUTDIR, building the app first when a source is newer than
# the last build (config/ is read at synth time and needs no build). Used by scripts/preview and
# the Atlantis workflow.   Usage: scripts/synth.sh SUFFIX OUTDIR
set -eu
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: scripts/synth.sh SUFFIX OUTDIR" >&2; exit 2; }
if [ ! -f src/target/classpath.txt ] || [ -n "$(find pom.xml src/pom.xml src/main modules -name target -prune -o \
    -type f -newer src/target/classpath.txt -print | head -1)" ]; then
  echo "building the app (mvn -B -q package -Dmaven.test.skip=true -pl src -am)" >&2
  # package, not install: the app's classpath names the modules' own target/ jars, so builds in
  # two clones never share (or overwrite) this project's jars in ~/.m2. Tests are not even
  # compiled: a synth needs none of them (33 -> 20 CPU-seconds per build, docs/benchmarks.md).
  # The app and the modules it uses (-am), not the sample consumer under samples/.
  mvn -B -q package -Dmaven.test.skip=true -pl src -am >&2
  touch src/target/classpath.txt
fi
ENVIRONMENT_SUFFIX="$1" CDKTF_OUTDIR="$2" exec sh scripts/app.sh
