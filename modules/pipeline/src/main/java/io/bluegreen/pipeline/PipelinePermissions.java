package io.bluegreen.pipeline;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SecureBucket;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pipeline's own role may do: its artifacts and the builds it created, then what each
 * stage's actions bring along (source, approval, deploy), in stage order.
 */
final class PipelinePermissions {
    private PipelinePermissions() {
    }

    static List<Statement> statements(DeliveryPipelineProps props, List<BuildAction> actions, SecureBucket artifacts,
                                      AwsContext context) {
        List<Statement> statements = new ArrayList<>(artifactAccess(artifacts, "s3:GetBucketVersioning", "s3:GetBucketLocation"));
        statements.add(Statement.allow("RunBuilds").actions("codebuild:StartBuild", "codebuild:BatchGetBuilds", "codebuild:StopBuild")
                .resources(actions.stream().map(a -> context.arn("codebuild", "project/" + a.projectName())).toList())
                .build());
        for (Stage stage : props.stages()) {
            // Build stages run the projects RunBuilds names.
            if (stage instanceof Stage.SourceStage) {
                statements.addAll(props.source().pipelineStatements(context));
            } else if (stage instanceof Stage.ApprovalStage approval) {
                statements.addAll(approval.pipelineStatements());
            } else if (stage instanceof Stage.DeployStage deploy) {
                addOnce(statements, deploy.target().pipelineStatements(context), deploy.name());
            }
        }
        return List.copyOf(statements);
    }

    /**
     * Two deploy stages (staging, production) bring statements of the same ids: one that grants
     * the same is left out, one that grants other resources gets the stage's name in its id.
     */
    private static void addOnce(List<Statement> statements, List<Statement> added, String stageName) {
        for (Statement statement : added) {
            if (statements.contains(statement)) {
                continue;
            }
            boolean taken = statements.stream().anyMatch(existing -> existing.sid().equals(statement.sid()));
            statements.add(taken ? statement.withSid(statement.sid() + stageName.replaceAll("[^A-Za-z0-9]", "")) : statement);
        }
    }

    /**
     * Reading and writing the pipeline's artifacts; {@code locate} are the bucket-level reads the
     * caller makes. The key they are under admits the role itself: the pipeline's key names it
     * ({@link DeliveryPipeline}), the AWS managed {@code aws/s3} key admits the account's principals through S3.
     */
    static List<Statement> artifactAccess(SecureBucket artifacts, String... locate) {
        String bucketArn = artifacts.bucket.getArn();
        return List.of(
                Statement.allow("ReadWriteArtifacts").actions("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject")
                        .resources(bucketArn + "/*").build(),
                Statement.allow("LocateArtifactBucket").actions(locate).resources(bucketArn).build());
    }
}
