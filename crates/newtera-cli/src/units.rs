//! Sizes as people write them on a command line: `5MiB`, `10MB`, `64k`.

/// Parses a byte count: a number with an optional unit, binary (`KiB`,
/// `MiB`, `GiB`, `TiB`, or `K`, `M`, `G`, `T`) or decimal (`KB`, `MB`,
/// `GB`, `TB`); `B` or no unit is bytes. Fractions are allowed (`1.5MiB`).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let unit = unit.trim();
    let multiplier: u64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "ki" | "kib" => 1 << 10,
        "m" | "mi" | "mib" => 1 << 20,
        "g" | "gi" | "gib" => 1 << 30,
        "t" | "ti" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => {
            return Err(format!(
                "{text:?}: unknown unit {unit:?} (use B, KiB, MiB, GiB, TiB, KB, MB, GB, TB)"
            ));
        }
    };
    if number.is_empty() {
        return Err(format!("{text:?}: expected a number, like 5MiB"));
    }
    if let Ok(n) = number.parse::<u64>() {
        return n
            .checked_mul(multiplier)
            .ok_or_else(|| format!("{text:?} is too large"));
    }
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?}: expected a number, like 5MiB"))?;
    let bytes = value * multiplier as f64;
    if !bytes.is_finite() || bytes >= u64::MAX as f64 {
        return Err(format!("{text:?} is too large"));
    }
    // A fraction of a byte rounds down; the value is finite and in range.
    Ok(bytes as u64)
}

/// Parses a byte rate for `--limit-upload`/`--limit-download`: a size per
/// second, with an optional `/s` (`10MiB`, `500KB/s`); at least 1 byte/s.
pub(crate) fn parse_rate(text: &str) -> Result<u64, String> {
    let size = text.strip_suffix("/s").unwrap_or(text);
    match parse_size(size)? {
        0 => Err(format!(
            "{text:?}: a limit must be at least 1 byte per second"
        )),
        n => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("0"), Ok(0));
        assert_eq!(parse_size("5MiB"), Ok(5 << 20));
        assert_eq!(parse_size("5m"), Ok(5 << 20));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("1.5KiB"), Ok(1536));
        assert_eq!(parse_size("64 k"), Ok(64 << 10));
        for bad in ["", "MiB", "5XB", "1.2.3", "-1", "99999999999TiB"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_rate("1MiB/s"), Ok(1 << 20));
        assert!(parse_rate("0").is_err());
    }
}
