package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bluegreen.app.blueprint.lambdacontainer.LambdaContainerBlueprint;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.ecs.BlueGreenServiceProps;
import io.bluegreen.ecs.ContainerSpec;
import io.bluegreen.lambda.BlueGreenFunctionProps;
import io.bluegreen.pipeline.Source;
import io.bluegreen.vpc.VpcProps;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The settings reference (docs/settings.md) states each default the code applies, and the code keeps each
 * default in one place (a module's Props or enum, or the config reader): this reads the
 * reference's tables and compares their default column with those constants.
 */
class SettingsReferenceTest {
    /** First cell of a row (as written, backticks included) to its default cell, over every table of the reference. */
    private static final Map<String, String> DEFAULTS = new TreeMap<>();
    private static final Map<String, String> ROWS = new TreeMap<>();

    @BeforeAll
    static void readTheReference() throws IOException {
        List<String> lines = Files.readAllLines(SynthesizedEnvironments.ROOT.resolve("docs/settings.md"));
        int start = lines.indexOf("# Settings reference");
        int defaultColumn = -1;
        for (String line : lines.subList(start, lines.size())) {
            if (!line.startsWith("| ")) {
                continue;
            }
            List<String> cells = new ArrayList<>(Arrays.stream(line.substring(1).split(" \\| ")).map(String::strip).toList());
            if (cells.get(0).equals("key")) {
                defaultColumn = cells.indexOf("default");
            } else if (!cells.get(0).startsWith("---") && defaultColumn > 0) {
                DEFAULTS.putIfAbsent(cells.get(0), cells.get(defaultColumn));
                ROWS.putIfAbsent(cells.get(0), line);
            }
        }
    }

    private static void states(String row, String expected) {
        assertEquals(expected, DEFAULTS.get(row), "docs/settings.md, row " + row + ": the code's default");
    }

    @Test
    void theEnvironmentSettingsDefaultsAreTheVpcModulesAndTheReaders() {
        states("`region`", "`" + PlatformConfig.DEFAULT_REGION + "`");
        states("`azCount`", "`" + VpcProps.DEFAULT_AZ_COUNT + "`");
        states("`natGateways`", "`" + VpcProps.DEFAULT_NAT_GATEWAYS.name() + "`");
        states("`vpcCidr`", "`" + VpcProps.DEFAULT_CIDR + "`");
        states("`loadBalancerWebAcl`", "`" + BlueGreenServiceProps.DEFAULT_LOAD_BALANCER_WEB_ACL + "` (the preview profile sets `false`)");
        states("`loadBalancerAccessLogs`", "`" + BlueGreenServiceProps.DEFAULT_LOAD_BALANCER_ACCESS_LOGS
                + "` (the preview profile sets `false`)");
        states("`lambdaConcurrencyQuota`", "`" + BlueGreenFunctionProps.DEFAULT_ACCOUNT_CONCURRENCY_LIMIT + "` (AWS's default)");
        states("`driftCheck.schedule`", "`" + DriftCheck.DEFAULT_SCHEDULE + "`");
    }

    @Test
    void theServiceSettingsDefaultsAreTheModulesAndTheBlueprints() {
        ContainerSpec container = ContainerSpec.DEFAULT;
        states("`containerName`, `containerPort`", "`" + container.name() + "`, `" + container.port() + "`");
        states("`cpu`, `memoryMiB`, `desiredCount`", "`" + container.cpu() + "`, `" + container.memoryMiB() + "`, `"
                + BlueGreenServiceProps.DEFAULT_DESIRED_COUNT + "`");
        states("`deploymentConfig`", "`" + EcsDeploymentConfig.DEFAULT.name() + "`");
        states("`terminationWaitMinutes`", "`" + BlueGreenServiceProps.DEFAULT_TERMINATION_WAIT_MINUTES + "`");
        states("`testComputeType`, `imageBuildComputeType`", "`" + ServiceConfig.Builds.DEFAULT.tests().name() + "`, `"
                + ServiceConfig.Builds.DEFAULT.image().name() + "`");
        states("`deploymentConfig` (C, D)", "C: `" + LambdaContainerBlueprint.DEPLOYMENT_CONFIG.name() + "`; D: `"
                + LambdaDeploymentConfig.DEFAULT.name() + "`");
        assertEquals(true, ROWS.get("`source`").endsWith("branch `" + Source.DEFAULT_BRANCH + "` |"), ROWS.get("`source`"));
    }
}
