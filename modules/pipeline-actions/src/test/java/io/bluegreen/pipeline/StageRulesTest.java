package io.bluegreen.pipeline;

import static io.bluegreen.pipeline.PipelineFixtures.CONNECTION;
import static io.bluegreen.pipeline.PipelineFixtures.NAMING;
import static io.bluegreen.pipeline.PipelineFixtures.TOPIC;
import static io.bluegreen.pipeline.PipelineFixtures.action;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bluegreen.actions.ecs.ContainerImage;
import io.bluegreen.actions.ecs.EcsBlueGreen;
import io.bluegreen.actions.ecs.EcsDeployer;
import io.bluegreen.actions.ecs.EcsFromSource;
import io.bluegreen.actions.ecs.SourceDefinedImage;
import io.bluegreen.codedeploy.ComputePlatform;
import io.bluegreen.codedeploy.DeploymentGroupRef;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.BlueGreenServiceRef;
import io.bluegreen.registry.RegistryRef;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order rules, checked on the props alone: no stack is needed to refuse a bad pipeline. */
class StageRulesTest {
    private static final BlueGreenServiceRef SERVICE = new BlueGreenServiceRef("ecs-web-dev", "svc-web-dev", "task-web-dev", "app",
            8080, "arn:aws:iam::123456789012:role/task", List.of("arn:aws:iam::123456789012:role/task"), new DeploymentGroupRef(ComputePlatform.ECS, "cdapp-web-dev",
            "arn:app", "cddg-web-dev", "arn:group", "CodeDeployDefault.ECSAllAtOnce"), Optional.empty());
    private static final RegistryRef REGISTRY = new RegistryRef("ecr-web-dev", "123456789012.dkr.ecr.us-east-1.amazonaws.com/ecr-web-dev",
            "arn:aws:ecr:us-east-1:123456789012:repository/ecr-web-dev", "arn:aws:kms:us-east-1:123456789012:key/1");
    private static final BuildAction IMAGE = action("Image-Build", new ContainerImage(REGISTRY, SERVICE));
    private static final BuildAction TESTS = action("Unit-Tests", new BuildKind.Tests(Buildspec.UNIT_TEST));
    private static final Stage.DeployStage DEPLOY = new Stage.DeployStage("Deploy", new EcsBlueGreen(SERVICE, IMAGE));

    private static DeliveryPipelineProps props(StageRules rules, Stage... stages) {
        return DeliveryPipelineProps.builder(NAMING, "web", new Source.GitHub(CONNECTION, "acme/web", "main"), List.of(stages))
                .rules(rules).build();
    }

    private static String refusal(StageRules rules, Stage... stages) {
        return assertThrows(SettingException.class, () -> props(rules, stages)).getMessage();
    }

    @Test
    void continuousDeliveryNeedsNoApprovalAndRefusesOne() {
        DeliveryPipelineProps props = props(StageRules.CONTINUOUS, new Stage.SourceStage("Source"),
                Stage.BuildStage.of("Build", IMAGE), DEPLOY);
        assertEquals(List.of("Source", "Build", "Deploy"), props.stages().stream().map(Stage::name).toList());
        assertEquals("stages wait for an approval in a continuous delivery, got 'Source, Build, Approve, Deploy'; "
                + "remove the approval stage, or use APPROVAL_BEFORE_DEPLOY", refusal(StageRules.CONTINUOUS,
                new Stage.SourceStage("Source"), Stage.BuildStage.of("Build", IMAGE), new Stage.ApprovalStage("Approve", TOPIC), DEPLOY));
    }

    @Test
    void approvalBeforeDeployRefusesASecondDeployInTheMiddle() {
        assertEquals("stages have a deploy stage before the end, got 'Source, Build, Deploy, Approve, Deploy-Again'; "
                + "keep one deploy stage, last", refusal(StageRules.APPROVAL_BEFORE_DEPLOY, new Stage.SourceStage("Source"),
                Stage.BuildStage.of("Build", IMAGE), DEPLOY, new Stage.ApprovalStage("Approve", TOPIC),
                new Stage.DeployStage("Deploy-Again", DEPLOY.target())));
    }

    @Test
    void everyArtifactIsProducedBeforeItIsRead() {
        assertEquals("stage Deploy reads an artifact no earlier stage produces, got 'ImageBuildOutput'; "
                + "move the stage that produces it before Deploy", refusal(StageRules.APPROVAL_BEFORE_DEPLOY,
                new Stage.SourceStage("Source"), Stage.BuildStage.of("Test", TESTS), new Stage.ApprovalStage("Approve", TOPIC), DEPLOY));
    }

    @Test
    void anEcsDeployTakesTheImageOfItsOwnService() {
        SettingException error = assertThrows(SettingException.class, () -> new EcsBlueGreen(SERVICE, TESTS));
        assertEquals("deploy stage deploys an image no action builds for this service, got 'Unit-Tests'; "
                + "give the build action of kind ContainerImage for the same service", error.getMessage());
    }

    @Test
    void onlyAnImageBuildReadsTheRegistrySecretAndOnlyTestsPublishReports() {
        assertTrue(IMAGE.kind().readsRegistrySecret());
        assertFalse(TESTS.kind().readsRegistrySecret());
        assertEquals("test buildspec does not publish a test report, got 'image-build.yml'; use UNIT_TEST or INTEGRATION_TEST",
                assertThrows(SettingException.class, () -> new BuildKind.Tests(ContainerImage.BUILDSPEC)).getMessage());
    }

    @Test
    void deployTargetsParametersNameTheServiceAndItsRegistry() {
        assertEquals(List.of("container-name", "container-port", "deployment-group", "repository-uri", "task-family"),
                List.copyOf(DEPLOY.target().parameters().keySet()));
        assertEquals(REGISTRY.repositoryUrl(), DEPLOY.target().parameters().get("repository-uri"));
        assertEquals(List.of(IMAGE.output()), DEPLOY.inputs());
    }

    private static final BuildAction ISOLATED_IMAGE = action("Build", new SourceDefinedImage(REGISTRY));
    private static final Stage.DeployStage STAGING = new Stage.DeployStage("Deploy-Staging", new EcsFromSource(
            "taskdef-staging.json", ISOLATED_IMAGE, new EcsDeployer.ThisAccount(SERVICE)));
    private static final Stage.DeployStage PRODUCTION = new Stage.DeployStage("Deploy-Production", new EcsFromSource(
            "taskdef-production.json", ISOLATED_IMAGE, new EcsDeployer.OtherAccount(
                    new CrossAccountRole("210987654321", "role-web-production-deploy-dev"), "cdapp-web-production-dev",
                    "cddg-web-production-dev")));

    @Test
    void approvalBeforeProductionTakesStagingThenApprovalThenProductionOnly() {
        Stage source = new Stage.SourceStage("Source");
        Stage build = Stage.BuildStage.of("Build", ISOLATED_IMAGE);
        Stage approve = new Stage.ApprovalStage("Approve", TOPIC);
        DeliveryPipelineProps props = props(StageRules.APPROVAL_BEFORE_PRODUCTION, source, build, STAGING, approve, PRODUCTION);
        assertEquals(5, props.stages().size());
        assertEquals("stages deploy to production without a manual approval, got 'Source, Build, Deploy-Staging, Deploy-Production'; "
                + "add an approval stage between the staging and the production deploy (E7)",
                refusal(StageRules.APPROVAL_BEFORE_PRODUCTION, source, build, STAGING, PRODUCTION));
        assertEquals("stages ask for an approval before anything is deployed to staging, got 'Source, Build, Approve, Deploy-Production'; "
                + "put a deploy stage for staging before the approval",
                refusal(StageRules.APPROVAL_BEFORE_PRODUCTION, source, build, approve, PRODUCTION));
        assertEquals("stages deploy again between the approval and production, got "
                + "'Source, Build, Deploy-Staging, Approve, Deploy-Staging-Again, Deploy-Production'; keep only the production deploy after the approval",
                refusal(StageRules.APPROVAL_BEFORE_PRODUCTION, source, build, STAGING, approve,
                        new Stage.DeployStage("Deploy-Staging-Again", STAGING.target()), PRODUCTION));
    }

    @Test
    void aDeployFromTheSourceReadsTheSourceAndTheImageAndAnotherAccountsRoleRunsIt() {
        assertEquals(List.of(Artifact.SOURCE, ISOLATED_IMAGE.output()), PRODUCTION.inputs());
        assertEquals("arn:aws:iam::210987654321:role/role-web-production-deploy-dev",
                PRODUCTION.target().actions().get(0).getRoleArn());
        assertEquals(Optional.empty(), STAGING.target().assumedRole());
        assertEquals("deploy stage reads imageDetail.json from a build that writes none, got 'Unit-Tests'; give the build action "
                + "of kind SourceDefinedImage", assertThrows(SettingException.class, () -> new EcsFromSource(
                        "taskdef.json", TESTS, new EcsDeployer.ThisAccount(SERVICE))).getMessage());
        assertEquals("taskDefinitionPath must be a JSON file in the source, got 'taskdef.yaml'; use e.g. 'taskdef-staging.json'",
                assertThrows(SettingException.class, () -> new EcsFromSource("taskdef.yaml", ISOLATED_IMAGE,
                        new EcsDeployer.ThisAccount(SERVICE))).getMessage());
    }
}
