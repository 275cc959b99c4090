"""Temporary credentials of an account's admin for the s3-seed sandbox (patch 11 in launch.py).

moto's STS cannot issue them: GetSessionToken answers the same example credentials every time, which
no IAM user owns, and moto's IAM enforcement refuses a user's access key sent with a session token
(InvalidToken); only AssumeRole keys may carry one. What the sandbox adds:

- POST /moto-api/s3-seed/session {accountId, region} issues a session of the account's admin user
  (`sandbox-admin`, made by s3seed_accounts.py): an `ASIA…` access key, a secret and a session token,
  answered as {accessKeyId, secretAccessKey, sessionToken, arn}. The key is in the account's IAM key
  index, so moto finds the account by it, but not in the user's own keys (ListAccessKeys does not show
  it, and the user's two-key quota does not apply).
- With IAM enforcement on, a session key acts as its user: same ARN and identity policies, and its
  signature is verified with the session token; a request that sends another token is refused
  InvalidToken (S3) or InvalidClientTokenId (Query APIs).
- STS GetCallerIdentity answers the user (as for GetSessionToken credentials, STS API
  GetCallerIdentity), and s3seed_accounts.py's principal route does too.

moto knows nothing of expiry: the sandbox's gateway refuses expired sessions before moto sees them
(src/credentials/). A moto reset wipes the sessions with the rest of IAM.
"""
from botocore.credentials import Credentials

from moto.iam import access_control
from moto.iam.access_control import CreateAccessKeyFailure, IAMUserAccessKey
from moto.iam.models import IAMBackend, iam_backends
from moto.moto_api._internal import urls as moto_api_urls
from moto.sts.utils import random_session_token
from moto.utilities.utils import get_partition

from s3seed_accounts import ADMIN
from s3seed_replication import RouteError, json_route


def session_key(account_id, partition, access_key_id):
    """The session key with this ID in the account's IAM, or None (a user's or a role's key)."""
    key = iam_backends[account_id][partition].access_keys.get(access_key_id)
    return key if getattr(key, "s3seed_session_token", None) else None


def session_route(payload):
    account = str(payload.get("accountId", ""))
    iam = iam_backends[account][get_partition(payload.get("region") or "us-east-1")]
    user = iam.users.get(ADMIN)
    if user is None:
        raise RouteError(404, "NoSuchEntity", f"Account {account} has no {ADMIN} user; create the account first")
    key = iam.create_temp_access_key()
    key.user_name = ADMIN
    key.s3seed_session_token = random_session_token()
    return {
        "accessKeyId": key.access_key_id,
        "secretAccessKey": key.secret_access_key,
        "sessionToken": key.s3seed_session_token,
        "arn": user.arn,
    }


_create_access_key = access_control.create_access_key


def create_access_key(account_id, partition, access_key_id, headers):
    # moto sends every key with a token to its assumed-role lookup, which does not know sessions.
    if session_key(account_id, partition, access_key_id) is not None:
        return IAMUserAccessKey(account_id=account_id, partition=partition, access_key_id=access_key_id, headers=headers)
    return _create_access_key(account_id, partition, access_key_id, headers)


access_control.create_access_key = create_access_key

_user_key_init = IAMUserAccessKey.__init__


def user_key_init(self, account_id, partition, access_key_id, headers):
    key = session_key(account_id, partition, access_key_id)
    if key is None:
        return _user_key_init(self, account_id, partition, access_key_id, headers)
    # A token, when sent, must be the session's. The principal route looks a key up without one; the
    # gateway refuses a session key sent without its token before moto sees the request.
    sent = headers.get("X-Amz-Security-Token") if headers else None
    if sent is not None and sent != key.s3seed_session_token:
        raise CreateAccessKeyFailure(reason="InvalidToken")
    self.account_id = account_id
    self.partition = partition
    self._owner_user_name = key.user_name
    self._access_key_id = access_key_id
    self._secret_access_key = key.secret_access_key
    self._session_token = key.s3seed_session_token


IAMUserAccessKey.__init__ = user_key_init


def create_credentials(self):
    return Credentials(self._access_key_id, self._secret_access_key, getattr(self, "_session_token", None))


IAMUserAccessKey.create_credentials = create_credentials

_get_user_from_access_key_id = IAMBackend.get_user_from_access_key_id


def get_user_from_access_key_id(self, access_key_id):
    key = self.access_keys.get(access_key_id)
    if getattr(key, "s3seed_session_token", None):
        return self.users.get(key.user_name)
    return _get_user_from_access_key_id(self, access_key_id)


IAMBackend.get_user_from_access_key_id = get_user_from_access_key_id

moto_api_urls.url_paths["{0}/moto-api/s3-seed/session$"] = json_route(session_route)
