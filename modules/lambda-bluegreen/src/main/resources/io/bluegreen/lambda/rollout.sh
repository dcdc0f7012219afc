# Terraform changed the function's configuration and the provider published it as TARGET_VERSION;
# the alias, which CodeDeploy owns, still serves the version before. Ask CodeDeploy to shift it,
# with the deployment group's config, alarms and rollback, as a release does. Returns once the
# deployment is created: a linear shift outlasts any apply, and the ledger and the topic hear how
# it ends. The AppSpec is YAML in flow style, its version the text '0.0' (never a number a tool
# may print as 0). Terraform reads this as a template: no dollar-brace or percent-brace here.
set -eu
# The stack's region, whatever the shell running Terraform exported: AWS CLI v1 reads AWS_DEFAULT_REGION only.
export AWS_DEFAULT_REGION="$AWS_REGION"
current="$(aws lambda get-alias --function-name "$FUNCTION_NAME" --name "$ALIAS_NAME" --query FunctionVersion --output text)"
if [ "$current" = "$TARGET_VERSION" ]; then
  echo "$ALIAS_NAME of $FUNCTION_NAME already serves version $TARGET_VERSION: nothing to roll out"
  exit 0
fi
appspec="{version: '0.0', Resources: [{function: {Type: 'AWS::Lambda::Function', Properties: {Name: '$FUNCTION_NAME', Alias: '$ALIAS_NAME', CurrentVersion: '$current', TargetVersion: '$TARGET_VERSION'}}}]}"
deployment="$(aws deploy create-deployment --application-name "$APPLICATION_NAME" --deployment-group-name "$DEPLOYMENT_GROUP_NAME" \
  --description "Terraform changed the configuration of $FUNCTION_NAME" \
  --revision "{\"revisionType\": \"AppSpecContent\", \"appSpecContent\": {\"content\": \"$appspec\"}}" \
  --query deploymentId --output text)"
echo "CodeDeploy deployment $deployment shifts $ALIAS_NAME of $FUNCTION_NAME from version $current to $TARGET_VERSION"
