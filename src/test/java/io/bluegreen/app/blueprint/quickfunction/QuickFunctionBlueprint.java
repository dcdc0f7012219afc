package io.bluegreen.app.blueprint.quickfunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.actions.lambda.LambdaBuild;
import io.bluegreen.app.blueprint.Assembly;
import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.app.config.ServiceInput;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.core.Naming;
import io.bluegreen.lambda.BlueGreenFunction;
import io.bluegreen.lambda.BlueGreenFunctionProps;
import io.bluegreen.lambda.FunctionCode;
import io.bluegreen.lambda.LambdaRuntime;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import io.bluegreen.pipeline.DeployTarget;
import io.bluegreen.pipeline.Source;
import io.bluegreen.pipeline.Stage;
import io.bluegreen.pipeline.StageRules;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A sixth blueprint that lives only in the tests, in a package of its own: a zip function built,
 * published and shifted in one deploy stage, with no approval. It shows what a new blueprint is:
 * this package and one line where the blueprints are listed ({@code Blueprints.with}).
 */
public final class QuickFunctionBlueprint implements Blueprint {
    public static final QuickFunctionBlueprint BLUEPRINT = new QuickFunctionBlueprint();

    /** The keys it takes, as the file writes them: bound and type-checked by the config reader. */
    public record Written(JsonNode source, String handler, String testComputeType) {
    }

    /** Its settings: where the code is and the function's handler. */
    public record Settings(String name, Source source, Builds builds, String handler) implements ServiceConfig {
        @Override
        public ServiceKind kind() {
            return BLUEPRINT;
        }
    }

    @Override
    public String id() {
        return "QUICK_FUNCTION";
    }

    @Override
    public Set<String> keys() {
        return ServiceInput.keysOf(Written.class);
    }

    @Override
    public ServiceConfig read(ServiceInput in) {
        Written written = in.bind(Written.class);
        return new Settings(in.name(), in.source(), in.builds(), Objects.requireNonNullElse(written.handler(), "index.handler"));
    }

    @Override
    public Assembly assemble(TerraformStack stack, EnvironmentConfig config, ServiceConfig service) {
        Settings settings = (Settings) service;
        String name = settings.name();
        Naming naming = config.naming();
        BlueGreenFunction function = new BlueGreenFunction(stack, "function", BlueGreenFunctionProps.builder(naming, name,
                Notifications.lookup(stack, "notifications", naming), FunctionCode.Zip.placeholder(settings.handler(), LambdaRuntime.NODEJS_22_X))
                .build());
        BuildAction build = Blueprint.buildAction(naming, name, "Build", new LambdaBuild.Zip(), settings.builds().tests());
        BuildAction publish = Blueprint.buildAction(naming, name, "Publish", LambdaBuild.Publish.zip(function.ref(), build.output()),
                ComputeType.SMALL);
        BuildAction shift = Blueprint.buildAction(naming, name, "Shift", new LambdaBuild.Shift(function.ref(), publish.output(), 9),
                ComputeType.SMALL);
        DeliveryPipelineProps pipeline = DeliveryPipelineProps.builder(naming, name, settings.source(), List.of(new Stage.SourceStage("Source"),
                Stage.BuildStage.of("Build", build), new Stage.DeployStage("Deploy", new DeployTarget.CodeBuildDeploy(List.of(publish, shift)))))
                // No approval: every push that builds is live (D's rules).
                .rules(StageRules.CONTINUOUS)
                .build();
        return new Assembly(pipeline, delivery -> Map.of("functionName", function.function.getFunctionName()));
    }
}
