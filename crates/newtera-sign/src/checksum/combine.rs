//! Combining reflected CRCs of adjacent byte ranges without the data.
//!
//! `crc(A ‖ B) = crc(A) · x^(8·len(B)) mod P  ⊕  crc(B)` for the CRCs S3
//! uses (reflected, initial value and final XOR all-ones, so the two cancel
//! out in the sum). The product is computed in GF(2) on the bit-reversed
//! representation, after zlib's `crc32_combine` (Mark Adler's
//! `multmodp` / `x2nmodp`), generalised to 64-bit polynomials.

/// A reflected CRC polynomial of `width` bits (32 or 64).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Poly {
    /// The reflected polynomial, e.g. `0xEDB8_8320` for CRC32.
    pub(crate) reversed: u64,
    /// The top bit of the register: `x^0` in the reflected representation.
    pub(crate) top: u64,
}

/// CRC32 (ISO-HDLC), reflected `0x04C11DB7`.
pub(crate) const CRC32: Poly = Poly {
    reversed: 0xEDB8_8320,
    top: 1 << 31,
};
/// CRC32C (Castagnoli), reflected `0x1EDC6F41`.
pub(crate) const CRC32C: Poly = Poly {
    reversed: 0x82F6_3B78,
    top: 1 << 31,
};
/// CRC64/NVME, reflected `0xAD93D23594C93659`.
pub(crate) const CRC64_NVME: Poly = Poly {
    reversed: 0x9A6C_9329_AC4B_C9B5,
    top: 1 << 63,
};

impl Poly {
    /// `a · b mod P`, both in the reflected representation.
    fn multiply(self, a: u64, mut b: u64) -> u64 {
        let mut product = 0;
        let mut bit = self.top;
        while bit != 0 {
            if a & bit != 0 {
                product ^= b;
            }
            bit >>= 1;
            b = if b & 1 != 0 {
                (b >> 1) ^ self.reversed
            } else {
                b >> 1
            };
        }
        product
    }

    /// `x^(8·bytes) mod P` by square-and-multiply over the bits of `bytes`.
    fn x_pow_8n(self, mut bytes: u64) -> u64 {
        // `x^1` in the reflected representation is the bit below the top.
        let mut power = self.top >> 1;
        let mut result = self.top; // x^0
        // Three squarings turn x into x^8: one byte of shift.
        for _ in 0..3 {
            power = self.multiply(power, power);
        }
        while bytes != 0 {
            if bytes & 1 != 0 {
                result = self.multiply(result, power);
            }
            power = self.multiply(power, power);
            bytes >>= 1;
        }
        result
    }

    /// The CRC of `A ‖ B` from `crc(A)`, `crc(B)` and `len(B)` in bytes.
    pub(crate) fn combine(self, crc_a: u64, crc_b: u64, len_b: u64) -> u64 {
        self.multiply(self.x_pow_8n(len_b), crc_a) ^ crc_b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combining_matches_the_crc32c_crate() {
        let (a, b) = (b"hello, ".as_slice(), b"checksum world".as_slice());
        let whole = crc32c::crc32c(&[a, b].concat());
        let combined = CRC32C.combine(
            crc32c::crc32c(a).into(),
            crc32c::crc32c(b).into(),
            b.len() as u64,
        );
        assert_eq!(combined, u64::from(whole));
        assert_eq!(
            u64::from(crc32c::crc32c_combine(
                crc32c::crc32c(a),
                crc32c::crc32c(b),
                b.len()
            )),
            combined
        );
    }

    #[test]
    fn an_empty_tail_leaves_the_crc_unchanged() {
        assert_eq!(CRC64_NVME.combine(0x1234, 0, 0), 0x1234);
        assert_eq!(CRC32.combine(0xCBF4_3926, 0, 0), 0xCBF4_3926);
    }
}
