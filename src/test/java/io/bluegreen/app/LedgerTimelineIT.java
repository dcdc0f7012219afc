package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code scripts/ledger.py pr-9 --html FILE} renders the history a seeded ledger table holds as one self-contained page,
 * which a real headless Chromium loads: a section per service with a bar per pipeline execution and deployment, failed
 * and stopped deployments marked as rolled back, and the bars drawn in their outcome's colour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerTimelineIT {
    private static final String TABLE = "ddb-ledger-pr-9";
    @AutoClose
    private EmulatorScenario scenario;
    private Path page;
    private String dom;

    /** One ledger item as the ledger's workflow writes it. */
    private static ObjectNode item(String kind, String id, String owner, String state, Instant time, String config) {
        ObjectNode item = JSON.createObjectNode();
        item.putObject("deploymentId").put("S", id);
        item.putObject("timestamp").put("S", time + "#" + kind + "#" + state);
        item.putObject("environment").put("S", "pr-9");
        item.putObject("kind").put("S", kind);
        item.putObject(kind.equals("deployment") ? "application" : "pipeline").put("S", owner);
        item.putObject("state").put("S", state);
        item.putObject("eventTime").put("S", time.toString());
        item.putObject("eventId").put("S", id + "-" + state);
        if (!config.isEmpty()) {
            item.putObject("deploymentConfig").put("S", config);
        }
        return item;
    }

    @BeforeAll
    void seedTheLedgerRenderThePageAndLoadItInChromium() throws Exception {
        scenario = EmulatorScenario.start("ledger-timeline");
        LocalAws aws = scenario.aws;
        aws.aws("dynamodb", "create-table", "--table-name", TABLE, "--billing-mode", "PAY_PER_REQUEST",
                "--attribute-definitions", "AttributeName=deploymentId,AttributeType=S", "AttributeName=timestamp,AttributeType=S",
                "AttributeName=environment,AttributeType=S",
                "--key-schema", "AttributeName=deploymentId,KeyType=HASH", "AttributeName=timestamp,KeyType=RANGE",
                "--global-secondary-indexes", "IndexName=environment-timestamp,KeySchema=[{AttributeName=environment,KeyType=HASH},"
                        + "{AttributeName=timestamp,KeyType=RANGE}],Projection={ProjectionType=ALL}");
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(6, ChronoUnit.HOURS);
        String canary = "CodeDeployDefault.ECSCanary10Percent5Minutes";
        List<ObjectNode> items = List.of(
                item("pipeline-execution", "e-web-1", "pipeline-web-pr-9", "STARTED", t, ""),
                item("stage", "e-web-1", "pipeline-web-pr-9", "SUCCEEDED", t.plusSeconds(300), ""),
                item("pipeline-execution", "e-web-1", "pipeline-web-pr-9", "SUCCEEDED", t.plusSeconds(750), ""),
                item("deployment", "d-web-1", "cdapp-web-pr-9", "START", t.plusSeconds(480), canary),
                item("deployment", "d-web-1", "cdapp-web-pr-9", "SUCCESS", t.plusSeconds(720), canary),
                item("pipeline-execution", "e-web-2", "pipeline-web-pr-9", "STARTED", t.plusSeconds(3600), ""),
                item("pipeline-execution", "e-web-2", "pipeline-web-pr-9", "FAILED", t.plusSeconds(3780), ""),
                item("deployment", "d-web-2", "cdapp-web-pr-9", "START", t.plusSeconds(5400), canary),
                item("deployment", "d-web-2", "cdapp-web-pr-9", "FAILURE", t.plusSeconds(5640), canary),
                item("pipeline-execution", "e-pay-1", "pipeline-payments-api-pr-9", "STARTED", t.plusSeconds(1800), ""),
                item("pipeline-execution", "e-pay-1", "pipeline-payments-api-pr-9", "SUCCEEDED", t.plusSeconds(2400), ""),
                item("deployment", "d-orders-1", "cdapp-orders-staging-pr-9", "START", t.plusSeconds(7200), ""),
                item("deployment", "d-orders-1", "cdapp-orders-staging-pr-9", "SUCCESS", t.plusSeconds(7500), ""),
                item("deployment", "d-orders-2", "cdapp-orders-production-pr-9", "START", t.plusSeconds(9000), ""),
                item("deployment", "d-orders-2", "cdapp-orders-production-pr-9", "STOP", t.plusSeconds(9120), ""));
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode requests = batch.putArray(TABLE);
        items.forEach(item -> requests.addObject().putObject("PutRequest").set("Item", item));
        Path seed = Files.writeString(scenario.work.resolve("seed.json"), JSON.writeValueAsString(batch));
        aws.aws("dynamodb", "batch-write-item", "--request-items", "file://" + seed);

        page = scenario.work.resolve("history-pr-9.html");
        String wrote = aws.script("ledger.py", "pr-9", "--html", page.toString());
        assertEquals("wrote " + page + ": 7 run(s) of 3 service(s); open it in a browser", wrote.strip());
        dom = chromium("--dump-dom", page.toUri().toString());
    }

    /** Debian's chromium, headless, as root in a container: no sandbox, no GPU. */
    private String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + scenario.work.resolve("chromium")));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(scenario.work.resolve("chromium.log").toFile()).start();
        } catch (IOException missing) {
            throw new AssertionError("chromium is needed to load the page: apt-get install chromium (.ci/run installs it)", missing);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "chromium did not finish");
        assertEquals(0, process.exitValue(), Files.readString(scenario.work.resolve("chromium.log")));
        return out;
    }

    private static int count(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    @Test
    void theBrowserShowsASectionPerServiceAndARowPerRun() {
        assertTrue(dom.contains("<h1>Deployment history of pr-9</h1>"), dom);
        List<String> sections = new ArrayList<>();
        Matcher section = Pattern.compile("<section id=\"([^\"]+)\">").matcher(dom);
        while (section.find()) {
            sections.add(section.group(1));
        }
        assertEquals(List.of("orders", "payments-api", "web"), sections, "E's staging and production deploy one service");
        assertEquals(7, count(dom, "<rect class=\"run "), "a bar per pipeline execution and deployment, none per stage");
        assertEquals(7, count(dom, "<tr class=\""), "a table row per run");
        assertTrue(dom.contains("<td>pipeline</td><td>e-web-2</td>"), dom);
        assertTrue(dom.contains("<td>3 min 00 s</td><td>failed</td>"), "e-web-2 failed after 3 minutes: " + dom);
        assertTrue(dom.contains("<td>deployments</td><td>d-web-2</td>"), dom);
        assertTrue(dom.contains("<td>4 min 00 s</td><td>failed, rolled back</td><td>CodeDeployDefault.ECSCanary10Percent5Minutes</td>"), dom);
        assertTrue(dom.contains("<td>deployments (production)</td><td>d-orders-2</td>"), dom);
        assertTrue(dom.contains("<td>2 min 00 s</td><td>stopped, rolled back</td>"), dom);
        assertEquals(2, count(dom, "class=\"rollback\""), "the failed and the stopped deployment are marked");
    }

    /** Within a few levels per channel: a screenshot may round colours. */
    private static boolean near(int rgb, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((rgb >> shift & 0xFF) - (expected >> shift & 0xFF)) > 6) {
                return false;
            }
        }
        return true;
    }

    @Test
    void theSvgRendersWithTheOutcomesColours() throws Exception {
        Path screenshot = scenario.work.resolve("history-pr-9.png");
        chromium("--screenshot=" + screenshot, "--window-size=1100,1400", page.toUri().toString());
        BufferedImage image = ImageIO.read(screenshot.toFile());
        int green = 0;
        int red = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                green += near(rgb, 0x2E7D32) ? 1 : 0;
                red += near(rgb, 0xC62828) ? 1 : 0;
            }
        }
        assertTrue(green > 1000, "succeeded runs drawn green: " + green + " pixels");
        assertTrue(red > 500, "failed runs drawn red: " + red + " pixels");
    }
}
