package io.bluegreen.vpc;

/** How private subnets reach the internet. */
public enum NatGateways {
    /** One NAT gateway per availability zone: an AZ outage does not cut the others off. */
    ONE_PER_AZ,
    /** One NAT gateway shared by all private subnets: cheaper, for previews and dev. */
    SINGLE,
    /** No NAT gateway: private subnets reach AWS only through VPC endpoints (blueprint E). */
    NONE
}
