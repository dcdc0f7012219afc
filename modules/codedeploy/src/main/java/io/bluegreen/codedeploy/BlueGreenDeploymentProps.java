package io.bluegreen.codedeploy;

import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link BlueGreenDeployment}; build with {@link #builder}.
 *
 * @param naming              names every resource; required
 * @param purpose             the service or function, e.g. {@code web}; required
 * @param target              the ECS service or Lambda alias; required
 * @param config              how traffic moves; default {@link EcsDeploymentConfig#LINEAR_10_PERCENT_EVERY_1_MINUTE} for
 *                            ECS, {@link LambdaDeploymentConfig#LINEAR_10_PERCENT_EVERY_10_MINUTES} for Lambda
 * @param alarmNames          alarms that stop and roll back a deployment and are watched during it; default none
 * @param rollbackOnAlarm     roll back when one of the alarms fires; default true, which needs at least one alarm
 * @param applicationName     default {@code cdapp-<purpose>-<suffix>}
 * @param deploymentGroupName default {@code cddg-<purpose>-<suffix>}
 * @param roleName            CodeDeploy's role; default {@code role-<purpose>-codedeploy-<suffix>}
 */
public record BlueGreenDeploymentProps(Naming naming, String purpose, DeploymentTarget target, DeploymentConfig config,
                                       List<String> alarmNames, boolean rollbackOnAlarm, String applicationName,
                                       String deploymentGroupName, String roleName) {
    public BlueGreenDeploymentProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(config, "config");
        alarmNames = List.copyOf(alarmNames);
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(deploymentGroupName, "deploymentGroupName");
        Objects.requireNonNull(roleName, "roleName");
        if (config.platform() != target.platform()) {
            throw SettingException.invalid("deploymentConfig", "is for " + config.platform().codeDeployName()
                    + ", not for a " + target.platform().codeDeployName() + " deployment", config,
                    "choose one of the " + target.platform().codeDeployName() + " configs");
        }
        if (rollbackOnAlarm && alarmNames.isEmpty()) {
            throw SettingException.invalid("alarmNames", "is empty, but rollbackOnAlarm is set", alarmNames,
                    "give the alarms that should stop a deployment, or turn rollbackOnAlarm off");
        }
    }

    public static Builder builder(Naming naming, String purpose, DeploymentTarget target) {
        return new Builder(naming, purpose, target);
    }

    /** Collects the optional settings; {@link #build()} applies the documented defaults. */
    public static final class Builder {
        private final Naming naming;
        private final String purpose;
        private final DeploymentTarget target;
        private DeploymentConfig config;
        private List<String> alarmNames = List.of();
        private boolean rollbackOnAlarm = true;
        private String applicationName;
        private String deploymentGroupName;
        private String roleName;

        private Builder(Naming naming, String purpose, DeploymentTarget target) {
            this.naming = naming;
            this.purpose = purpose;
            this.target = target;
        }

        public Builder config(DeploymentConfig value) { this.config = value; return this; }
        public Builder alarmNames(List<String> value) { this.alarmNames = value; return this; }
        public Builder rollbackOnAlarm(boolean value) { this.rollbackOnAlarm = value; return this; }
        public Builder applicationName(String value) { this.applicationName = value; return this; }
        public Builder deploymentGroupName(String value) { this.deploymentGroupName = value; return this; }
        public Builder roleName(String value) { this.roleName = value; return this; }

        public BlueGreenDeploymentProps build() {
            DeploymentConfig chosen = config != null ? config : switch (target.platform()) {
                case ECS -> EcsDeploymentConfig.DEFAULT;
                case LAMBDA -> LambdaDeploymentConfig.DEFAULT;
            };
            return new BlueGreenDeploymentProps(naming, purpose, target, chosen, alarmNames, rollbackOnAlarm,
                    applicationName != null ? applicationName : defaultApplicationName(naming, purpose),
                    deploymentGroupName != null ? deploymentGroupName : defaultDeploymentGroupName(naming, purpose),
                    roleName != null ? roleName : defaultRoleName(naming, purpose));
        }
    }

    /** {@code cdapp-<purpose>-<suffix>}: the application's name unless one is given. */
    public static String defaultApplicationName(Naming naming, String purpose) {
        return naming.name(ResourceType.CODEDEPLOY_APPLICATION, purpose);
    }

    /** {@code cddg-<purpose>-<suffix>}: the deployment group's name unless one is given. */
    public static String defaultDeploymentGroupName(Naming naming, String purpose) {
        return naming.name(ResourceType.CODEDEPLOY_GROUP, purpose);
    }

    /** {@code role-<purpose>-codedeploy-<suffix>}: CodeDeploy's role's name unless one is given. */
    public static String defaultRoleName(Naming naming, String purpose) {
        return naming.name(ResourceType.IAM_ROLE, purpose + "-codedeploy");
    }
}
