package io.bluegreen.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The files in {@code buildspecs/} (P9), shipped on this module's classpath. */
public enum Buildspec {
    UNIT_TEST("unit-test.yml", false, true),
    INTEGRATION_TEST("integration-test.yml", false, true),
    /** Docker needs a privileged build container; no other project gets one. */
    IMAGE_BUILD("image-build.yml", true, false),
    /** Sets a new service to its desired count after its first deployment; the pipeline adds it itself. */
    SCALE_FROM_ZERO("scale-from-zero.yml", false, false),
    /** Compiles a TypeScript function, runs its Jest tests and zips it (D2). */
    LAMBDA_ZIP_BUILD("lambda-zip-build.yml", false, true),
    /** Publishes the zip as a new version without traffic (D's Deploy-Blue). */
    LAMBDA_PUBLISH("lambda-publish.yml", false, false),
    /** Has CodeDeploy shift the alias to the published version and waits for the outcome (D's Switch-Traffic). */
    LAMBDA_SHIFT("lambda-shift.yml", false, false),
    /** Builds a function's container image with a layer cache and pushes it (C2); Docker needs privileges. */
    LAMBDA_IMAGE_BUILD("lambda-image-build.yml", true, false),
    /** Publishes the built image as a new version without traffic (C's Deploy, first step). */
    LAMBDA_IMAGE_PUBLISH("lambda-image-publish.yml", false, false),
    /**
     * E's image build in a VPC without internet; the project runs the repository's own
     * {@code buildspec.yml}, for which this file is the documented default.
     */
    ISOLATED_IMAGE_BUILD("isolated-image-build.yml", true, false);

    /** Replaced by the ARN of the project's report group in the {@code reports} section. */
    static final String REPORT_GROUP_PLACEHOLDER = "@REPORT_GROUP@";

    private final String fileName;
    private final boolean privileged;
    private final boolean reportsTests;

    Buildspec(String fileName, boolean privileged, boolean reportsTests) {
        this.fileName = fileName;
        this.privileged = privileged;
        this.reportsTests = reportsTests;
    }

    public String fileName() {
        return fileName;
    }

    public boolean privileged() {
        return privileged;
    }

    /** Publishes a JUnit report: the project gets a report group of its own. */
    public boolean reportsTests() {
        return reportsTests;
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
