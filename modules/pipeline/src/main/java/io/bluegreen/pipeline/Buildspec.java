package io.bluegreen.pipeline;

import io.bluegreen.core.SettingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A file in {@code buildspecs/} (P9), shipped on this module's classpath. The tests' files are
 * here; each build kind of a delivery target names its own (e.g. {@code io.bluegreen.actions}).
 *
 * @param fileName     the file's name in {@code buildspecs/}
 * @param privileged   runs Docker: the project's build container is privileged; no other gets that
 * @param reportsTests publishes a JUnit report: the project gets a report group of its own
 */
public record Buildspec(String fileName, boolean privileged, boolean reportsTests) {
    // Before the constants: their construction reads it.
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.yml");
    public static final Buildspec UNIT_TEST = new Buildspec("unit-test.yml", false, true);
    public static final Buildspec INTEGRATION_TEST = new Buildspec("integration-test.yml", false, true);

    /** Replaced by the ARN of the project's report group in the {@code reports} section. */
    public static final String REPORT_GROUP_PLACEHOLDER = "@REPORT_GROUP@";

    public Buildspec {
        if (fileName == null || !FILE_NAME.matcher(fileName).matches()) {
            throw SettingException.invalid("buildspec", "is not a file name of buildspecs/", fileName, "name a .yml file, e.g. 'unit-test.yml'");
        }
    }

    /** The file's name: what error messages show. */
    @Override
    public String toString() {
        return fileName;
    }

    /** The file's text as shipped. */
    public String text() {
        try (InputStream in = Buildspec.class.getResourceAsStream("/buildspecs/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("buildspecs/" + fileName + " is not on the classpath; build modules/pipeline with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
