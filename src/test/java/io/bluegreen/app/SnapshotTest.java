package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.core.SynthResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The synthesized JSON of every stack per profile, checked in under
 * src/test/resources/snapshots: the contract reviewers read in a diff, and what must survive a
 * change of generator. Regenerate deliberately with
 * {@code mvn -B -pl src -am test -Dtest=SnapshotTest -Dsurefire.failIfNoSpecifiedTests=false -Dsnapshots.update=true} and review the diff.
 */
class SnapshotTest {
    private static final Path SNAPSHOTS = SynthesizedEnvironments.ROOT.resolve("src/test/resources/snapshots");
    private static final boolean UPDATE = Boolean.getBoolean("snapshots.update");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static Stream<Arguments> stacks() {
        List<Arguments> all = new ArrayList<>();
        for (String suffix : SynthesizedEnvironments.SUFFIXES) {
            SynthesizedEnvironments.stacks(suffix).forEach((name, synth) -> all.add(Arguments.of(suffix, name, synth)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("stacks")
    void stackMatchesItsReviewedSnapshot(String suffix, String stack, SynthResult synth) throws Exception {
        ObjectNode actual = synth.root().deepCopy();
        actual.remove("//");    // cdktf metadata: versions and construct paths, not Terraform
        Path file = SNAPSHOTS.resolve(suffix).resolve(stack + ".json");
        String rendered = JSON.writeValueAsString(JSON.treeToValue(actual, Object.class)) + "\n";
        if (UPDATE) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rendered);
        }
        assertTrue(Files.exists(file), "no snapshot " + file + "; run with -Dsnapshots.update=true and review it");
        JsonNode expected = JSON.readTree(file.toFile());
        assertEquals(expected, JSON.readTree(rendered),
                suffix + "/" + stack + " differs from its snapshot; if the change is intended, regenerate with "
                        + "-Dsnapshots.update=true and review the diff");
    }
}
