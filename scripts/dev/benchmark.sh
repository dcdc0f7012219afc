#!/usr/bin/env bash
# Prints the project's speed and memory figures (docs/benchmarks.md records them):
#  1. synth of 1, 10 and 50 environments' stacks, cold (fresh JVM) and warm, with peak RSS
#  2. where a cold synth's time goes (SynthBreakdown), under the JVM options compared in
#     docs/benchmarks.md: as run before, C1 only (what scripts/app.sh uses), and C1 with AppCDS
#  3. terraform init/apply/plan/destroy of one environment's stacks on the local AWS API:
#     platform, then the services (blueprint A `web`, blueprint B `payment-service`)
#  4. `scripts/preview up 7` and `scripts/preview down 7` (every blueprint) on the same emulator
# Usage: scripts/dev/benchmark.sh          (needs the README's prerequisites; about 15 minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK="$ROOT/src/target/benchmark"
rm -rf "$WORK"; mkdir -p "$WORK"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

mvn -B -q install -DskipTests
CP="src/target/classes:src/target/test-classes:$(cat src/target/classpath.txt)"

echo "== synth (each line is a fresh JVM)"
for n in 1 10 50; do
  java -Dproject.root="$ROOT" -cp "$CP" io.bluegreen.app.SynthBenchmark "$n" "$WORK/synth-$n"
done

echo "== cold synth breakdown of dev (each line a fresh JVM, then one more environment)"
# AppCDS cannot archive classes from directories: the breakdown runs from jars.
jar cf "$WORK/tests.jar" -C src/target/test-classes .
JARS="$(ls src/target/bluegreen-app-*.jar | head -1):$WORK/tests.jar:$(cat src/target/classpath.txt)"
breakdown() { # label, JVM options...
  local label=$1; shift
  printf '%-16s ' "$label"
  java "$@" -Dproject.root="$ROOT" -cp "$JARS" io.bluegreen.app.SynthBreakdown "$WORK/breakdown" 2> "$WORK/breakdown-$label.log" | tail -1
}
java -XX:ArchiveClassesAtExit="$WORK/app.jsa" -Dproject.root="$ROOT" -cp "$JARS" io.bluegreen.app.SynthBreakdown "$WORK/breakdown" \
  > "$WORK/appcds-dump.log" 2>&1
for _ in 1 2; do
  breakdown default
  breakdown c1-only -XX:TieredStopAtLevel=1
  breakdown c1+appcds -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$WORK/app.jsa"
done

echo "== one environment (dev) on the local AWS API"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 scripts/emulator/emulator.py "$PORT" config/platform.json > "$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
trap 'kill $EMULATOR_PID 2>/dev/null || true' EXIT
until curl -fs "http://127.0.0.1:$PORT/moto-api/" >/dev/null 2>&1; do sleep 0.25; done
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
# This machine image's provider mirror, when there is one (scripts/terraform.rc); elsewhere terraform
# init downloads hashicorp/aws from the registry, or uses the TF_CLI_CONFIG_FILE already set (when that file exists).
if [ ! -f "${TF_CLI_CONFIG_FILE:-}" ] && [ -d "$(sed -n 's/^ *path *= *"\(.*\)"$/\1/p' scripts/terraform.rc)" ]; then
  export TF_CLI_CONFIG_FILE="$ROOT/scripts/terraform.rc"
fi
export AWS_MAX_ATTEMPTS=3 TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
# As the product's scripts run terraform (scripts/preview, the Atlantis steps).
export GOGC="${GOGC:-400}"

timed() { # label, command...
  local label=$1; shift
  local start end ms
  start=$(date +%s%N)
  "$@" > "$WORK/$label.log" 2>&1 || { cat "$WORK/$label.log"; exit 1; }
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  printf '%-18s %4d.%01d s\n' "$label" $((ms / 1000)) $(((ms % 1000) / 100))
}
STACKS="$WORK/synth-1/dev/stacks"
cd "$STACKS/bootstrap"
timed bootstrap-init terraform init -input=false
timed bootstrap-apply terraform apply -auto-approve -input=false
cd "$STACKS/platform"
export TF_WORKSPACE=dev
timed platform-init terraform init -input=false
timed platform-apply terraform apply -auto-approve -input=false
timed platform-plan terraform plan -detailed-exitcode -input=false
python3 "$ROOT/scripts/emulator/existing_ecs.py" create dev   # what blueprint B adopts
for service in web payment-service; do
  cd "$STACKS/$service"
  unset TF_WORKSPACE
  terraform init -input=false > "$WORK/$service-init.log" 2>&1 && terraform workspace select -or-create dev >> "$WORK/$service-init.log" 2>&1
  export TF_WORKSPACE=dev
  timed "$service-apply" terraform apply -auto-approve -input=false
  timed "$service-plan" terraform plan -detailed-exitcode -input=false
done
for service in web payment-service; do
  cd "$STACKS/$service"
  timed "$service-destroy" terraform destroy -auto-approve -input=false
done
cd "$STACKS/platform"
timed platform-destroy terraform destroy -auto-approve -input=false
for stack in platform web payment-service; do
  printf '%s resources: %s\n' "$stack" "$(grep -o 'Resources: [0-9]* added' "$WORK/$stack-apply.log")"
done

echo "== a preview with every blueprint: scripts/preview up 7, then down 7"
cd "$ROOT"
unset TF_WORKSPACE
python3 scripts/emulator/existing_ecs.py delete dev
python3 scripts/emulator/existing_ecs.py create pr-7
python3 scripts/emulator/isolated_ecs.py create pr-7 "$WORK/overlay-pr-7.json" > /dev/null
export PLATFORM_CONFIG_OVERLAY="$WORK/overlay-pr-7.json" PREVIEW_DIR="$WORK/previews"
timed preview-up scripts/preview up 7
grep -E '^    [a-z-]+: applied' "$WORK/preview-up.log"
timed preview-down scripts/preview down 7
grep -E '^    [a-z-]+: destroyed|is gone' "$WORK/preview-down.log"
