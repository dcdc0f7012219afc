package io.bluegreen.app.config;

import static io.bluegreen.app.config.JsonSettings.checkKeys;
import static io.bluegreen.app.config.JsonSettings.integer;
import static io.bluegreen.app.config.JsonSettings.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.ExistingEcsService;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code services} of {@code config/platform.json} as strictly as the rest of the file:
 * unknown keys, unknown blueprints and bad values stop synth naming the setting. Each service's
 * blueprint reads its own keys ({@link ServiceKind#read}); what they share is here. In the names of
 * an existing service, {@code {suffix}} stands for the environment suffix, so one entry serves
 * dev, staging and every preview. An environment may replace any setting but the blueprint
 * under {@code environments.<suffix>.services.<name>} (a production certificate, another branch).
 */
public final class ServiceConfigs {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    public static final List<String> EXISTING_KEYS = List.of("clusterName", "serviceName", "loadBalancerName",
            "blueTargetGroupName", "greenTargetGroupName", "productionPort", "testPort", "containerName", "containerPort");

    private ServiceConfigs() {
    }

    /**
     * The module records validate their own props and name them as the module knows them
     * ({@code source.connectionArn}); the user edits {@code services.<name>.source.connectionArn}.
     */
    private static ServiceConfig withPath(String name, JsonNode settings, EnvironmentSuffix suffix, boolean reserve,
                                          boolean requireHttps, ServiceKinds kinds) {
        try {
            return service(name, settings, suffix, reserve, requireHttps, kinds);
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
    public static List<ServiceConfig> parse(JsonNode services, JsonNode overrides, EnvironmentSuffix suffix, boolean requireHttps,
                                     boolean reserveConcurrency, ServiceKinds kinds) {
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
            parsed.add(withPath(entry.getKey(), settings, suffix, reserveConcurrency, requireHttps, kinds));
        }
        for (ServiceKind kind : kinds.all()) {
            kind.checkTogether(parsed.stream().filter(service -> service.kind() == kind).toList());
        }
        return List.copyOf(parsed);
    }

    /**
     * Checks {@code environments.<e>.services} of every environment, so a typo in one environment's
     * override fails every synth, not only that environment's.
     */
    public static void checkOverrides(JsonNode services, JsonNode overrides, String where, ServiceKinds kinds) {
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
            checkKeys(override.getValue(), path + ".", kinds.find(services.get(override.getKey()).path("blueprint").asText(""))
                    .map(ServiceKind::keys).orElseGet(kinds::allKeys));
        });
    }

    private static ServiceConfig service(String name, JsonNode s, EnvironmentSuffix suffix, boolean reserve, boolean requireHttps,
                                         ServiceKinds kinds) {
        String where = "services." + name;
        if (!NAME.matcher(name).matches() || kinds.reservedNames().contains(name)) {
            List<String> quoted = kinds.reservedNames().stream().map(reserved -> "'" + reserved + "'").toList();
            throw SettingException.invalid("services", "has a service name that cannot name a stack", name,
                    "use lowercase letters, digits and hyphens, not " + String.join(", ", quoted.subList(0, quoted.size() - 1))
                            + " or " + quoted.get(quoted.size() - 1));
        }
        if (!s.isObject()) {
            throw SettingException.invalid(where, "must be a JSON object", s, "wrap the settings in { }");
        }
        ServiceKind kind = kinds.of(s, where);
        kinds.check(s, where, kind);
        return kind.read(new ServiceInput(name, where, s, suffix, reserve, requireHttps));
    }

    public static String bucketName(String name, String setting) {
        if (!BUCKET.matcher(name).matches() || name.contains("..")) {
            throw SettingException.invalid(setting, "is not a valid S3 bucket name", name,
                    "use 3-63 lowercase letters, digits, dots and hyphens, e.g. 'acme-pipeline-artifacts-{suffix}'");
        }
        return name;
    }

    /** {@code alsoAllowed}: keys the caller reads itself beside the service's. */
    public static ExistingEcsService existing(JsonNode s, String where, EnvironmentSuffix suffix, Set<String> alsoAllowed) {
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

    public static String named(JsonNode s, String where, String key, EnvironmentSuffix suffix) {
        return text(s, where + "." + key, null).replace("{suffix}", suffix.value());
    }

}
