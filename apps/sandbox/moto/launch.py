"""Starts moto_server with the fixes and additions the s3-seed sandbox needs.

1. Service principals. moto checks a role's trust policy on sts:AssumeRole, but only knows AWS
   principals: a trust policy that names a Service (batchoperations.s3.amazonaws.com) crashes its
   check with a 500. The sandbox stands in for those services and assumes roles as its own admin
   user, so a Service-only statement matches that user (and no one else).

2. GetBucketReplication. moto stores the whole configuration but answers every rule with
   `Filter: {Prefix: ""}`, dropping the rule's real filter, its legacy Prefix, delete-marker setting
   and source selection criteria. The sandbox answers with the rules as they were put.

3. SigV4 for keys that need percent-encoding. moto re-derives the canonical URI from a URL that
   Werkzeug rebuilt and re-quoted with a different safe set, so keys with + , ' ( ) * ! etc. fail
   with SignatureDoesNotMatch. Verifying against the raw request path, as sent, fixes that.

4. Replication storage (s3seed_replication.py): objects carry x-amz-replication-status, and two
   private routes under /moto-api/s3-seed/ write a replica with the source version's own version ID
   and LastModified, filed by date, and set a version's replication status. The sandbox's gateway
   decides what to replicate; moto alone never replicates and cannot write a given version ID or date.

5. KMS key lookup (s3seed_kms.py): a private route that resolves a key ID, alias or ARN to the key's
   ARN in moto's KMS, so the sandbox can check the KMS permissions moto's S3 never checks.

6. No orphans: moto exits when the process that started it is gone (a test worker that was killed,
   or that ended without stopping its sandbox), so a sandbox never outlives its owner.

7. Less work per request. moto 5.2.1 lists its package directory (a stat of every entry) on every
   request to find its backends, a list that never changes while it runs, and Werkzeug logs a line
   per request that nobody reads. Listing once and logging only warnings halves moto's CPU per call
   (PutObject: 5.0 ms -> 2.5-3.1 ms), and moto's CPU is most of the sandbox's.

8. Checksums (s3seed_checksums.py): every upload gets a checksum as on S3 (a full-object CRC64NVME
   when it carries none), HeadObject with checksum mode answers its type and a composite checksum's
   part count, a copy keeps the source's checksum type, and CRC64NVME and CRC32C are computed for
   real (moto falls back to CRC32 without optional packages).

9. Accounts (s3seed_accounts.py): a private route creates an account's admin; two more answer who
   signs with an access key (account, ARN, identity policies) and who owns a bucket (account, bucket
   policy, ObjectOwnership), for the sandbox's cross-account checks. moto's own bucket-policy check
   is turned off (the sandbox evaluates bucket policies), each account gets its own canonical user
   ID and objects their owner, and S3 tags are shared by all accounts.

10. Job ARNs in policies. moto's policy validator refuses every S3 ARN with a Region or account
   but an access point's ("Resource … can not contain region information"), so an identity policy
   naming a Batch Operations job (`arn:aws:s3:<region>:<account>:job/<id>`, Service Authorization
   Reference, S3's `job` resource type) could not be put. It accepts them now; only the sandbox
   evaluates them (S3 Control's caller permissions), as moto never sees a job API call.

11. Temporary credentials (s3seed_sessions.py): a private route issues a session (access key, secret,
   session token) of an account's admin user, which acts as that user under enforcement, signature
   and token checked, and is answered as the user by GetCallerIdentity. moto's GetSessionToken
   answers fixed example keys that no user owns. The gateway enforces the session's expiry.

Usage: python3 launch.py [moto_server arguments]
"""
import logging
import os
import sys
import threading
import time

import moto.backends

from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.responses import ActionResult
from moto.iam.access_control import IAMPolicyStatement
from moto.iam.policy_validation import SERVICE_TYPE_REGION_INFORMATION_ERROR_ASSOCIATIONS
from moto.s3.exceptions import ReplicationConfigurationNotFoundError
from moto.s3.responses import S3Response
from moto.server import main

import s3seed_kms  # noqa: F401  (patch 5: registers its route on import)
import s3seed_replication  # noqa: F401  (patch 4: registers its routes on import)
import s3seed_checksums  # noqa: F401  (patch 8: patches moto's S3 on import)
import s3seed_accounts  # noqa: F401  (patch 9: registers its routes and patches moto's S3 on import)
import s3seed_sessions  # noqa: F401  (patch 11: registers its route and patches moto's IAM keys on import)

# Patch 7.
_MOTO_MODULES = tuple(moto.backends.list_of_moto_modules())
moto.backends.list_of_moto_modules = lambda: _MOTO_MODULES
logging.getLogger("werkzeug").setLevel(logging.WARNING)

SANDBOX_ADMIN = ":user/sandbox-admin"

_check_principal = IAMPolicyStatement._check_principal


def check_principal(self, principal):
    expected = self._statement.get("Principal")
    if isinstance(expected, dict) and "AWS" not in expected:
        return principal.endswith(SANDBOX_ADMIN)
    return _check_principal(self, principal)


IAMPolicyStatement._check_principal = check_principal

_authenticate = ActionAuthenticatorMixin._authenticate_and_authorize_action


def authenticate(self, iam_request_cls, resource="*"):
    request = getattr(self, "request", None)
    environ = getattr(request, "environ", None) or {}
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not raw_uri:
        return _authenticate(self, iam_request_cls, resource)
    rebuilt_uri = self.uri
    self.uri = raw_uri
    try:
        return _authenticate(self, iam_request_cls, resource)
    finally:
        self.uri = rebuilt_uri


ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def rule_filter(stored):
    """xmltodict keeps XML element names; the serializer wants model member names (And.Tag -> Tags)."""
    result = {key: value for key, value in stored.items() if key in ("Prefix", "Tag")}
    if "And" in stored:
        result["And"] = {key: value for key, value in stored["And"].items() if key == "Prefix"}
        result["And"]["Tags"] = as_list(stored["And"].get("Tag"))
    return result


def replication_rule(stored):
    rule = {key: stored[key] for key in ("ID", "Status", "Prefix", "Destination", "DeleteMarkerReplication",
                                          "SourceSelectionCriteria", "ExistingObjectReplication") if key in stored}
    if "Priority" in stored:
        rule["Priority"] = int(stored["Priority"])
    if "Filter" in stored:
        rule["Filter"] = rule_filter(stored["Filter"] or {})
    return rule


def get_bucket_replication(self):
    self.data["Action"] = "GetBucketReplication"
    replication = self.backend.get_bucket_replication(self.bucket_name)
    if not replication:
        raise ReplicationConfigurationNotFoundError(bucket_name=self.bucket_name)
    rules = [replication_rule(rule) for rule in as_list(replication["Rule"])]
    return self.serialized(ActionResult({"ReplicationConfiguration": {"Role": replication["Role"], "Rules": rules}}))


S3Response.get_bucket_replication = get_bucket_replication

# Patch 10.
SERVICE_TYPE_REGION_INFORMATION_ERROR_ASSOCIATIONS["s3"]["valid_starting_values"].append("job/")


def exit_with_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    sys.exit(main(sys.argv[1:]))
