package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import java.util.Map;
import java.util.function.Function;
import software.constructs.Construct;

/**
 * One service's stack, whatever its blueprint: the environment's provider, state and guard, what
 * the blueprint deploys to, the pipeline that delivers it, and the blueprint's outputs. The stack
 * is named after the service, so its state is the service's own; it finds the environment's
 * network and topic by name from the {@link PlatformStack}, which is deployed first.
 */
public final class ServiceStack extends TerraformStack {
    public final DeliveryPipeline pipeline;

    /**
     * What a blueprint contributes: the pipeline's props (its stages carry the targets the
     * blueprint created in the stack) and the outputs, which may name the pipeline's resources.
     */
    public record Assembly(DeliveryPipelineProps pipeline, Function<DeliveryPipeline, Map<String, Object>> outputs) {
    }

    public ServiceStack(Construct scope, EnvironmentConfig config, ServiceConfig settings, BackendSettings backend) {
        super(scope, settings.name());
        StackBasics.environmentStack(this, settings.name(), config, backend);
        Assembly assembly = settings.assemble(this, config);
        this.pipeline = new DeliveryPipeline(this, "pipeline", assembly.pipeline());
        assembly.outputs().apply(pipeline).forEach((name, value) -> StackBasics.output(this, name, value));
    }

    /** A project named after the service and action, e.g. {@code cb-web-unit-tests-dev}, logging to its namesake group. */
    public static BuildAction buildAction(Naming naming, String service, String action, BuildKind kind, ComputeType computeType) {
        String stem = service + "-" + action.toLowerCase();
        return new BuildAction(action, naming.name(ResourceType.CODEBUILD_PROJECT, stem),
                naming.logGroup("/aws/codebuild/" + stem), kind, computeType);
    }
}
