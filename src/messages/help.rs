//! `--help` and clap's usage errors in the language of the messages.
//!
//! The command line is declared once with clap's derive API (src/main.rs);
//! its texts are then replaced from the catalogue: each command's about,
//! each argument's help, the headings and the help and version flags. Of
//! clap's errors the common kinds (unknown argument or command, a missing
//! or invalid value) are told in the catalogue's words, with the offending
//! text as clap found it; other kinds keep clap's English.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::msg;

/// The texts of `cmd` (the whole command line) from the catalogue.
pub fn localise(cmd: Command) -> Command {
    let cmd = cmd
        .about(msg!("help_about"))
        .subcommand_help_heading(msg!("help_commands"))
        .subcommand_value_name(msg!("help_command_value"));
    let cmd = texts(cmd, &[]);
    let cmd = cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        texts(sub, &[&name]).mut_subcommands(|inner| {
            let inner_name = inner.get_name().to_string();
            texts(inner, &[&name, &inner_name])
        })
    });
    // The `help` command is clap's own: add ours with the same name.
    cmd.disable_help_subcommand(true).subcommand(
        Command::new("help")
            .about(msg!("help_help_command"))
            .arg(
                Arg::new("command")
                    .num_args(0..)
                    .value_name(msg!("help_command_value")),
            )
            .help_template(template()),
    )
}

/// One command's about, headings, argument helps and help/version flags;
/// `path` is its place under `lagesbild` (`["new", "meeting"]`).
fn texts(mut cmd: Command, path: &[&str]) -> Command {
    let key = |suffix: &str| {
        let mut k = String::from("help");
        for p in path {
            k.push('_');
            k.push_str(p);
        }
        if !suffix.is_empty() {
            k.push('_');
            k.push_str(suffix);
        }
        k
    };
    if !path.is_empty() {
        cmd = cmd.about(super::text(&key(""), &[]));
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = super::text(&key(&id), &[]);
        let heading = msg!("help_options");
        cmd = cmd.mut_arg(&id, |a| {
            let a = a.help(help);
            if a.is_positional() {
                a.help_heading(msg!("help_arguments"))
            } else {
                a.help_heading(heading)
            }
        });
    }
    cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(msg!("help_help"))
                .help_heading(msg!("help_options")),
        )
        .help_template(template());
    if path.is_empty() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(msg!("help_version"))
                .help_heading(msg!("help_options")),
        );
    }
    cmd
}

/// clap's default layout with the usage heading translated.
fn template() -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        msg!("help_usage")
    )
}

/// clap's message for a usage error, in the catalogue's words, with the
/// usage line and the pointer to `--help`; `None` for kinds left to clap
/// (help and version output, rarer errors).
/// `fallback` is the usage line to show when the error carries none.
pub fn usage_error(err: &clap::Error, fallback: &str) -> Option<String> {
    let get = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match err.kind() {
        ErrorKind::UnknownArgument => msg!("clap_unknown_argument", arg = arg),
        ErrorKind::InvalidSubcommand => msg!(
            "clap_unknown_command",
            name = get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => msg!("clap_missing_argument", arg = arg),
        ErrorKind::InvalidValue if value.is_empty() => msg!("clap_missing_value", arg = arg),
        ErrorKind::InvalidValue => msg!("clap_invalid_value", value = value, arg = arg),
        ErrorKind::ValueValidation => {
            let detail = std::error::Error::source(err)
                .map(|e| e.to_string())
                .unwrap_or_default();
            msg!(
                "clap_invalid_value_because",
                value = value,
                arg = arg,
                detail = detail
            )
        }
        _ => return None,
    };
    let suggested =
        get(ContextKind::SuggestedArg).or_else(|| get(ContextKind::SuggestedSubcommand));
    if let Some(s) = suggested {
        message.push_str(&format!(
            "\n\n  {}: {}",
            msg!("hint"),
            msg!("did_you_mean", name = s)
        ));
    }
    let usage = get(ContextKind::Usage)
        .or_else(|| err.get(ContextKind::Usage).map(|u| u.to_string()))
        .unwrap_or_else(|| fallback.to_string());
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .map(|u| format!("{}: {}", msg!("help_usage"), u.trim()))
        .unwrap_or(usage);
    Some(format!(
        "{}: {message}\n\n{usage}\n\n{}",
        msg!("severity_error"),
        msg!("clap_more")
    ))
}
