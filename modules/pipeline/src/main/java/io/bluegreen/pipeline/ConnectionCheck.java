package io.bluegreen.pipeline;

import com.hashicorp.cdktf.Postcondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.data_aws_codestarconnections_connection.DataAwsCodestarconnectionsConnection;
import com.hashicorp.cdktf.providers.aws.data_aws_codestarconnections_connection.DataAwsCodestarconnectionsConnectionConfig;
import java.util.List;
import software.constructs.Construct;

/**
 * A GitHub source's connection, read at every plan: a connection stays {@code PENDING} until a
 * person completes its handshake in the console, and a deleted one is gone, and either way every
 * run of the pipeline would fail at its Source stage from the first push on. The plan stops
 * instead, naming the connection, its status and the console page that completes it.
 */
final class ConnectionCheck {
    private ConnectionCheck() {
    }

    static DataAwsCodestarconnectionsConnection read(Construct scope, String pipelineName, Source.GitHub gitHub) {
        return new DataAwsCodestarconnectionsConnection(scope, "connection", DataAwsCodestarconnectionsConnectionConfig.builder()
                .arn(gitHub.connectionArn())
                .lifecycle(TerraformResourceLifecycle.builder().postcondition(List.of(Postcondition.builder()
                        .condition("${self.connection_status == \"AVAILABLE\"}")
                        .errorMessage(message(pipelineName, gitHub.connectionArn()))
                        .build())).build())
                .build());
    }

    private static String message(String pipelineName, String connectionArn) {
        String region = connectionArn.split(":")[3];
        return "The connection " + connectionArn + " of the " + pipelineName + " pipeline is ${self.connection_status}, not AVAILABLE: "
                + "every run would fail at Source. A person with access to the GitHub organization completes it at "
                + "https://" + region + ".console.aws.amazon.com/codesuite/settings/connections?region=" + region
                + " (choose the connection, then Update pending connection); plan again once it is AVAILABLE.";
    }
}
