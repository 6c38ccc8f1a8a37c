//! Answering one request from the served files in memory.

use std::sync::RwLock;

use tiny_http::{Header, Request, Response, StatusCode};

use super::Served;

/// The path open pages ask for the build's version.
pub const VERSION_PATH: &str = "/__lagesbild/version";

/// How often an open page asks whether there is a new build (ms).
const RELOAD_POLL_MS: u32 = 250;

pub fn answer(request: Request, port: u16, state: &RwLock<Served>) {
    let response = respond(&request, port, state);
    // The browser went away: nothing to do.
    let _ = request.respond(response);
}

fn respond(
    request: &Request,
    port: u16,
    state: &RwLock<Served>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    if !own_host(request, port) || from_another_site(request) {
        return text(403, "text/plain", crate::msg!("serve_foreign").into());
    }
    let Ok(s) = state.read() else {
        return text(500, "text/plain", crate::msg!("serve_state").into());
    };
    let url = request.url();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == VERSION_PATH {
        return text(200, "text/plain", s.version.to_string().into_bytes());
    }
    let Some(file) = file_path(path) else {
        return text(400, "text/plain", "bad path".into());
    };
    let found = s.files.get(&file).map(|b| (file.as_str(), b)).or_else(|| {
        // `reports/month` for `reports/month/index.html`.
        let index = format!("{}/index.html", file.trim_end_matches('/'));
        s.files.get_key_value(&index).map(|(k, b)| (k.as_str(), b))
    });
    match found {
        Some((name, bytes)) => {
            let kind = content_type(name);
            if kind.starts_with("text/html") {
                let page = String::from_utf8_lossy(bytes);
                text(
                    200,
                    kind,
                    inject(&page, s.version, s.errors.as_deref()).into_bytes(),
                )
            } else {
                text(200, kind, bytes.to_vec())
            }
        }
        None => {
            let page = not_found(path);
            text(
                404,
                "text/html; charset=utf-8",
                inject(&page, s.version, s.errors.as_deref()).into_bytes(),
            )
        }
    }
}

/// Whether the request's `Host` names this server: 127.0.0.1 or
/// localhost on its port (see the module doc of `serve`).
fn own_host(request: &Request, port: u16) -> bool {
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    match host {
        Some(h) => [format!("127.0.0.1:{port}"), format!("localhost:{port}")].contains(&h),
        None => false,
    }
}

/// Whether the browser says the request comes from another site's page
/// (`Sec-Fetch-Site`): a page elsewhere including the internal search
/// index (`<script src="http://127.0.0.1:8000/search/index.js">`) would
/// otherwise read it. A request without the header (a tool such as curl,
/// an older browser) is answered; [`text`] also sends
/// `Cross-Origin-Resource-Policy: same-origin` for those browsers that
/// do not send the header but honour that one.
fn from_another_site(request: &Request) -> bool {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Sec-Fetch-Site"))
        .is_some_and(|h| matches!(h.value.as_str(), "cross-site" | "same-site"))
}

/// The output file a URL path names: percent-decoded, without the leading
/// slash, `index.html` for a folder; `None` for a path that climbs out.
fn file_path(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?
        .into_owned();
    let mut file = decoded.trim_start_matches('/').to_string();
    if file.split('/').any(|part| part == "..") {
        return None;
    }
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    Some(file)
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/atom+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn text(status: u16, kind: &str, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut r = Response::from_data(body).with_status_code(StatusCode(status));
    for (field, value) in [
        ("Content-Type", kind),
        ("Cache-Control", "no-store"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(h) = Header::from_bytes(field.as_bytes(), value.as_bytes()) {
            r.add_header(h);
        }
    }
    r
}

/// A served page: the build's errors at the top of the body, and before
/// `</body>` a script that reloads the page when the version changes.
/// Only served pages get these; built outputs never do.
pub fn inject(page: &str, version: u64, errors: Option<&str>) -> String {
    let script = format!(
        "<script>(function(){{var v=\"{version}\";function poll(){{fetch(\"{VERSION_PATH}\",{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(t){{if(t!==v){{location.reload()}}else{{setTimeout(poll,{RELOAD_POLL_MS})}}}},function(){{setTimeout(poll,1000)}})}}setTimeout(poll,{RELOAD_POLL_MS})}})();</script>"
    );
    let mut out = String::with_capacity(page.len() + script.len() + 512);
    let body_open = page
        .find("<body")
        .and_then(|i| page[i..].find('>').map(|j| i + j + 1));
    let (head, rest) = match (errors, body_open) {
        (Some(_), Some(i)) => page.split_at(i),
        _ => ("", page),
    };
    out.push_str(head);
    if let Some(e) = errors {
        out.push_str(&banner(e));
    }
    match rest.rfind("</body>") {
        Some(i) => {
            out.push_str(&rest[..i]);
            out.push_str(&script);
            out.push_str(&rest[i..]);
        }
        None => {
            out.push_str(rest);
            out.push_str(&script);
        }
    }
    out
}

/// The build's errors as a banner, escaped (messages quote the input).
fn banner(errors: &str) -> String {
    format!(
        "<div role=\"alert\" style=\"background:#fff0f0;color:#600;border:3px solid #b00;padding:1rem;margin:0;font:1rem/1.4 sans-serif\"><strong>{}</strong><pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">{}</pre></div>",
        html_escape::encode_text(&crate::msg!("serve_banner")),
        html_escape::encode_text(errors)
    )
}

fn not_found(path: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>{}</h1><p>{} <a href=\"/\">{}</a>.</p></body></html>",
        crate::msg!("serve_lang"),
        crate::msg!("serve_not_found"),
        crate::msg!("serve_not_found"),
        html_escape::encode_text(&crate::msg!("serve_no_page", path = path)),
        crate::msg!("serve_to_start")
    )
}

#[cfg(test)]
mod tests {
    use super::{file_path, inject};

    #[test]
    fn paths_map_to_files_and_never_climb_out() {
        assert_eq!(file_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_path("/reports/month/2026-10/").as_deref(),
            Some("reports/month/2026-10/index.html")
        );
        assert_eq!(
            file_path("/platser/s%C3%B6dra.html").as_deref(),
            Some("platser/södra.html")
        );
        assert_eq!(file_path("/a/../../etc/passwd"), None);
        assert_eq!(file_path("/%2e%2e/x"), None);
    }

    #[test]
    fn the_script_goes_before_the_body_end_and_errors_after_its_start() {
        let page = "<html><body class=\"x\"><p>hi</p></body></html>";
        let plain = inject(page, 7, None);
        assert!(plain.starts_with("<html><body class=\"x\"><p>hi</p><script>"));
        assert!(plain.contains("var v=\"7\""));
        assert!(plain.ends_with("</script></body></html>"));
        let failed = inject(page, 8, Some("content/notes/a.md:3:1: error: <b>"));
        assert!(failed.starts_with("<html><body class=\"x\"><div role=\"alert\""));
        assert!(failed.contains("a.md:3:1: error: &lt;b&gt;"));
        assert!(failed.contains("<p>hi</p>"));
    }
}
