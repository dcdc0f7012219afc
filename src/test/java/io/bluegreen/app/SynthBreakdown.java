package io.bluegreen.app;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig;
import io.bluegreen.core.EnvironmentSuffix;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where a cold synth's time goes, for scripts/dev/benchmark.sh (a benchmark, not a test): JVM start,
 * jsii starting Node.js with cdktf's assemblies, jsii loading the AWS provider bindings, defining
 * one environment's stacks (the first use of each resource class), writing them, and one more
 * environment in the same process. Run it under different JVM and Node options to compare them.
 *
 * <p>Usage: SynthBreakdown OUTDIR
 */
public final class SynthBreakdown {
    private SynthBreakdown() {
    }

    public static void main(String[] args) throws java.io.IOException {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
        long entered = System.nanoTime();
        double jvm = Duration.between(jvmStart, Instant.now()).toNanos() / 1e9;
        Path outdir = Path.of(args[0]);
        java.nio.file.Files.createDirectories(outdir);
        Path root = Path.of(System.getProperty("project.root", "."));

        App app = new App(AppConfig.builder().outdir(outdir.resolve("dev").toString()).build());
        long appReady = System.nanoTime();
        // A scratch app, so the probe stack is never synthesized with the environment's.
        TerraformStack probe = new TerraformStack(new App(AppConfig.builder().outdir(outdir.resolve("probe").toString()).build()), "probe");
        new AwsProvider(probe, "aws", AwsProviderConfig.builder().region("us-east-1").build());
        long bindingsReady = System.nanoTime();
        PlatformApp.define(app, root, Map.of(EnvironmentSuffix.SETTING, "dev"));
        long defined = System.nanoTime();
        app.synth();
        long written = System.nanoTime();
        App second = new App(AppConfig.builder().outdir(outdir.resolve("staging").toString()).build());
        PlatformApp.define(second, root, Map.of(EnvironmentSuffix.SETTING, "staging"));
        second.synth();
        long warm = System.nanoTime();
        System.out.printf("jvm_start_s=%.2f jsii_cdktf_s=%.2f aws_bindings_s=%.2f define_dev_s=%.2f synth_dev_s=%.2f "
                        + "cold_total_s=%.2f next_env_s=%.2f%n",
                jvm, (appReady - entered) / 1e9, (bindingsReady - appReady) / 1e9, (defined - bindingsReady) / 1e9,
                (written - defined) / 1e9, jvm + (written - entered) / 1e9, (warm - written) / 1e9);
    }
}
