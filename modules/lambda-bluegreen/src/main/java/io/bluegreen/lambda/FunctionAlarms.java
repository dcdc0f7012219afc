package io.bluegreen.lambda;

import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmConfig;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmMetricQuery;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmMetricQueryMetric;
import io.bluegreen.core.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * The alarms that roll a deployment back and tell the topic, on the alias's metrics (the calls
 * production traffic makes, old and new version alike): error rate over two consecutive minutes
 * by metric math (D6) and errors within five minutes (C7). No calls is not an error.
 */
final class FunctionAlarms {
    private final Construct scope;
    private final BlueGreenFunctionProps props;
    private final Map<String, String> dimensions;

    FunctionAlarms(Construct scope, BlueGreenFunctionProps props) {
        this.scope = scope;
        this.props = props;
        this.dimensions = new TreeMap<>(Map.of(
                "FunctionName", props.functionName(),
                "Resource", props.functionName() + ":" + props.aliasName()));
    }

    List<CloudwatchMetricAlarm> create() {
        return List.of(errorRate(), errorCount());
    }

    private CloudwatchMetricAlarm errorRate() {
        return new CloudwatchMetricAlarm(scope, "alarm-error-rate", base("error-rate")
                .alarmDescription("More than " + props.errorRatePercent() + "% of the calls to " + props.functionName()
                        + " fail for 2 minutes in a row; CodeDeploy rolls a deployment back on it")
                .evaluationPeriods(2)
                .threshold(props.errorRatePercent())
                .comparisonOperator("GreaterThanThreshold")
                .metricQuery(List.of(
                        CloudwatchMetricAlarmMetricQuery.builder()
                                .id("rate")
                                .label("Error rate (%)")
                                .expression("IF(invocations > 0, 100 * errors / invocations, 0)")
                                .returnData(true)
                                .build(),
                        query("errors", "Errors"),
                        query("invocations", "Invocations")))
                .build());
    }

    private CloudwatchMetricAlarm errorCount() {
        return new CloudwatchMetricAlarm(scope, "alarm-errors", base("errors")
                .alarmDescription(props.errorCount() + " or more calls to " + props.functionName()
                        + " failed within 5 minutes; CodeDeploy rolls a deployment back on it")
                .namespace("AWS/Lambda")
                .metricName("Errors")
                .dimensions(dimensions)
                .statistic("Sum")
                .period(300)
                .evaluationPeriods(1)
                .threshold(props.errorCount())
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .build());
    }

    private CloudwatchMetricAlarmConfig.Builder base(String what) {
        return CloudwatchMetricAlarmConfig.builder()
                .alarmName(props.naming().name(ResourceType.ALARM, props.purpose() + "-" + what))
                .treatMissingData("notBreaching")
                .alarmActions(props.notifications().alarmActions())
                .okActions(props.notifications().alarmActions());
    }

    private CloudwatchMetricAlarmMetricQuery query(String id, String metric) {
        return CloudwatchMetricAlarmMetricQuery.builder()
                .id(id)
                .returnData(false)
                .metric(CloudwatchMetricAlarmMetricQueryMetric.builder()
                        .namespace("AWS/Lambda")
                        .metricName(metric)
                        .dimensions(dimensions)
                        .stat("Sum")
                        .period(60)
                        .build())
                .build();
    }
}
