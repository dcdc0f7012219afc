package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.app.blueprint.StackBasics;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.ledger.DeploymentLedger;
import io.bluegreen.ledger.DeploymentLedgerProps;
import io.bluegreen.notifications.DeploymentState;
import io.bluegreen.notifications.EventRoute;
import io.bluegreen.notifications.NameFilter;
import io.bluegreen.notifications.Notifications;
import io.bluegreen.notifications.NotificationsProps;
import io.bluegreen.notifications.PipelineState;
import io.bluegreen.vpc.Network;
import io.bluegreen.vpc.VpcProps;
import java.util.Optional;
import java.util.Set;
import software.constructs.Construct;

/**
 * One environment's shared foundation: its network, its notifications topic, which routes the
 * state changes of every pipeline and deployment whose name ends with the environment's suffix,
 * and its deployment ledger, which records all of them (C5, D4); in a named environment, its
 * scheduled drift check. State lives in the workspace named after the suffix (P6).
 */
public final class PlatformStack extends TerraformStack {
    public static final String NAME = "platform";

    public final Network network;
    public final Notifications notifications;
    public final DeploymentLedger ledger;
    /** The scheduled drift check, in a named environment whose configuration has {@code driftCheck}. */
    public final Optional<DriftCheck> driftCheck;

    public PlatformStack(Construct scope, EnvironmentConfig config, BackendSettings backend) {
        super(scope, NAME);
        String suffix = config.suffix().value();
        StackBasics.environmentStack(this, NAME, config, backend);

        VpcProps.Builder vpc = VpcProps.builder(config.naming())
                .cidrBlock(config.vpcCidr())
                .azCount(config.azCount())
                .natGateways(config.natGateways())
                .endpoints(config.vpcEndpoints());
        config.existingVpc().ifPresent(vpc::existingVpc);
        this.network = new Network(this, "network", vpc.build());

        this.notifications = new Notifications(this, "notifications",
                NotificationsProps.of(config.naming(), config.notificationEmails()));
        NameFilter environment = NameFilter.endingWith("-" + suffix);
        notifications.route(EventRoute.pipelineExecutions(environment,
                Set.of(PipelineState.FAILED, PipelineState.SUCCEEDED, PipelineState.STOPPED)));
        notifications.route(EventRoute.manualApprovals(environment));
        notifications.route(EventRoute.deployments(environment,
                Set.of(DeploymentState.START, DeploymentState.SUCCESS, DeploymentState.FAILURE, DeploymentState.STOP)));

        this.ledger = new DeploymentLedger(this, "ledger", DeploymentLedgerProps.of(config.naming(), notifications.ref()));

        this.driftCheck = config.driftCheck().map(drift -> new DriftCheck(this, "drift-check", new DriftCheck.DriftCheckProps(
                config.naming(), suffix, drift.source(), drift.schedule().orElse(null), notifications.ref(), backend)));

        StackBasics.output(this, "vpcId", network.ref().vpcId());
        StackBasics.output(this, "vpcCidrBlock", network.ref().cidrBlock());
        StackBasics.output(this, "publicSubnetIds", network.ref().publicSubnetIds());
        StackBasics.output(this, "privateSubnetIds", network.ref().privateSubnetIds());
        network.flowLogGroup.ifPresent(group -> StackBasics.output(this, "flowLogGroupName", group.getName()));
        network.ref().endpointSecurityGroupId().ifPresent(id -> StackBasics.output(this, "endpointSecurityGroupId", id));
        StackBasics.output(this, "notificationsTopicArn", notifications.ref().topicArn());
        StackBasics.output(this, "notificationsKeyArn", notifications.ref().kmsKeyArn());
        StackBasics.output(this, "ledgerTableName", ledger.ref().tableName());
        driftCheck.ifPresent(check -> StackBasics.output(this, "driftCheckProject", check.project.getName()));
    }

}
