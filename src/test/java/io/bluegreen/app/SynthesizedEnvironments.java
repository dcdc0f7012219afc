package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Testing;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SynthResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each environment's stacks synthesized once per JVM (with validations) from the checked-in
 * config, and shared by every test class that inspects them.
 */
final class SynthesizedEnvironments {
    static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
    /** One of each profile: standard, preview, production. */
    static final List<String> SUFFIXES = List.of("dev", "pr-1", "prod");

    private static final Map<String, Map<String, SynthResult>> CACHE = new ConcurrentHashMap<>();

    private SynthesizedEnvironments() {
    }

    /** Stack name to synthesized stack, for the environment {@code suffix}. */
    static Map<String, SynthResult> stacks(String suffix) {
        return CACHE.computeIfAbsent(suffix, s -> {
            Map<String, SynthResult> stacks = new LinkedHashMap<>();
            for (var construct : PlatformApp.define(Testing.app(), ROOT, Map.of(EnvironmentSuffix.SETTING, s))) {
                TerraformStack stack = (TerraformStack) construct;
                stacks.put(stack.getNode().getId(), SynthResult.of(stack));
            }
            return Map.copyOf(stacks);
        });
    }
}
