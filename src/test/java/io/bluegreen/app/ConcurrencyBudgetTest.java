package io.bluegreen.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.Testing;
import io.bluegreen.app.blueprint.StackBasics;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.core.EnvironmentSuffix;
import io.bluegreen.core.SettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Reserved Lambda concurrency is an account budget (C4, D3): named environments reserve the
 * blueprints' figures, previews none unless their settings say so, and every environment of one
 * account together, plus the 100 executions AWS keeps unreserved, must fit the account's quota.
 */
class ConcurrencyBudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    /** The checked-in config: payments-api (D) and catalog-api (C) are its Lambda services. */
    private static ObjectNode checkedIn() throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(ROOT.resolve(PlatformConfig.FILE)));
    }

    private static Map<String, Optional<Integer>> reservations(EnvironmentConfig config) {
        Map<String, Optional<Integer>> reserved = new TreeMap<>();
        config.services().forEach(service -> reserved.put(service.name(), service.reservedConcurrency()));
        return reserved;
    }

    @Test
    void namedEnvironmentsReserveTheBlueprintsFiguresAndPreviewsNone() throws Exception {
        EnvironmentConfig dev = PlatformConfig.resolve(checkedIn(), new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds());
        assertEquals(Optional.of(100), reservations(dev).get("payments-api"));
        assertEquals(Optional.of(50), reservations(dev).get("catalog-api"));
        assertEquals(Optional.empty(), reservations(dev).get("web"));
        assertEquals(150, dev.reservedLambdaConcurrency());
        EnvironmentConfig preview = PlatformConfig.resolve(checkedIn(), new EnvironmentSuffix("pr-7"), Blueprints.DEFAULT.kinds());
        assertEquals(0, preview.reservedLambdaConcurrency());
        assertEquals(Optional.empty(), reservations(preview).get("payments-api"));
    }

    @Test
    void aPreviewReservesWhatItsSettingsAsk() throws Exception {
        ObjectNode root = checkedIn();
        ((ObjectNode) root.path("profiles").path("preview")).put("reservedConcurrency", true);
        assertEquals(150, PlatformConfig.resolve(root, new EnvironmentSuffix("pr-7"), Blueprints.DEFAULT.kinds()).reservedLambdaConcurrency());

        ObjectNode own = checkedIn();
        ((ObjectNode) own.path("services").path("payments-api")).put("reservedConcurrency", 5);
        assertEquals(5, PlatformConfig.resolve(own, new EnvironmentSuffix("pr-7"), Blueprints.DEFAULT.kinds()).reservedLambdaConcurrency(),
                "a service's own figure holds in a preview too");
    }

    @Test
    void theEnvironmentsOfOneAccountMustFitItsQuotaBesideTheHundredAwsKeeps() throws Exception {
        ObjectNode root = checkedIn();
        ((ObjectNode) root.path("settings")).put("lambdaConcurrencyQuota", 500);
        SettingException error = assertThrows(SettingException.class, () -> PlatformConfig.resolve(root, new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()));
        assertEquals("lambdaConcurrencyQuota is too small for the Lambda executions that dev (150), staging (150), prod (150) "
                + "reserve in their account: 450 reserved + 100 AWS keeps unreserved = 550, got '500'; ask for a higher "
                + "'Concurrent executions' quota of Lambda in Service Quotas and set lambdaConcurrencyQuota to it, set "
                + "reservedConcurrency to false in a profile, lower services.<name>.reservedConcurrency, or give environments in "
                + "other accounts their awsAccountId", error.getMessage());
        ((ObjectNode) root.path("settings")).put("lambdaConcurrencyQuota", 550);
        assertEquals(150, PlatformConfig.resolve(root, new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()).reservedLambdaConcurrency(), "exactly full fits");
    }

    @Test
    void aFreshAccountsQuotaOfTenIsRefusedBeforeAnyDeploy() throws Exception {
        ObjectNode root = checkedIn();
        ((ObjectNode) root.path("profiles").path("preview")).put("lambdaConcurrencyQuota", 10);
        SettingException error = assertThrows(SettingException.class, () -> PlatformConfig.resolve(root, new EnvironmentSuffix("pr-3"), Blueprints.DEFAULT.kinds()));
        assertEquals("lambdaConcurrencyQuota is below the 100 executions AWS keeps unreserved, got '10'; use the account's "
                + "'Concurrent executions' quota from Service Quotas", error.getMessage());
    }

    @Test
    void environmentsInOtherAccountsDoNotCount() throws Exception {
        ObjectNode root = checkedIn();
        ((ObjectNode) root.path("settings")).put("lambdaConcurrencyQuota", 300);
        ((ObjectNode) root.path("environments").path("dev")).put("awsAccountId", "111111111111");
        ((ObjectNode) root.path("environments").path("staging")).put("awsAccountId", "222222222222");
        ((ObjectNode) root.path("environments").path("prod")).put("awsAccountId", "333333333333");
        assertEquals(Optional.of("111111111111"), PlatformConfig.resolve(root, new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()).awsAccountId());

        ((ObjectNode) root.path("environments").path("staging")).put("awsAccountId", "111111111111");
        SettingException error = assertThrows(SettingException.class, () -> PlatformConfig.resolve(root, new EnvironmentSuffix("dev"), Blueprints.DEFAULT.kinds()));
        assertEquals("lambdaConcurrencyQuota is too small for the Lambda executions that dev (150), staging (150) reserve in account "
                + "111111111111: 300 reserved + 100 AWS keeps unreserved = 400, got '300'; ask for a higher 'Concurrent executions' "
                + "quota of Lambda in Service Quotas and set lambdaConcurrencyQuota to it, set reservedConcurrency to false in a "
                + "profile, lower services.<name>.reservedConcurrency, or give environments in other accounts their awsAccountId",
                error.getMessage());
    }

    @Test
    void aBadAccountIdIsRefused() throws Exception {
        ObjectNode root = checkedIn();
        ((ObjectNode) root.path("environments").path("prod")).put("awsAccountId", "12345");
        SettingException error = assertThrows(SettingException.class, () -> PlatformConfig.resolve(root, new EnvironmentSuffix("prod"), Blueprints.DEFAULT.kinds()));
        assertEquals("awsAccountId must be a 12-digit AWS account id, got '12345'; use the id of the account this environment is "
                + "deployed to, e.g. '123456789012'", error.getMessage());
    }

    @Test
    void theProviderOfAnEnvironmentWithAnAccountRefusesEveryOther() throws Exception {
        ObjectNode root = checkedIn();
        ((ObjectNode) root.path("environments").path("prod")).put("awsAccountId", "333333333333");
        EnvironmentConfig prod = PlatformConfig.resolve(root, new EnvironmentSuffix("prod"), Blueprints.DEFAULT.kinds());
        TerraformStack stack = new TerraformStack(new App(), "platform");
        StackBasics.environmentStack(stack, "platform", prod, BackendSettings.load(ROOT.resolve(BackendSettings.FILE)));
        JsonNode provider = JSON.readTree(Testing.synth(stack, true)).path("provider").path("aws").get(0);
        assertEquals(List.of("333333333333"), List.of(provider.path("allowed_account_ids").get(0).asText()));
        assertEquals(1, provider.path("allowed_account_ids").size());
    }
}
