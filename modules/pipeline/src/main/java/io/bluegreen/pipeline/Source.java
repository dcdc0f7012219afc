package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Where the pipeline's source comes from. */
public sealed interface Source permits Source.GitHub, Source.CodeCommit {
    Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]+");
    /** The branch that deploys unless a source names another. */
    String DEFAULT_BRANCH = "main";

    String branch();

    /**
     * The source action, producing {@link Artifact#SOURCE}. Exactly one start per push (A7): the
     * connection's own change detection for GitHub (GitHub publishes nothing to EventBridge), the
     * pipeline's EventBridge rule for CodeCommit, whose polling is off.
     */
    CodepipelineStageAction action();

    /** What the pipeline's role needs to read the source. */
    List<Statement> pipelineStatements(AwsContext context);

    private static CodepipelineStageAction.Builder sourceAction() {
        return CodepipelineStageAction.builder()
                .name("Source")
                .category("Source")
                .owner("AWS")
                .version("1")
                .outputArtifacts(List.of(Artifact.SOURCE.name()));
    }

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

        @Override
        public CodepipelineStageAction action() {
            return sourceAction().provider("CodeStarSourceConnection")
                    .configuration(new TreeMap<>(Map.of(
                            "ConnectionArn", connectionArn,
                            "FullRepositoryId", repository,
                            "BranchName", branch,
                            "DetectChanges", "true",
                            "OutputArtifactFormat", "CODE_ZIP")))
                    .build();
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            return List.of(Statement.allow("UseGitHubConnection")
                    .actions("codestar-connections:UseConnection", "codeconnections:UseConnection")
                    .resources(connectionArn).build());
        }
    }

    /**
     * A CodeCommit repository (E2).
     *
     * @param repositoryName   the repository
     * @param branch           the branch that deploys; default {@code main}
     * @param createRepository the pipeline creates the repository, under its key; destroying the pipeline then deletes
     *                         it with its history. Default: it exists already and is only read
     */
    record CodeCommit(String repositoryName, String branch, boolean createRepository) implements Source {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

        public CodeCommit {
            if (repositoryName == null || !NAME.matcher(repositoryName).matches()) {
                throw SettingException.invalid("source.codeCommitRepository", "must be a CodeCommit repository name", repositoryName,
                        "use 1-100 letters, digits, '.', '_' or '-'");
            }
            requireBranch(branch);
        }

        /** A repository that exists already. */
        public CodeCommit(String repositoryName, String branch) {
            this(repositoryName, branch, false);
        }

        @Override
        public CodepipelineStageAction action() {
            return sourceAction().provider("CodeCommit")
                    .configuration(new TreeMap<>(Map.of(
                            "RepositoryName", repositoryName,
                            "BranchName", branch,
                            "PollForSourceChanges", "false")))
                    .build();
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            return List.of(Statement.allow("ReadRepository")
                    .actions("codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive",
                            "codecommit:GetUploadArchiveStatus", "codecommit:CancelUploadArchive")
                    .resources(context.arn("codecommit", repositoryName)).build());
        }
    }

    private static void requireBranch(String branch) {
        if (branch == null || !BRANCH.matcher(branch).matches()) {
            throw SettingException.invalid("source.branch", "must be a branch name", branch, "use e.g. 'main'");
        }
    }
}
