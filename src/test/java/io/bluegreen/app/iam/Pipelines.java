package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The environment's pipelines as CodePipeline runs them: each action with its artifacts, and
 * where each artifact lies and under which key, so that the calls of whoever writes or reads it
 * name the object and the key the service really uses.
 */
final class Pipelines {
    /** An action of a pipeline, with its configuration's references resolved. */
    record Action(Pipeline pipeline, String name, String provider, Map<String, String> configuration, List<String> inputs,
                  List<String> outputs, Optional<String> roleArn) {
        /** The role that carries out the action: its own, or the pipeline's. */
        String role() {
            return roleArn.orElse(pipeline.role());
        }
    }

    /** A pipeline, its artifact store and the key each artifact is written under. */
    record Pipeline(Block block, String name, String arn, String role, String bucket, List<Action> actions, Map<String, String> keys) {
        /**
         * Where CodePipeline keeps an artifact of a run: the pipeline's name (20 characters), the
         * artifact's (10), a random name (CodePipeline user guide, "Input and output artifacts").
         */
        String object(String artifact) {
            return "arn:aws:s3:::" + bucket + "/" + name.substring(0, Math.min(20, name.length())) + "/"
                    + artifact.substring(0, Math.min(10, artifact.length())) + "/Xa1b2c3";
        }

        String keyOf(String artifact) {
            return keys.get(artifact);
        }
    }

    private final List<Pipeline> pipelines = new ArrayList<>();

    Pipelines(Policies policies) {
        TerraformModel model = policies.model();
        for (Block block : model.resources("aws_codepipeline")) {
            JsonNode store = block.body().path("artifact_store").get(0);
            String name = model.argument(block, "name");
            String bucket = model.resolve(block.stack(), store.path("location").asText());
            // Without a key of its own, CodePipeline writes under the account's AWS managed key for S3.
            String storeKey = store.path("encryption_key").has("id")
                    ? model.resolve(block.stack(), store.path("encryption_key").path("id").asText())
                    : Storage.awsManagedS3Key(policies, block.account(), model.region());
            Map<String, String> keys = new LinkedHashMap<>();
            List<Action> actions = new ArrayList<>();
            Pipeline pipeline = new Pipeline(block, name, model.attribute(block, List.of("arn")), model.argument(block, "role_arn"), bucket,
                    actions, keys);
            for (JsonNode stage : block.body().path("stage")) {
                for (JsonNode action : stage.path("action")) {
                    Map<String, String> configuration = new LinkedHashMap<>();
                    action.path("configuration").fields().forEachRemaining(e -> configuration.put(e.getKey(), model.resolve(block.stack(), e.getValue().asText())));
                    Action parsed = new Action(pipeline, action.path("name").asText(), action.path("provider").asText(), Map.copyOf(configuration),
                            strings(action.path("input_artifacts")), strings(action.path("output_artifacts")),
                            action.has("role_arn") ? Optional.of(model.resolve(block.stack(), action.path("role_arn").asText())) : Optional.empty());
                    actions.add(parsed);
                    for (String output : parsed.outputs()) {
                        keys.put(output, parsed.provider().equals("CodeBuild") ? projectKey(policies, parsed) : storeKey);
                    }
                }
            }
            pipelines.add(pipeline);
        }
    }

    List<Pipeline> all() {
        return List.copyOf(pipelines);
    }

    /** The roles actions assume instead of the pipeline's (E8: the production account's deploy role). */
    Set<String> actionRoles() {
        return pipelines.stream().flatMap(p -> p.actions().stream()).flatMap(a -> a.roleArn().stream()).collect(Collectors.toSet());
    }

    /** The CodeBuild actions that run the project {@code projectName}. */
    List<Action> runs(String projectName) {
        return pipelines.stream().flatMap(p -> p.actions().stream())
                .filter(a -> a.provider().equals("CodeBuild") && a.configuration().get("ProjectName").equals(projectName))
                .toList();
    }

    /** CodeBuild encrypts what it writes with the project's key (its {@code encryption_key}), else with {@code aws/s3}. */
    private static String projectKey(Policies policies, Action action) {
        TerraformModel model = policies.model();
        String projectName = action.configuration().get("ProjectName");
        return model.find("aws_codebuild_project", p -> model.argument(p, "name").equals(projectName))
                .map(p -> p.body().has("encryption_key") ? model.argument(p, "encryption_key")
                        : Storage.awsManagedS3Key(policies, p.account(), model.region()))
                .orElseThrow(() -> new IllegalStateException(action.pipeline().name() + " runs " + projectName + ", which no stack creates"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }
}
