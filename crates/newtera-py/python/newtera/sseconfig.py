"""A bucket's default encryption, as in minio-py's ``minio.sseconfig``
(S3 API reference: PutBucketEncryption)."""

from typing import Optional

from .error import InvalidArgumentError

__all__ = ["SSEConfig", "Rule", "AES256", "AWS_KMS"]

AES256 = "AES256"
AWS_KMS = "aws:kms"


class Rule:
    """The default: ``sse_algorithm`` ``AES256`` (SSE-S3) or ``aws:kms``
    with ``kms_master_key_id`` (``None``: the server's default key)."""

    def __init__(self, sse_algorithm: str, kms_master_key_id: Optional[str] = None) -> None:
        if sse_algorithm not in (AES256, AWS_KMS):
            raise InvalidArgumentError("sse_algorithm must be AES256 or aws:kms")
        if sse_algorithm == AES256 and kms_master_key_id is not None:
            raise InvalidArgumentError("AES256 takes no KMS key")
        self.sse_algorithm = sse_algorithm
        self.kms_master_key_id = kms_master_key_id

    @classmethod
    def new_sse_s3_rule(cls) -> "Rule":
        """SSE-S3 by default."""
        return cls(AES256)

    @classmethod
    def new_sse_kms_rule(cls, kms_master_key_id: Optional[str] = None) -> "Rule":
        """SSE-KMS with this key by default."""
        return cls(AWS_KMS, kms_master_key_id)


class SSEConfig:
    """The bucket's default encryption: one :class:`Rule`."""

    def __init__(self, rule: Rule) -> None:
        if not isinstance(rule, Rule):
            raise InvalidArgumentError("rule must be a newtera.sseconfig.Rule")
        self.rule = rule
