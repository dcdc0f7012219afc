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
            if (model.backend(stack).isMissingNode()) {
                continue;
            }
            StateObject state = StateObject.of(policies, stack);
            calls.addAll(withIdentity(planCalls(plan, state, model.region()), planPolicies));
            List<Call> applying = new ArrayList<>(planCalls(apply, state, model.region()));
            applying.add(Call.of(apply, "s3:PutObject", state.arn(), account, BACKEND));
            applying.addAll(Requests.s3Kms(apply, true, state.key(), state.arn(), state.bucketKey(), model.region()));
            calls.addAll(withIdentity(applying, List.of(ADMINISTRATOR)));
        }
        // Create-time provisioners only: the bootstrap's destroy guard runs for whoever destroys the bootstrap, by hand.
        for (Block data : model.resources("terraform_data")) {
            if (data.body().path("provisioner").findValues("when").stream().anyMatch(w -> w.asText().equals("destroy"))) {
                continue;
            }
            calls.addAll(withIdentity(buildspecs.provisionerCalls(policies, data, apply), List.of(ADMINISTRATOR)));
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

    /**
     * A stack's state object in the environment's workspace: the bucket, the prefix under which
     * init finds the workspaces, the object's ARN and the key S3 encrypts it with.
     */
    record StateObject(String bucket, String workspaces, String arn, String key, boolean bucketKey) {
        static StateObject of(Policies policies, String stack) {
            TerraformModel model = policies.model();
            JsonNode backend = model.backend(stack);
            String bucket = backend.path("bucket").asText();
            String prefix = backend.path("workspace_key_prefix").asText();
            String alias = backend.path("kms_key_id").asText();
            Block aliasBlock = model.find("aws_kms_alias", a -> model.argument(a, "name").equals(alias))
                    .orElseThrow(() -> new IllegalStateException(stack + "'s backend names " + alias + ", which no stack creates"));
            return new StateObject(bucket, prefix + "/", "arn:aws:s3:::" + bucket + "/" + prefix + "/" + model.suffix() + "/"
                    + backend.path("key").asText(), model.arn(aliasBlock, "kms", "key/" + model.argument(aliasBlock, "target_key_id")),
                    Storage.defaultEncryption(policies, bucket).bucketKey());
        }

        /** Finding the workspace, reading the state: what every run of Terraform does first. */
        List<Call> read(String role, String region) {
            String account = role.split(":")[4];
            List<Call> calls = new ArrayList<>();
            calls.add(Call.of(role, "s3:ListBucket", "arn:aws:s3:::" + bucket, account, BACKEND).with("s3:prefix", workspaces));
            calls.add(Call.of(role, "s3:GetObject", arn, account, BACKEND));
            calls.addAll(Requests.s3Kms(role, false, key, arn, bucketKey, region));
            return calls;
        }
    }

    /** What any run of Terraform with the lock does on a stack's state: find the workspace, read the state, take and release the lock. */
    private static List<Call> planCalls(String role, StateObject state, String region) {
        String account = role.split(":")[4];
        String lock = state.arn() + ".tflock";
        List<Call> calls = new ArrayList<>(state.read(role, region));
        calls.add(Call.of(role, "s3:PutObject", lock, account, BACKEND));
        calls.addAll(Requests.s3Kms(role, true, state.key(), lock, state.bucketKey(), region));
        calls.add(Call.of(role, "s3:GetObject", lock, account, BACKEND));
        calls.add(Call.of(role, "s3:DeleteObject", lock, account, BACKEND));
        return calls;
    }

    private static List<Call> withIdentity(List<Call> calls, List<String> identity) {
        return calls.stream().map(call -> call.assuming(identity)).toList();
    }
}
