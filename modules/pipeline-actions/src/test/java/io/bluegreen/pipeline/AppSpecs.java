package io.bluegreen.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * CodeDeploy's AppSpec structure for ECS and Lambda deployments, as the CodeDeploy user guide
 * documents it ("AppSpec file structure", its 'resources' and 'hooks' sections): what a file a
 * buildspec writes must be before CodeDeploy reads it. Each check returns what is wrong, empty
 * when nothing is.
 */
final class AppSpecs {
    private static final Set<String> LAMBDA_PROPERTIES = Set.of("Name", "Alias", "CurrentVersion", "TargetVersion");
    private static final Set<String> LAMBDA_HOOKS = Set.of("BeforeAllowTraffic", "AfterAllowTraffic");
    private static final Set<String> ECS_HOOKS = Set.of("BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic",
            "AfterAllowTraffic");

    private AppSpecs() {
    }

    /** An AppSpec of a Lambda deployment (JSON or YAML, parsed). */
    static List<String> lambdaProblems(JsonNode appSpec) {
        List<String> problems = new ArrayList<>(common(appSpec, Set.of("version", "Resources", "Hooks"), LAMBDA_HOOKS));
        for (JsonNode resource : appSpec.path("Resources")) {
            JsonNode function = single(resource, problems);
            if (function == null) {
                continue;
            }
            if (!function.path("Type").asText().equals("AWS::Lambda::Function")) {
                problems.add("a resource's Type is " + function.path("Type") + ", not AWS::Lambda::Function");
            }
            JsonNode properties = function.path("Properties");
            if (!names(properties).equals(LAMBDA_PROPERTIES)) {
                problems.add("Properties are " + names(properties) + ", not " + LAMBDA_PROPERTIES);
            }
            properties.fields().forEachRemaining(p -> {
                if (!p.getValue().isTextual() || p.getValue().asText().isEmpty()) {
                    problems.add("Properties." + p.getKey() + " is " + p.getValue() + ", not a non-empty string");
                }
            });
        }
        return problems;
    }

    /** An AppSpec of an ECS deployment (YAML, parsed). */
    static List<String> ecsProblems(JsonNode appSpec) {
        List<String> problems = new ArrayList<>(common(appSpec, Set.of("version", "Resources", "Hooks"), ECS_HOOKS));
        for (JsonNode resource : appSpec.path("Resources")) {
            JsonNode service = single(resource, problems);
            if (service == null) {
                continue;
            }
            if (!service.path("Type").asText().equals("AWS::ECS::Service")) {
                problems.add("a resource's Type is " + service.path("Type") + ", not AWS::ECS::Service");
            }
            JsonNode properties = service.path("Properties");
            if (!properties.path("TaskDefinition").isTextual()) {
                problems.add("Properties.TaskDefinition is " + properties.path("TaskDefinition") + ", not a string");
            }
            JsonNode loadBalancer = properties.path("LoadBalancerInfo");
            if (!loadBalancer.path("ContainerName").isTextual() || loadBalancer.path("ContainerName").asText().isEmpty()) {
                problems.add("LoadBalancerInfo.ContainerName is " + loadBalancer.path("ContainerName") + ", not a container's name");
            }
            if (!loadBalancer.path("ContainerPort").canConvertToInt() || !loadBalancer.path("ContainerPort").isNumber()) {
                problems.add("LoadBalancerInfo.ContainerPort is " + loadBalancer.path("ContainerPort") + ", not a port number");
            }
        }
        return problems;
    }

    /**
     * The version and the sections. The version is {@code 0.0}: the text "0.0", or the number as
     * written in the file; a number 0 (what jq 1.6 prints for {@code 0.0}) is not it.
     */
    private static List<String> common(JsonNode appSpec, Set<String> sections, Set<String> hooks) {
        List<String> problems = new ArrayList<>();
        JsonNode version = appSpec.path("version");
        if (!(version.isTextual() || version.isFloatingPointNumber()) || !version.asText().equals("0.0")) {
            problems.add("version is " + version + ", not 0.0");
        }
        for (String name : names(appSpec)) {
            if (!sections.contains(name)) {
                problems.add("unknown section " + name);
            }
        }
        if (!appSpec.path("Resources").isArray() || appSpec.path("Resources").size() != 1) {
            problems.add("Resources must list exactly one resource, got " + appSpec.path("Resources"));
        }
        for (JsonNode hook : appSpec.path("Hooks")) {
            names(hook).stream().filter(h -> !hooks.contains(h)).forEach(h -> problems.add("unknown hook " + h));
        }
        return problems;
    }

    private static JsonNode single(JsonNode resource, List<String> problems) {
        if (resource.size() != 1) {
            problems.add("a resource must be one named entry, got " + resource);
            return null;
        }
        return resource.elements().next();
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
