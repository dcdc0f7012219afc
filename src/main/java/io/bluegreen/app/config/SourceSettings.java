package io.bluegreen.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SettingException;
import io.bluegreen.pipeline.Source;
import java.util.Objects;
import java.util.Set;

/** A service's {@code source} in config/platform.json: a GitHub repository through a connection, or CodeCommit. */
public final class SourceSettings {
    /** The object as the file writes it, bound by {@link ConfigBinder}. */
    public record Written(String connectionArn, String repository, String codeCommitRepository, String branch) {
    }

    public static final Set<String> KEYS = ConfigBinder.keys(Written.class);

    private SourceSettings() {
    }

    public static Source parse(JsonNode s, String where) {
        if (!s.isObject()) {
            throw SettingException.invalid(where, "is required", s.isMissingNode() ? "" : s,
                    "give {\"connectionArn\", \"repository\", \"branch\"} for GitHub or {\"codeCommitRepository\", \"branch\"}");
        }
        Written source = ConfigBinder.bind(s, where, Written.class);
        String branch = Objects.requireNonNullElse(source.branch(), Source.DEFAULT_BRANCH);
        if (source.codeCommitRepository() != null) {
            if (source.connectionArn() != null || source.repository() != null) {
                throw SettingException.invalid(where, "mixes CodeCommit and GitHub settings", s,
                        "keep either codeCommitRepository or connectionArn and repository");
            }
            return new Source.CodeCommit(source.codeCommitRepository(), branch);
        }
        if (source.repository() == null) {
            throw SettingException.invalid(where + ".repository", "is missing", "",
                    "give the GitHub repository as 'owner/name', or codeCommitRepository for CodeCommit");
        }
        return new Source.GitHub(source.connectionArn(), source.repository(), branch);
    }
}
