package io.bluegreen.ecs;

import io.bluegreen.core.SettingException;
import java.util.Objects;

/**
 * An ECS service (with the CODE_DEPLOY deployment controller), its two target groups and its
 * load balancer's listeners that exist already and are only given to CodeDeploy (B3).
 *
 * @param clusterName          the cluster the service runs in
 * @param serviceName          the service
 * @param loadBalancerName     the ALB in front of it
 * @param blueTargetGroupName  the target group that serves production now
 * @param greenTargetGroupName the other target group
 * @param productionPort       the production listener's port
 * @param testPort             the test listener's port
 * @param containerName        the container the load balancer sends traffic to
 * @param containerPort        its port
 */
public record ExistingEcsService(String clusterName, String serviceName, String loadBalancerName, String blueTargetGroupName,
                                 String greenTargetGroupName, int productionPort, int testPort, String containerName,
                                 int containerPort) {
    public ExistingEcsService {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(loadBalancerName, "loadBalancerName");
        Objects.requireNonNull(blueTargetGroupName, "blueTargetGroupName");
        Objects.requireNonNull(greenTargetGroupName, "greenTargetGroupName");
        Objects.requireNonNull(containerName, "containerName");
        if (blueTargetGroupName.equals(greenTargetGroupName)) {
            throw SettingException.invalid("greenTargetGroupName", "must differ from blueTargetGroupName", greenTargetGroupName,
                    "blue/green needs two target groups");
        }
        BlueGreenServiceProps.requirePort("productionPort", productionPort);
        BlueGreenServiceProps.requirePort("testPort", testPort);
        BlueGreenServiceProps.requirePort("containerPort", containerPort);
        if (productionPort == testPort) {
            throw SettingException.invalid("testPort", "must differ from productionPort", testPort,
                    "give the test listener its own port");
        }
    }
}
