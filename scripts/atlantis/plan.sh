#!/bin/sh
# Atlantis plan step of one project, <stack>-<workspace> (atlantis.yaml, workflow "stack"). Atlantis
# runs it in the project's directory of the clone (atlantis/<stack>) with WORKSPACE, PROJECT_NAME,
# PLANFILE and HEAD_COMMIT set; it works in the clone's root. The projects of one workspace share
# the clone and may plan at the same time: the build, the synth and every stack's `terraform init`
# run under a lock, once per clone and commit; after that each project only reads other stacks'
# directories and writes its own.
set -eu
cd "$(dirname "$0")/../.."
# Go's collector less eager in terraform and the provider: ~15 % less CPU per plan (docs/benchmarks.md).
export GOGC="${GOGC:-400}"
stack="${PROJECT_NAME%-"$WORKSPACE"}"
out=cdktf.out
log=$(mktemp)
trap 'rm -f "$log"' EXIT

stacks() {
  node -e 'console.log(Object.keys(require(process.argv[1]).stacks).filter(s => s !== "bootstrap").join(" "))' "$PWD/$out/manifest.json"
}

(
  flock 9
  stamp="${HEAD_COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)} $WORKSPACE ${PLATFORM_CONFIG_OVERLAY:-}"
  if [ "$(cat "$out/.synthesized" 2>/dev/null)" != "$stamp" ]; then
    echo "building and synthesizing $WORKSPACE in this clone (once per commit)"
    sh scripts/synth.sh "$WORKSPACE" "$out" > "$log" 2>&1 || { cat "$log"; exit 1; }
    # A new commit may name another backend: init and select the workspace again.
    rm -f "$out"/stacks/*/.terraform/terraform.tfstate "$out"/stacks/*/.terraform/environment
    echo "$stamp" > "$out/.synthesized"
  fi
  # Init outside any workspace (`TF_WORKSPACE=<new> terraform init` fails once the bucket holds other
  # workspaces), -reconfigure for a changed backend. Each terraform command
  # costs ~0.6 s of CPU hashing the provider, so a stack is initialized once per commit, not per plan.
  for each in $(stacks); do
    if [ ! -f "$out/stacks/$each/.terraform/terraform.tfstate" ]; then
      terraform -chdir="$out/stacks/$each" init -reconfigure -input=false -no-color > "$log" 2>&1 || { cat "$log"; exit 1; }
    fi
  done
) 9>> .atlantis-synth.lock

dir="$out/stacks/$stack"
if [ ! -f "$dir/cdk.tf.json" ]; then
  echo "$PROJECT_NAME: the app has no stack '$stack' in $WORKSPACE; regenerate atlantis.yaml (sh scripts/app.sh atlantis > atlantis.yaml)"
  exit 1
fi

# A stack reads what the stacks it depends on made (by name, at plan time). When one of them has no
# state in this workspace yet, say so in one line instead of the data sources' errors. The check only
# reads: `state list` in a workspace that does not exist creates it, under the dependency's state
# lock, and the dependency's own plan, running beside this one, would then fail to get that lock.
for dependency in $(node -e 'const m = require(process.argv[1]); console.log((m.stacks[process.argv[2]].dependencies || []).join(" "))' \
    "$PWD/$out/manifest.json" "$stack"); do
  resources=0
  if terraform -chdir="$out/stacks/$dependency" workspace list -no-color 2>/dev/null | sed 's/^[* ]*//' | grep -qx "$WORKSPACE"; then
    resources=$(TF_WORKSPACE="$WORKSPACE" terraform -chdir="$out/stacks/$dependency" state list 2>/dev/null | wc -l || true)
  fi
  if [ "$resources" -eq 0 ]; then
    echo "$PROJECT_NAME: $dependency-$WORKSPACE is not applied yet; apply it first (atlantis apply -p $dependency-$WORKSPACE), then plan $PROJECT_NAME again"
    exit 1
  fi
done

if [ "$(cat "$dir/.terraform/environment" 2>/dev/null)" != "$WORKSPACE" ]; then
  terraform -chdir="$dir" workspace select -or-create "$WORKSPACE" -no-color > "$log" 2>&1 || { cat "$log"; exit 1; }
fi
TF_WORKSPACE="$WORKSPACE" terraform -chdir="$dir" plan -input=false -no-color -out="$PLANFILE"
