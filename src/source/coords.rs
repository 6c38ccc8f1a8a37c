//! Coordinates as partners write them, converted to WGS84 degrees.
//!
//! WGS84 latitude and longitude come in two columns or one (`"59.40,13.51"`,
//! `"59,40;13,51"`), with a decimal point or a decimal comma. SWEREF 99 TM
//! (EPSG:3006), the grid Swedish municipalities use, is converted to
//! latitude and longitude with the inverse Gauss–Krüger formulas that
//! Lantmäteriet publishes ("Gauss Konforma projektion (Transverse Mercator)
//! – Krügers formler"), on the GRS 80 ellipsoid with central meridian 15° E,
//! scale 0.9996 and false easting 500 000 m. SWEREF 99 and WGS84 agree to
//! well within a metre, which is more than a lägesbild needs. The tests
//! check the conversion against Lantmäteriet's control points.

use crate::diagnostics::echo;

/// Parses a number written with a decimal point or a decimal comma.
pub fn number(text: &str) -> Option<f64> {
    let t = text.trim().replace(['\u{a0}', ' '], "");
    let t = t.replace(',', ".");
    if t.is_empty() || t.matches('.').count() > 1 {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A WGS84 position from latitude and longitude texts.
pub fn wgs84(lat: &str, lon: &str) -> Result<(f64, f64), String> {
    let la = number(lat).ok_or_else(|| crate::msg!("bad_latitude", value = echo(lat)))?;
    let lo = number(lon).ok_or_else(|| crate::msg!("bad_longitude", value = echo(lon)))?;
    if !(-90.0..=90.0).contains(&la) || !(-180.0..=180.0).contains(&lo) {
        return Err(crate::msg!("off_earth", lat = la, lon = lo));
    }
    Ok((la, lo))
}

/// A WGS84 position from one column: `59.40,13.51`, `59.40 13.51`,
/// `59,40;13,51` or `59,40 13,51`.
pub fn wgs84_pair(text: &str) -> Result<(f64, f64), String> {
    let t = text.trim();
    let parts: Vec<&str> = if t.contains(';') {
        t.split(';').collect()
    } else if t.split_whitespace().count() == 2 {
        t.split_whitespace()
            .map(|p| p.trim_end_matches(','))
            .collect()
    } else {
        t.split(',').collect()
    };
    match parts.as_slice() {
        [la, lo] => wgs84(la, lo),
        _ => Err(crate::msg!("bad_pair", value = echo(t))),
    }
}

/// A SWEREF 99 TM position (metres) converted to WGS84 degrees.
pub fn sweref99tm(northing: &str, easting: &str) -> Result<(f64, f64), String> {
    let n = number(northing).ok_or_else(|| crate::msg!("bad_northing", value = echo(northing)))?;
    let e = number(easting).ok_or_else(|| crate::msg!("bad_easting", value = echo(easting)))?;
    // Sweden lies within these bounds of the grid (with a margin).
    if !(6_000_000.0..=7_800_000.0).contains(&n) || !(150_000.0..=1_000_000.0).contains(&e) {
        return Err(crate::msg!("outside_sweden", northing = n, easting = e));
    }
    Ok(grid_to_geodetic(n, e))
}

/// Inverse Transverse Mercator (Krüger's series) for SWEREF 99 TM.
pub fn grid_to_geodetic(x: f64, y: f64) -> (f64, f64) {
    let a = 6_378_137.0_f64;
    let f = 1.0 / 298.257_222_101;
    let (k0, lon0, false_northing, false_easting) = (0.9996, 15.0_f64.to_radians(), 0.0, 500_000.0);
    let e2 = f * (2.0 - f);
    let n = f / (2.0 - f);
    let a_roof = a / (1.0 + n) * (1.0 + n.powi(2) / 4.0 + n.powi(4) / 64.0);
    let d1 = n / 2.0 - 2.0 * n.powi(2) / 3.0 + 37.0 * n.powi(3) / 96.0 - n.powi(4) / 360.0;
    let d2 = n.powi(2) / 48.0 + n.powi(3) / 15.0 - 437.0 * n.powi(4) / 1440.0;
    let d3 = 17.0 * n.powi(3) / 480.0 - 37.0 * n.powi(4) / 840.0;
    let d4 = 4397.0 * n.powi(4) / 161_280.0;
    let a_star = e2 + e2.powi(2) + e2.powi(3) + e2.powi(4);
    let b_star = -(7.0 * e2.powi(2) + 17.0 * e2.powi(3) + 30.0 * e2.powi(4)) / 6.0;
    let c_star = (224.0 * e2.powi(3) + 889.0 * e2.powi(4)) / 120.0;
    let d_star = -(4279.0 * e2.powi(4)) / 1260.0;
    let xi = (x - false_northing) / (k0 * a_roof);
    let eta = (y - false_easting) / (k0 * a_roof);
    let mut xi_p = xi;
    let mut eta_p = eta;
    for (k, d) in [(2.0, d1), (4.0, d2), (6.0, d3), (8.0, d4)] {
        xi_p -= d * (k * xi).sin() * (k * eta).cosh();
        eta_p -= d * (k * xi).cos() * (k * eta).sinh();
    }
    let phi_star = (xi_p.sin() / eta_p.cosh()).asin();
    let dlon = (eta_p.sinh() / xi_p.cos()).atan();
    let s2 = phi_star.sin().powi(2);
    let lat = phi_star
        + phi_star.sin()
            * phi_star.cos()
            * (a_star + b_star * s2 + c_star * s2.powi(2) + d_star * s2.powi(3));
    (lat.to_degrees(), (lon0 + dlon).to_degrees())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dms(d: f64, m: f64, s: f64) -> f64 {
        d + m / 60.0 + s / 3600.0
    }

    /// Distance in metres between two nearby positions.
    fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
        let dlat = (a.0 - b.0).to_radians() * 6_371_000.0;
        let dlon = (a.1 - b.1).to_radians() * 6_371_000.0 * a.0.to_radians().cos();
        (dlat * dlat + dlon * dlon).sqrt()
    }

    /// Lantmäteriet, "Kontrollpunkter RT90 ⇔ SWEREF 99" (2006-05-03), points
    /// A–D (direct projection), and the point of Lantmäteriet's online
    /// converter that many libraries test against.
    #[test]
    fn agrees_with_lantmateriet_control_points_within_a_metre() {
        let points = [
            (
                7454204.638,
                761811.242,
                dms(67.0, 5.0, 26.452769),
                dms(21.0, 2.0, 5.101575),
            ),
            (
                7046077.605,
                562140.337,
                dms(63.0, 32.0, 14.761735),
                dms(16.0, 14.0, 59.594626),
            ),
            (
                6669189.376,
                486557.055,
                dms(60.0, 9.0, 33.882413),
                dms(14.0, 45.0, 28.167152),
            ),
            (
                6246136.458,
                430374.835,
                dms(56.0, 21.0, 17.199245),
                dms(13.0, 52.0, 23.754022),
            ),
            (
                6652797.165,
                658185.201,
                dms(59.0, 58.0, 55.23001),
                dms(17.0, 50.0, 6.11997),
            ),
        ];
        for (n, e, lat, lon) in points {
            let got = grid_to_geodetic(n, e);
            let d = metres(got, (lat, lon));
            assert!(
                d < 0.01,
                "{n} {e}: got {got:?}, expected ({lat}, {lon}), {d} m off"
            );
        }
    }

    #[test]
    fn parses_decimal_commas_and_pairs() {
        assert_eq!(wgs84("59,40", "13,51").unwrap(), (59.40, 13.51));
        assert_eq!(
            wgs84_pair("59.402181,13.511498").unwrap(),
            (59.402181, 13.511498)
        );
        assert_eq!(wgs84_pair("59,40;13,51").unwrap(), (59.40, 13.51));
        assert_eq!(wgs84_pair("59,40 13,51").unwrap(), (59.40, 13.51));
        assert!(wgs84_pair("59.40").is_err());
        assert!(wgs84("95", "13").is_err());
        assert!(
            sweref99tm("658185", "6652797").is_err(),
            "swapped columns are caught"
        );
        assert!(sweref99tm("6652797,165", "658185,201").is_ok());
    }
}
