package io.bluegreen.pipeline;

import static io.bluegreen.pipeline.PipelineFixtures.CONNECTION;
import static io.bluegreen.pipeline.PipelineFixtures.TOPIC;
import static io.bluegreen.pipeline.PipelineFixtures.action;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SettingException;
import io.bluegreen.core.SynthResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryPipelineTest {
    private static SynthResult synth;

    @BeforeAll
    static void synthBlueprintAInSmall() {
        synth = SynthResult.of(PipelineFixtures.build(new Source.GitHub(CONNECTION, "acme/web", "main"),
                PipelineFixtures.stages()).stack());
    }

    @Test
    void stagesAndActionsAreInTheGivenOrder() {
        JsonNode pipeline = synth.only("aws_codepipeline");
        assertEquals("pipeline-web-dev", pipeline.path("name").asText());
        List<String> stages = new ArrayList<>();
        pipeline.path("stage").forEach(stage -> {
            List<String> actions = new ArrayList<>();
            stage.path("action").forEach(a -> actions.add(a.path("name").asText() + ":" + a.path("provider").asText()));
            stages.add(stage.path("name").asText() + actions);
        });
        assertEquals(List.of("Source[Source:CodeStarSourceConnection]", "Test[Unit-Tests:CodeBuild, Integration-Tests:CodeBuild]",
                "Build-Image[Image-Build:CodeBuild]", "Approve[Approve:Manual]", "Deploy[Deploy:CodeDeployToECS, Scale-Up:CodeBuild]"),
                stages);
    }

    @Test
    void aPushToTheGitHubBranchStartsThePipelineThroughTheConnectionAndNothingElse() {
        JsonNode source = synth.only("aws_codepipeline").path("stage").get(0).path("action").get(0);
        assertEquals(Map.of("BranchName", "main", "ConnectionArn", CONNECTION, "DetectChanges", "true",
                "FullRepositoryId", "acme/web", "OutputArtifactFormat", "CODE_ZIP"), strings(source.path("configuration")));
        // GitHub publishes nothing to EventBridge: a rule would never fire, a second trigger would start twice.
        assertTrue(synth.resources("aws_cloudwatch_event_rule").isEmpty());
        assertTrue(synth.resources("aws_cloudwatch_event_target").isEmpty());
        assertTrue(synth.resources("aws_iam_role").keySet().stream().noneMatch(id -> id.contains("trigger")));
    }

    @Test
    void approvalIsAnnouncedOnTheTopic() {
        JsonNode approval = synth.only("aws_codepipeline").path("stage").get(3).path("action").get(0);
        assertEquals(TOPIC.topicArn(), approval.path("configuration").path("NotificationArn").asText());
    }

    @Test
    void deployUsesTheImageBuildsTaskdefAndAppspec() {
        JsonNode deploy = synth.only("aws_codepipeline").path("stage").get(4).path("action").get(0);
        assertTrue(deploy.path("run_order").isMissingNode(), "first in its stage");
        assertEquals("[\"ImageBuildOutput\"]", deploy.path("input_artifacts").toString());
        Map<String, String> expected = new TreeMap<>(Map.of(
                "ApplicationName", synth.ref("aws_codedeploy_app", "name"),
                "DeploymentGroupName", synth.ref("aws_codedeploy_deployment_group", "deployment_group_name"),
                "TaskDefinitionTemplateArtifact", "ImageBuildOutput", "TaskDefinitionTemplatePath", "taskdef.json",
                "AppSpecTemplateArtifact", "ImageBuildOutput", "AppSpecTemplatePath", "appspec.yaml",
                "Image1ArtifactName", "ImageBuildOutput", "Image1ContainerName", "IMAGE1_NAME"));
        assertEquals(expected, strings(deploy.path("configuration")));
    }

    @Test
    void onlyTheImageBuildIsPrivilegedAndEachProjectRunsItsBuildspecFile() {
        Map<String, String> projects = new TreeMap<>();
        synth.resources("aws_codebuild_project").values().forEach(p -> projects.put(p.path("name").asText(),
                p.path("environment").path("privileged_mode").asBoolean() + " " + p.path("environment").path("compute_type").asText()));
        assertEquals(Map.of("cb-web-image-build-dev", "true BUILD_GENERAL1_SMALL",
                "cb-web-integration-tests-dev", "false BUILD_GENERAL1_SMALL",
                "cb-web-scale-up-dev", "false BUILD_GENERAL1_SMALL",
                "cb-web-unit-tests-dev", "false BUILD_GENERAL1_SMALL"), projects);
        JsonNode unit = project("cb-web-unit-tests-dev");
        assertEquals(Buildspec.UNIT_TEST.text().replace(Buildspec.REPORT_GROUP_PLACEHOLDER, synth.ref("aws_codebuild_report_group", "unit-tests", "arn")),
                unit.path("source").path("buildspec").asText().replace("$${", "${").replace("%%{", "%{"));
        assertEquals("CODEPIPELINE", unit.path("source").path("type").asText());
        assertEquals(synth.ref("aws_kms_key", "pipeline", "arn"), unit.path("encryption_key").asText());
    }

    @Test
    void imageBuildReadsTheRegistrySecretItselfAndTerraformHoldsNoValueOfIt() {
        String buildspec = project("cb-web-image-build-dev").path("source").path("buildspec").asText().replace("$${", "${").replace("%%{", "%{");
        assertTrue(buildspec.contains("aws secretsmanager get-secret-value --secret-id \"$REGISTRY_SECRET_ARN\""), buildspec);
        assertTrue(project("cb-web-image-build-dev").path("source").path("buildspec").asText()
                .contains("--password-stdin \"$${REPOSITORY_URI%%/*}\""), "shell expansions must reach CodeBuild, not Terraform");
        Map<String, String> variables = new TreeMap<>();
        project("cb-web-image-build-dev").path("environment").path("environment_variable")
                .forEach(v -> variables.put(v.path("name").asText(), v.path("value").asText()));
        assertEquals(Map.of("CONTAINER_NAME", "app", "CONTAINER_PORT", "8080",
                "REPOSITORY_URI", synth.ref("aws_ecr_repository", "repository_url"),
                "TASK_FAMILY", synth.ref("aws_ecs_task_definition", "family"),
                "REGISTRY_SECRET_ARN", synth.ref("aws_secretsmanager_secret", "arn")), variables);
        JsonNode secret = synth.only("aws_secretsmanager_secret");
        assertEquals(0, secret.path("recovery_window_in_days").asInt());
        assertEquals(synth.ref("aws_kms_key", "pipeline", "arn"), secret.path("kms_key_id").asText());
        // No version: a plan would read it back (and a plan role would need the secret's value).
        assertTrue(synth.resources("aws_secretsmanager_secret_version").isEmpty());
    }

    @Test
    void buildLogsGoToThirtyDayEncryptedGroupsTheKeyAdmits() {
        Map<String, JsonNode> groups = synth.resources("aws_cloudwatch_log_group");
        List<String> pipelineGroups = groups.values().stream().map(g -> g.path("name").asText())
                .filter(n -> n.startsWith("/aws/codebuild/")).sorted().toList();
        assertEquals(List.of("/aws/codebuild/web-image-build-dev", "/aws/codebuild/web-integration-tests-dev",
                "/aws/codebuild/web-scale-up-dev", "/aws/codebuild/web-unit-tests-dev"), pipelineGroups);
        groups.values().forEach(g -> assertEquals(30, g.path("retention_in_days").asInt()));
        assertEquals("/aws/codebuild/web-unit-tests-dev",
                project("cb-web-unit-tests-dev").path("logs_config").path("cloudwatch_logs").path("group_name").asText());
    }

    @Test
    void eachProjectHasItsOwnRoleScopedToItsLogGroup() {
        JsonNode unit = project("cb-web-unit-tests-dev");
        assertEquals(synth.ref("aws_iam_role", "build-role-unit-tests", "arn"), unit.path("service_role").asText());
        JsonNode policy = policyOfRole("role-web-unit-tests-dev");
        JsonNode logs = policy.path("Statement").get(0);
        assertEquals("WriteBuildLogs", logs.path("Sid").asText());
        assertTrue(logs.path("Resource").get(0).asText().endsWith(":log-group:/aws/codebuild/web-unit-tests-dev"),
                logs.toString());
        assertFalse(policy.toString().contains("ecr:PutImage"), "tests cannot push images");
        assertTrue(policyOfRole("role-web-image-build-dev").toString().contains("ecr:PutImage"));
    }

    @Test
    void pipelinePassesOnlyTheTaskRolesAndOnlyToEcs() {
        JsonNode pass = statement(policyOfRole("role-web-pipeline-dev"), "PassTaskRoles");
        assertEquals("iam:PassRole", pass.path("Action").asText());
        assertEquals(List.of(synth.ref("aws_iam_role", "execution-role", "arn"), synth.ref("aws_iam_role", "service_task-role", "arn")),
                List.of(pass.path("Resource").get(0).asText(), pass.path("Resource").get(1).asText()));
        assertEquals("ecs-tasks.amazonaws.com", pass.path("Condition").path("StringEquals").path("iam:PassedToService").asText());
    }

    @Test
    void artifactsAreEncryptedWithThePipelineKeyExpireAndLiveInABucketNoOtherAccountHolds() {
        JsonNode store = synth.only("aws_codepipeline").path("artifact_store").get(0);
        assertEquals(synth.ref("aws_s3_bucket", "pipeline_artifacts", "bucket"), store.path("location").asText());
        assertEquals("KMS", store.path("encryption_key").path("type").asText());
        JsonNode bucket = synth.resources("aws_s3_bucket").entrySet().stream().filter(e -> e.getKey().startsWith("pipeline_artifacts"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertEquals("${data.aws_caller_identity." + synth.dataSources("aws_caller_identity").keySet().iterator().next()
                + ".account_id}-s3-web-artifacts-dev", bucket.path("bucket").asText());
        JsonNode rule = synth.resources("aws_s3_bucket_lifecycle_configuration").entrySet().stream()
                .filter(e -> e.getKey().startsWith("pipeline_artifacts")).map(Map.Entry::getValue).findFirst().orElseThrow()
                .path("rule").get(0);
        assertEquals(30, rule.path("expiration").path("days").asInt());
        assertEquals(1, rule.path("abort_incomplete_multipart_upload").path("days_after_initiation").asInt());
    }

    @Test
    void nonSensitiveSettingsAreInParameterStore() {
        Map<String, String> parameters = new TreeMap<>();
        synth.resources("aws_ssm_parameter").values().forEach(p -> parameters.put(p.path("name").asText(), p.path("type").asText()
                + " " + p.path("value").asText()));
        assertEquals(List.of("/web/container-name-dev", "/web/container-port-dev", "/web/deployment-group-dev",
                "/web/pipeline-name-dev", "/web/repository-uri-dev", "/web/task-family-dev"), List.copyOf(parameters.keySet()));
        assertEquals("String 8080", parameters.get("/web/container-port-dev"));
    }

    @Test
    void codeCommitSourceIsStartedOnlyByItsRuleWhoseTargetWaitsForTheRole() {
        SynthResult codeCommit = SynthResult.of(PipelineFixtures.build(new Source.CodeCommit("web", "main"),
                PipelineFixtures.stages()).stack());
        JsonNode source = codeCommit.only("aws_codepipeline").path("stage").get(0).path("action").get(0);
        assertEquals("CodeCommit", source.path("provider").asText());
        assertEquals("false", source.path("configuration").path("PollForSourceChanges").asText());
        assertEquals("rule-web-push-dev", codeCommit.only("aws_cloudwatch_event_rule").path("name").asText());
        JsonNode target = codeCommit.only("aws_cloudwatch_event_target");
        assertEquals(codeCommit.ref("aws_codepipeline", "arn"), target.path("arn").asText());
        assertEquals(codeCommit.ref("aws_iam_role", "trigger-role", "arn"), target.path("role_arn").asText());
        assertEquals(attachmentsOf(codeCommit, "trigger-role"), dependsOn(target));
    }

    /** A GitHub source's connection is read at every plan, which stops unless a person has completed its handshake. */
    @Test
    void aConnectionThatIsNotAvailableStopsThePlanWithItsStatusAndTheConsolePage() {
        JsonNode connection = synth.dataSources("aws_codestarconnections_connection").values().iterator().next();
        assertEquals(1, synth.dataSources("aws_codestarconnections_connection").size());
        assertEquals(CONNECTION, connection.path("arn").asText());
        JsonNode check = connection.path("lifecycle").path("postcondition").get(0);
        assertEquals("${self.connection_status == \"AVAILABLE\"}", check.path("condition").asText());
        assertEquals("The connection " + CONNECTION + " of the pipeline-web-dev pipeline is ${self.connection_status}, not AVAILABLE: "
                + "every run would fail at Source. A person with access to the GitHub organization completes it at "
                + "https://us-east-1.console.aws.amazon.com/codesuite/settings/connections?region=us-east-1 (choose the connection, "
                + "then Update pending connection); plan again once it is AVAILABLE.", check.path("error_message").asText());
        SynthResult codeCommit = SynthResult.of(PipelineFixtures.build(new Source.CodeCommit("web", "main"), PipelineFixtures.stages()).stack());
        assertTrue(codeCommit.dataSources("aws_codestarconnections_connection").isEmpty(), "CodeCommit needs no connection");
    }

    /** A protected branch: one approval before a pull request merges into the source branch, in the repository read or created. */
    @Test
    void pullRequestsIntoTheSourceBranchNeedAnApprovalInTheRepositoryReadOrCreated() {
        SynthResult existing = SynthResult.of(PipelineFixtures.build(new Source.CodeCommit("web", "release"),
                PipelineFixtures.stages()).stack());
        JsonNode template = existing.only("aws_codecommit_approval_rule_template");
        assertEquals("approval-web-dev", template.path("name").asText());
        assertEquals("{\"Version\":\"2018-11-08\",\"DestinationReferences\":[\"refs/heads/release\"],"
                + "\"Statements\":[{\"Type\":\"Approvers\",\"NumberOfApprovalsNeeded\":1}]}", template.path("content").asText());
        JsonNode association = existing.only("aws_codecommit_approval_rule_template_association");
        assertEquals(existing.ref("aws_codecommit_approval_rule_template", "name"), association.path("approval_rule_template_name").asText());
        assertEquals("web", association.path("repository_name").asText());

        SynthResult created = SynthResult.of(PipelineFixtures.build(new Source.CodeCommit("web", "main", true),
                PipelineFixtures.stages()).stack());
        assertEquals(created.ref("aws_codecommit_repository", "repository_name"),
                created.only("aws_codecommit_approval_rule_template_association").path("repository_name").asText(),
                "the association waits for the repository it protects");
        assertTrue(synth.resources("aws_codecommit_approval_rule_template").isEmpty(), "a GitHub source is protected on GitHub");
    }

    @Test
    void theKeyPolicyNamesEachRoleThatUsesTheKeyOnlyThroughTheServicesThatAskKms() {
        SynthResult codeCommit = SynthResult.of(PipelineFixtures.build(new Source.CodeCommit("web", "main", true),
                PipelineFixtures.stages()).stack());
        JsonNode policy = SynthResult.embedded(codeCommit.resources("aws_kms_key").get("pipeline_key_9778BF5E").path("policy"));
        assertEquals(List.of("AccountAdministers", "CloudWatchLogsEncrypt", "PipelineRoleUsesKey", "BuildRolesUseKey"),
                statementIds(policy));
        JsonNode pipelineRole = statement(policy, "PipelineRoleUsesKey");
        assertEquals("[\"" + codeCommit.ref("aws_iam_role", "pipeline-role", "arn") + "\"]", pipelineRole.path("Principal").path("AWS").toString());
        assertEquals("[\"kms:Decrypt\",\"kms:GenerateDataKey\"]", pipelineRole.path("Action").toString());
        assertEquals(List.of("s3", "codecommit"), viaServices(pipelineRole));
        JsonNode buildRoles = statement(policy, "BuildRolesUseKey");
        List<String> principals = new ArrayList<>();
        buildRoles.path("Principal").path("AWS").forEach(p -> principals.add(p.asText()));
        assertEquals(List.of("unit-tests", "integration-tests", "image-build", "scale-up").stream()
                .map(slug -> codeCommit.ref("aws_iam_role", "build-role-" + slug, "arn")).toList(), principals);
        assertEquals(List.of("s3", "secretsmanager"), viaServices(buildRoles));
        // The key admits them: no IAM policy repeats it.
        codeCommit.resources("aws_iam_policy").values().forEach(p -> assertFalse(p.path("policy").asText()
                .contains(codeCommit.ref("aws_kms_key", "pipeline", "arn")), p.path("name").asText()));
    }

    @Test
    void everyPipelineProjectAndTriggerWaitsForItsRolesAttachmentNotJustThePolicy() {
        assertEquals(attachmentsOf(synth, "pipeline-role"), dependsOn(synth.only("aws_codepipeline")));
        assertEquals(attachmentsOf(synth, "build-role-unit-tests"), dependsOn(project("cb-web-unit-tests-dev")));
        assertEquals(attachmentsOf(synth, "build-role-image-build"), dependsOn(project("cb-web-image-build-dev")));
    }

    @Test
    void eachTestProjectPublishesToItsOwnDeclaredReportGroupAndCannotCreateOthers() {
        Map<String, String> groups = new TreeMap<>();
        synth.resources("aws_codebuild_report_group").values().forEach(g -> groups.put(g.path("name").asText(),
                g.path("type").asText() + " delete_reports=" + g.path("delete_reports").asBoolean() + " "
                        + g.path("export_config").path("type").asText()));
        assertEquals(Map.of("rg-web-integration-tests-dev", "TEST delete_reports=true NO_EXPORT",
                "rg-web-unit-tests-dev", "TEST delete_reports=true NO_EXPORT"), groups);
        String reportGroup = synth.ref("aws_codebuild_report_group", "unit-tests", "arn");
        JsonNode reports = statement(policyOfRole("role-web-unit-tests-dev"), "PublishTestReports");
        assertEquals(reportGroup, reports.path("Resource").asText());
        assertFalse(reports.path("Action").toString().contains("CreateReportGroup"), reports.toString());
        assertTrue(project("cb-web-unit-tests-dev").path("source").path("buildspec").asText().contains("\"" + reportGroup + "\":"));
        assertTrue(statementIds(policyOfRole("role-web-image-build-dev")).stream().noneMatch(sid -> sid.equals("PublishTestReports")));
    }

    @Test
    void pipelineRegistersRevisionsOfTheServicesFamilyOnly() {
        JsonNode register = statement(policyOfRole("role-web-pipeline-dev"), "RegisterTaskDefinitions");
        assertEquals("ecs:RegisterTaskDefinition", register.path("Action").asText());
        assertTrue(register.path("Resource").asText().endsWith(":task-definition/${" + synth.ref("aws_ecs_task_definition", "family")
                .substring(2).replace("}", "") + "}:*"), register.path("Resource").asText());
    }

    @Test
    void afterTheFirstDeploymentTheServiceIsScaledToItsDesiredCountOnce() {
        JsonNode scale = synth.only("aws_codepipeline").path("stage").get(4).path("action").get(1);
        assertEquals("Scale-Up", scale.path("name").asText());
        assertEquals(2, scale.path("run_order").asInt(), "only after CodeDeploy has succeeded");
        assertEquals("cb-web-scale-up-dev", scale.path("configuration").path("ProjectName").asText());
        Map<String, String> variables = new TreeMap<>();
        project("cb-web-scale-up-dev").path("environment").path("environment_variable")
                .forEach(v -> variables.put(v.path("name").asText(), v.path("value").asText()));
        assertEquals(Map.of("CLUSTER_NAME", synth.ref("aws_ecs_cluster", "name"), "SERVICE_NAME", synth.ref("aws_ecs_service", "name"),
                "DESIRED_COUNT", "2"), variables);
        JsonNode scaling = statement(policyOfRole("role-web-scale-up-dev"), "ScaleTheServiceOnce");
        assertEquals("[\"ecs:DescribeServices\",\"ecs:UpdateService\"]", scaling.path("Action").toString());
        assertTrue(scaling.path("Resource").asText().endsWith(":service/" + synth.ref("aws_ecs_cluster", "name") + "/"
                + synth.ref("aws_ecs_service", "name")), scaling.path("Resource").asText());
    }

    @Test
    void aPipelineOntoAnAdoptedServiceNeitherScalesItNorQualifiesTheSeedsBucketName() {
        SynthResult adopted = SynthResult.of(PipelineFixtures.adopted(new Source.GitHub(CONNECTION, "acme/payments", "main"),
                PipelineFixtures.stages()).stack());
        JsonNode deploy = adopted.only("aws_codepipeline").path("stage").get(4).path("action");
        assertEquals(1, deploy.size());
        assertTrue(adopted.resources("aws_codebuild_project").values().stream()
                .noneMatch(p -> p.path("name").asText().contains("scale")));
        assertEquals("pipeline-artifacts-dev", adopted.only("aws_s3_bucket").path("bucket").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing connection ARN | source.connectionArn is missing, got 'null'; create a GitHub connection (Developer Tools > Connections), authorize it and give its ARN",
        "not a connection ARN   | source.connectionArn is not a CodeStar connection ARN, got 'arn:aws:iam::123456789012:role/x'; use arn:aws:codestar-connections:<region>:<account>:connection/<id>",
        "missing repository     | source.repository must be 'owner/name', got 'null'; give the GitHub repository, e.g. 'acme/payments'",
        "stage name with space  | stage name must be 1-100 letters, digits or . @ _ - (CodePipeline allows no spaces), got 'Unit Tests'; write e.g. 'Unit-Tests' instead of 'Unit Tests'",
        "unknown compute type   | testComputeType is not a CodeBuild compute type, got 'HUGE'; use one of SMALL, MEDIUM, LARGE",
    })
    void failsWithAClearMessage(String badInput, String message) {
        Map<String, Runnable> cases = Map.of(
                "missing connection ARN", () -> new Source.GitHub(null, "acme/web", "main"),
                "not a connection ARN", () -> new Source.GitHub("arn:aws:iam::123456789012:role/x", "acme/web", "main"),
                "missing repository", () -> new Source.GitHub(CONNECTION, null, "main"),
                "stage name with space", () -> new Stage.ApprovalStage("Unit Tests", TOPIC),
                "unknown compute type", () -> ComputeType.parse("testComputeType", "HUGE"));
        assertEquals(message, assertThrows(SettingException.class, () -> cases.get(badInput).run()).getMessage());
    }

    @Test
    void failsWhenProductionIsNotGatedByAnApproval() {
        Function<PipelineFixtures.Parts, List<Stage>> stages = parts -> List.of(new Stage.SourceStage("Source"),
                new Stage.BuildStage("Build", List.of(parts.imageBuild())), new Stage.DeployStage("Deploy", parts.target()));
        SettingException error = assertThrows(SettingException.class,
                () -> PipelineFixtures.build(new Source.GitHub(CONNECTION, "acme/web", "main"), stages));
        assertEquals("stages deploy to production without a manual approval, got 'Source, Build, Deploy'; "
                + "add an approval stage before the deploy stage (A6)", error.getMessage());
    }

    @Test
    void failsWhenTheDeployIsNotLast() {
        Function<PipelineFixtures.Parts, List<Stage>> stages = parts -> List.of(new Stage.SourceStage("Source"),
                new Stage.DeployStage("Deploy", parts.target()), new Stage.BuildStage("Build", List.of(parts.imageBuild())),
                new Stage.ApprovalStage("Approve", TOPIC));
        SettingException error = assertThrows(SettingException.class,
                () -> PipelineFixtures.build(new Source.GitHub(CONNECTION, "acme/web", "main"), stages));
        assertEquals("stages must end with the deploy stage, got 'Source, Deploy, Build, Approve'; put the deploy stage last",
                error.getMessage());
    }

    private static List<String> dependsOn(JsonNode resource) {
        List<String> addresses = new ArrayList<>();
        resource.path("depends_on").forEach(d -> addresses.add(d.asText()));
        return addresses;
    }

    private static List<String> attachmentsOf(SynthResult result, String role) {
        return result.resources("aws_iam_role_policy_attachment").keySet().stream().filter(id -> id.contains(role + "_"))
                .map(id -> "aws_iam_role_policy_attachment." + id).toList();
    }

    private static List<String> statementIds(JsonNode policy) {
        List<String> sids = new ArrayList<>();
        policy.path("Statement").forEach(s -> sids.add(s.path("Sid").asText()));
        return sids;
    }

    /** The services of a statement's {@code kms:ViaService}, without their regional suffix. */
    static List<String> viaServices(JsonNode statement) {
        List<String> services = new ArrayList<>();
        statement.path("Condition").path("StringEquals").path("kms:ViaService")
                .forEach(s -> services.add(s.asText().substring(0, s.asText().indexOf('.'))));
        return services;
    }

    private static JsonNode project(String name) {
        return synth.resources("aws_codebuild_project").values().stream()
                .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode policyOfRole(String roleName) {
        return synth.resources("aws_iam_policy").values().stream().filter(p -> p.path("name").asText().equals(roleName))
                .map(p -> SynthResult.embedded(p.path("policy"))).findFirst().orElseThrow(() -> new AssertionError(roleName));
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
