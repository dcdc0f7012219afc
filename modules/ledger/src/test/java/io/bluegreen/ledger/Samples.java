package io.bluegreen.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample events under src/test/resources/events, shaped as AWS documents them. */
final class Samples {
    static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {
    }

    static String text(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/events/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no sample event " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample as another environment's pipeline or application would send it. */
    static String ofEnvironment(String name, String suffix) {
        return text(name).replace("-dev\"", "-" + suffix + "\"").replace("-dev/", "-" + suffix + "/");
    }
}
