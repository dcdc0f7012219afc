package io.bluegreen.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.Source;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One service's entry as a blueprint reads it: its settings for this environment (the
 * environment's overrides on top) and what the environment decides for it, with the readers the
 * blueprints share. A blueprint declares the keys it takes as a record ({@link #bind}); every
 * message names the setting by its path ({@code services.<name>.<key>}).
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
    /** The keys a blueprint takes: its written record's, and {@code blueprint}. */
    public static Set<String> keysOf(Class<? extends Record> written) {
        Set<String> keys = new HashSet<>(ConfigBinder.keys(written));
        keys.add("blueprint");
        return Set.copyOf(keys);
    }

    /** The service's settings bound onto the blueprint's written record: every key's type checked, with its path. */
    public <T extends Record> T bind(Class<T> written) {
        ObjectNode keys = ((ObjectNode) settings).deepCopy();
        keys.remove("blueprint");
        return ConfigBinder.bind(keys, where, written);
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
        return settings.has(key) ? ComputeType.parse(where + "." + key, settings.get(key).asText()) : fallback;
    }

    /** {@code value} of the setting {@code key}, which the blueprint cannot do without. */
    public <T> T required(T value, String key) {
        return JsonSettings.required(value, where + "." + key);
    }

    /** The service's own reservedConcurrency ({@code own}), else {@code blueprintFigure} where the environment reserves. */
    public Optional<Integer> reservation(Integer own, int blueprintFigure) {
        return own != null || !reserveConcurrency ? Optional.ofNullable(own) : Optional.of(blueprintFigure);
    }

    public Optional<EcsDeploymentConfig> ecsDeploymentConfig(String written) {
        return Optional.ofNullable(written).map(config -> EcsDeploymentConfig.parse(where + ".deploymentConfig", config));
    }

    public Optional<LambdaDeploymentConfig> lambdaDeploymentConfig(String written) {
        return Optional.ofNullable(written).map(config -> LambdaDeploymentConfig.parse(where + ".deploymentConfig", config));
    }

    /** {@code written} with {@code {suffix}} replaced by the environment's. */
    public String named(String written) {
        return written.replace("{suffix}", suffix.value());
    }
}
