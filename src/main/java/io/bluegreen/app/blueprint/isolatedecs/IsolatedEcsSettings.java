package io.bluegreen.app.blueprint.isolatedecs;

import static io.bluegreen.app.config.JsonSettings.checkKeys;
import static io.bluegreen.app.config.JsonSettings.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.config.JsonSettings;
import io.bluegreen.app.config.ServiceConfigs;
import io.bluegreen.app.config.ServiceInput;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SettingException;
import io.bluegreen.pipeline.Source;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads an {@code ISOLATED_ECS} entry of {@code services} (blueprint E) as strictly as {@link ServiceConfigs}. */
public final class IsolatedEcsSettings {
    /** What production takes beside the adopted service's names: its own account. */
    public static final Set<String> PRODUCTION_KEYS = Set.of("accountId", "accessRoleName");

    private IsolatedEcsSettings() {
    }

    /** Blueprint E: CodeCommit only, the adopted staging and production services, production's account. */
    static IsolatedEcsBlueprint.IsolatedEcs parse(ServiceInput in, IsolatedEcsBlueprint.Written written) {
        String name = in.name();
        String where = in.where();
        EnvironmentSuffix suffix = in.suffix();
        JsonNode source = in.settings().path("source");
        Source.CodeCommit codeCommit;
        if (source.isMissingNode()) {
            codeCommit = created(name, Source.DEFAULT_BRANCH, suffix);
        } else {
            JsonSettings.requireObject(source, where + ".source");
            for (String github : List.of("connectionArn", "repository")) {
                if (source.has(github)) {
                    throw SettingException.invalid(where + ".source." + github, "only applies to GitHub sources", source.get(github),
                            "the ISOLATED_ECS blueprint reads CodeCommit (E2): give codeCommitRepository, or leave source out "
                                    + "to have the stack create the repository");
                }
            }
            checkKeys(source, where + ".source.", Set.of("codeCommitRepository", "branch"));
            String branch = text(source, where + ".source.branch", Source.DEFAULT_BRANCH);
            codeCommit = source.has("codeCommitRepository")
                    ? new Source.CodeCommit(ServiceConfigs.named(source, where + ".source", "codeCommitRepository", suffix), branch)
                    : created(name, branch, suffix);
        }
        for (String stage : List.of("staging", "production")) {
            if (!in.settings().has(stage)) {
                throw SettingException.invalid(where + "." + stage, "is required by the ISOLATED_ECS blueprint", "",
                        "name the " + stage + " cluster, service, load balancer, target groups, ports and container");
            }
        }
        JsonNode production = written.production();
        Optional<IsolatedEcsBlueprint.ProductionAccount> account = Optional.empty();
        if (production.isObject() && production.has("accountId")) {
            account = Optional.of(new IsolatedEcsBlueprint.ProductionAccount(text(production, where + ".production.accountId", null),
                    text(production, where + ".production.accessRoleName", IsolatedEcsBlueprint.ProductionAccount.DEFAULT_ACCESS_ROLE)));
        } else if (production.isObject() && production.has("accessRoleName")) {
            throw SettingException.invalid(where + ".production.accessRoleName", "only applies with production.accountId",
                    production.get("accessRoleName"), "give the production account, or remove it");
        }
        return new IsolatedEcsBlueprint.IsolatedEcs(name, codeCommit,
                in.named(in.required(written.ecrRepositoryName(), "ecrRepositoryName")),
                ServiceConfigs.existing(written.staging(), where + ".staging", suffix, Set.of()),
                ServiceConfigs.existing(production, where + ".production", suffix, PRODUCTION_KEYS),
                account,
                in.ecsDeploymentConfig(written.deploymentConfig()), Optional.ofNullable(written.terminationWaitMinutes()));
    }

    /** The repository the stack creates for the service: {@code repo-<name>-<suffix>}. */
    private static Source.CodeCommit created(String name, String branch, EnvironmentSuffix suffix) {
        return new Source.CodeCommit(new Naming(suffix).name(ResourceType.CODECOMMIT_REPOSITORY, name),
                branch, true);
    }
}
