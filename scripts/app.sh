#!/bin/sh
# The `app` of cdktf.json: runs the already-built app from src/target/classes and the classpath
# Maven wrote there, so `cdktf synth` costs one JVM start, not a Maven build.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f src/target/classpath.txt ] || [ ! -d src/target/classes ]; then
  echo "The app is not built yet: run 'mvn -B -q install -DskipTests' first." >&2
  exit 1
fi
# jsii-runtime warns on every start that Node 20 is end-of-life; the README asks for Node 22+.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}"
# C1 only: a synth is a short run; measured 0.5 s faster cold (docs/benchmarks.md).
exec java -XX:TieredStopAtLevel=1 -cp "src/target/classes:$(cat src/target/classpath.txt)" io.bluegreen.app.Main "$@"
