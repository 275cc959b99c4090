"""AWS CLI (v1) plugin that lets `aws s3control` reach the s3-seed sandbox.

S3 Control's endpoint rules put the account ID in front of the host
(`123456789012.127.0.0.1:4566`), which is not a resolvable name for a loopback endpoint, with or
without `--endpoint-url`. Before the request is signed, this drops that prefix again when the rest
of the host is an IP address or `localhost`. Requests to real AWS hosts are left alone.

Enable it with PYTHONPATH pointing at this folder and, in the AWS config file:

    [plugins]
    s3seed_sandbox = s3seed_sandbox
"""
import re
from urllib.parse import urlsplit, urlunsplit

LOCAL_HOST = re.compile(r"^\d{12}\.((?:\d{1,3}\.){3}\d{1,3}|localhost)(:\d+)?$")


def awscli_initialize(cli):
    cli.register("before-sign.s3-control", strip_account_host_prefix)


def strip_account_host_prefix(request, **kwargs):
    parts = urlsplit(request.url)
    match = LOCAL_HOST.match(parts.netloc)
    if match is None:
        return
    netloc = match.group(1) + (match.group(2) or "")
    request.url = urlunsplit(parts._replace(netloc=netloc))
    if "host" in request.headers:
        # HTTPHeaders appends on assignment, so remove the old value first.
        del request.headers["host"]
        request.headers["host"] = netloc
