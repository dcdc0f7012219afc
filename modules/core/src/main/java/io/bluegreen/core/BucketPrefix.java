package io.bluegreen.core;

import java.util.List;
import java.util.regex.Pattern;
import software.constructs.Construct;

/**
 * What starts every S3 bucket name this project makes, so that the name, global across all of
 * AWS, is one no other account holds first (SPEC decision). By default the account id, read at
 * plan time; a fixed prefix (the setting {@value #SETTING}) where names must be known before the
 * account is, e.g. to pre-approve them in an SCP.
 */
public sealed interface BucketPrefix permits BucketPrefix.AccountId, BucketPrefix.Fixed {
    String SETTING = "bucketNamePrefix";

    /** The prefix as it goes into the name: a literal, or the account id as a plan-time reference. */
    String resolve(Construct scope);

    /** Its length in the finished name, so limits are checked at synth time. */
    int length();

    /** How messages show it. */
    String shown();

    static BucketPrefix accountId() {
        return new AccountId();
    }

    static BucketPrefix fixed(String value) {
        return new Fixed(value);
    }

    /** The 12-digit id of the account the stack deploys to. */
    record AccountId() implements BucketPrefix {
        @Override
        public String resolve(Construct scope) {
            return AwsContext.of(scope).accountId();
        }

        @Override
        public int length() {
            return 12;
        }

        @Override
        public String shown() {
            return "<account-id>";
        }
    }

    /**
     * A prefix the organisation owns, e.g. {@code acme-platform}: lowercase letters, digits and
     * inner hyphens, at most 30 characters, none of the prefixes S3 reserves.
     */
    record Fixed(String value) implements BucketPrefix {
        private static final Pattern FORMAT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,28}[a-z0-9])?");
        private static final List<String> RESERVED = List.of("xn--", "sthree-", "amzn-s3-demo-");

        public Fixed {
            if (value == null || !FORMAT.matcher(value).matches() || value.contains("--")) {
                throw SettingException.invalid(SETTING, "must be 1-30 lowercase letters, digits and single inner hyphens", value,
                        "use an organisation prefix such as 'acme-platform', or leave it out to use the account id");
            }
            RESERVED.stream().filter(value::startsWith).findFirst().ifPresent(reserved -> {
                throw SettingException.invalid(SETTING, "starts with '" + reserved + "', which S3 reserves", value,
                        "choose another prefix");
            });
        }

        @Override
        public String resolve(Construct scope) {
            return value;
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public String shown() {
            return value;
        }
    }
}
