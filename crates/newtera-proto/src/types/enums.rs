//! Open enums: known wire values as variants, unknown ones kept verbatim.

use std::fmt;

macro_rules! open_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$doc:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$doc])* $variant,)+
            /// A value this crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(s) => s,
                }
            }

            /// Parses a wire value; never fails.
            pub fn parse(s: &str) -> Self {
                match s {
                    $($wire => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self::parse(s)
            }
        }
    };
}

open_enum! {
    /// An object's storage class.
    StorageClass {
        /// `STANDARD`.
        Standard = "STANDARD",
        /// `REDUCED_REDUNDANCY`.
        ReducedRedundancy = "REDUCED_REDUNDANCY",
        /// `STANDARD_IA`.
        StandardIa = "STANDARD_IA",
        /// `ONEZONE_IA`.
        OnezoneIa = "ONEZONE_IA",
        /// `INTELLIGENT_TIERING`.
        IntelligentTiering = "INTELLIGENT_TIERING",
        /// `GLACIER`.
        Glacier = "GLACIER",
        /// `GLACIER_IR`.
        GlacierIr = "GLACIER_IR",
        /// `DEEP_ARCHIVE`.
        DeepArchive = "DEEP_ARCHIVE",
        /// `EXPRESS_ONEZONE`.
        ExpressOnezone = "EXPRESS_ONEZONE",
        /// `OUTPOSTS`.
        Outposts = "OUTPOSTS",
    }
}

open_enum! {
    /// A checksum algorithm (`x-amz-checksum-*`, `ChecksumAlgorithm`).
    ChecksumAlgorithm {
        /// CRC-32 (IEEE).
        Crc32 = "CRC32",
        /// CRC-32C (Castagnoli).
        Crc32c = "CRC32C",
        /// CRC-64/NVME.
        Crc64Nvme = "CRC64NVME",
        /// SHA-1.
        Sha1 = "SHA1",
        /// SHA-256.
        Sha256 = "SHA256",
    }
}

open_enum! {
    /// Whether a checksum covers the whole object or is a checksum of part checksums.
    ChecksumType {
        /// A checksum of the full object.
        FullObject = "FULL_OBJECT",
        /// A checksum of the parts' checksums.
        Composite = "COMPOSITE",
    }
}

open_enum! {
    /// Server-side encryption algorithm (`x-amz-server-side-encryption`).
    ServerSideEncryption {
        /// SSE-S3.
        Aes256 = "AES256",
        /// SSE-KMS.
        AwsKms = "aws:kms",
        /// Dual-layer SSE-KMS.
        AwsKmsDsse = "aws:kms:dsse",
    }
}

impl ChecksumAlgorithm {
    /// The header carrying this checksum, e.g. `x-amz-checksum-crc32c`.
    pub fn header_name(&self) -> String {
        format!("x-amz-checksum-{}", self.as_str().to_ascii_lowercase())
    }

    /// The element name in listings and bodies, e.g. `ChecksumCRC32C`.
    pub(crate) fn element_name(&self) -> String {
        format!("Checksum{}", self.as_str())
    }

    /// Algorithms whose values S3 returns in headers and bodies.
    pub(crate) const KNOWN: [ChecksumAlgorithm; 5] = [
        Self::Crc32,
        Self::Crc32c,
        Self::Crc64Nvme,
        Self::Sha1,
        Self::Sha256,
    ];
}
