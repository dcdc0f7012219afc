package io.bluegreen.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bluegreen.notifications.NameFilter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.event.ruler.Ruler;

/**
 * The ledger's two rule patterns, matched by AWS's Event Ruler against sample events of the
 * shape AWS documents: each kind reaches exactly one rule, and another environment's never.
 */
class LedgerEventTest {
    private static final NameFilter DEV = NameFilter.endingWith("-dev");
    private static final String PIPELINES = LedgerEvent.pattern(
            Set.of(LedgerEvent.PIPELINE_EXECUTION, LedgerEvent.STAGE, LedgerEvent.ACTION), DEV);
    private static final String DEPLOYMENTS = LedgerEvent.pattern(Set.of(LedgerEvent.DEPLOYMENT), DEV);

    @ParameterizedTest(name = "{0}: pipelines {1}, deployments {2}")
    @CsvSource({
        "pipeline-execution-started, true, false",
        "stage-succeeded, true, false",
        "action-started, true, false",
        "deployment-ecs-success, false, true",
        "deployment-lambda-start, false, true",
    })
    void eachKindReachesExactlyOneRule(String sample, boolean pipelines, boolean deployments) throws Exception {
        assertEquals(pipelines, Ruler.matchesRule(Samples.text(sample), PIPELINES));
        assertEquals(deployments, Ruler.matchesRule(Samples.text(sample), DEPLOYMENTS));
    }

    @ParameterizedTest(name = "{0} of pr-1")
    @CsvSource({"pipeline-execution-started", "stage-succeeded", "action-started", "deployment-ecs-success", "deployment-lambda-start"})
    void anotherEnvironmentsEventsReachNeitherRule(String sample) throws Exception {
        String other = Samples.ofEnvironment(sample, "pr-1");
        assertTrue(other.contains("-pr-1\""), other);
        assertEquals(false, Ruler.matchesRule(other, PIPELINES));
        assertEquals(false, Ruler.matchesRule(other, DEPLOYMENTS));
    }

    @Test
    void patternsAreExact() {
        assertEquals("{\"source\":[\"aws.codepipeline\"],\"detail-type\":[\"CodePipeline Pipeline Execution State Change\","
                + "\"CodePipeline Stage Execution State Change\",\"CodePipeline Action Execution State Change\"],"
                + "\"detail\":{\"pipeline\":[{\"suffix\":\"-dev\"}]}}", PIPELINES);
        assertEquals("{\"source\":[\"aws.codedeploy\"],\"detail-type\":[\"CodeDeploy Deployment State-change Notification\"],"
                + "\"detail\":{\"application\":[\"cdapp-web-dev\"]}}",
                LedgerEvent.pattern(Set.of(LedgerEvent.DEPLOYMENT), NameFilter.named(List.of("cdapp-web-dev"))));
    }

    @Test
    void aRuleListensToOneSource() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> LedgerEvent.pattern(Set.of(LedgerEvent.STAGE, LedgerEvent.DEPLOYMENT), DEV));
        assertTrue(error.getMessage().startsWith("a ledger rule listens to one or more kinds of one source"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LedgerEvent.pattern(Set.of(), DEV));
    }
}
