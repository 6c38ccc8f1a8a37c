//! One incident as the model holds it: a million of them are the
//! largest thing a build holds, so each takes 32 bytes.

use chrono::NaiveDate;

use super::{AreaId, CategoryId, OrgId, PlaceId};

/// One row of an incident file (or `count` events reported on one row).
///
/// 32 bytes, not the 48 its fields would take as `Option`s: a million of
/// them are the largest thing a build holds, and on the benchmark machine
/// every megabyte of fresh memory costs about 0.6 ms of page faults. An
/// absent value is kept as 0 and a value `v` as `v + 1` (an absent
/// position as `i32::MIN` for both, which no latitude is), so the derived
/// order is that of the `Option`s: `None` before every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Incident {
    /// Local date in the municipality's time zone.
    pub date: NaiveDate,
    /// Local minute of the day plus one, 0 without a time.
    minute: u16,
    pub category: CategoryId,
    /// Place id plus one, 0 without a place.
    place: u32,
    pub organisation: OrgId,
    pub count: u32,
    /// WGS84 latitude and longitude in millionths of a degree (about
    /// 0.1 m); `(i32::MIN, i32::MIN)` without coordinates.
    position: (i32, i32),
    /// Index into [`super::Model::descriptions`] plus one, 0 without one.
    description: u32,
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
const NO_POSITION: (i32, i32) = (i32::MIN, i32::MIN);

impl Incident {
    /// The incident of `f`; none when a value cannot be held (a minute,
    /// place, description or area at its type's largest value, or a
    /// latitude of `i32::MIN`), which no input gives.
    pub const fn new(f: IncidentFields) -> Option<Incident> {
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
            Some(p) => p,
        };
        Some(Incident {
            date: f.date,
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

    /// Local minute of the day, when a time was given.
    pub fn minute(&self) -> Option<u16> {
        self.minute.checked_sub(1)
    }

    pub fn place(&self) -> Option<PlaceId> {
        self.place.checked_sub(1)
    }

    /// WGS84 latitude and longitude in millionths of a degree.
    pub fn position(&self) -> Option<(i32, i32)> {
        (self.position != NO_POSITION).then_some(self.position)
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

    /// Its values as `Option`s.
    pub fn fields(&self) -> IncidentFields {
        IncidentFields {
            date: self.date,
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
        let variants: Vec<IncidentFields> = (0..64)
            .map(|bits: u32| {
                let on = |k: u32| bits & (1 << k) != 0;
                IncidentFields {
                    minute: on(0).then_some(if on(5) { 0 } else { 600 }),
                    place: on(1).then_some(if on(5) { 0 } else { 9 }),
                    position: on(2).then_some(if on(5) { (-1, 5) } else { (-90_000_000, -3) }),
                    description: on(3).then_some(if on(5) { 0 } else { 2 }),
                    area: on(4).then_some(if on(5) { 0 } else { 1 }),
                    ..fields(false)
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
}
