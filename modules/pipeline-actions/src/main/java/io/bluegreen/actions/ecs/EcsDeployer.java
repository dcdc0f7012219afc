package io.bluegreen.actions.ecs;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.ecs.BlueGreenServiceRef;
import io.bluegreen.pipeline.CrossAccountRole;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Who carries out an {@link EcsFromSource} deploy. */
public sealed interface EcsDeployer permits EcsDeployer.ThisAccount, EcsDeployer.OtherAccount {
    String applicationName();

    String deploymentGroupName();

    Optional<CrossAccountRole> role();

    /** What the pipeline's role needs to deploy. */
    List<Statement> pipelineStatements(AwsContext context);

    /** The pipeline's own role, onto a service adopted in this account. */
    record ThisAccount(BlueGreenServiceRef service) implements EcsDeployer {
        public ThisAccount {
            Objects.requireNonNull(service, "service");
        }

        @Override
        public String applicationName() {
            return service.deployment().applicationName();
        }

        @Override
        public String deploymentGroupName() {
            return service.deployment().deploymentGroupName();
        }

        @Override
        public Optional<CrossAccountRole> role() {
            return Optional.empty();
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            return EcsBlueGreen.deployStatements(service, context);
        }
    }

    /** A role of the service's account, onto a deployment group that account's own stack created. */
    record OtherAccount(CrossAccountRole deployRole, String applicationName, String deploymentGroupName) implements EcsDeployer {
        public OtherAccount {
            Objects.requireNonNull(deployRole, "deployRole");
            Objects.requireNonNull(applicationName, "applicationName");
            Objects.requireNonNull(deploymentGroupName, "deploymentGroupName");
        }

        @Override
        public Optional<CrossAccountRole> role() {
            return Optional.of(deployRole);
        }

        /** The role of the service's account deploys; the pipeline's role only assumes it. */
        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            return List.of(Statement.allow("AssumeProductionDeployRole").actions("sts:AssumeRole").resources(deployRole.arn()).build());
        }
    }
}
