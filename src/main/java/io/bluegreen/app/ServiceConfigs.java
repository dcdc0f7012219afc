package io.bluegreen.app;

import static io.bluegreen.app.JsonSettings.checkKeys;
import static io.bluegreen.app.JsonSettings.integer;
import static io.bluegreen.app.JsonSettings.text;
import static io.bluegreen.app.JsonSettings.textList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.AcmCertificateArn;
import io.bluegreen.ecs.ContainerSecret;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.lambda.LambdaRuntime;
import io.bluegreen.ecs.ExistingEcsService;
import io.bluegreen.ecs.HealthCheck;
import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code services} of {@code config/platform.json} as strictly as the rest of the file:
 * unknown keys, unknown blueprints and bad values stop synth naming the setting. In the names of
 * an existing service, {@code {suffix}} stands for the environment suffix, so one entry serves
 * dev, staging and every preview. An environment may replace any setting but the blueprint
 * under {@code environments.<suffix>.services.<name>} (a production certificate, another branch).
 */
final class ServiceConfigs {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Set<String> RESERVED = Set.of(BootstrapStack.NAME, PlatformStack.NAME, IsolatedNetworkStack.NAME);
    static final List<String> EXISTING_KEYS = List.of("clusterName", "serviceName", "loadBalancerName",
            "blueTargetGroupName", "greenTargetGroupName", "productionPort", "testPort", "containerName", "containerPort");

    private ServiceConfigs() {
    }

    /**
     * The module records validate their own props and name them as the module knows them
     * ({@code source.connectionArn}); the user edits {@code services.<name>.source.connectionArn}.
     */
    private static ServiceConfig withPath(String name, JsonNode settings, EnvironmentSuffix suffix, boolean reserve) {
        try {
            return service(name, settings, suffix, reserve);
        } catch (SettingException e) {
            String message = e.getMessage();
            if (message.startsWith("services") || message.startsWith("environments.")) {
                throw e;
            }
            throw new SettingException("services." + name + "." + message);
        }
    }

    /**
     * The services for environment {@code suffix}, each with the environment's overrides on top.
     * With {@code requireHttps}, a service whose load balancer the platform creates needs a certificate;
     * with {@code reserveConcurrency}, a function without its own reservedConcurrency reserves its blueprint's figure.
     */
    static List<ServiceConfig> parse(JsonNode services, JsonNode overrides, EnvironmentSuffix suffix, boolean requireHttps,
                                     boolean reserveConcurrency) {
        if (services.isMissingNode()) {
            return List.of();
        }
        if (!services.isObject()) {
            throw SettingException.invalid("services", "must be a JSON object", services, "map each service name to its settings");
        }
        List<ServiceConfig> parsed = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = services.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode settings = entry.getValue();
            if (overrides.has(entry.getKey()) && settings.isObject()) {
                ObjectNode merged = ((ObjectNode) settings).deepCopy();
                merged.setAll((ObjectNode) overrides.get(entry.getKey()));
                settings = merged;
            }
            ServiceConfig service = withPath(entry.getKey(), settings, suffix, reserveConcurrency);
            if (requireHttps && service instanceof ServiceConfig.EcsFargate fargate && fargate.certificate().isEmpty()) {
                throw SettingException.invalid("services." + service.name() + ".certificateArn",
                        "is required in environment " + suffix.value() + ", whose settings set requireHttps", "",
                        "request an ACM certificate for the service's domain and set environments." + suffix.value() + ".services."
                                + service.name() + ".certificateArn, or set requireHttps to false for " + suffix.value());
            }
            parsed.add(service);
        }
        long adopted = parsed.stream().filter(ServiceConfig.ExistingEcs.class::isInstance).count();
        if (adopted > 1) {
            throw SettingException.invalid("services", "use the EXISTING_ECS blueprint more than once", adopted + " services",
                    "seed 001 fixes names such as codebuild-role-<suffix> that two services would share; keep one");
        }
        return List.copyOf(parsed);
    }

    /**
     * Checks {@code environments.<e>.services} of every environment, so a typo in one environment's
     * override fails every synth, not only that environment's.
     */
    static void checkOverrides(JsonNode services, JsonNode overrides, String where) {
        if (overrides.isMissingNode()) {
            return;
        }
        JsonSettings.requireObject(overrides, where);
        overrides.fields().forEachRemaining(override -> {
            String path = where + "." + override.getKey();
            if (!services.has(override.getKey())) {
                List<String> names = new ArrayList<>();
                services.fieldNames().forEachRemaining(names::add);
                throw SettingException.invalid(where, "names a service that services does not define", override.getKey(),
                        "use one of " + names);
            }
            JsonSettings.requireObject(override.getValue(), path);
            if (override.getValue().has("blueprint")) {
                throw SettingException.invalid(path + ".blueprint", "cannot change per environment", override.getValue().get("blueprint"),
                        "set the blueprint once under services." + override.getKey());
            }
            Blueprint blueprint = BlueprintKeys.blueprintOrNull(services.get(override.getKey()));
            checkKeys(override.getValue(), path + ".", blueprint != null ? BlueprintKeys.of(blueprint) : BlueprintKeys.all());
        });
    }

    /** The service's own reservedConcurrency, else the blueprint's figure where the environment reserves. */
    private static Optional<Integer> reservation(JsonNode s, String where, boolean reserve, int blueprintFigure) {
        Optional<Integer> own = optionalInteger(s, where, "reservedConcurrency");
        return own.isPresent() || !reserve ? own : Optional.of(blueprintFigure);
    }

    private static ServiceConfig service(String name, JsonNode s, EnvironmentSuffix suffix, boolean reserve) {
        String where = "services." + name;
        if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
            throw SettingException.invalid("services", "has a service name that cannot name a stack", name,
                    "use lowercase letters, digits and hyphens, not 'bootstrap', 'platform' or 'isolated-network'");
        }
        if (!s.isObject()) {
            throw SettingException.invalid(where, "must be a JSON object", s, "wrap the settings in { }");
        }
        Blueprint blueprint = choice(s, where, "blueprint", Blueprint.class, null);
        BlueprintKeys.check(s, where, blueprint);
        if (blueprint == Blueprint.ISOLATED_ECS) {
            return IsolatedEcsSettings.parse(name, s, where, suffix);
        }
        Source source = SourceSettings.parse(s.path("source"), where + ".source");
        ServiceConfig.Builds builds = new ServiceConfig.Builds(
                computeType(s, where, "testComputeType", ServiceConfig.Builds.DEFAULT.tests()),
                computeType(s, where, "imageBuildComputeType", ServiceConfig.Builds.DEFAULT.image()));
        if (blueprint == Blueprint.LAMBDA_CONTAINER) {
            return new ServiceConfig.LambdaContainer(name, source, builds, JsonSettings.requiredText(s, where + ".initialImage"),
                    JsonSettings.requiredText(s, where + ".toolingAccountId"),
                    optionalInteger(s, where, "memoryMiB"), optionalInteger(s, where, "timeoutSeconds"),
                    reservation(s, where, reserve, LambdaContainerBlueprint.RESERVED_CONCURRENCY), textMap(s, where, "environment"),
                    s.has("tracing") ? Optional.of(JsonSettings.bool(s, where + ".tracing", false)) : Optional.empty(),
                    lambdaDeploymentConfig(s, where));
        }
        if (blueprint == Blueprint.SERVERLESS) {
            return new ServiceConfig.Serverless(name, source, builds, text(s, where + ".handler", "handler.handler"),
                    s.has("runtime") ? LambdaRuntime.parse(where + ".runtime", text(s, where + ".runtime", null))
                            : LambdaRuntime.NODEJS_22_X,
                    optionalInteger(s, where, "memoryMiB"), optionalInteger(s, where, "timeoutSeconds"),
                    reservation(s, where, reserve, ServerlessBlueprint.RESERVED_CONCURRENCY), textMap(s, where, "environment"),
                    s.has("tracing") ? Optional.of(JsonSettings.bool(s, where + ".tracing", false)) : Optional.empty(),
                    lambdaDeploymentConfig(s, where));
        }
        Optional<EcsDeploymentConfig> deployment = s.has("deploymentConfig")
                ? Optional.of(EcsDeploymentConfig.parse(where + ".deploymentConfig", text(s, where + ".deploymentConfig", null)))
                : Optional.empty();
        Optional<Integer> terminationWait = optionalInteger(s, where, "terminationWaitMinutes");
        if (blueprint == Blueprint.EXISTING_ECS) {
            if (!s.has("existing")) {
                throw SettingException.invalid(where + ".existing", "is required by the EXISTING_ECS blueprint", "",
                        "name the cluster, service, load balancer, target groups, ports and container to adopt");
            }
            Optional<String> artifactBucketName = s.has("artifactBucketName")
                    ? Optional.of(bucketName(named(s, where, "artifactBucketName", suffix), where + ".artifactBucketName"))
                    : Optional.empty();
            return new ServiceConfig.ExistingEcs(name, source, builds, existing(s.get("existing"), where + ".existing", suffix),
                    deployment, terminationWait, artifactBucketName);
        }
        List<ContainerSecret> secrets = new ArrayList<>();
        textMap(s, where, "secrets").forEach((variable, arn) -> secrets.add(new ContainerSecret(variable, arn)));
        ContainerSpec defaults = ContainerSpec.DEFAULT;
        ContainerSpec container = new ContainerSpec(text(s, where + ".containerName", defaults.name()),
                integer(s, where + ".containerPort", defaults.port()), integer(s, where + ".cpu", defaults.cpu()),
                integer(s, where + ".memoryMiB", defaults.memoryMiB()), textMap(s, where, "environment"), secrets);
        HealthCheck health = HealthCheck.defaults();
        health = new HealthCheck(text(s, where + ".healthCheckPath", health.path()),
                integer(s, where + ".healthCheckIntervalSec", health.intervalSec()),
                integer(s, where + ".healthCheckTimeoutSec", health.timeoutSec()),
                integer(s, where + ".healthCheckHealthyThreshold", health.healthyThreshold()),
                integer(s, where + ".healthCheckUnhealthyThreshold", health.unhealthyThreshold()),
                text(s, where + ".healthCheckMatcher", health.matcher()));
        Optional<AcmCertificateArn> certificate = s.has("certificateArn")
                ? Optional.of(new AcmCertificateArn(text(s, where + ".certificateArn", null))) : Optional.empty();
        return new ServiceConfig.EcsFargate(name, source, builds, container, health, optionalInteger(s, where, "desiredCount"),
                certificate, optionalInteger(s, where, "productionPort"), optionalInteger(s, where, "testPort"),
                s.has("allowedCidrs") ? Optional.of(textList(s, where + ".allowedCidrs")) : Optional.empty(),
                s.has("testListenerCidrs") ? Optional.of(textList(s, where + ".testListenerCidrs")) : Optional.empty(),
                deployment, terminationWait);
    }

    private static Optional<LambdaDeploymentConfig> lambdaDeploymentConfig(JsonNode s, String where) {
        return s.has("deploymentConfig")
                ? Optional.of(LambdaDeploymentConfig.parse(where + ".deploymentConfig", text(s, where + ".deploymentConfig", null)))
                : Optional.empty();
    }

    static Optional<Integer> optionalInteger(JsonNode s, String where, String key) {
        return s.has(key) ? Optional.of(integer(s, where + "." + key)) : Optional.empty();
    }

    private static ComputeType computeType(JsonNode s, String where, String key, ComputeType fallback) {
        return s.has(key) ? ComputeType.parse(where + "." + key, text(s, where + "." + key, null)) : fallback;
    }

    private static String bucketName(String name, String setting) {
        if (!BUCKET.matcher(name).matches() || name.contains("..")) {
            throw SettingException.invalid(setting, "is not a valid S3 bucket name", name,
                    "use 3-63 lowercase letters, digits, dots and hyphens, e.g. 'acme-pipeline-artifacts-{suffix}'");
        }
        return name;
    }

    private static ExistingEcsService existing(JsonNode s, String where, EnvironmentSuffix suffix) {
        return existing(s, where, suffix, Set.of());
    }

    /** {@code alsoAllowed}: keys the caller reads itself beside the service's. */
    static ExistingEcsService existing(JsonNode s, String where, EnvironmentSuffix suffix, Set<String> alsoAllowed) {
        if (!s.isObject()) {
            throw SettingException.invalid(where, "must be a JSON object", s, "wrap the settings in { }");
        }
        Set<String> allowed = new java.util.HashSet<>(EXISTING_KEYS);
        allowed.addAll(alsoAllowed);
        checkKeys(s, where + ".", allowed);
        for (String key : EXISTING_KEYS) {
            if (!s.has(key)) {
                throw SettingException.invalid(where + "." + key, "is required", "", "name the existing resource");
            }
        }
        return new ExistingEcsService(named(s, where, "clusterName", suffix), named(s, where, "serviceName", suffix),
                named(s, where, "loadBalancerName", suffix), named(s, where, "blueTargetGroupName", suffix),
                named(s, where, "greenTargetGroupName", suffix), integer(s, where + ".productionPort", 0),
                integer(s, where + ".testPort", 0), text(s, where + ".containerName", null), integer(s, where + ".containerPort", 0));
    }

    static String named(JsonNode s, String where, String key, EnvironmentSuffix suffix) {
        return text(s, where + "." + key, null).replace("{suffix}", suffix.value());
    }

    private static Map<String, String> textMap(JsonNode node, String where, String key) {
        if (!node.has(key)) {
            return Map.of();
        }
        JsonNode value = node.get(key);
        if (!value.isObject()) {
            throw SettingException.invalid(where + "." + key, "must be a JSON object", value, "map names to values");
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static <E extends Enum<E>> E choice(JsonNode node, String where, String key, Class<E> type, E fallback) {
        if (!node.has(key)) {
            if (fallback != null) {
                return fallback;
            }
            throw SettingException.invalid(where + "." + key, "is required", "",
                    "use one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
        }
        String value = text(node, where + "." + key, null);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw SettingException.invalid(where + "." + key, "is not a known " + key, value,
                "use one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }
}
