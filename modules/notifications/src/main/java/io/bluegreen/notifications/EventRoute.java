package io.bluegreen.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An EventBridge rule's pattern plus the input transformer that turns the matching event into
 * a sentence a person reads in a mail (B7), e.g.
 * {@code Pipeline payment-service-pipeline-dev FAILED (execution 1a2b...)}.
 *
 * @param purpose       the rule is named {@code rule-<purpose>-<suffix>}
 * @param description   shown on the rule
 * @param eventPattern  the pattern, as JSON
 * @param inputPaths    JSONPath per placeholder in {@code inputTemplate}
 * @param inputTemplate the message, a JSON string literal with {@code <placeholders>}
 */
public record EventRoute(String purpose, String description, String eventPattern, Map<String, String> inputPaths,
                         String inputTemplate) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EventRoute {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(eventPattern, "eventPattern");
        inputPaths = Map.copyOf(inputPaths);
        Objects.requireNonNull(inputTemplate, "inputTemplate");
    }

    /** The same route under another rule name, for a second topic that routes the same kind of events. */
    public EventRoute withPurpose(String newPurpose) {
        return new EventRoute(newPurpose, description, eventPattern, inputPaths, inputTemplate);
    }

    /** Pipeline executions reaching one of {@code states} (A8, B7). */
    public static EventRoute pipelineExecutions(NameFilter pipelines, Set<PipelineState> states) {
        return new EventRoute("pipeline-executions", "CodePipeline executions " + names(states),
                pattern("aws.codepipeline", "CodePipeline Pipeline Execution State Change",
                        detail("pipeline", pipelines, names(states))),
                Map.of("pipeline", "$.detail.pipeline", "state", "$.detail.state", "execution", "$.detail.execution-id"),
                "\"Pipeline <pipeline> <state> (execution <execution>)\"");
    }

    /** Stages of pipelines reaching one of {@code states}. */
    public static EventRoute pipelineStages(NameFilter pipelines, Set<PipelineState> states) {
        return new EventRoute("pipeline-stages", "CodePipeline stages " + names(states),
                pattern("aws.codepipeline", "CodePipeline Stage Execution State Change",
                        detail("pipeline", pipelines, names(states))),
                Map.of("pipeline", "$.detail.pipeline", "stage", "$.detail.stage", "state", "$.detail.state",
                        "execution", "$.detail.execution-id"),
                "\"Pipeline <pipeline> stage <stage> <state> (execution <execution>)\"");
    }

    /** Manual approval actions waiting for a decision: the mail asks someone to review. */
    public static EventRoute manualApprovals(NameFilter pipelines) {
        Map<String, Object> detail = detail("pipeline", pipelines, List.of(PipelineState.STARTED.name()));
        detail.put("type", Map.of("category", List.of("Approval")));
        return new EventRoute("pipeline-approvals", "CodePipeline manual approvals waiting",
                pattern("aws.codepipeline", "CodePipeline Action Execution State Change", detail),
                Map.of("pipeline", "$.detail.pipeline", "stage", "$.detail.stage", "action", "$.detail.action",
                        "execution", "$.detail.execution-id"),
                "\"Pipeline <pipeline> waits for approval <action> in stage <stage> (execution <execution>)\"");
    }

    /** CodeDeploy deployments reaching one of {@code states}. */
    public static EventRoute deployments(NameFilter applications, Set<DeploymentState> states) {
        return new EventRoute("deployments", "CodeDeploy deployments " + names(states),
                pattern("aws.codedeploy", "CodeDeploy Deployment State-change Notification",
                        detail("application", applications, names(states))),
                Map.of("application", "$.detail.application", "group", "$.detail.deploymentGroup",
                        "deployment", "$.detail.deploymentId", "state", "$.detail.state"),
                "\"Deployment <deployment> of <application>/<group> <state>\"");
    }

    /** The {@code detail} part every route has: whose events ({@code nameField}) and which states. */
    private static Map<String, Object> detail(String nameField, NameFilter names, List<String> states) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put(nameField, names.pattern());
        detail.put("state", states);
        return detail;
    }

    private static List<String> names(Set<? extends Enum<?>> states) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("an event route needs at least one state");
        }
        Set<String> sorted = new TreeSet<>();
        states.forEach(s -> sorted.add(s.name()));
        return List.copyOf(sorted);
    }

    private static String pattern(String source, String detailType, Map<String, Object> detail) {
        Map<String, Object> pattern = new LinkedHashMap<>();
        pattern.put("source", List.of(source));
        pattern.put("detail-type", List.of(detailType));
        pattern.put("detail", detail);
        try {
            return JSON.writeValueAsString(pattern);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event pattern could not be rendered", e);
        }
    }
}
