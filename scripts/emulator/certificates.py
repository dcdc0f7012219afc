#!/usr/bin/env python3
"""Imports into the local AWS API a TLS certificate for each ECS_FARGATE service of
config/platform.json, for an environment that requires HTTPS (blueprint A in prod; the caller
decides: AtlantisIT asks the app's own config). It stands in for the team that issues the
account's certificates; only the emulator ever gets it. Each certificate is self-signed for
<service>.<suffix>.example.com and imported (ISSUED, as an imported certificate is). The emulator
ends with its run, so nothing deletes them.

Their ARNs are generated, so the script writes an overlay for config/platform.json (the app reads
it from PLATFORM_CONFIG_OVERLAY; merge it with others) that sets services.<name>.certificateArn.

Usage: AWS_ENDPOINT_URL=http://127.0.0.1:PORT python3 scripts/emulator/certificates.py create SUFFIX OVERLAY_FILE
"""
import datetime
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import local_aws

ROOT = local_aws.aws_env.ROOT


def served():
    """The services whose load balancer the platform creates (ECS_FARGATE)."""
    with open(os.path.join(ROOT, "config", "platform.json")) as f:
        config = json.load(f)
    return sorted(name for name, s in config.get("services", {}).items() if s.get("blueprint") == "ECS_FARGATE")


def self_signed(domain):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now)
                   .not_valid_after(now + datetime.timedelta(days=30))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName(domain)]), critical=False)
                   .sign(key, hashes.SHA256()))
    return (certificate.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def create(suffix, overlay_file):
    acm = local_aws.client("acm", "certificates.py")
    arns = {}
    for service in served():
        body, key = self_signed(f"{service}.{suffix}.example.com")
        arns[service] = acm.import_certificate(Certificate=body, PrivateKey=key)["CertificateArn"]
    with open(overlay_file, "w") as f:
        json.dump({"environments": {suffix: {"services": {s: {"certificateArn": arn} for s, arn in arns.items()}}}}, f, indent=2)
    print(json.dumps(arns))


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "create":
        sys.exit("usage: certificates.py create SUFFIX OVERLAY_FILE")
    create(sys.argv[2], sys.argv[3])
