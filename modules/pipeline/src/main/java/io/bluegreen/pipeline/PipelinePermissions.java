package io.bluegreen.pipeline;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SecureBucket;
import io.bluegreen.ecs.BlueGreenServiceRef;
import java.util.ArrayList;
import java.util.List;

/** What the pipeline's own role may do: its artifacts, builds, source, approvals and the deployment. */
final class PipelinePermissions {
    private PipelinePermissions() {
    }

    static List<Statement> statements(DeliveryPipelineProps props, List<BuildAction> actions, SecureBucket artifacts,
                                      EncryptionKey key, AwsContext context) {
        BlueGreenServiceRef service = props.service();
        List<Statement> statements = new ArrayList<>(artifactAccess(artifacts, key, "s3:GetBucketVersioning", "s3:GetBucketLocation"));
        statements.add(Statement.allow("RunBuilds").actions("codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild")
                .resources(actions.stream().map(a -> context.arn("codebuild", "project/" + a.projectName())).toList())
                .build());
        if (props.source() instanceof Source.GitHub github) {
            statements.add(Statement.allow("UseGitHubConnection")
                    .actions("codestar-connections:UseConnection", "codeconnections:UseConnection")
                    .resources(github.connectionArn()).build());
        } else if (props.source() instanceof Source.CodeCommit codeCommit) {
            statements.add(Statement.allow("ReadRepository")
                    .actions("codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive",
                            "codecommit:GetUploadArchiveStatus", "codecommit:CancelUploadArchive")
                    .resources(context.arn("codecommit", codeCommit.repositoryName())).build());
        }
        statements.add(Statement.allow("AnnounceApprovals").actions("sns:Publish")
                .resources(props.notifications().topicArn()).build());
        statements.add(Statement.allow("EncryptAnnouncements").actions("kms:Decrypt", "kms:GenerateDataKey")
                .resources(props.notifications().kmsKeyArn()).build());
        statements.addAll(service.deployment().grantDeploy(context));
        statements.add(Statement.allow("RegisterTaskDefinitions").actions("ecs:RegisterTaskDefinition")
                // Revisions of this service's family only.
                .resources(context.arn("ecs", "task-definition/" + service.taskFamily() + ":*")).build());
        statements.add(Statement.allow("ReadTaskDefinitions").actions("ecs:DescribeTaskDefinition")
                // DescribeTaskDefinition supports no resource-level permissions.
                .resources("*").build());
        statements.add(Statement.allow("PassTaskRoles").actions("iam:PassRole")
                .resources(service.taskRoleArns())
                .condition("StringEquals", "iam:PassedToService", "ecs-tasks.amazonaws.com")
                .build());
        return statements;
    }

    /** Reading and writing the pipeline's artifacts under its key; {@code locate} are the bucket-level reads the caller makes. */
    static List<Statement> artifactAccess(SecureBucket artifacts, EncryptionKey key, String... locate) {
        String bucketArn = artifacts.bucket.getArn();
        return List.of(
                Statement.allow("ReadWriteArtifacts").actions("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject")
                        .resources(bucketArn + "/*").build(),
                Statement.allow("LocateArtifactBucket").actions(locate).resources(bucketArn).build(),
                Statement.allow("UsePipelineKey").actions("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")
                        .resources(key.arn()).build());
    }
}
