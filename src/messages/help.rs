//! `--help` and clap's usage errors in the language of the messages.
//!
//! The command line is declared once with clap's derive API (src/main.rs);
//! its texts are then replaced from the catalogue: each command's about,
//! each argument's help, the headings and the help and version flags. Of
//! clap's errors the common kinds (unknown argument or command, a missing
//! or invalid value) are told in the catalogue's words, with the offending
//! text as clap found it; other kinds keep clap's English.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::msg;

/// What reading the command line gave instead of a command: help, the
/// version or a usage error, to print (`error`: on standard error) before
/// exiting with `code`.
#[derive(Debug)]
pub struct Stop {
    pub text: String,
    pub error: bool,
    pub code: u8,
}

/// The command line `args` (the program's name first) read into `T`, with
/// help and usage errors in the language of the messages.
pub fn parse<T: CommandFactory + FromArgMatches>(args: Vec<OsString>) -> Result<T, Stop> {
    let mut cmd = localise(T::command());
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let matches = cmd
        .try_get_matches_from_mut(args)
        .map_err(|e| stop(&e, &cmd, &words))?;
    if let Some(("help", sub)) = matches.subcommand() {
        // `help new meeting` is `new meeting --help`.
        let mut again: Vec<OsString> = vec!["lagesbild".into()];
        again.extend(
            sub.get_many::<String>("command")
                .into_iter()
                .flatten()
                .map(Into::into),
        );
        again.push("--help".into());
        return Err(match cmd.try_get_matches_from_mut(again) {
            Err(e) => stop(&e, &cmd, &words),
            // `--help` always stops clap; nothing to add if it did not.
            Ok(_) => Stop {
                text: String::new(),
                error: false,
                code: 0,
            },
        });
    }
    T::from_arg_matches(&matches).map_err(|e| stop(&e, &cmd, &words))
}

/// What to print for clap's `e`: a usage error in the catalogue's words
/// (exit code 2), a missing command's help (2), or clap's own rendering
/// (help and version: 0).
fn stop(e: &clap::Error, cmd: &Command, words: &[String]) -> Stop {
    let mut named = named_command(cmd, words);
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand
    ) {
        return Stop {
            text: named.render_help().to_string(),
            error: true,
            code: 2,
        };
    }
    match usage_error(e, &named.render_usage().to_string()) {
        Some(text) => Stop {
            text,
            error: true,
            code: 2,
        },
        None => Stop {
            text: e.render().to_string().trim_end().to_string(),
            error: e.use_stderr(),
            code: u8::try_from(e.exit_code()).unwrap_or(2),
        },
    }
}

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
fn named_command(cmd: &Command, words: &[String]) -> Command {
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
