"""Starts moto_server with two fixes the s3-seed sandbox needs under IAM enforcement.

1. Service principals. moto checks a role's trust policy on sts:AssumeRole, but only knows AWS
   principals: a trust policy that names a Service (batchoperations.s3.amazonaws.com) crashes its
   check with a 500. The sandbox stands in for those services and assumes roles as its own admin
   user, so a Service-only statement matches that user (and no one else).

2. SigV4 for keys that need percent-encoding. moto re-derives the canonical URI from a URL that
   Werkzeug rebuilt and re-quoted with a different safe set, so keys with + , ' ( ) * ! etc. fail
   with SignatureDoesNotMatch. Verifying against the raw request path, as sent, fixes that.

Usage: python3 launch.py [moto_server arguments]
"""
import sys

from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.access_control import IAMPolicyStatement
from moto.server import main

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

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
