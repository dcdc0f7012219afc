package io.bluegreen.core;

import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.provider.AwsProviderConfig;

/** A fresh stack with an AWS provider, as a stack in the app would have, for module tests. */
public final class TestStacks {
    private TestStacks() {
    }

    public static TerraformStack withAwsProvider() {
        TerraformStack stack = new TerraformStack(Testing.app(), "test");
        new AwsProvider(stack, "aws", AwsProviderConfig.builder().region("us-east-1").build());
        return stack;
    }
}
