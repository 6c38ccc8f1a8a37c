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
    let cmd = texts(cmd.about(msg!("help_about")), &[]);
    let cmd = cmd.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        texts(sub, &[&name]).mut_subcommands(|inner| {
            let inner_name = inner.get_name().to_string();
            texts(inner, &[&name, &inner_name])
        })
    });
    // The `help` command is clap's own: add ours with the same name.
    let cmd = cmd.disable_help_subcommand(true).subcommand(
        Command::new("help")
            .about(msg!("help_help_command"))
            .arg(
                Arg::new("command")
                    .num_args(0..)
                    .value_name(msg!("help_command_value"))
                    .help_heading(msg!("help_arguments")),
            )
            .disable_help_flag(true)
            .arg(help_flag())
            .help_template(template()),
    );
    usages(cmd)
}

/// One command's about, headings, argument helps and value names and
/// help/version flags; `path` is its place under `lagesbild`
/// (`["new", "meeting"]`). Defaults are told in the help texts.
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
        let value_key = format!("help_value_{id}");
        let value = super::text(&value_key, &[]);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                msg!("help_arguments")
            } else {
                msg!("help_options")
            };
            let a = a.help(help).help_heading(heading);
            if !a.get_action().takes_values() {
                a
            } else if value != value_key {
                a.hide_default_value(true).value_name(value)
            } else {
                a.hide_default_value(true)
            }
        });
    }
    cmd = cmd
        .subcommand_help_heading(msg!("help_commands"))
        .subcommand_value_name(msg!("help_command_value"))
        .disable_help_flag(true)
        .arg(help_flag())
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

fn help_flag() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help(msg!("help_help"))
        .help_heading(msg!("help_options"))
}

/// Each command's usage line with clap's `[OPTIONS]` in the catalogue's
/// word, so help and usage errors show it alike.
fn usages(mut cmd: Command) -> Command {
    cmd.build();
    let options = format!("[{}]", msg!("help_options_value"));
    set_usage(&mut cmd, &options);
    cmd
}

/// [`usages`] for `cmd` and the commands below it (`cmd` built).
fn set_usage(cmd: &mut Command, options: &str) {
    let usage = cmd.render_usage().to_string();
    let line = usage
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .replace("[OPTIONS]", options);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        if let Some(sub) = cmd.find_subcommand_mut(&name) {
            set_usage(sub, options);
        }
    }
    *cmd = std::mem::take(cmd).override_usage(line);
}

/// The (sub)command that `words`, the arguments, name: `new meeting …`
/// gives `new meeting`; the whole command line when they name none.
pub fn named_command(cmd: &Command, words: &[String]) -> Command {
    for (i, w) in words.iter().enumerate() {
        if let Some(sub) = cmd.find_subcommand(w) {
            return named_command(sub, &words[i + 1..]);
        }
    }
    cmd.clone()
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
