package io.bluegreen.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.TerraformStack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack synthesized with validations on ({@code Testing.synth(stack, true)}) and parsed, with
 * the look-ups tests need. Shared with every module's tests through the core test-jar.
 */
public final class SynthResult {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode root;

    private SynthResult(JsonNode root) {
        this.root = root;
    }

    public static SynthResult of(TerraformStack stack) {
        return parse(Testing.synth(stack, true));
    }

    public static SynthResult parse(String json) {
        try {
            return new SynthResult(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("synthesized stack is not JSON", e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** Resources of one type by logical id, in synthesized order. */
    public Map<String, JsonNode> resources(String type) {
        return block("resource", type);
    }

    public Map<String, JsonNode> dataSources(String type) {
        return block("data", type);
    }

    /** The single resource of a type; fails when there are none or several. */
    public JsonNode only(String type) {
        Map<String, JsonNode> found = resources(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + " but found " + found.keySet());
        }
        return found.values().iterator().next();
    }

    /** The interpolation that references the single resource of a type, e.g. {@code ${aws_kms_key.x.arn}}. */
    public String ref(String type, String attribute) {
        Map<String, JsonNode> found = resources(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type + " but found " + found.keySet());
        }
        return "${" + type + "." + found.keySet().iterator().next() + "." + attribute + "}";
    }

    /** The interpolation that references the resource of a type whose logical id contains {@code idPart}. */
    public String ref(String type, String idPart, String attribute) {
        List<String> ids = resources(type).keySet().stream().filter(id -> id.contains(idPart)).toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + type + " with '" + idPart + "' in its id but found " + ids);
        }
        return "${" + type + "." + ids.get(0) + "." + attribute + "}";
    }

    /** Every resource as (type, logical id, body). */
    public List<Resource> allResources() {
        List<Resource> all = new ArrayList<>();
        root.path("resource").fields().forEachRemaining(byType ->
                byType.getValue().fields().forEachRemaining(r -> all.add(new Resource(byType.getKey(), r.getKey(), r.getValue()))));
        return Collections.unmodifiableList(all);
    }

    public Map<String, JsonNode> outputs() {
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        root.path("output").fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(outputs);
    }

    /** Parses a JSON document embedded as a string, e.g. an IAM policy or an event pattern. */
    public static JsonNode embedded(JsonNode stringNode) {
        try {
            return JSON.readTree(stringNode.asText());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not an embedded JSON document: " + stringNode, e);
        }
    }

    private Map<String, JsonNode> block(String kind, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path(kind).path(type).fields().forEachRemaining(e -> found.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(found);
    }

    public record Resource(String type, String id, JsonNode body) {
        public String address() {
            return type + "." + id;
        }
    }
}
