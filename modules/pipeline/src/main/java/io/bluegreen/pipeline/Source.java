package io.bluegreen.pipeline;

import io.bluegreen.core.SettingException;
import java.util.regex.Pattern;

/** Where the pipeline's source comes from. */
public sealed interface Source permits Source.GitHub, Source.CodeCommit {
    Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]+");

    String branch();

    /**
     * A GitHub repository read through a CodeStar connection (the GitHub OAuth action is
     * deprecated). The connection is created and authorized once in the console, so its ARN is
     * a setting.
     *
     * @param connectionArn {@code arn:aws:codestar-connections:...} or {@code arn:aws:codeconnections:...}
     * @param repository    {@code owner/name}
     * @param branch        the branch that deploys; default {@code main}
     */
    record GitHub(String connectionArn, String repository, String branch) implements Source {
        private static final Pattern CONNECTION = Pattern.compile(
                "arn:aws(-[a-z]+)*:(codestar-connections|codeconnections):[a-z0-9-]+:\\d{12}:connection/[A-Za-z0-9-]+");
        private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

        public GitHub {
            if (connectionArn == null || connectionArn.isBlank()) {
                throw SettingException.invalid("source.connectionArn", "is missing", connectionArn,
                        "create a GitHub connection (Developer Tools > Connections), authorize it and give its ARN");
            }
            if (!CONNECTION.matcher(connectionArn).matches()) {
                throw SettingException.invalid("source.connectionArn", "is not a CodeStar connection ARN", connectionArn,
                        "use arn:aws:codestar-connections:<region>:<account>:connection/<id>");
            }
            if (repository == null || !REPOSITORY.matcher(repository).matches()) {
                throw SettingException.invalid("source.repository", "must be 'owner/name'", repository,
                        "give the GitHub repository, e.g. 'acme/payments'");
            }
            requireBranch(branch);
        }
    }

    /**
     * A CodeCommit repository that exists already.
     *
     * @param repositoryName the repository
     * @param branch         the branch that deploys; default {@code main}
     */
    record CodeCommit(String repositoryName, String branch) implements Source {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

        public CodeCommit {
            if (repositoryName == null || !NAME.matcher(repositoryName).matches()) {
                throw SettingException.invalid("source.repository", "must be a CodeCommit repository name", repositoryName,
                        "give the name of an existing repository");
            }
            requireBranch(branch);
        }
    }

    private static void requireBranch(String branch) {
        if (branch == null || !BRANCH.matcher(branch).matches()) {
            throw SettingException.invalid("source.branch", "must be a branch name", branch, "use e.g. 'main'");
        }
    }
}
