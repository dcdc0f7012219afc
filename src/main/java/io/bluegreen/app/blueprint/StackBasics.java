package io.bluegreen.app.blueprint;

import com.hashicorp.cdktf.S3Backend;
import com.hashicorp.cdktf.S3BackendConfig;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformOutputConfig;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderDefaultTags;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.core.AwsContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What every stack of the app has: the provider, its version range, the backend and the guard. */
public final class StackBasics {
    /**
     * The 18.0.3 bindings pin 5.23.1; the stacks use what later 5.x releases brought (CodeCommit's
     * kms_key_id, the nodejs22.x runtime), each listed in ProviderFloorTest with its release. The
     * floor is the newest of them: 5.100.0, the last 5.x, where a release could not be confirmed.
     */
    public static final String AWS_PROVIDER_VERSION = ">= 5.100.0, < 6.0.0";
    /** The S3 backend's use_lockfile arrived in Terraform 1.10. */
    public static final String TERRAFORM_VERSION = ">= 1.10.0";

    private StackBasics() {
    }

    /** Default tags go on every taggable resource through the provider (X3). */
    public static AwsProvider awsProvider(TerraformStack stack, String region, Map<String, String> tags) {
        AwsProvider provider = new AwsProvider(stack, "aws", AwsProviderConfig.builder()
                .region(region)
                .defaultTags(List.of(AwsProviderDefaultTags.builder().tags(tags).build()))
                .build());
        stack.addOverride("terraform.required_providers.aws.version", AWS_PROVIDER_VERSION);
        stack.addOverride("terraform.required_version", TERRAFORM_VERSION);
        return provider;
    }

    public static Map<String, String> tags(String environment, String project, Optional<String> costCenter) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Environment", environment);
        tags.put("Project", project);
        tags.put("ManagedBy", "cdktf");
        costCenter.ifPresent(c -> tags.put("CostCenter", c));
        return java.util.Collections.unmodifiableMap(tags);
    }

    /**
     * State at {@code s3://<bucket>/<workspace_key_prefix>/<workspace>/<project>/<stack>.tfstate},
     * encrypted with the state bucket's own key (without {@code kms_key_id} the backend would ask
     * for SSE-S3 on every write, whatever the bucket's default), locked with an S3 lock file
     * (cdktf 0.19's S3Backend has no use_lockfile field, hence the override).
     */
    public static S3Backend s3Backend(TerraformStack stack, BackendSettings backend, String projectName, String stackName) {
        S3Backend s3 = new S3Backend(stack, S3BackendConfig.builder()
                .bucket(backend.bucket())
                .key(backend.key(projectName, stackName))
                .region(backend.region())
                .encrypt(true)
                .kmsKeyId(BackendSettings.stateKeyAlias(projectName))
                .workspaceKeyPrefix(backend.workspaceKeyPrefix())
                .build());
        s3.addOverride("use_lockfile", true);
        return s3;
    }

    /**
     * What every stack of an environment starts with: the AWS provider with the default tags (held
     * to the environment's account when it names one),
     * state in the S3 backend at {@code <projectName>/<stack>.tfstate}, and the workspace guard.
     */
    public static void environmentStack(TerraformStack stack, String name, EnvironmentConfig config, BackendSettings backend) {
        String suffix = config.suffix().value();
        AwsProvider provider = awsProvider(stack, config.region(), tags(suffix, config.projectName(), config.costCenter()));
        // A plan with another account's credentials stops before reading anything.
        config.awsAccountId().ifPresent(id -> provider.setAllowedAccountIds(List.of(id)));
        s3Backend(stack, backend, config.projectName(), name);
        workspaceGuard(stack, suffix);
    }

    /** One stack output, named after the attribute it carries. */
    public static TerraformOutput output(TerraformStack stack, String name, Object value) {
        return new TerraformOutput(stack, name, TerraformOutputConfig.builder().value(value).build());
    }

    /**
     * Makes {@code terraform plan}, {@code apply} and {@code destroy} fail before any change when the
     * selected workspace is not the environment this JSON was synthesized for, so pr-1's JSON never
     * touches dev's state, while {@code terraform validate} in the default workspace passes (hooks,
     * linters and CI run it there). The output also tells reviewers which workspace a plan ran in.
     *
     * <p>Terraform checks no condition while destroying; only its validation walk, which every
     * command runs first, catches a destroy. That walk knows the workspace but no data source, so:
     * the first condition, known there, refuses every other named workspace; the second reads the
     * account (unknown during validation, so skipped there) and refuses the default workspace at
     * plan time, where validate must pass. The default workspace never holds state, since nothing
     * can be planned there.
     */
    public static TerraformOutput workspaceGuard(TerraformStack stack, String suffix) {
        TerraformOutput guard = new TerraformOutput(stack, "workspace", TerraformOutputConfig.builder()
                .value("${terraform.workspace}")
                .description("The Terraform workspace, always the environment suffix")
                .build());
        String message = "This stack was synthesized for ENVIRONMENT_SUFFIX=" + suffix
                + " but another workspace is selected. Run: terraform workspace select -or-create " + suffix
                + " (or set TF_WORKSPACE=" + suffix + ").";
        String workspace = "terraform.workspace == \"" + suffix + "\"";
        String account = AwsContext.of(stack).accountIdReference();
        // cdktf 0.19 accepts an output precondition but does not render it, so it goes in as an override.
        guard.addOverride("precondition", List.of(
                Map.of("condition", "${" + workspace + " || terraform.workspace == \"default\"}", "error_message", message),
                Map.of("condition", "${" + account + " == \"\" || " + workspace + "}", "error_message", message)));
        return guard;
    }
}
