package io.bluegreen.core;

import java.util.Objects;
import java.util.regex.Pattern;
import software.constructs.Construct;

/**
 * The one place names are made: {@code {resource-type}-{purpose}-{suffix}} (X1). Every name
 * is checked against its AWS limit when it is made, i.e. during synth, and the error names
 * the resource, the limit and the longest suffix that would fit. S3 bucket names, global across
 * AWS, start with {@code bucketPrefix} as well.
 */
public record Naming(EnvironmentSuffix suffix, BucketPrefix bucketPrefix) {
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern LOG_PATH = Pattern.compile("(/[A-Za-z0-9_.#-]+)+");

    public Naming {
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(bucketPrefix, "bucketPrefix");
    }

    /** Bucket names start with the account id. */
    public Naming(EnvironmentSuffix suffix) {
        this(suffix, BucketPrefix.accountId());
    }

    public static Naming of(String suffix) {
        return new Naming(new EnvironmentSuffix(suffix));
    }

    /** {@code {type prefix}-{purpose}-{suffix}}, e.g. {@code alb-web-pr-42}. */
    public String name(ResourceType type, String purpose) {
        requirePurpose(purpose);
        return checked(type, type.prefix() + "-" + purpose + "-" + suffix.value());
    }

    /**
     * {@code {stem}-{suffix}} for names a blueprint fixes exactly (seed 001's
     * {@code payment-service-pipeline-{s}}), still checked against the limit.
     */
    public String exact(ResourceType type, String stem) {
        requirePurpose(stem);
        return checked(type, stem + "-" + suffix.value());
    }

    /** A log group path ending with the suffix, e.g. {@code /aws/vpc/flow-logs-dev}. */
    public String logGroup(String path) {
        if (path == null || !LOG_PATH.matcher(path).matches()) {
            throw SettingException.invalid("log group path", "must start with '/' and hold only letters, digits and _ . # - /", path,
                    "use a path such as '/aws/codebuild/unit-test'");
        }
        return checked(ResourceType.LOG_GROUP, path + "-" + suffix.value());
    }

    /**
     * {@code {bucketPrefix}-s3-{purpose}-{suffix}}, e.g. {@code 123456789012-s3-web-artifacts-dev}: an
     * S3 bucket name no other account holds first. The account id prefix is read in {@code scope}'s stack.
     */
    public String bucket(Construct scope, String purpose) {
        return bucketPrefix.resolve(scope) + "-" + bucketRest(purpose);
    }

    /**
     * As {@link #bucket(Construct, String)} for a bucket of the account {@code accountId} (e.g. a
     * pipeline's, named from a stack of another account); a fixed prefix stays as it is.
     */
    public String bucketOfAccount(String accountId, String purpose) {
        String rest = bucketRest(purpose);
        return (bucketPrefix instanceof BucketPrefix.Fixed fixed ? fixed.value() : accountId) + "-" + rest;
    }

    private String bucketRest(String purpose) {
        requirePurpose(purpose);
        String rest = ResourceType.S3_BUCKET.prefix() + "-" + purpose + "-" + suffix.value();
        int length = bucketPrefix.length() + 1 + rest.length();
        if (length > ResourceType.S3_BUCKET.maxLength()) {
            int room = ResourceType.S3_BUCKET.maxLength() - (length - suffix.value().length());
            throw new SettingException(EnvironmentSuffix.SETTING + " makes the s3 bucket name '" + bucketPrefix.shown() + "-" + rest
                    + "' " + length + " characters long, over the AWS limit of " + ResourceType.S3_BUCKET.maxLength() + ", got '"
                    + suffix.value() + "'; use a suffix of at most " + Math.max(room, 0) + " characters"
                    + (bucketPrefix instanceof BucketPrefix.Fixed ? " or a shorter " + BucketPrefix.SETTING : ""));
        }
        return rest;
    }

    /** {@code alias/kms-{purpose}-{suffix}}. */
    public String kmsAlias(String purpose) {
        return "alias/" + name(ResourceType.KMS_ALIAS, purpose);
    }

    private String checked(ResourceType type, String name) {
        if (name.length() > type.maxLength()) {
            int room = type.maxLength() - (name.length() - suffix.value().length());
            // With no room left for any suffix, the service's (or resource's) own name is what is too long.
            String fix = room >= 1 ? "use a suffix of at most " + room + " characters"
                    : "shorten the name before the suffix by " + (name.length() - type.maxLength()) + " characters (a shorter service name)";
            throw new SettingException(EnvironmentSuffix.SETTING + " makes the " + type.label() + " name '" + name + "' "
                    + name.length() + " characters long, over the AWS limit of " + type.maxLength() + ", got '" + suffix.value()
                    + "'; " + fix);
        }
        return name;
    }

    private static void requirePurpose(String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw SettingException.invalid("name purpose", "must be lowercase letters, digits and single hyphens", purpose,
                    "pass a purpose such as 'web' or 'artifacts'");
        }
    }
}
