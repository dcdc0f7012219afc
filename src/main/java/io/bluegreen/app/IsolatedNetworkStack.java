package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.app.blueprint.StackBasics;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.vpc.IsolatedNetwork;
import io.bluegreen.vpc.IsolatedNetworkProps;
import software.constructs.Construct;

/**
 * The environment's isolated network (E3), prepared once for all its ISOLATED_ECS services: the
 * VPC endpoints their builds need, created or adopted, and the check that no build subnet routes
 * to the internet. The endpoints belong to the VPC, not to a service: interface endpoints with
 * private DNS allow one per service and VPC, so two instances could not each create their own.
 * Deployed after the platform stack and before the services that build there.
 */
public final class IsolatedNetworkStack extends TerraformStack {
    public static final String NAME = "isolated-network";

    public final IsolatedNetwork network;

    public IsolatedNetworkStack(Construct scope, EnvironmentConfig config, IsolatedNetworkProps props, BackendSettings backend) {
        super(scope, NAME);
        StackBasics.environmentStack(this, NAME, config, backend);
        this.network = new IsolatedNetwork(this, "network", props);
        StackBasics.output(this, "vpcId", network.ref().vpcId());
        StackBasics.output(this, "buildSubnetIds", network.ref().buildSubnetIds());
        StackBasics.output(this, "endpointSecurityGroupId", network.ref().endpointSecurityGroupIds().get(0));
        StackBasics.output(this, "s3PrefixListId", network.ref().s3PrefixListId());
    }
}
