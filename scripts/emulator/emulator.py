#!/usr/bin/env python3
"""Local AWS API for this project's tests, scripts and benchmark: moto_server on loopback,
with the few fixes that make moto 5.2.1 behave like AWS for what the stacks create.

Usage: python3 scripts/emulator/emulator.py PORT [FILE]   (binds 127.0.0.1 only; stop it by its PID)
The CodeStar connections FILE names (config/platform.json) are authorized: AVAILABLE, as a
person leaves them in the console; any other connection is PENDING or does not exist. The
BuildKit image it names (settings.buildkitImage) is in every account's registry, as the
operator's one-time copy of moby/buildkit leaves it (docs/services.md: BuildKit for blueprint C).

The synthesized Terraform JSON is never changed for the emulator: Terraform reaches it through
AWS_ENDPOINT_URL alone. Each fix below says which moto behaviour it corrects and why it matters.
"""
import os
import sys

# AWS managed policy ARNs (e.g. AWSCodeDeployRoleForECS) must exist for role attachments to apply.
os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

from moto.iam import access_control  # noqa: E402
from moto.server import main  # noqa: E402


def _statement_with_unknown_condition_does_not_apply():
    """moto evaluates S3 bucket policies without any request context and ignores condition
    operators it does not implement (such as Bool), so 'Deny s3:* when aws:SecureTransport is
    false' - the TLS-only statement on every bucket of ours - denies every object call,
    Terraform's state lock included (HTTP 403). Here a statement whose condition keys the
    request does not carry is left out of the decision instead. The emulator listens on plain
    HTTP on loopback, so TLS enforcement itself is not what these runs can prove."""
    original = access_control.IAMPolicyStatement.is_action_permitted

    def is_action_permitted(self, action, resource="*", principal=None, incoming_condition_values=None):
        known = incoming_condition_values or {}
        for pairs in (self._statement.get("Condition") or {}).values():
            if any(key not in known for key in pairs):
                return access_control.PermissionResult.NEUTRAL
        return original(self, action, resource, principal, incoming_condition_values)

    access_control.IAMPolicyStatement.is_action_permitted = is_action_permitted


def _delete_markers_can_be_disposed():
    """Deleting every object of a versioned bucket (Terraform's force_destroy, the state bucket
    at the end of a test) fails with HTTP 500 in moto 5.2.1: removing a key disposes of all its
    versions, and a delete marker has no dispose(). A delete marker holds no buffer, so there is
    nothing to release."""
    from moto.s3.models import FakeDeleteMarker

    if not hasattr(FakeDeleteMarker, "dispose"):
        FakeDeleteMarker.dispose = lambda self, garbage=False: None


def _code_services_answer_epoch_timestamps():
    """CodeCommit, CodeDeploy and CodePipeline answer timestamps as ISO-8601 strings; the AWS SDK of the
    Terraform provider expects epoch numbers and fails every read with "expected Timestamp to be
    a JSON Number, got string instead". Their models format timestamps as epoch seconds here."""
    from moto.codecommit import models as codecommit
    from moto.codedeploy import models as codedeploy
    from moto.codepipeline import models as codepipeline
    from moto.core.utils import unix_time

    codecommit.iso_8601_datetime_with_milliseconds = lambda value=None: unix_time(value)
    codedeploy.iso_8601_datetime_with_milliseconds = lambda value=None: unix_time(value)
    codepipeline.iso_8601_datetime_with_milliseconds = lambda value=None: unix_time(value)


def _trust_policies_may_list_service_principals():
    """CodePipeline's CreatePipeline checks the role's trust policy, but compares the principal
    with 'in' against a list of Principal.Service values, so a trust policy that writes the
    principal as a one-element list (valid IAM, and how this project renders principals) is
    refused as 'not authorized to perform AssumeRole'. The check is repeated with lists
    flattened."""
    import json as _json

    from moto.codepipeline.models import CodePipelineBackend

    original = CodePipelineBackend.create_pipeline

    def create_pipeline(self, pipeline, tags):
        role = self.iam_backend.get_role_by_arn(pipeline["roleArn"])
        document = _json.loads(role.assume_role_policy_document)
        for statement in document["Statement"]:
            service = statement.get("Principal", {}).get("Service")
            if isinstance(service, list) and "codepipeline.amazonaws.com" in service:
                statement["Principal"]["Service"] = "codepipeline.amazonaws.com"
        saved = role.assume_role_policy_document
        role.assume_role_policy_document = _json.dumps(document)
        try:
            return original(self, pipeline, tags)
        finally:
            role.assume_role_policy_document = saved

    CodePipelineBackend.create_pipeline = create_pipeline


def _codebuild_projects_behave_like_aws():
    """moto's CodeBuild (a) demands a source and artifacts location even for type CODEPIPELINE,
    where AWS forbids one; (b) always reports encryptionKey alias/aws/s3 and drops fields such
    as badge or concurrency settings, a perpetual diff; (c) has no UpdateProject; (d) deletes by
    name only while the provider passes the ARN, so destroy 'succeeds' and the project leaks.
    Here locations are optional for CODEPIPELINE, the request's fields are stored and echoed,
    UpdateProject merges fields, and DeleteProject accepts an ARN."""
    import json as _json

    from moto.codebuild import responses
    from moto.codebuild.models import CodeBuildBackend

    validate_source = responses._validate_required_params_source
    validate_artifacts = responses._validate_required_params_artifacts

    def source_location_optional_for_pipelines(source):
        if source.get("type") not in ("CODEPIPELINE", "NO_SOURCE"):
            validate_source(source)

    def artifacts_location_optional_for_pipelines(artifacts):
        if artifacts.get("type") != "CODEPIPELINE":
            validate_artifacts(artifacts)

    responses._validate_required_params_source = source_location_optional_for_pipelines
    responses._validate_required_params_artifacts = artifacts_location_optional_for_pipelines

    def project_named(backend, name_or_arn):
        name = name_or_arn.split(":project/")[-1]
        return backend.codebuild_projects.get(name)

    def echo_request(project, request):
        for key, value in request.items():
            if key != "name" and value is not None:
                project.project_metadata[key] = value
        project.project_metadata["lastModifiedDate"] = __import__("time").time()

    original_create = responses.CodeBuildResponse.create_project

    def create_project(self):
        answer = original_create(self)
        project = project_named(self.codebuild_backend, self._get_param("name"))
        echo_request(project, _json.loads(self.body))
        return _json.dumps({"project": project.project_metadata})

    def update_project(self):
        request = _json.loads(self.body)
        project = project_named(self.codebuild_backend, request["name"])
        if project is None:
            from moto.codebuild.exceptions import ResourceNotFoundException
            raise ResourceNotFoundException(f"Project cannot be found: {request['name']}")
        echo_request(project, request)
        return _json.dumps({"project": project.project_metadata})

    def delete_project(self, project_name):
        name = project_name.split(":project/")[-1]
        self.build_metadata.pop(name, None)
        self.codebuild_projects.pop(name, None)

    responses.CodeBuildResponse.create_project = create_project
    responses.CodeBuildResponse.update_project = update_project
    CodeBuildBackend.delete_project = delete_project


def _codedeploy_groups_can_change_and_go():
    """moto's CodeDeploy has no DeleteApplication, DeleteDeploymentGroup or
    UpdateDeploymentGroup (HTTP 500: destroy and every day-2 change hang in retries), and
    GetDeploymentGroup answers an empty alarmConfiguration whatever was stored, and an empty
    loadBalancerInfo for a Lambda group, which has none: perpetual diffs. The calls are
    implemented on moto's own model, the stored alarms are echoed and an empty
    loadBalancerInfo is left out."""
    import json as _json

    from moto.codedeploy import responses
    from moto.codedeploy.models import DeploymentGroup

    original_to_dict = DeploymentGroup.to_dict

    def to_dict(self):
        answer = original_to_dict(self)
        answer["alarmConfiguration"] = self.alarm_configuration or {}
        if not answer.get("loadBalancerInfo"):
            answer.pop("loadBalancerInfo", None)
        return answer

    DeploymentGroup.to_dict = to_dict

    def delete_application(self):
        name = self._get_param("applicationName")
        self.codedeploy_backend.applications.pop(name, None)
        self.codedeploy_backend.deployment_groups.pop(name, None)
        return "{}"

    def delete_deployment_group(self):
        groups = self.codedeploy_backend.deployment_groups.get(self._get_param("applicationName"), {})
        groups.pop(self._get_param("deploymentGroupName"), None)
        return _json.dumps({"hooksNotCleanedUp": []})

    fields = {
        "deploymentConfigName": "deployment_config_name",
        "serviceRoleArn": "service_role_arn",
        "alarmConfiguration": "alarm_configuration",
        "autoRollbackConfiguration": "auto_rollback_configuration",
        "deploymentStyle": "deployment_style",
        "blueGreenDeploymentConfiguration": "blue_green_deployment_configuration",
        "loadBalancerInfo": "load_balancer_info",
        "ecsServices": "ecs_services",
        "triggerConfigurations": "trigger_configurations",
        "outdatedInstancesStrategy": "outdated_instances_strategy",
        "terminationHookEnabled": "termination_hook_enabled",
    }

    def update_deployment_group(self):
        backend = self.codedeploy_backend
        application = self._get_param("applicationName")
        current = self._get_param("currentDeploymentGroupName")
        group = backend.get_deployment_group(application, current)
        for param, attribute in fields.items():
            value = self._get_param(param)
            if value is not None:
                setattr(group, attribute, value)
        new_name = self._get_param("newDeploymentGroupName")
        if new_name and new_name != current:
            groups = backend.deployment_groups[application]
            groups[new_name] = groups.pop(current)
            group.deployment_group_name = new_name
        return _json.dumps({"hooksNotCleanedUp": []})

    responses.CodeDeployResponse.delete_application = delete_application
    responses.CodeDeployResponse.delete_deployment_group = delete_deployment_group
    responses.CodeDeployResponse.update_deployment_group = update_deployment_group


def _lambda_functions_answer_what_was_set():
    """moto's Lambda does not store KMSKeyArn: GetFunction answers none for a function whose
    environment a CMK encrypts, and the provider plans to set it on every run. And it answers an
    image function with an ImageConfigResponse of empty Command and EntryPoint lists that nobody
    set, which the provider plans to remove on every run; AWS leaves the block out. The key is
    stored on create and on configuration updates and echoed (published versions copy it); an
    empty image configuration is left out."""
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    def __init__(self, account_id, spec, region, version=1):
        original_init(self, account_id, spec, region, version)
        self.kms_key_arn = spec.get("KMSKeyArn") or None

    def get_configuration(self, on_create=False):
        config = original_get(self, on_create)
        if getattr(self, "kms_key_arn", None):
            config["KMSKeyArn"] = self.kms_key_arn
        image = config.get("ImageConfigResponse", {}).get("ImageConfig", {})
        if "ImageConfigResponse" in config and not any(image.values()):
            del config["ImageConfigResponse"]
        return config

    def update_configuration(self, config_updates):
        if "KMSKeyArn" in config_updates:
            self.kms_key_arn = config_updates["KMSKeyArn"] or None
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__
    LambdaFunction.get_configuration = get_configuration
    LambdaFunction.update_configuration = update_configuration


def _lambda_copies_share_the_logs_backend():
    """moto deep-copies a function when it publishes one on create (and when it lists them); the
    function holds the account's whole CloudWatch Logs backend, so the copy walks it while
    Terraform creates log groups in parallel: "dictionary changed size during iteration", HTTP
    500, then the provider retries CreateFunction for five minutes into 409s. A copy now shares
    the logs backend (a service, not part of the function) and copies the rest as before."""
    import copy

    from moto.awslambda.models import LambdaFunction

    def __deepcopy__(self, memo):
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for key, value in self.__getstate__().items():
            setattr(clone, key, value if key == "logs_backend" else copy.deepcopy(value, memo))
        return clone

    LambdaFunction.__deepcopy__ = __deepcopy__


def _ecs_services_echo_their_settings():
    """moto's ECS CreateService drops healthCheckGracePeriodSeconds, enableECSManagedTags,
    enableExecuteCommand and availabilityZoneRebalancing, so DescribeServices answers without
    them and every plan shows a diff on the service. They are stored on the service object,
    which moto's serializer reads by attribute name."""
    from moto.ecs import responses

    original = responses.EC2ContainerServiceResponse.create_service
    echoed = {
        "healthCheckGracePeriodSeconds": "health_check_grace_period_seconds",
        "enableECSManagedTags": "enable_ecs_managed_tags",
        "enableExecuteCommand": "enable_execute_command",
        "availabilityZoneRebalancing": "availability_zone_rebalancing",
    }

    def create_service(self):
        result = original(self)
        service = self.ecs_backend.describe_services(
            self._get_param("cluster", "default"), [self._get_param("serviceName")])[0][0]
        for param, attribute in echoed.items():
            value = self._get_param(param)
            if value is not None:
                setattr(service, attribute, value)
        return result

    responses.EC2ContainerServiceResponse.create_service = create_service


def _logging_targets_may_list_the_service_principal():
    """PutBucketLogging checks that the target bucket's policy lets logging.s3.amazonaws.com put
    objects, but moto compares Principal.Service with the name as a string, so a policy that
    writes it as a one-element list (valid IAM, how this project renders principals) is refused
    with InvalidTargetBucketForLogging. The check is repeated on the policy with lists flattened."""
    import json as _json
    from types import SimpleNamespace

    from moto.s3.models import FakeBucket

    original = FakeBucket._log_permissions_enabled_policy

    def enabled(target_bucket, target_prefix):
        if original(target_bucket, target_prefix):
            return True
        if not target_bucket.policy:
            return False
        policy = _json.loads(target_bucket.policy.decode())
        for statement in policy["Statement"]:
            service = statement.get("Principal", {}).get("Service")
            if isinstance(service, list) and len(service) == 1:
                statement["Principal"]["Service"] = service[0]
        flattened = SimpleNamespace(policy=_json.dumps(policy).encode(), partition=target_bucket.partition, name=target_bucket.name)
        return original(flattened, target_prefix)

    FakeBucket._log_permissions_enabled_policy = staticmethod(enabled)


def _codebuild_report_groups_exist():
    """moto 5.2.1's CodeBuild has no report groups: CreateReportGroup answers HTTP 500 and the
    provider retries for many minutes. The stacks declare one report group per test project (so a
    build never creates one that destroy would leave behind). Create, BatchGet, Update, Delete and
    List are implemented here on a store per backend, echoing what was given, with epoch timestamps
    as the provider's SDK expects."""
    import json as _json
    import time

    from moto.codebuild import responses

    def groups(response):
        backend = response.codebuild_backend
        if not hasattr(backend, "report_groups"):
            backend.report_groups = {}
        return backend.report_groups

    def create_report_group(self):
        request = _json.loads(self.body)
        arn = f"arn:aws:codebuild:{self.region}:{self.current_account}:report-group/{request['name']}"
        if arn in groups(self):
            from moto.codebuild.exceptions import ResourceAlreadyExistsException
            raise ResourceAlreadyExistsException(f"Report group {arn} already exists")
        now = time.time()
        groups(self)[arn] = {"arn": arn, "name": request["name"], "type": request["type"],
                             "exportConfig": request.get("exportConfig", {"exportConfigType": "NO_EXPORT"}),
                             "tags": request.get("tags", []), "created": now, "lastModified": now, "status": "ACTIVE"}
        return _json.dumps({"reportGroup": groups(self)[arn]})

    def batch_get_report_groups(self):
        arns = _json.loads(self.body)["reportGroupArns"]
        found = [groups(self)[arn] for arn in arns if arn in groups(self)]
        return _json.dumps({"reportGroups": found, "reportGroupsNotFound": [arn for arn in arns if arn not in groups(self)]})

    def update_report_group(self):
        request = _json.loads(self.body)
        group = groups(self)[request["arn"]]
        for key in ("exportConfig", "tags"):
            if key in request:
                group[key] = request[key]
        group["lastModified"] = time.time()
        return _json.dumps({"reportGroup": group})

    def delete_report_group(self):
        groups(self).pop(_json.loads(self.body)["arn"], None)
        return "{}"

    def list_report_groups(self):
        return _json.dumps({"reportGroups": sorted(groups(self))})

    responses.CodeBuildResponse.create_report_group = create_report_group
    responses.CodeBuildResponse.batch_get_report_groups = batch_get_report_groups
    responses.CodeBuildResponse.update_report_group = update_report_group
    responses.CodeBuildResponse.delete_report_group = delete_report_group
    responses.CodeBuildResponse.list_report_groups = list_report_groups


def _step_functions_execute_against_the_emulator(port):
    """moto only records StartExecution unless its config says to execute state machines; then
    its ASL interpreter runs them and its service integrations (DynamoDB PutItem, aws-sdk calls)
    reach the emulator at localhost:$MOTO_PORT. The ledger's workflow must really write items."""
    from moto.core.config import default_user_config

    default_user_config.setdefault("stepfunctions", {})["execute_state_machine"] = True
    os.environ["MOTO_PORT"] = str(port)


def _state_machines_answer_what_the_provider_reads():
    """The provider validates a state machine's definition while planning
    (ValidateStateMachineDefinition) and lists its published versions after creating it
    (ListStateMachineVersions); moto 5.2.1 has neither (HTTP 500, the provider retries for
    minutes). Validation is answered with moto's own ASL parser, the one that later runs the
    workflow: OK, or FAIL with its message, as AWS reports a definition it cannot parse. The
    versions are those moto records when a state machine is published (none here). moto also
    drops CreateStateMachine's type and describes every machine as STANDARD, so an EXPRESS
    workflow would be replaced on every plan: the type is stored and echoed."""
    from moto.core.responses import ActionResult
    from moto.stepfunctions import responses
    from moto.stepfunctions.parser.api import InvalidDefinition
    from moto.stepfunctions.parser.models import StepFunctionsParserBackend

    def validate_state_machine_definition(self):
        try:
            StepFunctionsParserBackend._validate_definition(definition=self._get_param("definition"))
        except InvalidDefinition as invalid:
            return ActionResult({"result": "FAIL", "truncated": False, "diagnostics": [
                {"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": getattr(invalid, "message", str(invalid))}]})
        return ActionResult({"result": "OK", "diagnostics": [], "truncated": False})

    def list_state_machine_versions(self):
        machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
        versions = [{"stateMachineVersionArn": v.arn, "creationDate": v.creation_date}
                    for _, v in sorted(machine.versions.items(), reverse=True)]
        return ActionResult({"stateMachineVersions": versions})

    original_create = responses.StepFunctionResponse.create_state_machine

    def create_state_machine(self):
        answer = original_create(self)
        machine = self.stepfunction_backend.describe_state_machine(answer.result["stateMachineArn"])
        machine.type = machine.sm_type = self._get_param("type") or "STANDARD"
        return answer

    responses.StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition
    responses.StepFunctionResponse.create_state_machine = create_state_machine
    responses.StepFunctionResponse.list_state_machine_versions = list_state_machine_versions


def _state_machines_run_more_than_once():
    """getmoto/moto#10077, fixed after 5.2.1 by PR #10093: StartExecution deep-copies the state
    machine, whose executions list holds the running thread and lock of every earlier execution,
    so the second execution of a state machine fails with "cannot pickle '_thread.RLock'". As the
    fix does, the copy gets an empty executions list: it is only a snapshot of the definition.
    The upstream fix misses a second path: each machine holds its backend, so the first execution
    of another machine (pr-1's ledger after dev's) copied dev's running executions too. The copy
    shares the backend instead."""
    import copy as _copy
    from types import SimpleNamespace

    from moto.stepfunctions.parser import models

    def deepcopy(value, memo=None):
        memo = {} if memo is None else memo
        executions = getattr(value, "executions", None)
        if isinstance(executions, list):
            memo[id(executions)] = []
        backend = getattr(value, "backend", None)
        if backend is not None:
            memo[id(backend)] = backend
        return _copy.deepcopy(value, memo)

    models.copy = SimpleNamespace(deepcopy=deepcopy, copy=_copy.copy)


def _aws_sdk_tasks_speak_the_api_casing():
    """Step Functions' aws-sdk integrations take parameters in the API's members capitalized
    ({"DeploymentId": ...}) and answer in the same casing ($.DeploymentInfo.DeploymentConfigName).
    moto 5.2.1's interpreter hands the parameters to boto3 unchanged (the call fails with
    States.Runtime "'DeploymentId'") and returns boto3's casing. Both are mapped through the
    operation's shapes here with the interpreter's own helpers, as AWS maps them."""
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_aws_sdk as sdk
    from moto.stepfunctions.parser.asl.utils.boto_client import boto_client_for

    def _eval_service_task(self, env, resource_runtime_part, normalised_parameters, state_credentials):
        client = boto_client_for(service=self._get_boto_service_name(), region=resource_runtime_part.region,
                                 state_credentials=state_credentials)
        action = self.resource.api_action
        operation = client.meta.service_model.operation_model(action[0].upper() + action[1:])
        self._to_boto_request(normalised_parameters, operation.input_shape)
        response = getattr(client, self._get_boto_service_action())(**normalised_parameters) or {}
        response.pop("ResponseMetadata", None)
        self._from_boto_response(response, operation.output_shape)
        env.stack.append(response)

    sdk.StateTaskServiceAwsSdk._eval_service_task = _eval_service_task


def _eventbridge_delivers_to_step_functions_and_sns():
    """moto's PutEvents delivers to log groups, SQS, archives and buses only; a matching rule
    whose target is a state machine or an SNS topic fails the whole call (NotImplementedError), and
    so does a schedule rule with any other target, which moto matches to every event.
    The ledger's rules start its workflow and the notification routes publish to the topic, so
    both are delivered here as EventBridge does: the event (or the target's input transformer's
    output) becomes the execution's input or the message. moto keeps an event's time as epoch
    seconds; AWS delivers it as ISO-8601 ('2026-11-23T10:15:30Z'), which the ledger's keys use.
    Executions are named after the event id, as EMULATOR.md advises."""
    import copy as _copy
    import json as _json
    from datetime import datetime, timezone

    from moto.events.models import Rule
    from moto.events.utils import EventTemplateParser
    from moto.sns.models import sns_backends
    from moto.stepfunctions.responses import get_backend
    from moto.utilities.arns import parse_arn

    original = Rule.send_to_targets
    delivered_here = ("states", "sns")

    def as_aws_delivers(event):
        aws_event = _copy.deepcopy(event)
        if isinstance(aws_event.get("time"), (int, float)):
            aws_event["time"] = datetime.fromtimestamp(aws_event["time"], tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return aws_event

    def send_to_targets(self, original_event, transform_input=True):
        # A schedule rule (the drift check's) matches no event; moto treats its empty pattern as matching all.
        if self.scheduled_expression and not self.event_pattern.get_pattern():
            return
        others = [t for t in self.targets if parse_arn(t["Arn"]).service not in delivered_here]
        if others:
            rest = _copy.copy(self)
            rest.targets = others
            original(rest, original_event, transform_input)
        if not self.event_pattern.matches_event(original_event):
            return
        event = as_aws_delivers(original_event)
        for target in self.targets:
            arn = parse_arn(target["Arn"])
            if arn.service not in delivered_here:
                continue
            transformer = target.get("InputTransformer")
            payload = (EventTemplateParser.parse(transformer.get("InputTemplate"), transformer.get("InputPathsMap", {}), event)
                       if transformer else event)
            message = payload if isinstance(payload, str) else _json.dumps(payload)
            if arn.service == "states":
                get_backend(arn.account, arn.region).start_execution(target["Arn"], name=event["id"], execution_input=message)
            else:
                sns_backends[arn.account][arn.region].publish(message, arn=target["Arn"])

    Rule.send_to_targets = send_to_targets


def _codecommit_repositories_carry_keys_and_tags():
    """moto's CodeCommit knows Create/Get/DeleteRepository only: the provider's tag calls and
    ListRepositories answer HTTP 500 (retried for minutes), and the repository's KMS key is
    dropped, so every plan would replace it. Here the key is stored and echoed in the metadata,
    and tags live in a small store per repository ARN that goes with the repository."""
    import json as _json

    from moto.codecommit.models import CodeCommitBackend
    from moto.codecommit.responses import CodeCommitResponse

    tags = {}
    original_create = CodeCommitResponse.create_repository
    original_delete = CodeCommitBackend.delete_repository

    def create_repository(self):
        answer = _json.loads(original_create(self))
        metadata = self.codecommit_backend.repositories[self._get_param("repositoryName")].repository_metadata
        metadata["kmsKeyId"] = self._get_param("kmsKeyId") or f"arn:aws:kms:{self.region}:{self.current_account}:alias/aws/codecommit"
        tags[metadata["Arn"]] = dict(self._get_param("tags") or {})
        answer["repositoryMetadata"] = metadata
        return _json.dumps(answer)

    def delete_repository(backend, repository_name):
        repository = backend.repositories.get(repository_name)
        if repository:
            tags.pop(repository.repository_metadata["Arn"], None)
        return original_delete(backend, repository_name)

    def list_tags_for_resource(self):
        return _json.dumps({"tags": tags.get(self._get_param("resourceArn"), {})})

    def tag_resource(self):
        tags.setdefault(self._get_param("resourceArn"), {}).update(self._get_param("tags") or {})
        return "{}"

    def untag_resource(self):
        held = tags.get(self._get_param("resourceArn"), {})
        for key in self._get_param("tagKeys") or []:
            held.pop(key, None)
        return "{}"

    def list_repositories(self):
        return _json.dumps({"repositories": [{"repositoryName": name, "repositoryId": r.repository_metadata["repositoryId"]}
                                             for name, r in sorted(self.codecommit_backend.repositories.items())]})

    CodeCommitResponse.create_repository = create_repository
    CodeCommitBackend.delete_repository = delete_repository
    CodeCommitResponse.list_tags_for_resource = list_tags_for_resource
    CodeCommitResponse.tag_resource = tag_resource
    CodeCommitResponse.untag_resource = untag_resource
    CodeCommitResponse.list_repositories = list_repositories


def _codecommit_approval_rule_templates_exist():
    """moto has no approval rule templates: the template and its association with a repository
    (what protects a branch in CodeCommit) are stored here as AWS's API describes them, a
    repository's associations going with it. No pull request is ever evaluated against them."""
    import hashlib
    import json as _json
    import time
    import uuid

    from moto.codecommit.models import CodeCommitBackend
    from moto.codecommit.responses import CodeCommitResponse
    from moto.core.exceptions import JsonRESTError

    templates = {}
    associations = {}
    original_delete = CodeCommitBackend.delete_repository

    def missing(name):
        return JsonRESTError("ApprovalRuleTemplateDoesNotExistException", f"The template {name} does not exist")

    def template(self, name):
        held = templates.get((self.current_account, self.region, name))
        if held is None:
            raise missing(name)
        return held

    def changed(held, user):
        held["ruleContentSha256"] = hashlib.sha256(held["approvalRuleTemplateContent"].encode()).hexdigest()
        held["lastModifiedDate"] = time.time()
        held["lastModifiedUser"] = user

    def create_approval_rule_template(self):
        name = self._get_param("approvalRuleTemplateName")
        key = (self.current_account, self.region, name)
        if key in templates:
            raise JsonRESTError("ApprovalRuleTemplateNameAlreadyExistsException", f"The template {name} already exists")
        held = {"approvalRuleTemplateId": str(uuid.uuid4()), "approvalRuleTemplateName": name,
                "approvalRuleTemplateDescription": self._get_param("approvalRuleTemplateDescription") or "",
                "approvalRuleTemplateContent": self._get_param("approvalRuleTemplateContent"), "creationDate": time.time()}
        changed(held, f"arn:aws:iam::{self.current_account}:root")
        templates[key] = held
        return _json.dumps({"approvalRuleTemplate": held})

    def get_approval_rule_template(self):
        return _json.dumps({"approvalRuleTemplate": template(self, self._get_param("approvalRuleTemplateName"))})

    def update_approval_rule_template_content(self):
        held = template(self, self._get_param("approvalRuleTemplateName"))
        held["approvalRuleTemplateContent"] = self._get_param("newRuleContent")
        changed(held, f"arn:aws:iam::{self.current_account}:root")
        return _json.dumps({"approvalRuleTemplate": held})

    def update_approval_rule_template_description(self):
        held = template(self, self._get_param("approvalRuleTemplateName"))
        held["approvalRuleTemplateDescription"] = self._get_param("approvalRuleTemplateDescription") or ""
        return _json.dumps({"approvalRuleTemplate": held})

    def delete_approval_rule_template(self):
        name = self._get_param("approvalRuleTemplateName")
        held = templates.pop((self.current_account, self.region, name), None)
        associations.pop((self.current_account, self.region, name), None)
        return _json.dumps({"approvalRuleTemplateId": held["approvalRuleTemplateId"] if held else ""})

    def associate_approval_rule_template_with_repository(self):
        name = self._get_param("approvalRuleTemplateName")
        template(self, name)
        repository = self._get_param("repositoryName")
        self.codecommit_backend.get_repository(repository)
        associations.setdefault((self.current_account, self.region, name), set()).add(repository)
        return "{}"

    def disassociate_approval_rule_template_from_repository(self):
        name = self._get_param("approvalRuleTemplateName")
        template(self, name)
        associations.get((self.current_account, self.region, name), set()).discard(self._get_param("repositoryName"))
        return "{}"

    def list_repositories_for_approval_rule_template(self):
        name = self._get_param("approvalRuleTemplateName")
        template(self, name)
        return _json.dumps({"repositoryNames": sorted(associations.get((self.current_account, self.region, name), set()))})

    def list_associated_approval_rule_templates_for_repository(self):
        repository = self._get_param("repositoryName")
        self.codecommit_backend.get_repository(repository)
        names = sorted(name for (account, region, name), held in associations.items()
                       if account == self.current_account and region == self.region and repository in held)
        return _json.dumps({"approvalRuleTemplateNames": names})

    def delete_repository(backend, repository_name):
        for (account, region, _), held in associations.items():
            if account == backend.account_id and region == backend.region_name:
                held.discard(repository_name)
        return original_delete(backend, repository_name)

    for handler in (create_approval_rule_template, get_approval_rule_template, update_approval_rule_template_content,
                    update_approval_rule_template_description, delete_approval_rule_template,
                    associate_approval_rule_template_with_repository, disassociate_approval_rule_template_from_repository,
                    list_repositories_for_approval_rule_template, list_associated_approval_rule_templates_for_repository):
        setattr(CodeCommitResponse, handler.__name__, handler)
    CodeCommitBackend.delete_repository = delete_repository


def _codestar_connections_exist(available):
    """moto has no CodeStar Connections (CodeConnections), which every GitHub source reads at
    plan time. Connections are kept here as AWS keeps them: CreateConnection makes one PENDING
    (on AWS a person then completes the handshake in the console); the ARNs in `available` stand
    for connections whose handshake is done (AVAILABLE). Any other ARN does not exist. The
    service is registered with moto's server as one of its own."""
    import json as _json
    import re
    import types
    import uuid

    from moto import backend_index
    from moto.core.base_backend import BackendDict, BaseBackend
    from moto.core.exceptions import JsonRESTError
    from moto.core.responses import BaseResponse

    class CodeStarConnectionsBackend(BaseBackend):
        def __init__(self, region_name, account_id):
            super().__init__(region_name, account_id)
            self.connections = {}
            for arn in available:
                _, _, _, region, account, resource = arn.split(":", 5)
                if region == region_name and account == account_id:
                    self.connections[arn] = {"ConnectionName": resource.split("/")[-1][:32], "ConnectionArn": arn,
                                             "ProviderType": "GitHub", "OwnerAccountId": account, "ConnectionStatus": "AVAILABLE"}

        def find(self, arn):
            if arn not in self.connections:
                raise JsonRESTError("ResourceNotFoundException", f"Connection {arn} does not exist")
            return self.connections[arn]

    CodeStarConnectionsBackend.__module__ = "moto.codestarconnections.models"
    backends = BackendDict(CodeStarConnectionsBackend, "codestar-connections")

    class CodeStarConnectionsResponse(BaseResponse):
        def __init__(self):
            super().__init__(service_name="codestar-connections")

        @property
        def backend(self):
            return backends[self.current_account][self.region]

        def create_connection(self):
            arn = f"arn:aws:codestar-connections:{self.region}:{self.current_account}:connection/{uuid.uuid4()}"
            self.backend.connections[arn] = {"ConnectionName": self._get_param("ConnectionName"), "ConnectionArn": arn,
                                             "ProviderType": self._get_param("ProviderType") or "GitHub",
                                             "OwnerAccountId": self.current_account, "ConnectionStatus": "PENDING"}
            return _json.dumps({"ConnectionArn": arn, "Tags": []})

        def get_connection(self):
            return _json.dumps({"Connection": self.backend.find(self._get_param("ConnectionArn"))})

        def list_connections(self):
            return _json.dumps({"Connections": list(self.backend.connections.values())})

        def delete_connection(self):
            arn = self._get_param("ConnectionArn")
            self.backend.find(arn)
            del self.backend.connections[arn]
            return "{}"

        def list_tags_for_resource(self):
            self.backend.find(self._get_param("ResourceArn"))
            return _json.dumps({"Tags": []})

    package = types.ModuleType("moto.codestarconnections")
    package.__path__ = []
    package.codestarconnections_backends = backends
    models = types.ModuleType("moto.codestarconnections.models")
    urls = types.ModuleType("moto.codestarconnections.urls")
    urls.url_bases = [r"https?://codestar-connections\.(.+)\.amazonaws\.com"]
    urls.url_paths = {"{0}/$": CodeStarConnectionsResponse.dispatch}
    sys.modules.update({package.__name__: package, models.__name__: models, urls.__name__: urls})
    backend_index.backend_url_patterns.append(("codestar-connections", re.compile(urls.url_bases[0])))


def _tagging_api_skips_untagged_resources():
    """The Resource Groups Tagging API fails (500) on an ECS cluster created without tags, whose
    tags moto keeps as None; AWS simply has no tags to match there."""
    from moto.ecs.models import Cluster

    original = Cluster.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.tags = self.tags or []

    Cluster.__init__ = init


def _buildkit_image_is_copied(name):
    """Every account's registry holds the image settings.buildkitImage names ('<repository>:<tag>'),
    as the operator's one-time copy of moby/buildkit leaves it: blueprint C's plan reads its digest.
    An ECR manifest stands in for the image; what Docker would pull from it is not emulated."""
    if not name or ":" not in name:
        return
    import json as _json
    from moto.ecr.models import ECRBackend

    repository, tag = name.rsplit(":", 1)
    manifest = _json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 2,
                                       "digest": "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
                            "layers": []})
    original = ECRBackend.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.create_repository(repository, self.account_id, {"encryptionType": "AES256"}, {"scanOnPush": False}, "IMMUTABLE", [])
        self.put_image(repository, manifest, tag)

    ECRBackend.__init__ = init


def _settings_of(path):
    import json as _json

    with open(path, encoding="utf-8") as file:
        return _json.load(file).get("settings", {})


def _connection_arns(path):
    """The CodeStar connection ARNs a file names: those of the configuration, authorized."""
    import re

    with open(path, encoding="utf-8") as file:
        return sorted(set(re.findall(r"arn:aws[a-z-]*:(?:codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection/[A-Za-z0-9-]+",
                                     file.read())))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or not sys.argv[1].isdigit():
        sys.exit("usage: emulator.py PORT [FILE: the connections it names are authorized, its BuildKit image copied; e.g. config/platform.json]")
    _statement_with_unknown_condition_does_not_apply()
    _delete_markers_can_be_disposed()
    _code_services_answer_epoch_timestamps()
    _trust_policies_may_list_service_principals()
    _codebuild_projects_behave_like_aws()
    _codedeploy_groups_can_change_and_go()
    _lambda_functions_answer_what_was_set()
    _lambda_copies_share_the_logs_backend()
    _ecs_services_echo_their_settings()
    _logging_targets_may_list_the_service_principal()
    _codebuild_report_groups_exist()
    _step_functions_execute_against_the_emulator(sys.argv[1])
    _state_machines_answer_what_the_provider_reads()
    _state_machines_run_more_than_once()
    _aws_sdk_tasks_speak_the_api_casing()
    _eventbridge_delivers_to_step_functions_and_sns()
    _codecommit_repositories_carry_keys_and_tags()
    _codecommit_approval_rule_templates_exist()
    _codestar_connections_exist(_connection_arns(sys.argv[2]) if len(sys.argv) == 3 else [])
    _buildkit_image_is_copied(_settings_of(sys.argv[2]).get("buildkitImage") if len(sys.argv) == 3 else None)
    _tagging_api_skips_untagged_resources()
    main(["-H", "127.0.0.1", "-p", sys.argv[1]])
