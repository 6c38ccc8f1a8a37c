//! View models: what the templates, charts and downloads receive.
//!
//! Nothing here refers back to the model: every value a page shows is
//! copied in on purpose, so an audience decides field by field what is
//! published. Numbers stay numbers (the render stage formats them); text
//! that depends on the language (dates, period names) is ready to show.

use serde::Serialize;

mod notes;
mod numbers;
mod report;

pub use notes::*;
pub use numbers::*;
pub use report::*;

/// A link, `href` relative to the site root.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// Site-wide data, computed once per build and shared by every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteMeta {
    pub title: String,
    pub description: String,
    pub notice: Option<String>,
    pub lang: String,
    pub municipality: String,
    /// `internal` or `public`: internal pages carry a "do not publish" banner.
    pub audience: String,
    /// Last date with incident data, as text.
    pub data_until: Option<String>,
    pub nav: Vec<NavItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub id: String,
    pub href: String,
    /// A key in the theme's translations, or literal text for free pages.
    pub label: String,
    pub translate: bool,
}

/// What one page shows; the variant picks the template.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PageBody {
    Index(Box<IndexView>),
    Report(Box<ReportPage>),
    /// A report of a period no incident data cover.
    Uncovered(Box<UncoveredReport>),
    Archive {
        cadences: Vec<ArchiveCadence>,
    },
    Meeting(Box<MeetingView>),
    /// The meetings list, or one group's list.
    Meetings {
        /// This page's path, to mark the current group link.
        current: String,
        /// Every group's list of meetings.
        groups: Vec<Link>,
        years: Vec<MeetingYear>,
    },
    Places {
        areas: Vec<AreaGroup>,
    },
    Actions {
        actions: Vec<ActionRow>,
    },
    Free {
        body: Markdown,
    },
    Privacy(Box<PrivacyReport>),
    Place(Box<super::insight_view::PlacePage>),
    Surveys {
        surveys: Vec<super::insight_view::SurveyView>,
    },
    /// A page taken as the last build rendered it, its view never made
    /// (see [`TakenPage`]).
    Taken(Box<TakenPage>),
    /// Every revision of a released count, newest release first.
    Revisions {
        revisions: Vec<RevisionView>,
    },
    Action(Box<super::action_view::ActionPage>),
    /// A public area page.
    Area(Box<super::area_view::AreaView>),
    /// Every public area with its headline.
    Areas {
        areas: Vec<super::area_view::AreaHeadline>,
    },
    /// Every decided action by the meeting that decided it.
    FollowUp {
        groups: Vec<super::action_view::FollowUpGroup>,
    },
}

impl PageBody {
    /// The template a page is rendered with; none for a page taken as it
    /// was rendered ([`TakenPage`]).
    pub fn template(&self) -> Option<&'static str> {
        Some(match self {
            PageBody::Index(_) => "index.html",
            PageBody::Report(_) => "report.html",
            PageBody::Uncovered(_) => "report_uncovered.html",
            PageBody::Archive { .. } => "archive.html",
            PageBody::Meeting(_) => "meeting.html",
            PageBody::Meetings { .. } => "meetings.html",
            PageBody::Places { .. } => "places.html",
            PageBody::Actions { .. } => "actions.html",
            PageBody::Free { .. } => "page.html",
            PageBody::Privacy(_) => "privacy.html",
            PageBody::Place(_) => "place.html",
            PageBody::Surveys { .. } => "surveys.html",
            PageBody::Revisions { .. } => "revisions.html",
            PageBody::Action(_) => "action.html",
            PageBody::Area(_) => "area.html",
            PageBody::Areas { .. } => "areas.html",
            PageBody::FollowUp { .. } => "followup.html",
            PageBody::Taken(_) => return None,
        })
    }
}

/// One page of the output.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Relative to the output root, always ending in `index.html`.
    pub path: String,
    pub title: String,
    /// Which navigation item is current.
    pub section: String,
    pub body: PageBody,
}

/// What a public output withheld and hid: printed after every build and
/// shown on a page of the internal output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PrivacyReport {
    pub output: String,
    pub threshold: u64,
    /// Counts published (cells), and how many of them are hidden.
    pub cells: usize,
    pub primary: usize,
    pub secondary: usize,
    pub categories_withheld: Vec<String>,
    pub cadences_withheld: Vec<String>,
    pub notes_published: usize,
    pub notes_withheld: usize,
    pub actions_published: usize,
    pub actions_withheld: usize,
    pub pages_withheld: usize,
    /// Periods that publish their sparse areas together ("Övriga
    /// områden", global recoding).
    pub grouped_periods: usize,
    /// Translation keys of the kinds of data never published.
    pub fields_withheld: Vec<String>,
    /// The publication ledger's state, when the site keeps one.
    pub ledger: Option<LedgerStatus>,
}

/// What the data say against the publication ledger.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerStatus {
    pub releases: usize,
    /// Released counts whose value the data changed since (the next
    /// release publishes them as revisions).
    pub changed: usize,
    /// Complete periods not released yet.
    pub waiting: usize,
}

/// A page whose fingerprint, known before its view was made (from the
/// memo's prints: see [`super::memo`]), is one the last build rendered,
/// and whose files the build has taken as they were (`lagesbild build`
/// only). It holds what the lists made of every page take of it: for a
/// report, its head and total (the search index and the feed).
#[derive(Debug, Clone, Serialize)]
pub struct TakenPage {
    pub fingerprint: u64,
    /// The page's files, below the output, as taken.
    pub files: Vec<String>,
    pub report: Option<(ReportHead, Num)>,
}

/// Everything one audience's output shows.
#[derive(Debug, Clone)]
pub struct SiteView {
    pub meta: SiteMeta,
    pub pages: Vec<PageView>,
    /// Fingerprints of pages known before the render, by path: a report
    /// whose data part the memo kept (without serialising the whole
    /// page), and, for the internal output, every page the build took
    /// beside the public audit ([`super::fingerprint::complete`]). The
    /// render takes them instead of hashing the view.
    pub known: std::collections::HashMap<String, u64>,
}
