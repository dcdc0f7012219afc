#!/bin/sh
# Atlantis plan step of one project, <stack>-<workspace> (atlantis.yaml, workflow "stack"). Atlantis
# runs it in the clone's root with WORKSPACE, PROJECT_NAME, PLANFILE and HEAD_COMMIT set. The
# projects of one workspace share the clone and may plan at the same time: the build and synth
# run under a lock, once per clone and commit; each stack has its own directory and .terraform.
set -eu
stack="${PROJECT_NAME%-"$WORKSPACE"}"
out=cdktf.out
log=$(mktemp)
trap 'rm -f "$log"' EXIT

(
  flock 9
  stamp="${HEAD_COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)} $WORKSPACE ${PLATFORM_CONFIG_OVERLAY:-}"
  if [ "$(cat "$out/.synthesized" 2>/dev/null)" != "$stamp" ]; then
    echo "building and synthesizing $WORKSPACE in this clone (once per commit)"
    sh scripts/synth.sh "$WORKSPACE" "$out" > "$log" 2>&1 || { cat "$log"; exit 1; }
    echo "$stamp" > "$out/.synthesized"
  fi
) 9>> .atlantis-synth.lock

dir="$out/stacks/$stack"
if [ ! -f "$dir/cdk.tf.json" ]; then
  echo "$PROJECT_NAME: the app has no stack '$stack' in $WORKSPACE; regenerate atlantis.yaml (sh scripts/app.sh atlantis > atlantis.yaml)"
  exit 1
fi

# A stack reads what the stacks it depends on made (by name, at plan time). When one of them has no
# state in this workspace yet, say so in one line instead of the data sources' errors.
for dependency in $(node -e 'const m = require(process.argv[1]); console.log((m.stacks[process.argv[2]].dependencies || []).join(" "))' \
    "$PWD/$out/manifest.json" "$stack"); do
  data=$(mktemp -d)
  if ! TF_DATA_DIR="$data" terraform -chdir="$out/stacks/$dependency" init -input=false -no-color > "$log" 2>&1; then
    rm -rf "$data"; cat "$log"; exit 1
  fi
  resources=$(TF_DATA_DIR="$data" TF_WORKSPACE="$WORKSPACE" terraform -chdir="$out/stacks/$dependency" state list 2>/dev/null | wc -l || true)
  rm -rf "$data"
  if [ "$resources" -eq 0 ]; then
    echo "$PROJECT_NAME: $dependency-$WORKSPACE is not applied yet; apply it first (atlantis apply -p $dependency-$WORKSPACE), then plan $PROJECT_NAME again"
    exit 1
  fi
done

# Init outside any workspace, then select or create it: `TF_WORKSPACE=<new> terraform init` fails
# once the bucket holds other workspaces.
terraform -chdir="$dir" init -input=false -no-color > "$log" 2>&1 || { cat "$log"; exit 1; }
terraform -chdir="$dir" workspace select -or-create "$WORKSPACE" -no-color > "$log" 2>&1 || { cat "$log"; exit 1; }
TF_WORKSPACE="$WORKSPACE" terraform -chdir="$dir" plan -input=false -no-color -out="$PLANFILE"
