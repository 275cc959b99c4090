"""Object checksums as S3 keeps them, for the s3-seed sandbox (patch 8 in launch.py).

S3 stores a checksum with every object and answers it on HeadObject and GetObject sent with
`x-amz-checksum-mode: ENABLED`, with its type (UG checking-object-integrity-upload; API HeadObject).
moto 5.2.1 differs in five ways, each fixed here:

- An upload that carries no checksum gets none. S3 adds a full-object CRC64NVME to such uploads
  (since late 2024): PutObject, CompleteMultipartUpload of an upload created without an algorithm,
  and [inferred] a copy of an object that has none.
- It never says FULL_OBJECT: a single-request upload (PutObject, even with SHA-1/SHA-256) and a copy
  with a new algorithm are FULL_OBJECT.
- HeadObject of a multipart object with a composite checksum answers the bare value, without the
  `-<parts>` suffix and the COMPOSITE type that moto's own GetObject gives.
- CopyObject keeps the source's value and algorithm but drops its type and part count. The API
  Reference says a copy keeps the source's checksum; that a composite one stays composite (with its
  part count) is [inferred].
- Without the optional awscrt and crc32c packages moto computes CRC64NVME and CRC32C as CRC32. Both
  are computed here: table-driven reflected CRCs, CRC64NVME with the NVMe polynomial
  0xAD93D23594C93659 (as aws-crt), CRC32C with Castagnoli's 0x1EDC6F41.

A default CRC64NVME is computed when first asked for (a HEAD or GET with checksum mode, a copy, a
replica), not on upload: pure-Python CRC64 runs at about 12 MB/s and most objects are never asked.
Replicas (s3seed_replication.py) already keep the source's checksum, type and part count.
"""
import base64

import moto.s3.models as s3_models
import moto.s3.responses as s3_responses
import moto.s3.utils as s3_utils
from moto.s3.models import FakeKey, MultipartChecksumBuilder, S3Backend
from moto.s3.responses import S3Response


def reflected_crc(polynomial, width):
    """A reflected CRC with all-ones initial value and final XOR, as CRC-32, CRC-32C and CRC-64/NVME are."""
    mask = (1 << width) - 1
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ polynomial if crc & 1 else crc >> 1
        table.append(crc)

    def digest(data):
        crc = mask
        for byte in data:
            crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
        return (crc ^ mask).to_bytes(width // 8, "big")

    return digest


# The polynomials bit-reversed, as a reflected CRC shifts right.
CRCS = {
    "CRC64NVME": reflected_crc(0x9A6C9329AC4BC9B5, 64),
    "CRC32C": reflected_crc(0x82F63B78, 32),
}

_compute_checksum = s3_utils.compute_checksum


def compute_checksum(body, algorithm, encode_base64=True):
    digest = CRCS.get(algorithm)
    if digest is None:
        return _compute_checksum(body, algorithm, encode_base64)
    value = digest(bytes(body))
    return base64.b64encode(value) if encode_base64 else value


# moto imported the function by name into each module that uses it.
for module in (s3_utils, s3_models, s3_responses):
    module.compute_checksum = compute_checksum


class Pending:
    """A full-object checksum S3 would have computed on upload, computed here when first read."""

    def __init__(self, algorithm):
        self.algorithm = algorithm


def get_checksum_value(self):
    value = self.__dict__.get("_s3seed_checksum_value")
    if isinstance(value, Pending):
        value = compute_checksum(self.value, value.algorithm).decode()
        self.__dict__["_s3seed_checksum_value"] = value
    return value


def set_checksum_value(self, value):
    self.__dict__["_s3seed_checksum_value"] = value


FakeKey.checksum_value = property(get_checksum_value, set_checksum_value)


def give_default_checksum(key):
    key.checksum_algorithm = "CRC64NVME"
    key.checksum_type = "FULL_OBJECT"
    key.checksum_parts = None
    key.checksum_value = Pending("CRC64NVME")


_put_object = S3Backend.put_object


def put_object(self, *args, **kwargs):
    key = _put_object(self, *args, **kwargs)
    # PutObject passes the checksum it received; CopyObject and CompleteMultipartUpload set theirs after.
    if kwargs.get("checksum_value"):
        key.checksum_type = "FULL_OBJECT"
    else:
        give_default_checksum(key)
    return key


S3Backend.put_object = put_object

_copy_object = S3Backend.copy_object


def copy_object(self, src_key, dest_bucket_name, dest_key_name, *args, **kwargs):
    _copy_object(self, src_key, dest_bucket_name, dest_key_name, *args, **kwargs)
    copy = self.get_object(dest_bucket_name, dest_key_name)
    if copy is None or not src_key.checksum_algorithm:
        return  # a source with no checksum: the copy keeps put_object's default
    copy.checksum_algorithm = src_key.checksum_algorithm
    copy.checksum_type = src_key.checksum_type or "FULL_OBJECT"
    copy.checksum_parts = src_key.checksum_parts
    copy.checksum_value = src_key.checksum_value


S3Backend.copy_object = copy_object

_copy_object_response = S3Response.copy_object


def copy_object_response(self):
    response = _copy_object_response(self)
    # x-amz-checksum-algorithm on a copy: moto computed a new value over the whole object.
    if self.headers.get("x-amz-checksum-algorithm"):
        copy = self.backend.get_object(self.bucket_name, self.parse_key_name())
        if copy is not None:
            copy.checksum_type = "FULL_OBJECT"
            copy.checksum_parts = None
    return response


S3Response.copy_object = copy_object_response

_build = MultipartChecksumBuilder.build


def build(self):
    if self.checksum_type == "FULL_OBJECT":
        return self.checksum_type, Pending(self.checksum_algorithm), 1
    return _build(self)


MultipartChecksumBuilder.build = build

_complete_multipart_upload = S3Backend.complete_multipart_upload


def complete_multipart_upload(self, *args, **kwargs):
    key = _complete_multipart_upload(self, *args, **kwargs)
    # An upload created without an algorithm: moto's builder used CRC64NVME but recorded none.
    if key is not None and not key.checksum_algorithm:
        key.checksum_algorithm = "CRC64NVME"
    return key


S3Backend.complete_multipart_upload = complete_multipart_upload

_head_object = S3Response.head_object


def head_object(self, bucket_name, query, key_name, headers):
    status, response_headers, body = _head_object(self, bucket_name, query, key_name, headers)
    if status != 200 or headers.get("x-amz-checksum-mode") != "ENABLED" or query.get("partNumber"):
        return status, response_headers, body
    key = self.backend.head_object(bucket_name, key_name, version_id=query.get("versionId", [None])[0])
    if key is not None and key.checksum_algorithm:
        value = key.checksum_value
        if key.checksum_type == "COMPOSITE":
            value = f"{value}-{key.checksum_parts}"
        response_headers[f"x-amz-checksum-{key.checksum_algorithm.lower()}"] = value
        response_headers["x-amz-checksum-type"] = key.checksum_type or "FULL_OBJECT"
    return status, response_headers, body


S3Response.head_object = head_object
