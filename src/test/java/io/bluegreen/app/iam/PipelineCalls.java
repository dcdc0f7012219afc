package io.bluegreen.app.iam;

import io.bluegreen.app.iam.Pipelines.Action;
import io.bluegreen.app.iam.Pipelines.Pipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * What CodePipeline does with its role (and an action's own role) while a pipeline runs: the
 * artifacts it writes and reads under their key, and what each action type asks of the service
 * it drives, as the CodePipeline action reference lists it.
 */
final class PipelineCalls {
    static final String SERVICE_ROLE = "https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#how-to-custom-role";
    static final String CONNECTION = "https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html#action-reference-CodestarConnectionSource-permissions";
    static final String CODECOMMIT = "https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeCommit.html#action-reference-CodeCommit-permissions";
    static final String CODECOMMIT_KMS = "https://docs.aws.amazon.com/codecommit/latest/userguide/encryption.html";
    static final String CODEBUILD = "https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodeBuild.html#action-reference-CodeBuild-service-role";
    static final String APPROVAL = "https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals-service-role-permissions.html";
    static final String SNS_KMS = "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#sns-what-permissions-for-sse";
    static final String ECS_BLUE_GREEN = "https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-ECSbluegreen.html#action-reference-ECSbluegreen-service-role";
    static final String CROSS_ACCOUNT = "https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html";
    static final String ARTIFACTS = "https://docs.aws.amazon.com/codepipeline/latest/userguide/S3-artifact-encryption.html";

    private PipelineCalls() {
    }

    static List<Call> of(Policies policies, Pipelines pipelines) {
        List<Call> calls = new ArrayList<>();
        for (Pipeline pipeline : pipelines.all()) {
            calls.add(Requests.assumedBy("codepipeline.amazonaws.com", pipeline.role(), pipeline.arn(), SERVICE_ROLE));
            calls.add(Call.of(pipeline.role(), "s3:GetBucketVersioning", "arn:aws:s3:::" + pipeline.bucket(), pipeline.block().account(), SERVICE_ROLE));
            for (Action action : pipeline.actions()) {
                calls.addAll(action(policies, pipelines, action));
            }
        }
        return List.copyOf(calls);
    }

    private static List<Call> action(Policies policies, Pipelines pipelines, Action action) {
        TerraformModel model = policies.model();
        Pipeline pipeline = action.pipeline();
        String account = pipeline.block().account();
        String region = model.region();
        String role = action.role();
        List<Call> calls = new ArrayList<>();
        action.roleArn().ifPresent(actionRole -> calls.add(Call.of(pipeline.role(), "sts:AssumeRole", actionRole, actionRole.split(":")[4], CROSS_ACCOUNT)));
        switch (action.provider()) {
            case "CodeStarSourceConnection" -> {
                String connection = action.configuration().get("ConnectionArn");
                calls.add(Call.of(role, "codestar-connections:UseConnection", connection, connection.split(":")[4], CONNECTION)
                        .with("codestar-connections:FullRepositoryId", action.configuration().get("FullRepositoryId"))
                        .with("codestar-connections:BranchName", action.configuration().get("BranchName")));
            }
            case "CodeCommit" -> {
                String name = action.configuration().get("RepositoryName");
                String repository = "arn:aws:codecommit:" + region + ":" + account + ":" + name;
                for (String api : List.of("codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive", "codecommit:GetUploadArchiveStatus")) {
                    calls.add(Call.of(role, api, repository, account, CODECOMMIT));
                }
                model.find("aws_codecommit_repository", r -> model.argument(r, "repository_name").equals(name))
                        .filter(r -> r.body().has("kms_key_id"))
                        .ifPresent(r -> calls.add(Requests.viaService(role, "kms:Decrypt", model.argument(r, "kms_key_id"), "codecommit", region, CODECOMMIT_KMS)
                                .with("kms:EncryptionContext:aws:codecommit:id", model.generatedId(r, 8) + "-repository-id")));
            }
            case "CodeBuild" -> {
                String project = "arn:aws:codebuild:" + region + ":" + account + ":project/" + action.configuration().get("ProjectName");
                calls.add(Call.of(role, "codebuild:StartBuild", project, account, CODEBUILD));
                calls.add(Call.of(role, "codebuild:BatchGetBuilds", project, account, CODEBUILD));
            }
            case "Manual" -> {
                String topic = action.configuration().get("NotificationArn");
                if (topic != null) {
                    calls.add(Call.of(role, "sns:Publish", topic, topic.split(":")[4], APPROVAL));
                    calls.addAll(EventCalls.publishToEncryptedTopic(policies, role, topic, SNS_KMS));
                }
            }
            case "CodeDeployToECS" -> calls.addAll(DeploymentCalls.ecsDeployAction(policies, pipelines, action));
            default -> throw new IllegalStateException(pipeline.name() + " has an action of the provider " + action.provider()
                    + ", whose calls the IAM catalogue does not know: add them to PipelineCalls from the CodePipeline action reference");
        }
        // CodePipeline itself moves the artifacts of the actions it carries out; CodeBuild moves its own.
        if (!action.provider().equals("CodeBuild")) {
            for (String input : action.inputs()) {
                calls.addAll(artifact(policies, role, pipeline, input, false));
            }
            for (String output : action.outputs()) {
                calls.addAll(artifact(policies, role, pipeline, output, true));
            }
        }
        return calls;
    }

    /** Reading or writing one artifact of a run: the object, and S3's request to KMS for its key. */
    static List<Call> artifact(Policies policies, String principal, Pipeline pipeline, String artifact, boolean write) {
        TerraformModel model = policies.model();
        String object = pipeline.object(artifact);
        String bucketAccount = pipeline.block().account();
        List<Call> calls = new ArrayList<>();
        calls.add(Call.of(principal, write ? "s3:PutObject" : "s3:GetObject", object, bucketAccount, ARTIFACTS));
        boolean bucketKey = Storage.defaultEncryption(policies, pipeline.bucket()).bucketKey();
        calls.addAll(Requests.s3Kms(principal, write, pipeline.keyOf(artifact), object, bucketKey, model.region()));
        return calls;
    }
}
