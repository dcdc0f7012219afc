#!/bin/sh
# Atlantis apply step of one project: applies the plan its plan step saved at PLANFILE, in the
# stack's directory and workspace (atlantis.yaml, workflow "stack").
set -eu
# Atlantis starts it in the project's own directory (atlantis/<stack>); the work is in the repository root.
cd "$(dirname "$0")/../.."
# Go's collector less eager in terraform and the provider: ~15 % less CPU per apply (docs/benchmarks.md).
export GOGC="${GOGC:-400}"
stack="${PROJECT_NAME%-"$WORKSPACE"}"
TF_WORKSPACE="$WORKSPACE" terraform -chdir="cdktf.out/stacks/$stack" apply -input=false -no-color "$PLANFILE"
