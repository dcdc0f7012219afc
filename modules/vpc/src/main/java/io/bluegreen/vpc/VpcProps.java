package io.bluegreen.vpc;

import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of {@link Network}.
 *
 * @param naming      names every resource; required
 * @param cidrBlock   the new VPC's range, /16 to /24; default {@code 10.0.0.0/16}; ignored when adopting
 * @param azCount     availability zones to spread subnets over, 2 to 6; default 2
 * @param natGateways NAT layout; default {@link NatGateways#ONE_PER_AZ}
 * @param endpoints   VPC endpoints to add; default none
 * @param existingVpc adopt this VPC instead of creating one; default: a new VPC is created
 */
public record VpcProps(Naming naming, String cidrBlock, int azCount, NatGateways natGateways, Set<Endpoint> endpoints,
                       Optional<ExistingVpc> existingVpc) {
    public static final String DEFAULT_CIDR = "10.0.0.0/16";
    public static final int DEFAULT_AZ_COUNT = 2;
    public static final NatGateways DEFAULT_NAT_GATEWAYS = NatGateways.ONE_PER_AZ;
    public static final int MAX_AZ_COUNT = 6;

    public VpcProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(natGateways, "natGateways");
        Objects.requireNonNull(existingVpc, "existingVpc");
        endpoints = endpoints.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(endpoints));
        Ipv4Cidr.parse("cidrBlock", cidrBlock);
        if (azCount < DEFAULT_AZ_COUNT || azCount > MAX_AZ_COUNT) {
            throw SettingException.invalid("azCount", "must be from " + DEFAULT_AZ_COUNT + " to " + MAX_AZ_COUNT, azCount,
                    "a load balancer needs subnets in at least two availability zones; set azCount to 2 or more");
        }
    }

    public static Builder builder(Naming naming) {
        return new Builder(naming);
    }

    /** Builds {@link VpcProps}; every field but naming has a default. */
    public static final class Builder {
        private final Naming naming;
        private String cidrBlock = DEFAULT_CIDR;
        private int azCount = DEFAULT_AZ_COUNT;
        private NatGateways natGateways = DEFAULT_NAT_GATEWAYS;
        private Set<Endpoint> endpoints = Set.of();
        private ExistingVpc existingVpc;

        private Builder(Naming naming) {
            this.naming = naming;
        }

        public Builder cidrBlock(String value) {
            this.cidrBlock = value;
            return this;
        }

        public Builder azCount(int value) {
            this.azCount = value;
            return this;
        }

        public Builder natGateways(NatGateways value) {
            this.natGateways = value;
            return this;
        }

        public Builder endpoints(Set<Endpoint> value) {
            this.endpoints = value;
            return this;
        }

        public Builder existingVpc(ExistingVpc value) {
            this.existingVpc = value;
            return this;
        }

        public VpcProps build() {
            return new VpcProps(naming, cidrBlock, azCount, natGateways, endpoints, Optional.ofNullable(existingVpc));
        }
    }
}
