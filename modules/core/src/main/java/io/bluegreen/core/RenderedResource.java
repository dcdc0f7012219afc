package io.bluegreen.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.TerraformResource;

/** A resource's arguments as synth will write them, overrides included: what synth-time invariants check. */
public final class RenderedResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RenderedResource() {
    }

    /** The resource's body in the JSON, or a missing node when it cannot be read alone. */
    public static JsonNode of(TerraformResource resource) {
        JsonNode byType = JSON.valueToTree(resource.toTerraform()).path("resource").path(resource.getTerraformResourceType());
        return byType.isObject() && byType.size() == 1 ? byType.elements().next() : JSON.missingNode();
    }
}
