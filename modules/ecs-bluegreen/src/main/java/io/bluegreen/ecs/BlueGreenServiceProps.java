package io.bluegreen.ecs;

import io.bluegreen.codedeploy.BlueGreenDeploymentProps;
import io.bluegreen.codedeploy.EcsDeploymentConfig;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SettingException;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.vpc.NetworkRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of {@link BlueGreenService}. Build with {@link #builder(Naming, String, NotificationsRef)};
 * either {@code network} and {@code image} (a new service) or {@code existing} (adopt one).
 *
 * @param naming                 names every resource {@code <type>-<purpose>[-part]-<suffix>}; required
 * @param purpose                the service, e.g. {@code web}; required
 * @param notifications          alarms notify this topic; required
 * @param network                where the ALB (public subnets) and tasks (private subnets) go; required for a new service
 * @param image                  the image of the first task definition, before any deployment; required for a new
 *                               service, which starts with no tasks (nothing pulls it)
 * @param container              name, port, size, variables and secrets; default {@code app} on 8080, 256 CPU, 512 MiB
 * @param desiredCount           tasks to run once deployed; default 2, one per AZ. A new service starts with none and
 *                               the pipeline scales it to this after its first blue/green deployment
 * @param healthCheck            target group health check; default {@code /health} every 30 s
 * @param certificate            ACM certificate: HTTPS on 443 with HTTP redirecting to it; default none, plain HTTP
 * @param productionPort         production listener port; default 443 with a certificate, else 80
 * @param testPort               test listener port, CodeDeploy routes test traffic to green here; default 8443 / 8080
 * @param allowedCidrs           who may reach the production listener (and the HTTP redirect); default {@code 0.0.0.0/0}
 * @param testListenerCidrs      who may reach the test listener, where green answers before the shift; never the
 *                               internet; default the VPC's range and its NAT gateways' addresses, i.e. clients
 *                               inside the VPC (an internet-facing ALB sees them with their NAT address)
 * @param loadBalancerWebAcl     a WAF web ACL with AWS managed rule groups in front of the ALB; default true
 * @param loadBalancerAccessLogs ALB access logs to a bucket of their own (SSE-S3, 30 days); default true
 * @param deploymentConfig       traffic shifting; default {@link EcsDeploymentConfig#DEFAULT} (linear, 10 % every minute)
 * @param terminationWaitMinutes minutes the blue tasks keep running after a successful shift (B6); default 5
 * @param existing               adopt these ECS resources instead of creating them (B3); default none
 * @param applicationName        CodeDeploy application name; default {@code cdapp-<purpose>-<suffix>}
 * @param deploymentGroupName    CodeDeploy deployment group name; default {@code cddg-<purpose>-<suffix>}
 * @param codeDeployRoleName     CodeDeploy's role name; default {@code role-<purpose>-codedeploy-<suffix>}
 */
public record BlueGreenServiceProps(Naming naming, String purpose, NotificationsRef notifications, Optional<NetworkRef> network,
                                    Optional<String> image, ContainerSpec container, int desiredCount, HealthCheck healthCheck,
                                    Optional<AcmCertificateArn> certificate, int productionPort, int testPort,
                                    List<String> allowedCidrs, Optional<List<String>> testListenerCidrs,
                                    boolean loadBalancerWebAcl, boolean loadBalancerAccessLogs,
                                    EcsDeploymentConfig deploymentConfig, int terminationWaitMinutes,
                                    Optional<ExistingEcsService> existing, String applicationName, String deploymentGroupName,
                                    String codeDeployRoleName) {
    public static final int DEFAULT_TERMINATION_WAIT_MINUTES = 5;
    public static final int DEFAULT_DESIRED_COUNT = 2;
    public static final boolean DEFAULT_LOAD_BALANCER_WEB_ACL = true;
    public static final boolean DEFAULT_LOAD_BALANCER_ACCESS_LOGS = true;
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}");

    public BlueGreenServiceProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(deploymentConfig, "deploymentConfig");
        allowedCidrs = List.copyOf(allowedCidrs);
        if (existing.isEmpty() && (network.isEmpty() || image.isEmpty())) {
            throw SettingException.invalid("service " + purpose, "needs a network and an image to create an ECS service",
                    network.isEmpty() ? "no network" : "no image", "pass both, or pass 'existing' to adopt a service");
        }
        if (existing.isEmpty() && network.get().publicSubnetIds().isEmpty()) {
            throw SettingException.invalid("existingVpc.publicSubnetIds", "is empty, so the load balancer of " + purpose
                    + " has nowhere to go", "[]", "list the public subnets of the adopted VPC");
        }
        if (desiredCount < 1 || desiredCount > 100) {
            throw SettingException.invalid("desiredCount", "must be between 1 and 100", desiredCount, "run at least one task");
        }
        requirePort("productionPort", productionPort);
        requirePort("testPort", testPort);
        if (productionPort == testPort) {
            throw SettingException.invalid("testPort", "must differ from productionPort (" + productionPort + ")", testPort,
                    "give the test listener its own port, e.g. 8443");
        }
        if (allowedCidrs.isEmpty()) {
            throw SettingException.invalid("allowedCidrs", "must list at least one block", allowedCidrs,
                    "use '0.0.0.0/0' for a public service");
        }
        requireCidrs("allowedCidrs", allowedCidrs);
        testListenerCidrs = testListenerCidrs.map(List::copyOf);
        testListenerCidrs.ifPresent(cidrs -> {
            if (cidrs.isEmpty()) {
                throw SettingException.invalid("testListenerCidrs", "must list at least one block", cidrs,
                        "leave it out to admit the VPC, or list the blocks your test clients come from");
            }
            requireCidrs("testListenerCidrs", cidrs);
            cidrs.stream().filter(cidr -> cidr.endsWith("/0")).findFirst().ifPresent(open -> {
                throw SettingException.invalid("testListenerCidrs", "opens the test listener to the internet", open,
                        "green answers there before it is approved by the traffic shift: list the blocks of your test clients, "
                                + "or leave it out to admit the VPC");
            });
        });
        if (terminationWaitMinutes < 0 || terminationWaitMinutes > 2880) {
            throw SettingException.invalid("terminationWaitMinutes", "must be between 0 and 2880", terminationWaitMinutes,
                    "5 minutes keeps the blue tasks ready for a quick rollback");
        }
        // The load balancer and target groups this module would create; an adopted service keeps its own names.
        if (existing.isEmpty()) {
            naming.name(ResourceType.LOAD_BALANCER, purpose);
            naming.name(ResourceType.TARGET_GROUP, purpose + "-green");
        }
    }

    private static void requireCidrs(String setting, List<String> cidrs) {
        for (String cidr : cidrs) {
            if (!CIDR.matcher(cidr).matches()) {
                throw SettingException.invalid(setting, "holds something that is not an IPv4 CIDR block", cidr,
                        "use blocks such as '203.0.113.0/24'");
            }
        }
    }

    static void requirePort(String setting, int port) {
        if (port < 1 || port > 65535) {
            throw SettingException.invalid(setting, "must be between 1 and 65535", port, "use a TCP port number");
        }
    }

    public static Builder builder(Naming naming, String purpose, NotificationsRef notifications) {
        return new Builder(naming, purpose, notifications);
    }

    /** Collects the optional settings; {@link #build()} applies the documented defaults. */
    public static final class Builder {
        private final Naming naming;
        private final String purpose;
        private final NotificationsRef notifications;
        private NetworkRef network;
        private String image;
        private ContainerSpec container = ContainerSpec.DEFAULT;
        private int desiredCount = DEFAULT_DESIRED_COUNT;
        private HealthCheck healthCheck = HealthCheck.defaults();
        private AcmCertificateArn certificate;
        private Integer productionPort;
        private Integer testPort;
        private List<String> allowedCidrs = List.of("0.0.0.0/0");
        private List<String> testListenerCidrs;
        private boolean loadBalancerWebAcl = DEFAULT_LOAD_BALANCER_WEB_ACL;
        private boolean loadBalancerAccessLogs = DEFAULT_LOAD_BALANCER_ACCESS_LOGS;
        private EcsDeploymentConfig deploymentConfig = EcsDeploymentConfig.DEFAULT;
        private int terminationWaitMinutes = DEFAULT_TERMINATION_WAIT_MINUTES;
        private ExistingEcsService existing;
        private String applicationName;
        private String deploymentGroupName;
        private String codeDeployRoleName;

        private Builder(Naming naming, String purpose, NotificationsRef notifications) {
            this.naming = naming;
            this.purpose = purpose;
            this.notifications = notifications;
        }

        public Builder network(NetworkRef value) { this.network = value; return this; }
        public Builder image(String value) { this.image = value; return this; }
        public Builder container(ContainerSpec value) { this.container = value; return this; }
        public Builder desiredCount(int value) { this.desiredCount = value; return this; }
        public Builder healthCheck(HealthCheck value) { this.healthCheck = value; return this; }
        public Builder certificate(AcmCertificateArn value) { this.certificate = value; return this; }
        public Builder productionPort(int value) { this.productionPort = value; return this; }
        public Builder testPort(int value) { this.testPort = value; return this; }
        public Builder allowedCidrs(List<String> value) { this.allowedCidrs = value; return this; }
        public Builder testListenerCidrs(List<String> value) { this.testListenerCidrs = value; return this; }
        public Builder loadBalancerWebAcl(boolean value) { this.loadBalancerWebAcl = value; return this; }
        public Builder loadBalancerAccessLogs(boolean value) { this.loadBalancerAccessLogs = value; return this; }
        public Builder deploymentConfig(EcsDeploymentConfig value) { this.deploymentConfig = value; return this; }
        public Builder terminationWaitMinutes(int value) { this.terminationWaitMinutes = value; return this; }
        public Builder existing(ExistingEcsService value) { this.existing = value; return this; }
        public Builder applicationName(String value) { this.applicationName = value; return this; }
        public Builder deploymentGroupName(String value) { this.deploymentGroupName = value; return this; }
        public Builder codeDeployRoleName(String value) { this.codeDeployRoleName = value; return this; }

        public BlueGreenServiceProps build() {
            boolean https = certificate != null;
            int production = existing != null ? existing.productionPort() : productionPort != null ? productionPort : https ? 443 : 80;
            int test = existing != null ? existing.testPort() : testPort != null ? testPort : https ? 8443 : 8080;
            ContainerSpec spec = existing == null ? container
                    : new ContainerSpec(existing.containerName(), existing.containerPort(), container.cpu(), container.memoryMiB(),
                            container.environment(), container.secrets());
            return new BlueGreenServiceProps(naming, purpose, notifications, Optional.ofNullable(network), Optional.ofNullable(image),
                    spec, desiredCount, healthCheck, Optional.ofNullable(certificate), production, test, allowedCidrs,
                    Optional.ofNullable(testListenerCidrs), loadBalancerWebAcl, loadBalancerAccessLogs,
                    deploymentConfig, terminationWaitMinutes, Optional.ofNullable(existing),
                    applicationName != null ? applicationName : BlueGreenDeploymentProps.defaultApplicationName(naming, purpose),
                    deploymentGroupName != null ? deploymentGroupName : BlueGreenDeploymentProps.defaultDeploymentGroupName(naming, purpose),
                    codeDeployRoleName != null ? codeDeployRoleName : BlueGreenDeploymentProps.defaultRoleName(naming, purpose));
        }
    }
}
