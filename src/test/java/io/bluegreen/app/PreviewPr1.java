package io.bluegreen.app;

import static io.bluegreen.app.EmulatorScenario.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bluegreen.app.EmulatorScenario.Preview;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the steps of {@link PreviewIT} share: the scenario's emulator, pr-1's stacks as {@code scripts/preview up 1} left
 * them initialized, the overlay that points pr-1 at the regulated VPC, and inventories taken along the way.
 */
final class PreviewPr1 implements AutoCloseable {
    final EmulatorScenario scenario;
    final LocalAws aws;
    final Path work;
    /** Points pr-1's isolatedNetwork at the regulated VPC scripts/emulator/isolated_ecs.py creates (its ids are generated). */
    final Path isolatedOverlay;
    final Terraform platform;
    final Terraform web;
    final Terraform payment;
    final Terraform serverless;
    final Terraform container;
    final Path containerStack;
    final Terraform isolatedNetwork;
    final Terraform orders;
    final Terraform invoices;
    final Map<String, List<String>> beforeAnything;
    /** Task definition revisions CodeDeploy registered, which the teardown must remove though no state holds them. */
    final List<String> revisionsCodeDeployRegistered = new ArrayList<>();
    Terraform bootstrap;
    Map<String, List<String>> afterBootstrap;
    /** After the bootstrap and the inputs other teams own: what pr-1 adds is measured from here. */
    Map<String, List<String>> withInputs;

    private PreviewPr1(EmulatorScenario scenario) throws IOException, InterruptedException {
        this.scenario = scenario;
        this.aws = scenario.aws;
        this.work = scenario.work;
        this.isolatedOverlay = work.resolve("isolated-overlay.json");
        this.beforeAnything = aws.inventory();
        // scripts/preview up deploys these and leaves them initialized; the steps after it plan them there.
        Path stacks = scenario.previews().resolve("pr-1/cdktf.out/stacks");
        platform = scenario.terraform(stacks.resolve(PlatformStack.NAME));
        web = scenario.terraform(stacks.resolve("web"));
        payment = scenario.terraform(stacks.resolve("payment-service"));
        serverless = scenario.terraform(stacks.resolve("payments-api"));
        container = scenario.terraform(stacks.resolve("catalog-api"));
        containerStack = stacks.resolve("catalog-api/cdk.tf.json");
        isolatedNetwork = scenario.terraform(stacks.resolve(IsolatedNetworkStack.NAME));
        orders = scenario.terraform(stacks.resolve("orders"));
        invoices = scenario.terraform(stacks.resolve("invoices"));
    }

    static PreviewPr1 start() throws IOException, InterruptedException {
        return new PreviewPr1(EmulatorScenario.start("preview"));
    }

    /** {@code scripts/preview ARGS} against this scenario's emulator, with pr-1's overlay. */
    Preview preview(String... args) throws IOException, InterruptedException {
        return scenario.preview(isolatedOverlay, args);
    }

    /** pr-1's isolatedNetwork setting as the overlay gives it. */
    JsonNode isolatedNetworkInput() throws IOException {
        return JSON.readTree(Files.readString(isolatedOverlay)).path("environments").path("pr-1").path("isolatedNetwork");
    }

    /**
     * {@code stack} of pr-1 synthesized with pr-1's overlay as {@code change} edits it, initialized in a directory of its
     * own ({@code name}) on pr-1's state: what a pull request changing the configuration would plan.
     */
    Terraform changed(String name, String stack, Consumer<ObjectNode> change) throws Exception {
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(isolatedOverlay));
        change.accept(config);
        Path overlay = Files.writeString(work.resolve(name + "-overlay.json"), JSON.writeValueAsString(config));
        Terraform changed = scenario.terraform(scenario.synthesize("pr-1", overlay, "pr-1-" + name).resolve(stack));
        changed.run(null, "init", "-no-color").orFail("init " + stack + " (" + name + ")");
        return changed;
    }

    @Override
    public void close() {
        scenario.close();
    }
}
