package io.bluegreen.vpc;

import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A VPC made elsewhere that the module adopts instead of creating one (blueprint E): it only
 * adds the endpoints asked for and hands the ids on.
 *
 * @param vpcId            {@code vpc-...}
 * @param publicSubnetIds  {@code subnet-...}; may be empty when nothing public is placed
 * @param privateSubnetIds {@code subnet-...}; at least one
 */
public record ExistingVpc(String vpcId, List<String> publicSubnetIds, List<String> privateSubnetIds) {
    private static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8,17}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8,17}");

    public ExistingVpc {
        if (vpcId == null || !VPC_ID.matcher(vpcId).matches()) {
            throw SettingException.invalid("existingVpc.vpcId", "must be a VPC id", vpcId, "give the id of the VPC to adopt, e.g. 'vpc-0a1b2c3d4e5f60789'");
        }
        publicSubnetIds = List.copyOf(publicSubnetIds);
        privateSubnetIds = List.copyOf(privateSubnetIds);
        if (privateSubnetIds.isEmpty()) {
            throw SettingException.invalid("existingVpc.privateSubnetIds", "must name at least one subnet", privateSubnetIds,
                    "list the private subnets builds and tasks run in");
        }
        checkSubnets("existingVpc.publicSubnetIds", publicSubnetIds);
        checkSubnets("existingVpc.privateSubnetIds", privateSubnetIds);
    }

    private static void checkSubnets(String setting, List<String> ids) {
        for (String id : ids) {
            if (!SUBNET_ID.matcher(id).matches()) {
                throw SettingException.invalid(setting, "must hold subnet ids", id, "use ids such as 'subnet-0a1b2c3d4e5f60789'");
            }
        }
    }
}
