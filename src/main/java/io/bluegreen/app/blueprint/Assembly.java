package io.bluegreen.app.blueprint;

import io.bluegreen.pipeline.DeliveryPipeline;
import io.bluegreen.pipeline.DeliveryPipelineProps;
import java.util.Map;
import java.util.function.Function;

/**
 * What a blueprint contributes to its service's stack: the pipeline's props (its stages carry the
 * targets the blueprint created in the stack) and the outputs, which may name the pipeline's resources.
 */
public record Assembly(DeliveryPipelineProps pipeline, Function<DeliveryPipeline, Map<String, Object>> outputs) {
}
