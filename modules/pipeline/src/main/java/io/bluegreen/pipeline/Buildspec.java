package io.bluegreen.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The files in {@code buildspecs/} (P9), shipped on this module's classpath. */
public enum Buildspec {
    UNIT_TEST("unit-test.yml", false),
    INTEGRATION_TEST("integration-test.yml", false),
    /** Docker needs a privileged build container; no other project gets one. */
    IMAGE_BUILD("image-build.yml", true);

    /** Replaced by the registry credentials secret's name in {@code image-build.yml}. */
    static final String REGISTRY_SECRET_PLACEHOLDER = "@REGISTRY_SECRET@";

    private final String fileName;
    private final boolean privileged;

    Buildspec(String fileName, boolean privileged) {
        this.fileName = fileName;
        this.privileged = privileged;
    }

    public String fileName() {
        return fileName;
    }

    public boolean privileged() {
        return privileged;
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
