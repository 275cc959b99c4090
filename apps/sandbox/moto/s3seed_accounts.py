"""Several accounts for the s3-seed sandbox (patch 9 in launch.py).

moto keeps state per account (the account of the request's access key) and already shares one
bucket namespace across accounts (`s3_backends.bucket_accounts`), answering another account's bucket
by name. What the sandbox adds:

- POST /moto-api/s3-seed/account {accountId, region} creates the account's admin: IAM user
  `sandbox-admin` with an allow-everything inline policy and an access key, in the Region's partition.
  Made here rather than through IAM so it works while IAM enforcement is on.
- POST /moto-api/s3-seed/principal {accessKeyId} answers who signs with an access key: {account,
  partition, arn, policies}, the ARN being the user's or, for STS credentials, the role's, and the
  policies its identity policies (inline, attached, and for users their groups'); 404 if unknown.
- POST /moto-api/s3-seed/entity {arn} answers the user, role or group an ARN names, in the account
  and partition the ARN names: {account, partition, arn, kind, policies: [{id, type, document}]},
  each identity policy with its name and its kind as IAM's policy simulator reports it (user, group,
  role, user-managed, aws-managed), for the sandbox's SimulatePrincipalPolicy; 404 NoSuchEntity.
- POST /moto-api/s3-seed/bucket {bucket} answers {account, partition, region, policy, ownership}
  of any account's bucket (policy: the bucket policy text or null); 404 if there is no such bucket.
- Bucket policies are not evaluated by moto: its evaluator applies a statement whatever its
  Principal and Condition (a Deny with a condition denies everyone). The sandbox evaluates them.
- Owners. moto gives every account the same canonical user ID. Here each account has its own (the
  default account keeps moto's), and an object's owner is the bucket owner when the bucket's
  ObjectOwnership is BucketOwnerEnforced, or BucketOwnerPreferred and the object was written with
  the bucket-owner-full-control ACL, else the account that wrote it (UG about-object-ownership).
  ListBuckets, GetBucketAcl, GetObjectAcl, ListObjects(V2) and ListObjectVersions answer them.
- Object and bucket tags are kept in one tagger for all accounts (moto keeps them in the writer's
  account, so another account read none); tag ARNs hold the globally unique bucket name.

Like the rest of /moto-api, the routes need no signature: only the sandbox (on loopback) calls them.
"""
import hashlib
import json
import re
import urllib.parse

from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.access_control import IAMPolicy, IAMUserAccessKey, PermissionResult
from moto.iam.models import iam_backends
from moto.moto_api._internal import urls as moto_api_urls
from moto.s3.models import OWNER, FakeBucket, S3Backend
from moto.s3.responses import S3Response
from moto.utilities.tagging_service import TaggingService
from moto.utilities.utils import get_partition

from s3seed_replication import RouteError, json_route, locate_bucket

ADMIN = "sandbox-admin"
ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def canonical_id(account):
    if account == DEFAULT_ACCOUNT_ID:
        return OWNER
    return hashlib.sha256(f"s3-seed-account:{account}".encode()).hexdigest()


def account_route(payload):
    account = str(payload.get("accountId", ""))
    if not re.fullmatch(r"\d{12}", account):
        raise RouteError(400, "InvalidParameter", f"accountId must be 12 digits, not {account!r}")
    region = payload.get("region") or "us-east-1"
    iam = iam_backends[account][get_partition(region)]
    if ADMIN not in iam.users:
        iam.create_user(region, ADMIN)
        iam.put_user_policy(ADMIN, "allow-everything", ALLOW_ALL)
    key = iam.create_access_key(ADMIN)
    return {
        "accountId": account,
        "canonicalUserId": canonical_id(account),
        "credentials": {"accessKeyId": key.access_key_id, "secretAccessKey": key.secret_access_key},
    }


def principal_route(payload):
    key_id = payload.get("accessKeyId", "")
    for account, by_partition in list(iam_backends.items()):
        for partition, iam in list(by_partition.items()):
            key = iam.access_keys.get(key_id)
            if key is None:
                continue
            role_arn = getattr(key, "role_arn", None)
            if role_arn:
                role = next((role for role in iam.get_roles() if role.arn == role_arn), None)
                documents = [] if role is None else list(role.policies.values()) + list(role.managed_policies.values())
                arn = role_arn
            else:
                principal = IAMUserAccessKey(account_id=account, partition=partition, access_key_id=key_id, headers={})
                documents, arn = principal.collect_policies(), principal.arn
            policies = [IAMPolicy(document)._policy_json for document in documents]
            return {"account": account, "partition": partition, "arn": arn, "policies": policies}
    raise RouteError(404, "InvalidAccessKeyId", f"No account has the access key {key_id}")


ENTITY_ARN = re.compile(r"arn:([^:]+):iam::(\d{12}):(user|role|group)/(?:.*/)?([^/]+)")


def named_policies(entity, kind):
    """Inline policies by name, then attached managed policies (their default version), by name."""
    named = [{"id": name, "type": kind, "document": IAMPolicy(text)._policy_json} for name, text in entity.policies.items()]
    for arn, policy in entity.managed_policies.items():
        managed = "aws-managed" if ":iam::aws:policy/" in arn else "user-managed"
        named.append({"id": policy.name, "type": managed, "document": IAMPolicy(policy)._policy_json})
    return named


def entity_route(payload):
    arn = str(payload.get("arn", ""))
    match = ENTITY_ARN.fullmatch(arn)
    if match is None:
        raise RouteError(400, "InvalidInput", f"{arn!r} is not the ARN of an IAM user, role or group")
    partition, account, kind, name = match.groups()
    iam = next((backend for acct, by_partition in list(iam_backends.items()) if acct == account
                for part, backend in list(by_partition.items()) if part == partition), None)
    candidates = [] if iam is None else {"user": iam.users.values(), "role": iam.get_roles(), "group": iam.groups.values()}[kind]
    entity = next((candidate for candidate in candidates if candidate.arn == arn), None)
    if entity is None:
        raise RouteError(404, "NoSuchEntity", f"The {kind} with name {name} cannot be found.")
    policies = named_policies(entity, kind)
    if kind == "user":
        for group in iam.get_groups_for_user(entity.name):
            policies += named_policies(group, "group")
    return {"account": account, "partition": partition, "arn": arn, "kind": kind, "policies": policies}


def bucket_route(payload):
    located = locate_bucket(payload.get("bucket", ""))
    if located is None:
        raise RouteError(404, "NoSuchBucket", "The specified bucket does not exist")
    _, bucket = located
    return {
        "account": bucket.account_id,
        "partition": bucket.partition,
        "region": bucket.region_name,
        "policy": bucket.policy.decode() if bucket.policy else None,
        "ownership": bucket.ownership_rule,
    }


moto_api_urls.url_paths["{0}/moto-api/s3-seed/account$"] = json_route(account_route)
moto_api_urls.url_paths["{0}/moto-api/s3-seed/principal$"] = json_route(principal_route)
moto_api_urls.url_paths["{0}/moto-api/s3-seed/bucket$"] = json_route(bucket_route)
moto_api_urls.url_paths["{0}/moto-api/s3-seed/entity$"] = json_route(entity_route)

# The sandbox evaluates bucket policies (src/iam/resource-policy.ts); moto's own check is neutral.
FakeBucket.get_permission = lambda self, action, resource: PermissionResult.NEUTRAL

# One tagger for every account's S3, emptied with the rest of moto's state.
SHARED_TAGS = TaggingService()
S3Backend.tagger = property(lambda self: SHARED_TAGS, lambda self, value: None)
_reset = S3Backend.reset


def reset(self):
    _reset(self)
    SHARED_TAGS.tags.clear()


S3Backend.reset = reset

# Owners.
_acl_from_headers = S3Response._acl_from_headers


def acl_from_headers(self, headers):
    acl = _acl_from_headers(self, headers)
    if acl is not None and headers.get("x-amz-acl") == "bucket-owner-full-control":
        acl.bucket_owner_full_control = True
    return acl


S3Response._acl_from_headers = acl_from_headers


def object_owner(bucket, key):
    rule = bucket.ownership_rule
    acl = getattr(key, "acl", None)
    if rule == "BucketOwnerEnforced" or (rule == "BucketOwnerPreferred" and getattr(acl, "bucket_owner_full_control", False)):
        return bucket.account_id
    return getattr(key, "account_id", None) or bucket.account_id


def set_owner(entry, account):
    owner = entry.get("Owner")
    if isinstance(owner, dict):
        owner["ID"] = canonical_id(account)


def owned_grants(result, account):
    set_owner(result, account)
    for grant in result.get("Grants") or []:
        grantee = grant.get("Grantee") or {}
        if grantee.get("ID") == OWNER:
            grantee["ID"] = canonical_id(account)


def fix_owners(response, action, result):
    if action == "ListBuckets":
        return set_owner(result, response.current_account)
    located = locate_bucket(response.bucket_name or "")
    if located is None:
        return
    _, bucket = located
    if action == "GetBucketAcl":
        return owned_grants(result, bucket.account_id)
    if action == "GetObjectAcl":
        key, _ = response._get_key()
        return owned_grants(result, object_owner(bucket, key))
    encoded = response.querystring.get("encoding-type", [None])[0] == "url"
    for entry in result.get("Contents") or []:
        name = urllib.parse.unquote(entry["Key"]) if encoded else entry["Key"]
        set_owner(entry, object_owner(bucket, bucket.keys.get(name)))
    for entry in (result.get("Versions") or []) + (result.get("DeleteMarkers") or []):
        version = next((v for v in bucket.keys.getlist(entry["Key"], []) if str(v.version_id) == str(entry["VersionId"])), None)
        set_owner(entry, object_owner(bucket, version))


_serialized = S3Response.serialized


def serialized(self, action_result):
    result = action_result.result
    action = self.data.get("Action") if isinstance(self.data, dict) else None
    if isinstance(result, dict) and action in ("ListBuckets", "GetBucketAcl", "GetObjectAcl", "ListObjects", "ListObjectsV2", "ListObjectVersions"):
        fix_owners(self, action, result)
    return _serialized(self, action_result)


S3Response.serialized = serialized
