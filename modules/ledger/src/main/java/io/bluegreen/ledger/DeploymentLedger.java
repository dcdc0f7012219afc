package io.bluegreen.ledger;

import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRuleConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetDeadLetterConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetRetryPolicy;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_dynamodb_table.DataAwsDynamodbTable;
import com.hashicorp.cdktf.providers.aws.data_aws_dynamodb_table.DataAwsDynamodbTableConfig;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTable;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableAttribute;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableConfig;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableGlobalSecondaryIndex;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTablePointInTimeRecovery;
import com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableServerSideEncryption;
import com.hashicorp.cdktf.providers.aws.sfn_state_machine.SfnStateMachine;
import com.hashicorp.cdktf.providers.aws.sfn_state_machine.SfnStateMachineConfig;
import com.hashicorp.cdktf.providers.aws.sfn_state_machine.SfnStateMachineLoggingConfiguration;
import com.hashicorp.cdktf.providers.aws.sfn_state_machine.SfnStateMachineTracingConfiguration;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.EventQueue;
import io.bluegreen.core.LogGroups;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import io.bluegreen.notifications.NameFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * The deployment history of one environment (C5, D4): every CodePipeline execution, stage and
 * action state change and every CodeDeploy deployment state change of the environment's
 * pipelines and applications, one DynamoDB item each. Two EventBridge rules start an express
 * Step Functions workflow ({@link LedgerWorkflow}) that writes the item under a condition on its
 * key, so EventBridge's at-least-once delivery still yields exactly one item.
 *
 * <p>Nothing is lost quietly: an event EventBridge cannot hand to the workflow lands in an
 * encrypted dead-letter queue, a write that fails after its retries fails the execution (logged
 * with its input, for replay), and an alarm on each notifies the environment's topic.
 */
public final class DeploymentLedger extends Construct {
    /** The index that lists an environment's items newest first. */
    public static final String ENVIRONMENT_INDEX = "environment-timestamp";

    /**
     * The environment's ledger, found by name, for a blueprint stack that outputs or reads it
     * (C10, D9); the platform stack is deployed first.
     */
    public static LedgerRef lookup(Construct scope, String id, Naming naming) {
        DataAwsDynamodbTable table = new DataAwsDynamodbTable(scope, id, DataAwsDynamodbTableConfig.builder()
                .name(tableName(naming))
                .build());
        return new LedgerRef(table.getName(), table.getArn());
    }

    private static String tableName(Naming naming) {
        return naming.name(ResourceType.DYNAMODB_TABLE, "ledger");
    }
    /** EventBridge's own ceilings: a day of retrying, up to 185 attempts. */
    static final int MAX_EVENT_AGE_SECONDS = 86_400;
    static final int MAX_RETRY_ATTEMPTS = 185;

    public final EncryptionKey key;
    public final DynamodbTable table;
    public final CloudwatchLogGroup workflowLogGroup;
    public final ServiceRole workflowRole;
    public final SfnStateMachine workflow;
    public final ServiceRole deliveryRole;
    public final EventQueue deadLetters;
    public final List<CloudwatchEventRule> rules;
    public final List<CloudwatchMetricAlarm> alarms;

    public DeploymentLedger(Construct scope, String id, DeploymentLedgerProps props) {
        super(scope, id);
        Naming naming = props.naming();
        AwsContext context = AwsContext.of(this);
        String tableName = tableName(naming);
        String logGroupName = naming.logGroup("/aws/vendedlogs/states/ledger");
        String queueName = naming.name(ResourceType.SQS_QUEUE, "ledger-dead-letters");

        this.key = new EncryptionKey(this, "key", new EncryptionKeyProps(naming, "ledger",
                "Encrypts the deployment ledger " + tableName + ", its workflow's logs and its dead letters",
                List.of(LogGroups.keyGrant(logGroupName), EventQueue.keyGrant("EventBridgeSendsDeadLetters", queueName))));
        this.table = new DynamodbTable(this, "table", DynamodbTableConfig.builder()
                .name(tableName)
                .billingMode("PAY_PER_REQUEST")
                .hashKey("deploymentId")
                .rangeKey("timestamp")
                .attribute(List.of(stringAttribute("deploymentId"), stringAttribute("timestamp"), stringAttribute("environment")))
                .globalSecondaryIndex(List.of(DynamodbTableGlobalSecondaryIndex.builder()
                        .name(ENVIRONMENT_INDEX)
                        .hashKey("environment")
                        .rangeKey("timestamp")
                        .projectionType("ALL")
                        .build()))
                .pointInTimeRecovery(DynamodbTablePointInTimeRecovery.builder().enabled(true).build())
                .serverSideEncryption(DynamodbTableServerSideEncryption.builder().enabled(true).kmsKeyArn(key.arn()).build())
                .deletionProtectionEnabled(false)
                .build());

        this.workflowLogGroup = LogGroups.encrypted(this, "workflow-logs", logGroupName, key.arn());
        this.workflowRole = new ServiceRole(this, "workflow-role", new ServiceRoleProps(
                naming.name(ResourceType.IAM_ROLE, "ledger-workflow"), "states.amazonaws.com",
                "Writes state changes to " + tableName + " and reads deployment configurations",
                List.of(), LedgerPermissions.workflow(context, table.getArn(), key.arn(), props.names())));
        this.workflow = new SfnStateMachine(this, "workflow", SfnStateMachineConfig.builder()
                .name(naming.name(ResourceType.STATE_MACHINE, "ledger"))
                .type("EXPRESS")
                .roleArn(workflowRole.arn())
                .definition(new LedgerWorkflow(tableName, naming.suffix().value()).toJson())
                .loggingConfiguration(SfnStateMachineLoggingConfiguration.builder()
                        .logDestination(workflowLogGroup.getArn() + ":*")
                        .includeExecutionData(true)
                        .level("ERROR")
                        .build())
                // Each execution traced in X-Ray: an event that took long or failed is found by its path.
                .tracingConfiguration(SfnStateMachineTracingConfiguration.builder().enabled(true).build())
                .dependsOn(workflowRole.permissions())
                .build());
        this.deliveryRole = new ServiceRole(this, "delivery-role", new ServiceRoleProps(
                naming.name(ResourceType.IAM_ROLE, "ledger-delivery"), "events.amazonaws.com",
                "Lets the ledger's EventBridge rules start its workflow",
                List.of(), LedgerPermissions.delivery(workflow.getArn())));

        List<CloudwatchEventRule> created = new ArrayList<>();
        created.add(rule(naming, "pipelines", "Every CodePipeline execution, stage and action state change, to the ledger",
                Set.of(LedgerEvent.PIPELINE_EXECUTION, LedgerEvent.STAGE, LedgerEvent.ACTION), props.names()));
        created.add(rule(naming, "deployments", "Every CodeDeploy deployment state change, to the ledger",
                Set.of(LedgerEvent.DEPLOYMENT), props.names()));
        this.rules = List.copyOf(created);
        this.deadLetters = new EventQueue(this, "dead-letters", queueName, key.arn(), "LedgerRulesSendDeadLetters",
                rules.stream().map(CloudwatchEventRule::getArn).toList());
        for (CloudwatchEventRule rule : rules) {
            new CloudwatchEventTarget(this, rule.getNode().getId().replace("rule-", "target-"),
                    CloudwatchEventTargetConfig.builder()
                            .rule(rule.getName())
                            .targetId("ledger")
                            .arn(workflow.getArn())
                            .roleArn(deliveryRole.arn())
                            .retryPolicy(CloudwatchEventTargetRetryPolicy.builder()
                                    .maximumEventAgeInSeconds(MAX_EVENT_AGE_SECONDS)
                                    .maximumRetryAttempts(MAX_RETRY_ATTEMPTS)
                                    .build())
                            .deadLetterConfig(CloudwatchEventTargetDeadLetterConfig.builder().arn(deadLetters.queue.getArn()).build())
                            .dependsOn(deliveryRole.permissions())
                            .build());
        }
        this.alarms = List.of(
                alarm(naming, props, "dead-letters", "Ledger events EventBridge could not deliver wait in " + queueName,
                        "AWS/SQS", "ApproximateNumberOfMessagesVisible", Map.of("QueueName", queueName), "Maximum", 0,
                        "GreaterThanThreshold"),
                alarm(naming, props, "failed-writes", "Ledger workflow executions failed; their input is in " + logGroupName,
                        "AWS/States", "ExecutionsFailed", Map.of("StateMachineArn", workflow.getArn()), "Sum", 1,
                        "GreaterThanOrEqualToThreshold"));
    }

    public LedgerRef ref() {
        return new LedgerRef(table.getName(), table.getArn());
    }

    /** The rule {@code rule-ledger-<what>-<suffix>}, construct id {@code rule-<what>}. */
    private CloudwatchEventRule rule(Naming naming, String what, String description, Set<LedgerEvent> kinds, NameFilter names) {
        return new CloudwatchEventRule(this, "rule-" + what, CloudwatchEventRuleConfig.builder()
                .name(naming.name(ResourceType.EVENT_RULE, "ledger-" + what))
                .description(description)
                .eventPattern(LedgerEvent.pattern(kinds, names))
                .build());
    }

    /** The alarm {@code alarm-ledger-<what>-<suffix>}, construct id {@code alarm-<what>}. */
    private CloudwatchMetricAlarm alarm(Naming naming, DeploymentLedgerProps props, String what, String description,
                                        String namespace, String metric, Map<String, String> dimensions, String statistic,
                                        int threshold, String comparison) {
        return new CloudwatchMetricAlarm(this, "alarm-" + what, CloudwatchMetricAlarmConfig.builder()
                .alarmName(naming.name(ResourceType.ALARM, "ledger-" + what))
                .alarmDescription(description)
                .namespace(namespace)
                .metricName(metric)
                .dimensions(new TreeMap<>(dimensions))
                .statistic(statistic)
                .period(300)
                .evaluationPeriods(1)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .treatMissingData("notBreaching")
                .alarmActions(props.notifications().alarmActions())
                .okActions(props.notifications().alarmActions())
                .build());
    }

    private static DynamodbTableAttribute stringAttribute(String name) {
        return DynamodbTableAttribute.builder().name(name).type("S").build();
    }
}
