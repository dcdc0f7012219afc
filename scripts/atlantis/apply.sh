#!/bin/sh
# Atlantis apply step of one project: applies the plan its plan step saved at PLANFILE, in the
# stack's directory and workspace (atlantis.yaml, workflow "stack").
set -eu
stack="${PROJECT_NAME%-"$WORKSPACE"}"
TF_WORKSPACE="$WORKSPACE" terraform -chdir="cdktf.out/stacks/$stack" apply -input=false -no-color "$PLANFILE"
