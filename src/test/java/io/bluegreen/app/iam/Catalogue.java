package io.bluegreen.app.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * Every call the principals of an environment make on AWS, as the services make them, each
 * with the page it comes from: the stacks' own roles (CodePipeline, CodeBuild, CodeDeploy,
 * EventBridge targets, the ledger, Lambda, ECS, flow logs), the services that act as
 * themselves under resource policies (EventBridge, CloudWatch, CloudWatch Logs, S3 and ELB log
 * delivery, Lambda pulling images), the roles of other accounts the stacks trust, and
 * Terraform on the state and in its provisioners.
 */
public final class Catalogue {
    private Catalogue() {
    }

    public static List<Call> of(Policies policies, BuildspecCalls buildspecs) {
        Pipelines pipelines = new Pipelines(policies);
        List<Call> calls = new ArrayList<>();
        calls.addAll(PipelineCalls.of(policies, pipelines));
        List<Call> builds = BuildCalls.of(policies, pipelines, buildspecs);
        calls.addAll(builds);
        calls.addAll(DeploymentCalls.of(policies));
        calls.addAll(EventCalls.of(policies));
        calls.addAll(RuntimeCalls.of(policies));
        calls.addAll(ToolingCalls.of(policies, pipelines.actionRoles(), builds));
        calls.addAll(StateCalls.of(policies, buildspecs));
        calls.addAll(RefreshCalls.of(policies));
        return List.copyOf(calls);
    }
}
