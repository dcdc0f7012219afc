package io.bluegreen.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRule;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_rule.CloudwatchEventRuleConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTarget;
import com.hashicorp.cdktf.providers.aws.cloudwatch_event_target.CloudwatchEventTargetConfig;
import com.hashicorp.cdktf.providers.aws.codepipeline.Codepipeline;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import java.util.List;
import software.constructs.Construct;

/**
 * What starts a pipeline on a push to a CodeCommit branch (A7, E2): an EventBridge rule on the
 * repository's own events for the branch and a role that may start this pipeline only, as
 * children of the pipeline construct. The target waits for the role's attachment.
 */
final class CodeCommitTrigger {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceRole role;
    private final CloudwatchEventRule rule;

    CodeCommitTrigger(Construct scope, DeliveryPipelineProps props, Source.CodeCommit codeCommit, Codepipeline pipeline) {
        AwsContext context = AwsContext.of(scope);
        this.role = new ServiceRole(scope, "trigger-role", new ServiceRoleProps(props.triggerRoleName(),
                "events.amazonaws.com", "Lets EventBridge start the " + props.pipelineName() + " pipeline on a push",
                List.of(), List.of(Statement.allow("StartPipeline")
                        .actions("codepipeline:StartPipelineExecution")
                        .resources(context.arn("codepipeline", props.pipelineName()))
                        .build())));
        this.rule = new CloudwatchEventRule(scope, "trigger", CloudwatchEventRuleConfig.builder()
                .name(props.naming().name(ResourceType.EVENT_RULE, props.purpose() + "-push"))
                .description("Starts " + props.pipelineName() + " on a push to " + codeCommit.branch())
                .eventPattern(branchUpdates(codeCommit, context))
                .build());
        new CloudwatchEventTarget(scope, "trigger-target", CloudwatchEventTargetConfig.builder()
                .rule(rule.getName())
                .targetId("pipeline")
                .arn(pipeline.getArn())
                .roleArn(role.arn())
                .dependsOn(role.permissions())
                .build());
    }

    ServiceRole role() {
        return role;
    }

    CloudwatchEventRule rule() {
        return rule;
    }

    /** CodeCommit's own events for the branch being created or moved, in this repository only. */
    static String branchUpdates(Source.CodeCommit codeCommit, AwsContext context) {
        ObjectNode pattern = JSON.createObjectNode();
        pattern.putArray("source").add("aws.codecommit");
        pattern.putArray("detail-type").add("CodeCommit Repository State Change");
        pattern.putArray("resources").add(context.arn("codecommit", codeCommit.repositoryName()));
        ObjectNode detail = pattern.putObject("detail");
        detail.putArray("event").add("referenceCreated").add("referenceUpdated");
        detail.putArray("referenceType").add("branch");
        detail.putArray("referenceName").add(codeCommit.branch());
        return pattern.toString();
    }
}
