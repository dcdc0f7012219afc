package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bluegreen.app.EmulatorScenario.Preview;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/preview} refuses what it cannot work with in one line and exit 1, without a traceback: a bad pull
 * request number, no credentials, an emulator that is not running. (The missing state bucket is PreviewIT's, which has
 * an emulator.)
 */
class PreviewCommandTest {
    @TempDir
    Path home;

    @Test
    void aNumberThatIsNoPullRequestIsRefusedBeforeAnythingRuns() throws Exception {
        assertEquals(new Preview(1, "preview: the pull request number must be a positive integer, got '07x'\n"),
                preview(Map.of(), "up", "07x"));
    }

    @Test
    void aDriftCheckWithNoPlansAtATimeIsRefusedBeforeAnythingRuns() throws Exception {
        assertEquals(new Preview(1, "preview: --parallelism must be at least 1, got 0\n"),
                preview(Map.of(), "drift", "dev", "--parallelism", "0"));
    }

    @Test
    void withoutCredentialsItSaysWhereToGetThem() throws Exception {
        assertEquals(new Preview(1, "preview: no AWS credentials found: configure them as for the AWS CLI (AWS_PROFILE, "
                + "AWS_ACCESS_KEY_ID, ...), or, for the local emulator, use the exports `KEEP_EMULATOR=1 scripts/local-deploy.sh` prints\n"),
                preview(Map.of("AWS_REGION", "us-east-1"), "list"));
    }

    @Test
    void anEmulatorThatIsNotRunningIsNamed() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        assertEquals(new Preview(1, "preview: cannot reach AWS_ENDPOINT_URL=" + endpoint + ": is the emulator it names running?\n"),
                preview(Map.of("AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                        "AWS_REGION", "us-east-1", "AWS_MAX_ATTEMPTS", "1"), "sweep", "--older-than", "7"));
    }

    /** scripts/preview ARGS with no AWS setting of this machine's (no config or credentials file, no instance metadata) but {@code aws}. */
    private Preview preview(Map<String, String> aws, String... args) throws Exception {
        Map<String, String> environment = new HashMap<>(aws);
        environment.putAll(Map.of("AWS_CONFIG_FILE", home.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString(), "AWS_EC2_METADATA_DISABLED", "true",
                "PREVIEW_DIR", home.resolve("previews").toString()));
        return EmulatorScenario.preview(environment, args);
    }
}
