package io.bluegreen.app.config;

import static io.bluegreen.app.config.JsonSettings.checkKeys;
import static java.util.Objects.requireNonNullElse;
import static io.bluegreen.app.config.JsonSettings.requireObject;
import static io.bluegreen.app.config.JsonSettings.requiredText;
import static io.bluegreen.app.config.JsonSettings.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.core.BucketPrefix;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.lambda.BlueGreenFunctionProps;
import io.bluegreen.notifications.EmailAddress;
import io.bluegreen.vpc.VpcProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code config/platform.json} strictly: unknown keys, unknown profiles and environments,
 * wrong types and missing required settings all stop synth with a message naming the setting,
 * the value and the fix. A {@code pr-<n>} suffix not listed under {@code environments} gets the
 * {@code previewProfile}.
 */
public final class PlatformConfig {
    public static final String FILE = "config/platform.json";
    /** The region of an environment that names none (the scripts read the same file's setting). */
    public static final String DEFAULT_REGION = "us-east-1";

    /** Settings that may appear under {@code settings}, in a profile and in an environment: what {@link Settings} binds. */
    public static final Set<String> SETTINGS = ConfigBinder.keys(Settings.class);

    /** Keys of an environment beside the settings: its profile and its service overrides. */
    private static final String PROFILE = "profile";
    private static final String SERVICES = "services";

    // "$schema" names the file's JSON Schema (config/platform.schema.json) for editors.
    public static final Set<String> TOP_LEVEL = Set.of("$schema", "projectName", BucketPrefix.SETTING, "settings", "previewProfile", "profiles",
            "environments", "services", DriftCheckSettings.SETTING);
    private static final Pattern PROJECT_NAME = Pattern.compile("[a-z][a-z0-9-]{1,29}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-[0-9]");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern COST_CENTER = Pattern.compile("[A-Za-z0-9 _.:/=+@-]{1,256}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlatformConfig() {
    }

    /** Environment {@code suffix} of {@code file}, with {@code overlay} merged over the file first and services of {@code kinds}. */
    public static EnvironmentConfig load(Path file, Optional<Path> overlay, EnvironmentSuffix suffix, ServiceKinds kinds) {
        JsonNode root = read(file);
        if (overlay.isPresent()) {
            JsonNode over = read(overlay.get());
            requireObject(over, overlay.get().toString());
            root = merged(root, over);
        }
        return resolve(root, suffix, kinds);
    }

    /** The environments the file names (under {@code environments}), in file order: those Atlantis plans. */
    public static List<String> namedEnvironments(Path file) {
        List<String> names = new java.util.ArrayList<>();
        read(file).path("environments").fieldNames().forEachRemaining(names::add);
        return List.copyOf(names);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new SettingException(file + " is not valid JSON: " + e.getOriginalMessage() + "; fix the syntax");
        } catch (IOException e) {
            throw new SettingException(file + " cannot be read, got '" + e.getMessage() + "'; run from the project root");
        }
    }

    /**
     * {@code over} on top of {@code base}: objects merge key by key, {@code null} leaves the key out (a service a
     * preview goes without, a setting back to its default), any other value replaces.
     */
    public static JsonNode merged(JsonNode base, JsonNode over) {
        if (!base.isObject() || !over.isObject()) {
            return over.deepCopy();
        }
        ObjectNode result = ((ObjectNode) base).deepCopy();
        over.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), result.has(field.getKey()) ? merged(result.get(field.getKey()), field.getValue())
                        : field.getValue().deepCopy());
            }
        });
        return result;
    }

    /** Environment {@code suffix}, after checking that it fits the Lambda concurrency of its account beside the others. */
    public static EnvironmentConfig resolve(JsonNode root, EnvironmentSuffix suffix, ServiceKinds kinds) {
        EnvironmentConfig config = resolveOne(root, suffix, kinds);
        if (config.reservedLambdaConcurrency() == 0) {
            // Reserving nothing, it cannot be what overdraws its account.
            return config;
        }
        List<EnvironmentConfig> sharing = new ArrayList<>();
        root.path("environments").fieldNames().forEachRemaining(name -> {
            EnvironmentConfig other = name.equals(suffix.value()) ? config : resolveOne(root, new EnvironmentSuffix(name), kinds);
            if (other.awsAccountId().equals(config.awsAccountId())) {
                sharing.add(other);
            }
        });
        if (!root.path("environments").has(suffix.value())) {
            sharing.add(config);
        }
        checkConcurrencyBudget(config, sharing);
        return config;
    }

    /**
     * Reservations of every environment in one account, plus the executions AWS keeps
     * unreserved, must fit the account's quota: otherwise the first deploy in a fresh account
     * (quota often 10) or the environment that tips it over fails at PutFunctionConcurrency.
     */
    private static void checkConcurrencyBudget(EnvironmentConfig config, List<EnvironmentConfig> sharing) {
        int reserved = sharing.stream().mapToInt(EnvironmentConfig::reservedLambdaConcurrency).sum();
        if (reserved > 0 && reserved + BlueGreenFunctionProps.UNRESERVED_MINIMUM > config.lambdaConcurrencyQuota()) {
            String account = config.awsAccountId().map(id -> "account " + id).orElse("their account");
            throw SettingException.invalid("lambdaConcurrencyQuota", "is too small for the Lambda executions that "
                            + String.join(", ", sharing.stream().filter(e -> e.reservedLambdaConcurrency() > 0)
                                    .map(e -> e.suffix().value() + " (" + e.reservedLambdaConcurrency() + ")").toList())
                            + " reserve in " + account + ": " + reserved + " reserved + " + BlueGreenFunctionProps.UNRESERVED_MINIMUM
                            + " AWS keeps unreserved = " + (reserved + BlueGreenFunctionProps.UNRESERVED_MINIMUM),
                    config.lambdaConcurrencyQuota(), "ask for a higher 'Concurrent executions' quota of Lambda in Service Quotas and set "
                            + "lambdaConcurrencyQuota to it, set reservedConcurrency to false in a profile, lower "
                            + "services.<name>.reservedConcurrency, or give environments in other accounts their awsAccountId");
        }
    }

    private static EnvironmentConfig resolveOne(JsonNode root, EnvironmentSuffix suffix, ServiceKinds kinds) {
        requireObject(root, "the config file");
        checkKeys(root, "", TOP_LEVEL);
        String projectName = requiredText(root, "projectName");
        if (!PROJECT_NAME.matcher(projectName).matches()) {
            throw SettingException.invalid("projectName", "must be 2-30 lowercase letters, digits or hyphens, starting with a letter",
                    projectName, "use a name such as 'payments'");
        }
        JsonNode profiles = root.path("profiles");
        JsonNode environments = root.path("environments");
        profiles.fields().forEachRemaining(p -> checkSettings(p.getValue(), "profiles." + p.getKey(), false));
        environments.fields().forEachRemaining(e -> {
            checkSettings(e.getValue(), "environments." + e.getKey(), true);
            ServiceConfigs.checkOverrides(root.path(SERVICES), e.getValue().path(SERVICES), "environments." + e.getKey() + "." + SERVICES,
                    kinds);
        });

        String profile;
        ObjectNode overrides;
        if (environments.has(suffix.value())) {
            JsonNode environment = environments.get(suffix.value());
            profile = requiredText(environment, "environments." + suffix.value() + "." + PROFILE);
            overrides = ((ObjectNode) environment).deepCopy();
            overrides.remove(List.of(PROFILE, SERVICES));
        } else if (suffix.isPreview()) {
            profile = requiredText(root, "previewProfile");
            overrides = JSON.createObjectNode();
        } else {
            throw SettingException.invalid(EnvironmentSuffix.SETTING, "is not an environment in " + FILE, suffix.value(),
                    "use one of " + names(environments) + ", pr-<number> for a preview, or add it under \"environments\"");
        }
        if (!profiles.has(profile)) {
            throw SettingException.invalid(suffix.isPreview() && !environments.has(suffix.value()) ? "previewProfile"
                    : "environments." + suffix.value() + ".profile", "names an unknown profile", profile,
                    "use one of " + names(profiles) + " or add it under \"profiles\"");
        }
        checkSettings(root.path("settings"), "settings", false);
        ObjectNode merged = root.path("settings").isObject() ? ((ObjectNode) root.get("settings")).deepCopy() : JSON.createObjectNode();
        merged.setAll((ObjectNode) profiles.get(profile));
        merged.setAll(overrides);
        // One prefix for every environment and the bootstrap they share, so it is not a layered setting.
        BucketPrefix bucketPrefix = root.has(BucketPrefix.SETTING)
                ? BucketPrefix.fixed(text(root, BucketPrefix.SETTING)) : BucketPrefix.accountId();
        JsonNode serviceOverrides = environments.path(suffix.value()).path(SERVICES);
        // Read for previews too, so a mistake in it fails every synth, not only the named environments'.
        Optional<DriftCheckSettings> driftCheck = DriftCheckSettings.parse(root.path(DriftCheckSettings.SETTING));
        EnvironmentConfig config = environment(merged, suffix, profile, projectName, bucketPrefix, root.path(SERVICES), serviceOverrides,
                kinds, driftCheck);
        config.services().forEach(service -> service.requireOf(config));
        return config;
    }

    private static EnvironmentConfig environment(ObjectNode merged, EnvironmentSuffix suffix, String profile, String projectName,
                                                 BucketPrefix bucketPrefix, JsonNode services, JsonNode serviceOverrides,
                                                 ServiceKinds kinds, Optional<DriftCheckSettings> driftCheck) {
        // Bound bare: a layer's own key and type are its, once merged they are the environment's (azCount, not settings.azCount).
        Settings s = ConfigBinder.bind(merged, "", Settings.class);
        String region = requireNonNullElse(s.region(), DEFAULT_REGION);
        if (!REGION.matcher(region).matches()) {
            throw SettingException.invalid("region", "is not an AWS region name", region, "use a region such as 'us-east-1'");
        }
        Optional<String> costCenter = Optional.ofNullable(s.costCenter());
        costCenter.ifPresent(c -> {
            if (!COST_CENTER.matcher(c).matches()) {
                throw SettingException.invalid("costCenter", "is not a valid tag value", c, "use letters, digits, spaces and _ . : / = + - @");
            }
        });
        if (s.notificationEmails() == null || s.notificationEmails().isEmpty()) {
            throw SettingException.invalid("notificationEmails", "is required and must list at least one address",
                    merged.path("notificationEmails").isMissingNode() ? "" : merged.get("notificationEmails"),
                    "add \"notificationEmails\": [\"team@example.com\"] under \"settings\" in " + FILE);
        }
        List<EmailAddress> emails = s.notificationEmails().stream().map(address -> EmailAddress.parse("notificationEmails", address))
                .toList();
        Optional<String> accountId = Optional.ofNullable(s.awsAccountId());
        accountId.filter(id -> !ACCOUNT_ID.matcher(id).matches()).ifPresent(id -> {
            throw SettingException.invalid("awsAccountId", "must be a 12-digit AWS account id", id,
                    "use the id of the account this environment is deployed to, e.g. '123456789012'");
        });
        int quota = requireNonNullElse(s.lambdaConcurrencyQuota(), BlueGreenFunctionProps.DEFAULT_ACCOUNT_CONCURRENCY_LIMIT);
        if (quota < BlueGreenFunctionProps.UNRESERVED_MINIMUM) {
            throw SettingException.invalid("lambdaConcurrencyQuota", "is below the " + BlueGreenFunctionProps.UNRESERVED_MINIMUM
                    + " executions AWS keeps unreserved", quota, "use the account's 'Concurrent executions' quota from Service Quotas");
        }
        boolean requireHttps = requireNonNullElse(s.requireHttps(), false);
        // Previews reserve nothing unless their settings say so: every open pull request would take its share.
        boolean reserve = requireNonNullElse(s.reservedConcurrency(), !suffix.isPreview());
        return new EnvironmentConfig(suffix, profile, projectName, region, costCenter, emails,
                requireNonNullElse(s.azCount(), VpcProps.DEFAULT_AZ_COUNT), requireNonNullElse(s.natGateways(), VpcProps.DEFAULT_NAT_GATEWAYS),
                requireNonNullElse(s.vpcCidr(), VpcProps.DEFAULT_CIDR), NetworkSettings.endpoints(s.vpcEndpoints()),
                NetworkSettings.existingVpc(s.existingVpc()), requireHttps,
                requireNonNullElse(s.loadBalancerWebAcl(), BlueGreenServiceProps.DEFAULT_LOAD_BALANCER_WEB_ACL),
                requireNonNullElse(s.loadBalancerAccessLogs(), BlueGreenServiceProps.DEFAULT_LOAD_BALANCER_ACCESS_LOGS), bucketPrefix,
                NetworkSettings.isolatedNetwork(s.isolatedNetwork(), new io.bluegreen.core.Naming(suffix, bucketPrefix)), accountId, quota,
                Optional.ofNullable(s.buildkitImage()), ServiceConfigs.parse(services, serviceOverrides, suffix, requireHttps, reserve, kinds),
                suffix.isPreview() ? Optional.empty() : driftCheck);
    }

    private static void checkSettings(JsonNode layer, String where, boolean allowProfile) {
        if (layer.isMissingNode()) {
            return;
        }
        requireObject(layer, where);
        Set<String> allowed = new TreeSet<>(SETTINGS);
        if (allowProfile) {
            allowed.add(PROFILE);
            allowed.add(SERVICES);
        }
        checkKeys(layer, where + ".", allowed);
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }
}
