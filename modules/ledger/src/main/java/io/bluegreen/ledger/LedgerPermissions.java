package io.bluegreen.ledger;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.notifications.NameFilter;
import java.util.List;

/** What the ledger's two roles may do, and nothing else (X5). */
final class LedgerPermissions {
    /**
     * CloudWatch Logs' log delivery calls accept no resource but {@code *}; Step Functions makes
     * them as the workflow's role when it sets up logging.
     */
    static final List<String> LOG_DELIVERY_ACTIONS = List.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

    /**
     * What Step Functions sends traces with, as the workflow's role; X-Ray authorizes these on no
     * resource but {@code *} (https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html).
     */
    static final List<String> TRACE_ACTIONS = List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
            "xray:GetSamplingRules", "xray:GetSamplingTargets");

    private LedgerPermissions() {
    }

    /**
     * The workflow writes items to its table only, uses the table's key only through DynamoDB,
     * reads deployments of the environment's own deployment groups, and sends its traces to X-Ray.
     */
    static List<Statement> workflow(AwsContext context, String tableArn, String keyArn, NameFilter names) {
        List<String> deploymentGroups = names.globs().stream()
                .map(application -> context.arn("codedeploy", "deploymentgroup:" + application + "/*"))
                .toList();
        return List.of(
                Statement.allow("WriteLedgerItems")
                        .actions("dynamodb:PutItem")
                        .resources(tableArn)
                        .build(),
                Statement.allow("UseTableKeyThroughDynamoDb")
                        .actions("kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey")
                        .resources(keyArn)
                        .condition("StringEquals", "kms:ViaService", "dynamodb." + context.region() + ".amazonaws.com")
                        .build(),
                Statement.allow("ReadDeploymentConfigs")
                        .actions("codedeploy:GetDeployment")
                        .resources(deploymentGroups)
                        .build(),
                Statement.allow("DeliverErrorLogs")
                        .actions(LOG_DELIVERY_ACTIONS.toArray(String[]::new))
                        .resources("*")
                        .build(),
                Statement.allow("SendTraces")
                        .actions(TRACE_ACTIONS.toArray(String[]::new))
                        .resources("*")
                        .build());
    }

    /** The rules start executions of the ledger's workflow only. */
    static List<Statement> delivery(String workflowArn) {
        return List.of(Statement.allow("StartLedgerWorkflow")
                .actions("states:StartExecution")
                .resources(workflowArn)
                .build());
    }
}
