package io.bluegreen.vpc;

/** Who provides an isolated network's VPC endpoints. */
public enum EndpointMode {
    /** The platform creates them: the VPC has none for these services yet. */
    CREATE,
    /**
     * The VPC has them already (its owner's, or another environment's): they are looked up, and
     * planning fails while one is missing. Interface endpoints with private DNS allow one per
     * service and VPC, so every environment after the first in a VPC adopts.
     */
    ADOPT
}
