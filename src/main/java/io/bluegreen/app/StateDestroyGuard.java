package io.bluegreen.app;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.LocalExecProvisioner;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import io.bluegreen.app.config.BackendSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * Refuses to destroy the state bucket while any workspace's state is still in it, naming those
 * workspaces, so {@code cdktf destroy bootstrap} can never wipe every environment's state with the
 * bucket's {@code force_destroy}. With no state left, destroy proceeds and removes the bucket with
 * its old versions and lock files (X2).
 *
 * <p>Terraform evaluates no condition during a destroy, so the check runs as a destroy-time
 * provisioner of a {@code terraform_data} resource that depends on everything else in the stack:
 * Terraform destroys it first, and if the check fails, nothing else is destroyed. It lists the
 * bucket with the AWS CLI, which must be on the machine that destroys the bootstrap.
 */
final class StateDestroyGuard extends TerraformResource {
    /** Lists the state objects; prints the workspaces they belong to and fails if there are any. */
    static final String CHECK = String.join("\n",
            "keys=$(aws s3api list-objects-v2 --region \"$STATE_REGION\" --bucket \"$STATE_BUCKET\" --query 'Contents[].Key' "
                    + "--output text) || exit 1",
            "left=$(printf '%s\\n' $keys | awk -F/ -v prefix=\"$WORKSPACE_KEY_PREFIX\" "
                    + "'/\\.tfstate$/ { print ($1 == prefix && NF > 2) ? $2 : \"default\" }' | sort -u | tr '\\n' ' ')",
            "if [ -n \"$left\" ]; then",
            "  echo \"The state bucket $STATE_BUCKET still holds the state of workspaces: $left\"",
            "  echo \"Destroy those environments and delete their workspaces (terraform workspace delete <name>) first; "
                    + "nothing was destroyed.\"",
            "  exit 1",
            "fi");

    StateDestroyGuard(Construct scope, String id, BackendSettings backend, List<ITerraformDependable> everythingElse) {
        super(scope, id, TerraformResourceConfig.builder()
                .terraformResourceType("terraform_data")
                .dependsOn(everythingElse)
                .provisioners(List.of(LocalExecProvisioner.builder()
                        .type("local-exec")
                        .when("destroy")
                        .interpreter(List.of("/bin/sh", "-c"))
                        .command(CHECK)
                        // A destroy-time provisioner may only read its own resource's values.
                        .environment(new TreeMap<>(Map.of(
                                "STATE_BUCKET", "${self.input.bucket}",
                                "STATE_REGION", "${self.input.region}",
                                "WORKSPACE_KEY_PREFIX", "${self.input.workspace_key_prefix}")))
                        .build()))
                .build());
        addOverride("input", new TreeMap<>(Map.of(
                "bucket", backend.bucket(),
                "region", backend.region(),
                "workspace_key_prefix", backend.workspaceKeyPrefix())));
    }
}
