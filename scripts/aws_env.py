"""The AWS client, region and endpoint every script of this project uses, in one place.

The region is AWS_REGION, else AWS_DEFAULT_REGION, else settings.region of config/platform.json
(the region the app deploys to), else whatever boto3 finds in the profile. AWS_ENDPOINT_URL, when
set, points every client at it (the local emulator); credentials come from the usual chain.
"""
import json
import os

import boto3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _configured_region():
    try:
        with open(os.path.join(ROOT, "config", "platform.json"), encoding="utf-8") as file:
            return json.load(file).get("settings", {}).get("region")
    except (OSError, ValueError):
        return None


REGION = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or _configured_region()
ENDPOINT = os.environ.get("AWS_ENDPOINT_URL") or None


def client(service, **kwargs):
    """A boto3 client in REGION, through ENDPOINT when one is set."""
    return boto3.client(service, region_name=REGION, endpoint_url=ENDPOINT, **kwargs)
