package io.bluegreen.pipeline;

import io.bluegreen.core.SettingException;
import java.util.regex.Pattern;

/** A named artifact that one pipeline action produces and later actions read. */
public record Artifact(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    /** What the source action produces: the repository at the pushed commit. */
    public static final Artifact SOURCE = new Artifact("SourceOutput");

    public Artifact {
        if (name == null || !NAME.matcher(name).matches()) {
            throw SettingException.invalid("artifact name", "must be 1-100 letters, digits, _ or -", name,
                    "CodePipeline allows no other characters");
        }
    }

    /** The artifact an action named e.g. {@code Image-Build} produces: {@code ImageBuildOutput}. */
    static Artifact of(String actionName) {
        return new Artifact(actionName.replaceAll("[^A-Za-z0-9]", "") + "Output");
    }
}
