package io.bluegreen.pipeline;

import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.stream.Collectors;

/** The stage order a blueprint's delivery needs, beyond the rules every pipeline follows. */
public enum StageRules {
    /** A, B, C: one deploy stage, last, and a manual approval before it (A6). */
    APPROVAL_BEFORE_DEPLOY {
        @Override
        void check(List<Stage> stages, String order) {
            requireDeployLast(stages, order);
            List<Stage> before = stages.subList(0, stages.size() - 1);
            if (before.stream().anyMatch(Stage.DeployStage.class::isInstance)) {
                throw SettingException.invalid("stages", "have a deploy stage before the end", order, "keep one deploy stage, last");
            }
            if (before.stream().noneMatch(Stage.ApprovalStage.class::isInstance)) {
                throw SettingException.invalid("stages", "deploy to production without a manual approval", order,
                        "add an approval stage before the deploy stage (A6)");
            }
        }
    },
    /** D: no person in the loop; deploy stages follow each other and the last one shifts the traffic. */
    CONTINUOUS {
        @Override
        void check(List<Stage> stages, String order) {
            requireDeployLast(stages, order);
            if (stages.stream().anyMatch(Stage.ApprovalStage.class::isInstance)) {
                throw SettingException.invalid("stages", "wait for an approval in a continuous delivery", order,
                        "remove the approval stage, or use APPROVAL_BEFORE_DEPLOY");
            }
        }
    };

    abstract void check(List<Stage> stages, String order);

    static String order(List<Stage> stages) {
        return stages.stream().map(Stage::name).collect(Collectors.joining(", "));
    }

    private static void requireDeployLast(List<Stage> stages, String order) {
        if (!(stages.get(stages.size() - 1) instanceof Stage.DeployStage)) {
            throw SettingException.invalid("stages", "must end with the deploy stage", order, "put the deploy stage last");
        }
    }
}
