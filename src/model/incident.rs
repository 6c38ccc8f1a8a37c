//! One incident as the model holds it: a million of them are the
//! largest thing a build holds, so each takes 32 bytes, and
//! [`Incidents`], the model's list of them, can be the records of the
//! part the last build kept, mapped from disk as they are (see
//! `source::cache::stored`): the largest part of a build after a note
//! edit is then not made at all.

use std::cmp::Ordering;
use std::ops::{Deref, Range};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

use super::{AreaId, CategoryId, OrgId, PlaceId};

/// One row of an incident file (or `count` events reported on one row).
///
/// 32 bytes, not the 48 its fields would take as `Option`s: a million of
/// them are the largest thing a build holds, and on the benchmark machine
/// every megabyte of fresh memory costs about 0.6 ms of page faults. An
/// absent value is kept as 0 and a value `v` as `v + 1` (an absent
/// position as `i32::MIN` for both, which no latitude is), and the date
/// as its day number, so that every field is a plain number: any 32
/// bytes are some incident (`FromBytes`), which is what lets a list of
/// them be read from disk with no decoding. Whether such an incident fits
/// the model is checked where it is read (`source::cache::stored::fits`).
/// The fields are laid out by alignment, with no padding; the order is
/// that of the `Option`s, field by field, in the order of
/// [`IncidentFields`]: `None` before every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout)]
#[repr(C)]
pub struct Incident {
    /// Local date in the municipality's time zone, as its day number
    /// from the common era (`Datelike::num_days_from_ce`).
    day: i32,
    /// Place id plus one, 0 without a place.
    place: u32,
    pub count: u32,
    /// WGS84 latitude and longitude in millionths of a degree (about
    /// 0.1 m); `[i32::MIN, i32::MIN]` without coordinates.
    position: [i32; 2],
    /// Index into [`super::Model::descriptions`] plus one, 0 without one.
    description: u32,
    /// Local minute of the day plus one, 0 without a time.
    minute: u16,
    pub category: CategoryId,
    pub organisation: OrgId,
    /// Area id plus one, 0 for none.
    area: u16,
}

/// What an [`Incident`] holds, as `Option`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IncidentFields {
    pub date: NaiveDate,
    pub minute: Option<u16>,
    pub category: CategoryId,
    pub place: Option<PlaceId>,
    pub organisation: OrgId,
    pub count: u32,
    pub position: Option<(i32, i32)>,
    pub description: Option<u32>,
    pub area: Option<AreaId>,
}

/// No position: below every latitude.
const NO_POSITION: [i32; 2] = [i32::MIN, i32::MIN];

impl Incident {
    /// The incident of `f`; none when a value cannot be held (a minute,
    /// place, description or area at its type's largest value, or a
    /// latitude of `i32::MIN`), which no input gives.
    pub fn new(f: IncidentFields) -> Option<Incident> {
        macro_rules! plus_one {
            ($v:expr) => {
                match $v {
                    None => 0,
                    Some(v) => match v.checked_add(1) {
                        Some(v) => v,
                        None => return None,
                    },
                }
            };
        }
        let position = match f.position {
            None => NO_POSITION,
            Some((i32::MIN, _)) => return None,
            Some((lat, lon)) => [lat, lon],
        };
        Some(Incident {
            day: f.date.num_days_from_ce(),
            minute: plus_one!(f.minute),
            category: f.category,
            place: plus_one!(f.place),
            organisation: f.organisation,
            count: f.count,
            position,
            description: plus_one!(f.description),
            area: plus_one!(f.area),
        })
    }

    /// Local date in the municipality's time zone.
    pub fn date(&self) -> NaiveDate {
        // Every incident made has a date's day number, and one read from
        // disk is taken only when its day lies in the data's days.
        let date = NaiveDate::from_num_days_from_ce_opt(self.day);
        debug_assert!(date.is_some(), "day {} has no date", self.day);
        date.unwrap_or_default()
    }

    /// The date's day number from the common era: dates compare as it
    /// does, with no calendar to work out.
    pub fn day(&self) -> i32 {
        self.day
    }

    /// Local minute of the day, when a time was given.
    pub fn minute(&self) -> Option<u16> {
        self.minute.checked_sub(1)
    }

    pub fn place(&self) -> Option<PlaceId> {
        self.place.checked_sub(1)
    }

    /// WGS84 latitude and longitude in millionths of a degree.
    pub fn position(&self) -> Option<(i32, i32)> {
        let [lat, lon] = self.position;
        (self.position != NO_POSITION).then_some((lat, lon))
    }

    /// Whether its position is one [`Incident::new`] makes: none, or a
    /// latitude other than the one that means none.
    pub fn position_held(&self) -> bool {
        self.position == NO_POSITION || self.position[0] != i32::MIN
    }

    /// Index into [`super::Model::descriptions`]: free text, internal only.
    pub fn description(&self) -> Option<u32> {
        self.description.checked_sub(1)
    }

    /// The area it counts in: the polygon holding its coordinates, else
    /// its place's area (see `source::areas`).
    pub fn area(&self) -> Option<AreaId> {
        self.area.checked_sub(1)
    }

    /// Sets the area it counts in; false (and nothing changed) for an id
    /// that cannot be held.
    pub fn set_area(&mut self, area: Option<AreaId>) -> bool {
        match area.map(|a| a.checked_add(1)) {
            None => self.area = 0,
            Some(Some(a)) => self.area = a,
            Some(None) => return false,
        }
        true
    }

    /// `self` with the raw values `day` and `position`, as bytes read from
    /// disk may hold them.
    #[cfg(test)]
    pub fn with_raw(mut self, day: i32, position: [i32; 2]) -> Incident {
        (self.day, self.position) = (day, position);
        self
    }

    /// Its values as `Option`s.
    pub fn fields(&self) -> IncidentFields {
        IncidentFields {
            date: self.date(),
            minute: self.minute(),
            category: self.category,
            place: self.place(),
            organisation: self.organisation,
            count: self.count,
            position: self.position(),
            description: self.description(),
            area: self.area(),
        }
    }
}

impl Ord for Incident {
    fn cmp(&self, other: &Incident) -> Ordering {
        let key = |i: &Incident| {
            (
                i.day,
                i.minute,
                i.category,
                i.place,
                i.organisation,
                i.count,
                i.position,
                i.description,
                i.area,
            )
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Incident {
    fn partial_cmp(&self, other: &Incident) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A value worked out from an incident's date once a day rather than once
/// a row: the incidents come in date order, hundreds a day on a large
/// site, and working out a date's calendar (its weekday, month, sun
/// times) is most of what a row costs.
pub struct PerDay<T>(Option<(i32, T)>);

impl<T: Copy> PerDay<T> {
    pub fn new() -> PerDay<T> {
        PerDay(None)
    }

    /// `make` of `i`'s date, made again only when its day is another than
    /// the last row's.
    pub fn of(&mut self, i: &Incident, make: impl FnOnce(NaiveDate) -> T) -> T {
        match self.0 {
            Some((day, value)) if day == i.day => value,
            _ => {
                let value = make(i.date());
                self.0 = Some((i.day, value));
                value
            }
        }
    }
}

impl<T: Copy> Default for PerDay<T> {
    fn default() -> PerDay<T> {
        PerDay::new()
    }
}

/// The model's incidents, in date order: a list this build made, or the
/// records of the part the last build kept, taken where its bytes lie
/// (mapped from disk: see `source::cache::stored`). Clones share them
/// (the reader's cache of `lagesbild serve` holds one); nothing copies
/// them but [`Incidents::make_mut`].
#[derive(Clone, Default)]
pub struct Incidents {
    made: Arc<Vec<Incident>>,
    /// When taken from a kept part: its bytes and where in them the
    /// incidents lie, checked to be whole incidents, aligned (then `made`
    /// is empty).
    kept: Option<(Shared, Range<usize>)>,
}

/// Bytes the incidents may lie in (a kept part's file, mapped).
pub type Shared = Arc<dyn AsRef<[u8]> + Send + Sync>;

impl Incidents {
    /// The incidents whose bytes are `bytes[range]`: taken where they lie
    /// when they are aligned for incidents (a mapped file's records, which
    /// its writer placed so), else copied; none when the range is not a
    /// whole number of incidents within `bytes`. Any such bytes are some
    /// incidents; whether they fit a model is for the caller to check.
    pub fn from_bytes(bytes: Shared, range: Range<usize>) -> Option<Incidents> {
        let records = (*bytes).as_ref().get(range.clone())?;
        if <[Incident]>::ref_from_bytes(records).is_ok() {
            let kept = Some((bytes, range));
            return Some(Incidents {
                kept,
                ..Incidents::default()
            });
        }
        let copied = (records.chunks(size_of::<Incident>()))
            .map(|r| Incident::read_from_bytes(r).ok())
            .collect::<Option<Vec<Incident>>>()?;
        Some(Incidents::from(copied))
    }

    /// Whether they are taken where a kept part's bytes lie.
    pub fn in_place(&self) -> bool {
        self.kept.is_some()
    }

    /// The list, to change: copied first when it is shared or kept.
    pub fn make_mut(&mut self) -> &mut Vec<Incident> {
        if self.kept.is_some() {
            self.made = Arc::new(self.to_vec());
            self.kept = None;
        }
        Arc::make_mut(&mut self.made)
    }
}

impl Deref for Incidents {
    type Target = [Incident];

    fn deref(&self) -> &[Incident] {
        match &self.kept {
            None => &self.made,
            // Checked when taken; the bytes are never changed.
            Some((bytes, range)) => {
                let kept = ((**bytes).as_ref().get(range.clone()))
                    .and_then(|r| <[Incident]>::ref_from_bytes(r).ok());
                debug_assert!(kept.is_some(), "checked when taken");
                kept.unwrap_or_default()
            }
        }
    }
}

impl From<Vec<Incident>> for Incidents {
    fn from(list: Vec<Incident>) -> Incidents {
        Incidents {
            made: Arc::new(list),
            kept: None,
        }
    }
}

impl std::fmt::Debug for Incidents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(some: bool) -> IncidentFields {
        IncidentFields {
            date: NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
            minute: some.then_some(1439),
            category: 7,
            place: some.then_some(u32::MAX - 1),
            organisation: 3,
            count: u32::MAX,
            position: some.then_some((-90_000_000, 180_000_000)),
            description: some.then_some(0),
            area: some.then_some(u16::MAX - 1),
        }
    }

    #[test]
    fn an_incident_takes_32_bytes_and_gives_back_what_it_was_made_of() {
        assert_eq!(std::mem::size_of::<Incident>(), 32);
        for some in [false, true] {
            let i = Incident::new(fields(some)).unwrap();
            assert_eq!(i.fields(), fields(some));
        }
        let mut i = Incident::new(fields(false)).unwrap();
        assert!(i.set_area(Some(4)));
        assert_eq!(i.area(), Some(4));
        assert!(!i.set_area(Some(u16::MAX)));
        assert_eq!(i.area(), Some(4), "unchanged");
        assert!(i.set_area(None));
        assert_eq!(i.area(), None);
    }

    #[test]
    fn values_it_cannot_hold_are_refused() {
        let refused: [fn(&mut IncidentFields); 5] = [
            |f| f.minute = Some(u16::MAX),
            |f| f.place = Some(u32::MAX),
            |f| f.description = Some(u32::MAX),
            |f| f.area = Some(u16::MAX),
            |f| f.position = Some((i32::MIN, 0)),
        ];
        for (k, change) in refused.iter().enumerate() {
            let mut f = fields(true);
            change(&mut f);
            assert_eq!(Incident::new(f), None, "{k}");
        }
    }

    /// The order is that of the values as `Option`s, field by field: the
    /// incidents are sorted by it.
    #[test]
    fn the_order_is_that_of_the_options() {
        // Every field takes two values (a date before the year 1 has a
        // day number below 0), and every optional one is absent too.
        let before_year_one = NaiveDate::from_ymd_opt(-5, 3, 1).unwrap();
        let variants: Vec<IncidentFields> = (0..1024)
            .map(|bits: u32| {
                let on = |k: u32| bits & (1 << k) != 0;
                IncidentFields {
                    minute: on(0).then_some(if on(5) { 0 } else { 600 }),
                    place: on(1).then_some(if on(5) { 0 } else { 9 }),
                    position: on(2).then_some(if on(5) { (-1, 5) } else { (-90_000_000, -3) }),
                    description: on(3).then_some(if on(5) { 0 } else { 2 }),
                    area: on(4).then_some(if on(5) { 0 } else { 1 }),
                    date: if on(6) {
                        before_year_one
                    } else {
                        fields(false).date
                    },
                    category: if on(7) { 0 } else { 7 },
                    organisation: if on(8) { 0 } else { 3 },
                    count: if on(9) { 0 } else { u32::MAX },
                }
            })
            .collect();
        let key = |f: &IncidentFields| {
            (
                f.date,
                f.minute,
                f.category,
                f.place,
                f.organisation,
                f.count,
                f.position,
                f.description,
                f.area,
            )
        };
        for a in &variants {
            for b in &variants {
                let (x, y) = (Incident::new(*a).unwrap(), Incident::new(*b).unwrap());
                assert_eq!(x.cmp(&y), key(a).cmp(&key(b)), "{a:?} {b:?}");
            }
        }
    }

    /// Bytes aligned for incidents: those of a list of them.
    struct Records(Vec<Incident>);

    impl AsRef<[u8]> for Records {
        fn as_ref(&self) -> &[u8] {
            self.0.as_bytes()
        }
    }

    #[test]
    fn incidents_are_taken_where_their_bytes_lie_when_aligned_else_copied() {
        let list = vec![
            Incident::new(fields(true)).unwrap(),
            Incident::new(fields(false)).unwrap(),
        ];
        let taken = |room: &[Incident], range| {
            Incidents::from_bytes(Arc::new(Records(room.to_vec())), range)
        };
        let whole = taken(&list, 0..64).unwrap();
        assert!(whole.in_place());
        assert_eq!(*whole, *list);
        let second = taken(&list, 32..64).unwrap();
        assert!(second.in_place());
        assert_eq!(*second, list[1..]);
        // The same bytes one byte on: not aligned, so copied.
        let mut room = vec![Incident::new(fields(false)).unwrap(); 3];
        room.as_mut_bytes()[1..65].copy_from_slice(list.as_bytes());
        let copied = taken(&room, 1..65).unwrap();
        assert!(!copied.in_place());
        assert_eq!(*copied, *list);
        assert!(taken(&room, 0..63).is_none(), "not whole incidents");
        assert!(taken(&room, 64..97).is_none(), "past the bytes");
        // Changed, they are copied first: a clone still sees the bytes,
        // and a clone of a list made still sees the list.
        let mut changed = whole.clone();
        changed.make_mut()[0].count = 5;
        assert!(!changed.in_place());
        assert_eq!((changed[0].count, whole[0].count), (5, u32::MAX));
        let mut again = changed.clone();
        again.make_mut()[0].count = 6;
        assert_eq!((again[0].count, changed[0].count), (6, 5));
    }

    #[test]
    fn a_value_per_day_is_made_once_a_run_of_rows_of_that_day() {
        let on = |d: u32| {
            let date = NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
            Incident::new(IncidentFields {
                date,
                ..fields(false)
            })
            .unwrap()
        };
        let rows = [on(1), on(1), on(2), on(2), on(2), on(1)];
        let mut made = Vec::new();
        let mut per_day = PerDay::new();
        let days: Vec<u32> = (rows.iter())
            .map(|i| {
                per_day.of(i, |date| {
                    made.push(date.day());
                    date.day()
                })
            })
            .collect();
        assert_eq!(days, [1, 1, 2, 2, 2, 1]);
        assert_eq!(made, [1, 2, 1], "once a run of a day");
    }
}
