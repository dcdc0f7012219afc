package io.bluegreen.core;

import java.util.regex.Pattern;

/**
 * The environment an app synthesizes for: the last part of every resource name and the name
 * of the Terraform workspace that holds its state (X1, P6).
 *
 * @param value lowercase letters, digits and single inner hyphens, e.g. {@code dev} or {@code pr-42}
 */
public record EnvironmentSuffix(String value) {
    /** The setting users know it by; error messages name it. */
    public static final String SETTING = "ENVIRONMENT_SUFFIX";

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PREVIEW = Pattern.compile("pr-[0-9]+");

    public EnvironmentSuffix {
        if (value == null || value.isEmpty()) {
            throw SettingException.invalid(SETTING, "is not set", "", "export ENVIRONMENT_SUFFIX=dev, or pr-<number> for a pull-request preview");
        }
        if (!FORMAT.matcher(value).matches()) {
            throw SettingException.invalid(SETTING, "must be lowercase letters, digits and single hyphens between them", value,
                    "use for example '" + suggestion(value) + "'");
        }
    }

    /** A pull-request preview environment ({@code pr-<n>}) gets the preview profile. */
    public boolean isPreview() {
        return PREVIEW.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }

    private static String suggestion(String value) {
        String cleaned = value.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return cleaned.isEmpty() ? "dev" : cleaned;
    }
}
