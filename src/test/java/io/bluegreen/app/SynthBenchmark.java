package io.bluegreen.app;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import io.bluegreen.core.EnvironmentSuffix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints synth figures for scripts/dev/benchmark.sh (a benchmark, not a test): the first
 * environment in a fresh JVM (cold: JVM, jsii's Node.js process and the provider bindings
 * load), then the rest of N environments (warm), and the peak memory of the JVM and of Node.
 *
 * <p>Usage: SynthBenchmark N OUTDIR
 */
public final class SynthBenchmark {
    private SynthBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int environments = Integer.parseInt(args[0]);
        Path outdir = Path.of(args[1]);
        Files.createDirectories(outdir);
        Path root = Path.of(System.getProperty("project.root", "."));
        List<String> suffixes = new ArrayList<>(List.of("dev", "staging", "prod"));
        for (int pr = 1; suffixes.size() < environments; pr++) {
            suffixes.add("pr-" + pr);
        }
        long start = System.nanoTime();
        long firstDone = 0;
        int stacks = 0;
        for (String suffix : suffixes.subList(0, environments)) {
            App app = new App(AppConfig.builder().outdir(outdir.resolve(suffix).toString()).build());
            stacks += PlatformApp.define(app, root, Map.of(EnvironmentSuffix.SETTING, suffix)).size();
            app.synth();
            if (firstDone == 0) {
                firstDone = System.nanoTime();
            }
        }
        long end = System.nanoTime();
        double cold = (firstDone - start) / 1e9;
        double warmPerEnvironment = environments > 1 ? (end - firstDone) / 1e9 / (environments - 1) : Double.NaN;
        System.out.printf("environments=%d stacks=%d cold_first_env_s=%.2f warm_per_env_s=%.3f total_s=%.2f "
                        + "jvm_peak_rss_mb=%d node_peak_rss_mb=%d%n",
                environments, stacks, cold, warmPerEnvironment, (end - start) / 1e9,
                peakRssMb(ProcessHandle.current().pid()),
                ProcessHandle.current().descendants().mapToLong(p -> peakRssMb(p.pid())).max().orElse(0));
    }

    /** VmHWM: the resident set's high-water mark of a process, in MiB (Linux). */
    private static long peakRssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException gone) {
            return 0;
        }
        return 0;
    }
}
