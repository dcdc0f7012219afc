package io.bluegreen.lambda;

import com.hashicorp.cdktf.LocalExecProvisioner;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAlias;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import io.bluegreen.codedeploy.DeploymentGroupRef;
import io.bluegreen.core.AwsContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a configuration change Terraform makes reaches the alias: through a CodeDeploy shift, as a
 * release does. The provider publishes a new version whenever the function's configuration
 * changes, and the alias ignores its version because CodeDeploy owns it; without this the new
 * configuration would wait for the next release. A {@code terraform_data} whose
 * {@code triggers_replace} holds the versioned arguments is replaced with any of them, and its
 * {@code local-exec} ({@code rollout.sh}, with the AWS CLI) creates a deployment from the version
 * the alias serves to the one just published. The plan shows the replacement: a reviewer sees
 * that the apply starts a shift.
 */
final class ConfigurationRollout {
    static final String SCRIPT = script();

    private ConfigurationRollout() {
    }

    /**
     * What a published version freezes of the arguments this function sets (code is the
     * pipeline's). An argument left unset is null in the plan and empty after the apply, which
     * {@code terraform_data} refuses as an inconsistent plan: the environment counts only when it
     * has variables, the handler and runtime only for a zip.
     */
    static List<String> versionedArguments(BlueGreenFunctionProps props) {
        List<String> arguments = new ArrayList<>(List.of("memory_size", "timeout"));
        if (!props.environment().isEmpty()) {
            arguments.add("environment");
        }
        arguments.addAll(List.of("tracing_config", "kms_key_arn", "role"));
        if (props.code() instanceof FunctionCode.Zip) {
            arguments.addAll(List.of("handler", "runtime"));
        }
        return List.copyOf(arguments);
    }

    static TerraformResource create(BlueGreenFunction scope, BlueGreenFunctionProps props, LambdaFunction function, LambdaAlias alias,
                                    DeploymentGroupRef group) {
        TerraformResource rollout = new TerraformResource(scope, "rollout", TerraformResourceConfig.builder()
                .terraformResourceType("terraform_data")
                .provisioners(List.of(LocalExecProvisioner.builder()
                        .type("local-exec")
                        .interpreter(List.of("/bin/sh", "-c"))
                        .command(SCRIPT)
                        .environment(Map.of(
                                "FUNCTION_NAME", function.getFunctionName(),
                                "ALIAS_NAME", alias.getName(),
                                "TARGET_VERSION", function.getVersion(),
                                "APPLICATION_NAME", group.applicationName(),
                                "DEPLOYMENT_GROUP_NAME", group.deploymentGroupName(),
                                "AWS_REGION", AwsContext.of(scope).region()))
                        .build()))
                .build());
        rollout.addOverride("triggers_replace", versionedArguments(props).stream().map(function::interpolationForAttribute).toList());
        return rollout;
    }

    private static String script() {
        try (InputStream in = ConfigurationRollout.class.getResourceAsStream("rollout.sh")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (script.contains("${") || script.contains("%{")) {
                throw new IllegalStateException("rollout.sh holds a Terraform template sequence (dollar-brace or percent-brace)");
            }
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
