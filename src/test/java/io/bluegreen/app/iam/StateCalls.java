package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.BootstrapStack;
import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * Terraform on the S3 backend of every stack with remote state, as the two roles that run it:
 * the plan role (Atlantis's plan step, {@code buildspecs/infra-plan.yml}: AWS's ReadOnlyAccess
 * plus the bootstrap's state policy for plans, as the README says to attach them) and the role
 * that applies (an administrator: what decides for it is the bucket's and the key's policies).
 * With {@code use_lockfile}, a plan writes and deletes the lock object beside the state key.
 * An apply also runs the {@code local-exec} provisioners (the Lambda rollout's CodeDeploy shift)
 * with the applying role's credentials.
 */
final class StateCalls {
    static final String BACKEND = "https://developer.hashicorp.com/terraform/language/backend/s3#permissions-required";
    static final String PLAN_ROLE = "role/terraform-plan";
    static final String APPLY_ROLE = "role/terraform-apply";
    static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    static final String ADMINISTRATOR = "arn:aws:iam::aws:policy/AdministratorAccess";
    /** How the bootstrap names its policy for plan roles: {@code policy-<project>-tfstate-plan-shared}. */
    static final String PLAN_POLICY_NAME = BootstrapStack.PLAN_STATE_POLICY_PURPOSE + "-" + BootstrapStack.SHARED;

    private StateCalls() {
    }

    static List<Call> of(Policies policies, BuildspecCalls buildspecs) {
        TerraformModel model = policies.model();
        String account = model.accounts().pipeline();
        String plan = "arn:aws:iam::" + account + ":" + PLAN_ROLE;
        String apply = "arn:aws:iam::" + account + ":" + APPLY_ROLE;
        List<String> planPolicies = planRolePolicies(model);
        List<Call> calls = new ArrayList<>();
        for (String stack : model.stackNames()) {
            JsonNode backend = model.backend(stack);
            if (backend.isMissingNode()) {
                continue;
            }
            String bucket = backend.path("bucket").asText();
            String state = "arn:aws:s3:::" + bucket + "/" + backend.path("workspace_key_prefix").asText() + "/" + model.suffix() + "/"
                    + backend.path("key").asText();
            String alias = backend.path("kms_key_id").asText();
            Block aliasBlock = model.find("aws_kms_alias", a -> model.argument(a, "name").equals(alias))
                    .orElseThrow(() -> new IllegalStateException(stack + "'s backend names " + alias + ", which no stack creates"));
            String key = model.arn(aliasBlock, "kms", "key/" + model.argument(aliasBlock, "target_key_id"));
            boolean bucketKey = Storage.defaultEncryption(policies, bucket).bucketKey();
            String workspaces = backend.path("workspace_key_prefix").asText() + "/";
            calls.addAll(withIdentity(planCalls(plan, bucket, workspaces, state, key, bucketKey, model.region()), planPolicies));
            List<Call> applying = new ArrayList<>(planCalls(apply, bucket, workspaces, state, key, bucketKey, model.region()));
            applying.add(Call.of(apply, "s3:PutObject", state, account, BACKEND));
            applying.addAll(Requests.s3Kms(apply, true, key, state, bucketKey, model.region()));
            calls.addAll(withIdentity(applying, List.of(ADMINISTRATOR)));
        }
        // Create-time provisioners only: the bootstrap's destroy guard runs for whoever destroys the bootstrap, by hand.
        for (Block data : model.resources("terraform_data")) {
            if (data.body().path("provisioner").findValues("when").stream().anyMatch(w -> w.asText().equals("destroy"))) {
                continue;
            }
            calls.addAll(withIdentity(buildspecs.provisionerCalls(model, data, apply), List.of(ADMINISTRATOR)));
        }
        return List.copyOf(calls);
    }

    /** What the README tells a plan role to hold: AWS's ReadOnlyAccess and the bootstrap's state policy. */
    static List<String> planRolePolicies(TerraformModel model) {
        List<String> policies = new ArrayList<>(List.of(READ_ONLY));
        model.find("aws_iam_policy", p -> model.argument(p, "name").endsWith(PLAN_POLICY_NAME))
                .ifPresent(p -> policies.add(model.attribute(p, List.of("arn"))));
        return List.copyOf(policies);
    }

    /** What any run of Terraform does on a stack's state: find the workspace, read the state, take and release the lock. */
    private static List<Call> planCalls(String role, String bucket, String workspaces, String state, String key, boolean bucketKey,
                                        String region) {
        String account = role.split(":")[4];
        String lock = state + ".tflock";
        List<Call> calls = new ArrayList<>();
        calls.add(Call.of(role, "s3:ListBucket", "arn:aws:s3:::" + bucket, account, BACKEND).with("s3:prefix", workspaces));
        calls.add(Call.of(role, "s3:GetObject", state, account, BACKEND));
        calls.addAll(Requests.s3Kms(role, false, key, state, bucketKey, region));
        calls.add(Call.of(role, "s3:PutObject", lock, account, BACKEND));
        calls.addAll(Requests.s3Kms(role, true, key, lock, bucketKey, region));
        calls.add(Call.of(role, "s3:GetObject", lock, account, BACKEND));
        calls.add(Call.of(role, "s3:DeleteObject", lock, account, BACKEND));
        return calls;
    }

    private static List<Call> withIdentity(List<Call> calls, List<String> identity) {
        return calls.stream().map(call -> call.assuming(identity)).toList();
    }
}
