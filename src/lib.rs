//! lagesbild: a static site generator for a Swedish municipality's
//! lägesbild (situation picture) of local safety work.
//!
//! Data flows one way, one module per stage; a stage never imports a later
//! one: [`config`] → [`source`] (read and validate) → [`model`] →
//! [`analysis`] → [`audience`] (view models) → [`render`] → [`output`]
//! (locked; all outputs swapped in together). [`site::Site::build`] runs
//! the stages in order and the binary's CLI sits on top, beside
//! [`scaffold`], which writes new sites and notes from templates.

pub mod analysis;
pub mod audience;
pub mod config;
pub mod diagnostics;
pub mod framed;
pub mod i18n;
pub mod messages;
pub mod model;
pub mod output;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod source;
