package io.bluegreen.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.notifications.NameFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state changes the ledger records, as EventBridge delivers them: the event's source and
 * detail-type, the detail field that names whose event it is, and the tag its items carry in
 * {@code kind}.
 */
public enum LedgerEvent {
    PIPELINE_EXECUTION("aws.codepipeline", "CodePipeline Pipeline Execution State Change", "pipeline"),
    STAGE("aws.codepipeline", "CodePipeline Stage Execution State Change", "pipeline"),
    ACTION("aws.codepipeline", "CodePipeline Action Execution State Change", "pipeline"),
    DEPLOYMENT("aws.codedeploy", "CodeDeploy Deployment State-change Notification", "application");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final String detailType;
    private final String nameField;

    LedgerEvent(String source, String detailType, String nameField) {
        this.source = source;
        this.detailType = detailType;
        this.nameField = nameField;
    }

    public String source() {
        return source;
    }

    public String detailType() {
        return detailType;
    }

    /** The detail field holding the pipeline's or CodeDeploy application's name. */
    public String nameField() {
        return nameField;
    }

    /** What an item's {@code kind} says, e.g. {@code stage}. */
    public String kind() {
        return name().toLowerCase().replace("_", "-");
    }

    /**
     * The pattern of one rule that feeds the ledger: every state of the given kinds (all of one
     * source) whose pipeline or application is one of {@code names}.
     */
    public static String pattern(Set<LedgerEvent> kinds, NameFilter names) {
        List<LedgerEvent> sorted = kinds.stream().sorted().toList();
        if (sorted.isEmpty() || sorted.stream().map(LedgerEvent::source).distinct().count() != 1) {
            throw new IllegalArgumentException("a ledger rule listens to one or more kinds of one source, got " + kinds);
        }
        Map<String, Object> pattern = new LinkedHashMap<>();
        pattern.put("source", List.of(sorted.get(0).source));
        pattern.put("detail-type", sorted.stream().map(LedgerEvent::detailType).toList());
        pattern.put("detail", Map.of(sorted.get(0).nameField, names.pattern()));
        try {
            return JSON.writeValueAsString(pattern);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event pattern could not be rendered", e);
        }
    }
}
