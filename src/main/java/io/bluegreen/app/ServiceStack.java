package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.app.blueprint.Assembly;
import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.blueprint.StackBasics;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.pipeline.DeliveryPipeline;
import software.constructs.Construct;

/**
 * One service's stack, whatever its blueprint: the environment's provider, state and guard, what
 * the blueprint deploys to, the pipeline that delivers it, and the blueprint's outputs. The stack
 * is named after the service, so its state is the service's own; it finds the environment's
 * network and topic by name from the {@link PlatformStack}, which is deployed first; the
 * service's blueprint assembles the rest.
 */
public final class ServiceStack extends TerraformStack {
    public final DeliveryPipeline pipeline;

    public ServiceStack(Construct scope, EnvironmentConfig config, ServiceConfig settings, Blueprint blueprint, BackendSettings backend) {
        super(scope, settings.name());
        StackBasics.environmentStack(this, settings.name(), config, backend);
        Assembly assembly = blueprint.assemble(this, config, settings);
        this.pipeline = new DeliveryPipeline(this, "pipeline", assembly.pipeline());
        assembly.outputs().apply(pipeline).forEach((name, value) -> StackBasics.output(this, name, value));
    }
}
