"""Replication storage primitives for the s3-seed sandbox (patch 4 in launch.py).

moto stores replication configurations but never replicates, and its S3 API can only write new
versions with new version IDs and dates. Real replicas keep the source version's ID and creation
time (UG replication), and the replica status is part of the object (UG replication-status). The
sandbox's gateway decides what to replicate and when; these private routes do the storage part:

- FakeKey gets a `replication_status` (None, PENDING, COMPLETED, FAILED or REPLICA), answered as
  `x-amz-replication-status` on HEAD and GET.
- POST /moto-api/s3-seed/replica {sourceBucket, key, versionId, destinationBucket, storageClass?,
  kmsKeyId?} writes the replica of one source version (object or delete marker) with the same
  version ID, LastModified, data, metadata, tags and ACL, status REPLICA, and files it among the
  destination's versions by LastModified, so an older version replicated late never becomes current.
- POST /moto-api/s3-seed/replication-status {bucket, key, versionId, status} sets the status of
  one object version.

Like the rest of /moto-api, the routes need no signature: only the sandbox (on loopback) calls them.
"""
import json

from moto.moto_api._internal import urls as moto_api_urls
from moto.s3.models import FakeDeleteMarker, FakeKey, s3_backends

STATUSES = ("PENDING", "COMPLETED", "FAILED", "REPLICA")

_response_dict = FakeKey.response_dict.fget


def response_dict(self):
    headers = _response_dict(self)
    status = getattr(self, "replication_status", None)
    if status:
        headers["x-amz-replication-status"] = status
    return headers


FakeKey.response_dict = property(response_dict)


class RouteError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def json_route(handler):
    def route(request, full_url, headers):
        if request.method != "POST":
            return 405, {"content-type": "application/json"}, json.dumps({"code": "MethodNotAllowed", "message": "POST only"})
        try:
            payload = json.loads(request.get_data() or b"{}")  # the sandbox sends application/json
            return 200, {"content-type": "application/json"}, json.dumps(handler(payload))
        except RouteError as error:
            return error.status, {"content-type": "application/json"}, json.dumps({"code": error.code, "message": error.message})

    route.__name__ = handler.__name__
    return route


def locate_bucket(name):
    """The backend that owns a bucket and the bucket, through moto's global bucket-name index (bucket
    names are global, as on S3: any account's bucket, in any partition). None when there is none."""
    found = s3_backends.bucket_accounts.get(name)
    if found is None:
        return None
    partition, account = found
    backend = s3_backends[account][partition]
    bucket = backend.buckets.get(name)
    return None if bucket is None else (backend, bucket)


def bucket_named(name):
    located = locate_bucket(name)
    if located is None:
        raise RouteError(404, "NoSuchBucket", f"The specified bucket does not exist: {name}")
    return located


def version_of(bucket, key, version_id):
    for version in bucket.keys.getlist(key, []):
        if str(version.version_id) == str(version_id):
            return version
    raise RouteError(404, "NoSuchVersion", f"The specified version does not exist: {bucket.name}/{key}?versionId={version_id}")


def replica_route(payload):
    _, source_bucket = bucket_named(payload["sourceBucket"])
    backend, destination = bucket_named(payload["destinationBucket"])
    if not destination.is_versioned:
        raise RouteError(400, "InvalidRequest", "Destination bucket must have versioning enabled.")
    key = payload["key"]
    source = version_of(source_bucket, key, payload["versionId"])
    if isinstance(source, FakeDeleteMarker):
        replica = delete_marker_replica(destination, key, source)
    else:
        replica = object_replica(backend, destination, source, payload.get("storageClass"), payload.get("kmsKeyId"))
    # Keep the replica's place by source time: the newest LastModified stays current (the last entry).
    versions = [v for v in destination.keys.getlist(key, []) if str(v.version_id) != str(replica.version_id)]
    versions.append(replica)
    versions.sort(key=lambda version: version.last_modified)
    destination.keys.setlist(key, versions)
    return {
        "versionId": replica.version_id,
        "lastModified": replica.last_modified.isoformat(),
        "deleteMarker": isinstance(replica, FakeDeleteMarker),
    }


def object_replica(backend, destination, source, storage_class, kms_key_id):
    replica = FakeKey(
        name=source.name,
        value=source.value,
        account_id=source.account_id,
        region_name=destination.region_name,
        storage=storage_class or source.storage_class,
        etag=source.etag.strip('"'),
        is_versioned=True,
        version_id=source.version_id,
        multipart=source.multipart,
        bucket_name=destination.name,
        encryption="aws:kms" if kms_key_id else source.encryption,
        kms_key_id=kms_key_id or source.kms_key_id,
        bucket_key_enabled=source.bucket_key_enabled,
        lock_mode=source.lock_mode,
        lock_legal_status=source.lock_legal_status,
        lock_until=source.lock_until,
        checksum_value=source.checksum_value,
        checksum_type=source.checksum_type,
        checksum_parts=source.checksum_parts,
    )
    replica.last_modified = source.last_modified
    replica.set_metadata(dict(source.metadata))
    replica.website_redirect_location = source.website_redirect_location
    replica.checksum_algorithm = source.checksum_algorithm
    replica.acl = source.acl
    replica.replication_status = "REPLICA"
    backend.tagger.delete_all_tags_for_resource(replica.arn)
    backend.tagger.copy_tags(source.arn, replica.arn)
    return replica


def delete_marker_replica(destination, key, source):
    marker = FakeDeleteMarker.__new__(FakeDeleteMarker)
    marker.key = destination.keys.get(key) or source.key
    marker.name = key
    marker.last_modified = source.last_modified
    marker._version_id = source.version_id
    return marker


def replication_status_route(payload):
    status = payload.get("status")
    if status is not None and status not in STATUSES:
        raise RouteError(400, "InvalidArgument", f"Unknown replication status {status}")
    _, bucket = bucket_named(payload["bucket"])
    version = version_of(bucket, payload["key"], payload["versionId"])
    if isinstance(version, FakeDeleteMarker):
        raise RouteError(400, "InvalidRequest", "Delete markers have no replication status.")
    version.replication_status = status
    return {"status": status}


moto_api_urls.url_paths["{0}/moto-api/s3-seed/replica$"] = json_route(replica_route)
moto_api_urls.url_paths["{0}/moto-api/s3-seed/replication-status$"] = json_route(replication_status_route)
