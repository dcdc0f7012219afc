"""boto3 clients for the project's emulator scripts, refused for anything but the local emulator:
these scripts create and delete resources freely, which must never reach a real account."""
import os
import sys

# The operator tools' shared helper lives one level up (scripts/aws_env.py).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aws_env  # noqa: E402

REGION = aws_env.REGION


def client(service, script, role_arn=None):
    """A client in the emulator's default account or, with role_arn, in the role's account: the
    emulator answers AssumeRole with credentials of the account the ARN names, as AWS does."""
    endpoint = aws_env.ENDPOINT or ""
    if not endpoint.startswith(("http://127.0.0.1:", "http://localhost:")):
        sys.exit(f"{script} only talks to the local emulator, got {endpoint}")
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    if role_arn:
        assumed = aws_env.client("sts", **credentials).assume_role(
            RoleArn=role_arn, RoleSessionName=script.replace(".", "-"))["Credentials"]
        credentials = {"aws_access_key_id": assumed["AccessKeyId"], "aws_secret_access_key": assumed["SecretAccessKey"],
                       "aws_session_token": assumed["SessionToken"]}
    return aws_env.client(service, **credentials)
