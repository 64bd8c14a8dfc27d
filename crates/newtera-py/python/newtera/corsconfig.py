"""A bucket's CORS rules, as in minio-py's ``CORSConfig`` (S3 API
reference: PutBucketCors)."""

from typing import List, Optional

from .error import InvalidArgumentError

__all__ = ["CORSConfig", "CORSRule"]


class CORSRule:
    """Which cross-origin requests are allowed: ``allowed_methods``
    (``GET``, ``PUT``, ``POST``, ``DELETE``, ``HEAD``) from
    ``allowed_origins``, with ``allowed_headers``; ``expose_headers`` shown to
    the page; ``max_age_seconds`` a preflight is cached."""

    def __init__(self, allowed_methods: List[str], allowed_origins: List[str],
                 allowed_headers: Optional[List[str]] = None,
                 expose_headers: Optional[List[str]] = None,
                 max_age_seconds: Optional[int] = None, rule_id: Optional[str] = None) -> None:
        for name, value in (("allowed_methods", allowed_methods),
                            ("allowed_origins", allowed_origins)):
            if not isinstance(value, list) or not value:
                raise InvalidArgumentError("{} must be a non-empty list".format(name))
        self.allowed_methods = allowed_methods
        self.allowed_origins = allowed_origins
        self.allowed_headers = allowed_headers or []
        self.expose_headers = expose_headers or []
        self.max_age_seconds = max_age_seconds
        self.rule_id = rule_id


class CORSConfig:
    """The bucket's CORS rules (at most 100)."""

    CORSRule = CORSRule

    def __init__(self, rules: List[CORSRule]) -> None:
        if not isinstance(rules, list) or not rules or not all(isinstance(r, CORSRule)
                                                              for r in rules):
            raise InvalidArgumentError("rules must be a non-empty list of CORSRule")
        self.rules = rules
