package io.bluegreen.app.config;

import static io.bluegreen.app.config.JsonSettings.checkKeys;
import static io.bluegreen.app.config.JsonSettings.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SettingException;
import io.bluegreen.pipeline.Source;
import java.util.Set;

/** A service's {@code source} in config/platform.json: a GitHub repository through a connection, or CodeCommit. */
public final class SourceSettings {
    public static final Set<String> KEYS = Set.of("connectionArn", "repository", "codeCommitRepository", "branch");

    private SourceSettings() {
    }

    public static Source parse(JsonNode s, String where) {
        if (!s.isObject()) {
            throw SettingException.invalid(where, "is required", s.isMissingNode() ? "" : s,
                    "give {\"connectionArn\", \"repository\", \"branch\"} for GitHub or {\"codeCommitRepository\", \"branch\"}");
        }
        checkKeys(s, where + ".", KEYS);
        String branch = text(s, where + ".branch", Source.DEFAULT_BRANCH);
        if (s.has("codeCommitRepository")) {
            if (s.has("connectionArn") || s.has("repository")) {
                throw SettingException.invalid(where, "mixes CodeCommit and GitHub settings", s,
                        "keep either codeCommitRepository or connectionArn and repository");
            }
            return new Source.CodeCommit(text(s, where + ".codeCommitRepository", null), branch);
        }
        if (!s.has("repository")) {
            throw SettingException.invalid(where + ".repository", "is missing", "",
                    "give the GitHub repository as 'owner/name', or codeCommitRepository for CodeCommit");
        }
        return new Source.GitHub(s.has("connectionArn") ? text(s, where + ".connectionArn", null) : null,
                text(s, where + ".repository", null), branch);
    }
}
