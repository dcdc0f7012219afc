package io.bluegreen.app.config;


import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.Source;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service's entry as a blueprint reads it: its settings for this environment (the
 * environment's overrides on top) and what the environment decides for it, with the readers the
 * blueprints share. Every message names the setting by its path ({@code services.<name>.<key>}).
 *
 * @param name               the service, which names its stack
 * @param where              {@code services.<name>}
 * @param settings           its object
 * @param suffix             the environment; stands for {@code {suffix}} in names of existing resources
 * @param reserveConcurrency whether a function without its own reservedConcurrency reserves its blueprint's figure
 * @param requireHttps       whether a load balancer the platform creates needs a certificate
 */
public record ServiceInput(String name, String where, JsonNode settings, EnvironmentSuffix suffix, boolean reserveConcurrency,
                           boolean requireHttps) {
    /** {@code a} and {@code b}: blueprints' key sets built on a shared one. */
    public static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    public boolean has(String key) {
        return settings.has(key);
    }

    public Source source() {
        return SourceSettings.parse(settings.path("source"), where + ".source");
    }

    /** Build sizes: the settings, else {@link ServiceConfig.Builds#DEFAULT}. */
    public ServiceConfig.Builds builds() {
        return new ServiceConfig.Builds(computeType("testComputeType", ServiceConfig.Builds.DEFAULT.tests()),
                computeType("imageBuildComputeType", ServiceConfig.Builds.DEFAULT.image()));
    }

    private ComputeType computeType(String key, ComputeType fallback) {
        return has(key) ? ComputeType.parse(where + "." + key, text(key, null)) : fallback;
    }

    public String text(String key, String fallback) {
        return JsonSettings.text(settings, where + "." + key, fallback);
    }

    public String requiredText(String key) {
        return JsonSettings.requiredText(settings, where + "." + key);
    }

    public int integer(String key, int fallback) {
        return JsonSettings.integer(settings, where + "." + key, fallback);
    }

    public Optional<Integer> optionalInteger(String key) {
        return ServiceConfigs.optionalInteger(settings, where, key);
    }

    public Optional<Boolean> optionalBool(String key) {
        return has(key) ? Optional.of(JsonSettings.bool(settings, where + "." + key, false)) : Optional.empty();
    }

    /** The service's own reservedConcurrency, else {@code blueprintFigure} where the environment reserves. */
    public Optional<Integer> reservation(int blueprintFigure) {
        Optional<Integer> own = optionalInteger("reservedConcurrency");
        return own.isPresent() || !reserveConcurrency ? own : Optional.of(blueprintFigure);
    }

    public java.util.List<String> textList(String key) {
        return JsonSettings.textList(settings, where + "." + key);
    }

    public Map<String, String> textMap(String key) {
        if (!has(key)) {
            return Map.of();
        }
        JsonNode value = settings.get(key);
        if (!value.isObject()) {
            throw SettingException.invalid(where + "." + key, "must be a JSON object", value, "map names to values");
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    public Optional<EcsDeploymentConfig> ecsDeploymentConfig() {
        return has("deploymentConfig")
                ? Optional.of(EcsDeploymentConfig.parse(where + ".deploymentConfig", text("deploymentConfig", null)))
                : Optional.empty();
    }

    public Optional<LambdaDeploymentConfig> lambdaDeploymentConfig() {
        return has("deploymentConfig")
                ? Optional.of(LambdaDeploymentConfig.parse(where + ".deploymentConfig", text("deploymentConfig", null)))
                : Optional.empty();
    }

    /** {@code key}'s name with {@code {suffix}} replaced by the environment's. */
    public String named(String key) {
        return ServiceConfigs.named(settings, where, key, suffix);
    }
}
