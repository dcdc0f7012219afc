#!/usr/bin/env python3
"""Prints the last N entries of an environment's deployment ledger, newest first, as a table.

Usage: python3 scripts/ledger.py SUFFIX [N]     (N defaults to 20)

Reads ddb-ledger-SUFFIX through its environment-timestamp index with the usual AWS credential
chain (AWS_PROFILE, AWS_REGION, ...); AWS_ENDPOINT_URL points it at the local emulator. Needs
boto3 (installed with moto, or pip install boto3) and dynamodb:Query on the table and index.
"""
import sys

from aws_env import client

COLUMNS = ("time", "kind", "pipeline/application", "stage/action", "state", "deploymentId", "config")


def rows(suffix, limit):
    answer = client("dynamodb").query(
        TableName=f"ddb-ledger-{suffix}",
        IndexName="environment-timestamp",
        KeyConditionExpression="#e = :e",
        ExpressionAttributeNames={"#e": "environment"},
        ExpressionAttributeValues={":e": {"S": suffix}},
        ScanIndexForward=False,
        Limit=limit,
    )
    for item in answer["Items"]:
        value = {key: attribute["S"] for key, attribute in item.items()}
        where = "/".join(v for v in (value.get("stage"), value.get("action")) if v)
        yield (value["eventTime"], value["kind"], value.get("pipeline") or value.get("application", ""),
               where or value.get("deploymentGroup", ""), value["state"], value["deploymentId"],
               value.get("deploymentConfig", ""))


def main(argv):
    if len(argv) not in (2, 3) or (len(argv) == 3 and not argv[2].isdigit()):
        sys.exit("usage: ledger.py SUFFIX [N]")
    table = [COLUMNS, *rows(argv[1], int(argv[2]) if len(argv) == 3 else 20)]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main(sys.argv)
