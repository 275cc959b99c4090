"""KMS key lookup for the s3-seed sandbox (patch 5 in launch.py).

moto's S3 accepts any SSE-KMS key ID without asking KMS, and never checks KMS permissions. The
sandbox checks them itself (kms:Decrypt, kms:GenerateDataKey, kms:Encrypt on the key ARN), so it
needs the ARN behind a key ID, key ARN, alias name or alias ARN, as KMS DescribeKey resolves it:

- POST /moto-api/s3-seed/kms-key {region, keyId, account?} answers {keyId, arn, account, policy}, or
  404 with {code: "NotFoundException"} when moto's KMS has no such key in that Region. A key or alias
  ARN names its own Region and account (a key of another account); `policy` is the key policy, for
  the sandbox's cross-account check.

Like the rest of /moto-api, the route needs no signature: only the sandbox (on loopback) calls it.
"""
import json

from moto.core import DEFAULT_ACCOUNT_ID
from moto.kms.models import kms_backends
from moto.moto_api._internal import urls as moto_api_urls


def kms_key_route(request, full_url, headers):
    payload = json.loads(request.get_data() or b"{}")  # the sandbox sends application/json
    key_id = payload.get("keyId", "")
    region = payload.get("region") or "us-east-1"
    account = payload.get("account") or DEFAULT_ACCOUNT_ID
    if key_id.startswith("arn:"):
        region = key_id.split(":")[3] or region
        account = key_id.split(":")[4] or account
    backend = kms_backends[account][region]
    try:
        key = backend.describe_key(key_id)
    except Exception:  # moto raises KeyError or its own NotFoundException, depending on the form of the ID
        body = {"code": "NotFoundException", "message": f"Key '{key_id}' does not exist in {region}"}
        return 404, {"content-type": "application/json"}, json.dumps(body)
    return 200, {"content-type": "application/json"}, json.dumps({"keyId": key.id, "arn": key.arn, "account": account, "policy": key.policy})


moto_api_urls.url_paths["{0}/moto-api/s3-seed/kms-key$"] = kms_key_route
