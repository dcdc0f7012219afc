package io.bluegreen.notifications;

/** States of a CodePipeline execution, stage or action as EventBridge reports them. */
public enum PipelineState {
    STARTED, SUCCEEDED, FAILED, STOPPED, STOPPING, SUPERSEDED, RESUMED, CANCELED
}
