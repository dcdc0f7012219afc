#!/usr/bin/env bash
# The main job on the embedded default: build the app, start the local AWS API, bootstrap the
# state bucket, deploy ENVIRONMENT_SUFFIX (default: dev) with `cdktf deploy` in its own
# workspace, print the outputs, show that a second plan is empty, then stop the emulator.
#
#   scripts/local-deploy.sh            # deploy dev, print outputs, stop
#   KEEP_EMULATOR=1 scripts/local-deploy.sh   # leave the emulator running and print how to use it
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export ENVIRONMENT_SUFFIX="${ENVIRONMENT_SUFFIX:-dev}"

need() { command -v "$1" >/dev/null 2>&1 || { echo "missing: $1 ($2)" >&2; exit 1; }; }
need java "JDK 17"; need mvn "Apache Maven 3.8+"; need node "Node.js 20+ (22 recommended)"; need npm "npm"
need terraform "terraform >= 1.10"; need python3 "Python 3 with moto[server]==5.2.1"
python3 -c 'import moto' 2>/dev/null || { echo "missing: moto (pip install 'moto[server]==5.2.1')" >&2; exit 1; }

echo "==> build (mvn -B -q install -DskipTests)"
mvn -B -q install -DskipTests
echo "==> cdktf CLI from package-lock.json (npm ci)"
cmp -s package-lock.json node_modules/.installed-package-lock.json || { npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-package-lock.json; }

# Everything of this local run lives under .local/ (output dir, and so the bootstrap's local
# state at .local/terraform.bootstrap.tfstate): a real bootstrap state at the project root is
# never refreshed against the emulator. Each run starts from an empty emulator and so from scratch.
[ -f .local/emulator.pid ] && kill "$(cat .local/emulator.pid)" 2>/dev/null || true
rm -rf .local
OUT=.local/cdktf.out
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
mkdir -p .local
python3 scripts/emulator/emulator.py "$PORT" config/platform.json > .local/emulator.log 2>&1 &
EMULATOR_PID=$!
echo "$EMULATOR_PID" > .local/emulator.pid
stop() { kill "$EMULATOR_PID" 2>/dev/null || true; rm -f .local/emulator.pid; }
if [ "${KEEP_EMULATOR:-0}" != "1" ]; then trap stop EXIT; fi
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/moto-api/" >/dev/null 2>&1 && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || { cat .local/emulator.log; exit 1; }
  sleep 0.25
done
echo "==> local AWS API on http://127.0.0.1:$PORT (pid $EMULATOR_PID)"

export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1 AWS_MAX_ATTEMPTS=3 CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
# Go's collector less eager in terraform and the provider: ~15 % less CPU per command (docs/benchmarks.md).
export GOGC="${GOGC:-400}"
# This machine image's provider mirror, when there is one (scripts/terraform.rc); elsewhere terraform
# init downloads hashicorp/aws from the registry, or uses the TF_CLI_CONFIG_FILE already set (when that file exists).
if [ ! -f "${TF_CLI_CONFIG_FILE:-}" ] && [ -d "$(sed -n 's/^ *path *= *"\(.*\)"$/\1/p' scripts/terraform.rc)" ]; then
  export TF_CLI_CONFIG_FILE="$ROOT/scripts/terraform.rc"
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
# The cdktf CLI otherwise asks npm for a newer version first (about 70 s in a terminal offline).
export DISABLE_VERSION_CHECK=1

# Blueprint E builds in a regulated VPC and deploys onto ECS services that exist already; on the
# emulator a script plays the teams that own them. The VPC's ids are generated, so the script
# writes an overlay that points this environment's isolatedNetwork at it (a real config names
# the real ids in config/platform.json).
echo "==> regulated VPC, ECR and ECS services for blueprint E (emulator only: scripts/emulator/isolated_ecs.py)"
python3 scripts/emulator/isolated_ecs.py create "$ENVIRONMENT_SUFFIX" .local/isolated-overlay.json > .local/isolated.log
export PLATFORM_CONFIG_OVERLAY=.local/isolated-overlay.json

echo "==> cdktf synth (ENVIRONMENT_SUFFIX=$ENVIRONMENT_SUFFIX)"
npx --no-install cdktf synth --no-color --output "$OUT" > .local/synth.log 2>&1 || { cat .local/synth.log; exit 1; }
# cdktf runs `terraform providers lock` against the public registry after an init that finds
# no lock file; initializing each stack first writes the lock file from the local mirror.
# Init outside any workspace, then select-or-create: `TF_WORKSPACE=<new> terraform init` fails
# once other workspaces exist in the bucket.
init() { # stack, workspace
  (cd "$OUT/stacks/$1" && terraform init -input=false -no-color && terraform workspace select -or-create "$2") \
    > "$ROOT/.local/init-$1.log" 2>&1 || { cat ".local/init-$1.log"; exit 1; }
}

echo "==> cdktf deploy bootstrap (state bucket, local state)"
init bootstrap default
npx --no-install cdktf deploy bootstrap --output "$OUT" --skip-synth --auto-approve --no-color > .local/deploy-bootstrap.log 2>&1 \
  || { cat .local/deploy-bootstrap.log; exit 1; }
echo "==> cdktf deploy platform (workspace $ENVIRONMENT_SUFFIX)"
init platform "$ENVIRONMENT_SUFFIX"
TF_WORKSPACE="$ENVIRONMENT_SUFFIX" npx --no-install cdktf deploy platform --output "$OUT" --skip-synth --auto-approve --no-color \
  --outputs-file .local/outputs.json > .local/deploy-platform.log 2>&1 || { cat .local/deploy-platform.log; exit 1; }

# Blueprint B adopts an ECS service that exists already; on the emulator a script plays the team
# that runs it (in a real account it is there before the platform deploys).
echo "==> existing ECS service for blueprint B (emulator only: scripts/emulator/existing_ecs.py)"
python3 scripts/emulator/existing_ecs.py create "$ENVIRONMENT_SUFFIX"
# The isolated network (blueprint E's endpoints) comes before the services that build in it.
SERVICES=$(ls "$OUT/stacks" | grep -qx isolated-network && echo "isolated-network " || true)
SERVICES="$SERVICES$(node -e 'console.log(Object.keys(require("./config/platform.json").services || {}).join(" "))')"
for stack in $SERVICES; do
  echo "==> cdktf deploy $stack (workspace $ENVIRONMENT_SUFFIX)"
  init "$stack" "$ENVIRONMENT_SUFFIX"
  # The platform stack is deployed above; cdktf would refuse to deploy a dependant alone.
  TF_WORKSPACE="$ENVIRONMENT_SUFFIX" npx --no-install cdktf deploy "$stack" --output "$OUT" --skip-synth --auto-approve \
    --ignore-missing-stack-dependencies \
    --no-color --outputs-file ".local/outputs-$stack.json" > ".local/deploy-$stack.log" 2>&1 || { cat ".local/deploy-$stack.log"; exit 1; }
done

echo "==> outputs"
for stack in platform $SERVICES; do
  file=.local/outputs.json; [ "$stack" = platform ] || file=".local/outputs-$stack.json"
  cat "$file"; echo
done
echo "==> second plan of every stack (exit code 0 = no changes)"
for stack in platform $SERVICES; do
  printf '%s: ' "$stack"
  (cd "$OUT/stacks/$stack" && TF_WORKSPACE="$ENVIRONMENT_SUFFIX" terraform plan -detailed-exitcode -input=false -no-color \
    > "$ROOT/.local/plan-$stack.log" 2>&1) && echo "no changes" || { echo "CHANGES (exit $?)"; tail -30 ".local/plan-$stack.log"; exit 1; }
done

if [ "${KEEP_EMULATOR:-0}" = "1" ]; then
  cat <<TXT
The emulator keeps running (pid $EMULATOR_PID). To use it:
  export AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 DISABLE_VERSION_CHECK=1 CHECKPOINT_DISABLE=1${TF_CLI_CONFIG_FILE:+
  export TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE}
A preview beside $ENVIRONMENT_SUFFIX (blueprint B's and E's inputs first, as other teams provide them in an account):
  python3 scripts/emulator/existing_ecs.py create pr-7
  python3 scripts/emulator/isolated_ecs.py create pr-7 .local/overlay-pr-7.json
  export PLATFORM_CONFIG_OVERLAY=.local/overlay-pr-7.json
  scripts/preview up 7
  scripts/preview down 7
Tear $ENVIRONMENT_SUFFIX down:
  TF_WORKSPACE=$ENVIRONMENT_SUFFIX npx cdktf destroy $SERVICES platform --output $OUT --skip-synth --auto-approve
Stop it with: kill \$(cat .local/emulator.pid)
TXT
fi
