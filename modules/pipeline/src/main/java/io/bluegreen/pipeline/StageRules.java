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
    /**
     * E: a deploy to staging, then a manual approval, then the deploy to production last; no
     * deploy between the approval and production, so what was approved is what goes out (E7).
     */
    APPROVAL_BEFORE_PRODUCTION {
        @Override
        void check(List<Stage> stages, String order) {
            requireDeployLast(stages, order);
            int approval = -1;
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i) instanceof Stage.ApprovalStage) {
                    approval = i;
                }
            }
            if (approval < 0) {
                throw SettingException.invalid("stages", "deploy to production without a manual approval", order,
                        "add an approval stage between the staging and the production deploy (E7)");
            }
            if (stages.subList(0, approval).stream().noneMatch(Stage.DeployStage.class::isInstance)) {
                throw SettingException.invalid("stages", "ask for an approval before anything is deployed to staging", order,
                        "put a deploy stage for staging before the approval");
            }
            if (stages.subList(approval + 1, stages.size() - 1).stream().anyMatch(Stage.DeployStage.class::isInstance)) {
                throw SettingException.invalid("stages", "deploy again between the approval and production", order,
                        "keep only the production deploy after the approval");
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
