//! The sun calculation against a published almanac table.
//!
//! Source: Paul Schlyter, "Solens, Månens och Planeternas upp/nedgångar",
//! stjarnhimlen.se: the tables for Östersund 2021
//! (<https://stjarnhimlen.se/2021/ostersund.html>, long +14,635 lat
//! +63,178) and Sundsvall 2001 (<http://stjarnhimlen.se/2001/sundsvall.html>,
//! long +17,290 lat +62,392), columns "Upp" and "Ned" of the sun, local
//! time (CET in January). Only the January pages of these tables were
//! available to the project, so all dates lie in January.

use chrono::NaiveDate;
use lagesbild::analysis::Sun;

/// (year, month, day, sunrise, sunset) as published.
const OSTERSUND_2021: [(i32, u32, u32, &str, &str); 19] = [
    (2021, 1, 1, "9:39", "14:32"),
    (2021, 1, 2, "9:38", "14:34"),
    (2021, 1, 3, "9:37", "14:36"),
    (2021, 1, 4, "9:35", "14:38"),
    (2021, 1, 5, "9:34", "14:40"),
    (2021, 1, 6, "9:33", "14:42"),
    (2021, 1, 7, "9:32", "14:45"),
    (2021, 1, 8, "9:30", "14:47"),
    (2021, 1, 9, "9:28", "14:49"),
    (2021, 1, 10, "9:27", "14:52"),
    (2021, 1, 11, "9:25", "14:54"),
    (2021, 1, 12, "9:23", "14:57"),
    (2021, 1, 13, "9:21", "15:00"),
    (2021, 1, 14, "9:19", "15:03"),
    (2021, 1, 15, "9:17", "15:05"),
    (2021, 1, 16, "9:15", "15:08"),
    (2021, 1, 17, "9:13", "15:11"),
    (2021, 1, 18, "9:11", "15:14"),
    (2021, 1, 19, "9:08", "15:17"),
];

const SUNDSVALL_2001: [(i32, u32, u32, &str, &str); 19] = [
    (2001, 1, 1, "9:18", "14:31"),
    (2001, 1, 2, "9:17", "14:33"),
    (2001, 1, 3, "9:16", "14:35"),
    (2001, 1, 4, "9:15", "14:37"),
    (2001, 1, 5, "9:14", "14:39"),
    (2001, 1, 6, "9:13", "14:41"),
    (2001, 1, 7, "9:12", "14:43"),
    (2001, 1, 8, "9:11", "14:45"),
    (2001, 1, 9, "9:09", "14:47"),
    (2001, 1, 10, "9:08", "14:50"),
    (2001, 1, 11, "9:06", "14:52"),
    (2001, 1, 12, "9:04", "14:55"),
    (2001, 1, 13, "9:03", "14:57"),
    (2001, 1, 14, "9:01", "15:00"),
    (2001, 1, 15, "8:59", "15:02"),
    (2001, 1, 16, "8:57", "15:05"),
    (2001, 1, 17, "8:55", "15:08"),
    (2001, 1, 18, "8:53", "15:10"),
    (2001, 1, 19, "8:51", "15:13"),
];

fn minutes(hm: &str) -> i32 {
    let (h, m) = hm.split_once(':').unwrap();
    h.parse::<i32>().unwrap() * 60 + m.parse::<i32>().unwrap()
}

fn check(sun: &Sun, table: &[(i32, u32, u32, &str, &str)]) -> i32 {
    let mut worst = 0;
    for &(y, m, d, up, down) in table {
        let day = sun.day(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let e_up = i32::from(day.sunrise) - minutes(up);
        let e_down = i32::from(day.sunset) - minutes(down);
        assert!(
            e_up.abs() <= 2 && e_down.abs() <= 2,
            "{y}-{m:02}-{d:02}: computed {}:{:02}–{}:{:02}, published {up}–{down}",
            day.sunrise / 60,
            day.sunrise % 60,
            day.sunset / 60,
            day.sunset % 60
        );
        worst = worst.max(e_up.abs()).max(e_down.abs());
    }
    worst
}

#[test]
fn sunrise_and_sunset_agree_with_the_almanac_within_two_minutes() {
    let tz = chrono_tz::Europe::Stockholm;
    let worst = check(&Sun::new(63.178, 14.635, tz), &OSTERSUND_2021)
        .max(check(&Sun::new(62.392, 17.290, tz), &SUNDSVALL_2001));
    println!("largest difference: {worst} min over 38 dates");
}
