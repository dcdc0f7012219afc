#!/usr/bin/env python3
"""Local AWS API for this project's tests, scripts and benchmark: moto_server on loopback,
with the few fixes that make moto 5.2.1 behave like AWS for what the stacks create.

Usage: python3 scripts/emulator.py PORT   (binds 127.0.0.1 only; stop it by its PID)

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


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.exit("usage: emulator.py PORT")
    _statement_with_unknown_condition_does_not_apply()
    _delete_markers_can_be_disposed()
    main(["-H", "127.0.0.1", "-p", sys.argv[1]])
