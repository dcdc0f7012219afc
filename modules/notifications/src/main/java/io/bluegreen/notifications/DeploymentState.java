package io.bluegreen.notifications;

/** States of a CodeDeploy deployment as EventBridge reports them. */
public enum DeploymentState {
    START, SUCCESS, FAILURE, STOP, READY
}
