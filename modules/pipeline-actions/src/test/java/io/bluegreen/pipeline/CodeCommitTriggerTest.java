package io.bluegreen.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bluegreen.core.SynthResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.event.ruler.Ruler;

/**
 * The synthesized push rule of a CodeCommit source (A7, E2), matched by AWS's Event Ruler against
 * CodeCommit events of the shape AWS documents: the branch being created or moved in this
 * repository starts the pipeline; other branches, tags, deletions and repositories do not.
 */
class CodeCommitTriggerTest {
    private static String pattern;

    @BeforeAll
    static void synthCodeCommitPipeline() {
        SynthResult synth = SynthResult.of(PipelineFixtures.build(new Source.CodeCommit("web", "main"), PipelineFixtures.stages()).stack());
        // The ARN's partition, region and account are read at plan time; the samples come from us-east-1, 123456789012.
        pattern = synth.only("aws_cloudwatch_event_rule").path("event_pattern").asText()
                .replaceAll("\\$\\{data\\.aws_partition\\.[^}]+\\.partition}", "aws")
                .replaceAll("\\$\\{data\\.aws_region\\.[^}]+\\.name}", "us-east-1")
                .replaceAll("\\$\\{data\\.aws_caller_identity\\.[^}]+\\.account_id}", "123456789012");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "codecommit-main-updated, true",
        "codecommit-main-created, true",
        "codecommit-feature-updated, false",
        "codecommit-main-deleted, false",
        "codecommit-tag-main-created, false",
        "codecommit-other-repository, false",
    })
    void startsThePipelineOnlyForItsBranchOfItsRepository(String event, boolean starts) throws Exception {
        assertEquals(starts, Ruler.matchesRule(sample(event), pattern));
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = CodeCommitTriggerTest.class.getResourceAsStream("/events/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
