"""boto3 clients for the project's emulator scripts, refused for anything but the local emulator:
these scripts create and delete resources freely, which must never reach a real account."""
import os
import sys

import boto3

REGION = os.environ.get("AWS_REGION", "us-east-1")


def client(service, script):
    endpoint = os.environ["AWS_ENDPOINT_URL"]
    if not endpoint.startswith(("http://127.0.0.1:", "http://localhost:")):
        sys.exit(f"{script} only talks to the local emulator, got {endpoint}")
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint,
                        aws_access_key_id="test", aws_secret_access_key="test")
